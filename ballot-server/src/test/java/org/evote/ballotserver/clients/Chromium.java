package org.evote.ballotserver.clients;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromedriver) for the voter page's tests. It
 * trusts one self-signed node by pinning that node's public key with
 * --ignore-certificate-errors-spki-list (which Chromium honours only with a --user-data-dir), so
 * any other certificate error still fails; it never ignores certificate errors wholesale.
 */
final class Chromium implements AutoCloseable {
  static final String BINARY = "/usr/bin/chromium";
  static final String DRIVER = "/usr/bin/chromedriver";

  /** axe-core, installed by voter-web's npm build (a devDependency of the page). */
  static final Path AXE = Path.of("..", "voter-web", "src", "main", "web", "node_modules", "axe-core", "axe.min.js");
  static final List<String> WCAG_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

  final ChromeDriver driver;
  /** Where the browser saves downloaded files. */
  final Path downloads;

  /**
   * @param profile a fresh folder for the browser's profile
   * @param language the browser's language, such as en-US or fr-FR
   * @param spkiPin base64 SHA-256 of the trusted node's public key, or null for none
   */
  Chromium(Path profile, String language, String spkiPin, int width, int height) throws Exception {
    if (!Files.isExecutable(Path.of(BINARY)) || !Files.isExecutable(Path.of(DRIVER))) {
      throw new IllegalStateException("the voter page's tests need Debian's chromium and chromium-driver: "
          + "apt-get install -y chromium chromium-driver (.ci/run does this)");
    }
    ChromeOptions o = new ChromeOptions();
    o.setBinary(BINARY);
    List<String> args = new ArrayList<>(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + "," + height,
        "--lang=" + language));
    if (spkiPin != null) {
      args.add("--ignore-certificate-errors-spki-list=" + spkiPin);
    }
    o.addArguments(args);
    this.downloads = Files.createDirectories(profile.resolve("downloads"));
    o.setExperimentalOption("prefs", Map.of("intl.accept_languages", language,
        "download.default_directory", downloads.toAbsolutePath().toString(), "download.prompt_for_download", false));
    // The page asks before it is left with a ballot encrypted but not cast (beforeunload); a test
    // that opens the page again leaves it, as a voter who answers "Leave" would.
    o.setUnhandledPromptBehaviour(org.openqa.selenium.UnexpectedAlertBehaviour.ACCEPT);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
    this.driver = new ChromeDriver(service, o);
  }

  /**
   * A browser with a fresh profile under {@code parent}, its window set to the size, and a minute
   * for scripts that run asynchronously.
   */
  static Chromium open(Path parent, String language, String spkiPin, int width, int height) throws Exception {
    Chromium c = new Chromium(Files.createTempDirectory(parent, "profile"), language, spkiPin, width, height);
    c.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    c.driver.manage().window().setSize(new Dimension(width, height));
    return c;
  }

  WebElement byId(String id) {
    return driver.findElement(By.id(id));
  }

  /** Waits until the element is shown, failing early with the page's error when one appears. */
  WebElement waitShown(String id) {
    new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> {
      WebElement err = d.findElement(By.id("error"));
      if (err.isDisplayed()) {
        throw new AssertionError("the page shows an error: " + err.getText());
      }
      return d.findElement(By.id(id)).isDisplayed();
    });
    return byId(id);
  }

  /** Waits until the page shows an error, and returns it. */
  String waitError() {
    new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> d.findElement(By.id("error")).isDisplayed());
    return byId("error").getText();
  }

  /**
   * axe-core's WCAG 2.1 A and AA violations on the page as it is now, each prefixed with {@code
   * where}; fails when axe did not run its rules.
   */
  List<String> axe(String where) throws java.io.IOException {
    if (!Files.isRegularFile(AXE)) {
      throw new IllegalStateException("axe-core is missing at " + AXE.toAbsolutePath() + ": build voter-web with Maven (its npm ci installs it)");
    }
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    driver.executeScript(Files.readString(AXE));
    Object result = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        + ".then(r => done({passed: r.passes.length, violations: r.violations.map(v => v.id + ' (' + v.impact + '): '"
        + " + v.nodes.map(n => n.target.join(' ') + ' - ' + n.failureSummary).join(' | '))}))"
        + ".catch(e => done({passed: 0, violations: ['axe failed: ' + e]}));", WCAG_AA);
    Map<?, ?> r = (Map<?, ?>) result;
    if (((Number) r.get("passed")).intValue() <= 10) {
      throw new AssertionError(where + ": axe did not run its rules: " + r);
    }
    List<String> found = new ArrayList<>();
    for (Object v : (List<?>) r.get("violations")) {
      found.add(where + ": " + v);
    }
    return found;
  }

  /**
   * How many CSS pixels the page is wider than its viewport (WCAG 1.4.10 reflow): the document's
   * scrollWidth minus the viewport's width; 0 or less when nothing scrolls sideways.
   */
  long overflow() {
    return ((Number) driver.executeScript(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")).longValue();
  }

  /** The viewport's width in CSS pixels. */
  long viewportWidth() {
    return ((Number) driver.executeScript("return document.documentElement.clientWidth")).longValue();
  }

  @Override
  public void close() {
    driver.quit();
  }
}

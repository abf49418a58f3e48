package org.evote.ballotserver.clients;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
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

  final ChromeDriver driver;

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
    o.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
    this.driver = new ChromeDriver(service, o);
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

  @Override
  public void close() {
    driver.quit();
  }
}

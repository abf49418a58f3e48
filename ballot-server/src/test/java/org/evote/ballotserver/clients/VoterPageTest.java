package org.evote.ballotserver.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.evote.voterweb.WebAssets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * The voter page in a real headless Chromium against a real node over TLS: load the page and a
 * voter's credentials, choose, challenge once and read the decrypted choice, encrypt again, cast,
 * read the confirmation code and the verified receipt; then check through the API that the ballot
 * is on the board, accepted and counted, and that the tally of the exported record counts it.
 * Choices and buttons are worked with the keyboard (space, enter), as a keyboard-only voter would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VoterPageTest {
  @TempDir static Path dir;
  ClientTestNode node;
  Chromium chrome;
  String challengedCode;
  String castCode;

  @BeforeAll
  void start() throws Exception {
    node = new ClientTestNode(dir);
    chrome = new Chromium(Files.createDirectories(dir.resolve("profile")), "en-US", node.spkiPin(), 900, 1100);
  }

  @AfterAll
  void stop() {
    if (chrome != null) {
      chrome.close();
    }
    node.close();
  }

  private void loadCredentials(Path file) {
    chrome.driver.get(node.url() + "/");
    chrome.byId("credentials-file").sendKeys(file.toAbsolutePath().toString());
    chrome.byId("load").sendKeys(Keys.ENTER);
    chrome.waitShown("step-ballot");
  }

  private WebElement option(String selectionId) {
    return chrome.driver.findElement(By.cssSelector("input[name='contest1'][value='" + selectionId + "']"));
  }

  @Test
  @Order(1)
  @DisplayName("the node serves the page and its files with their content types and security headers")
  void served() throws Exception {
    HttpClient http = node.http;
    HttpResponse<String> index = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    assertThat(index.headers().firstValue("content-security-policy").orElseThrow()).contains("script-src 'self'");
    assertThat(index.body()).contains("<script src=\"/web/voter.js\" defer></script>");
    for (String name : WebAssets.names()) {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/web/" + name)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).as(name).isEqualTo(200);
      assertThat(r.body()).as(name).isEqualTo(WebAssets.get(name).orElseThrow().bytes());
    }
    for (String path : List.of("/web/nope.js", "/web/..%2Fpom.xml", "/web/%2e%2e/assets.txt", "/web/")) {
      HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(node.url() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      // Not found (404), or, where Vert.x resolved the dots to a path only POST routes match, 405.
      assertThat(missing.statusCode()).as(path).isIn(404, 405);
      assertThat(missing.body()).as(path).doesNotContain("index.html");
    }
  }

  @Test
  @Order(2)
  @DisplayName("load credentials, choose, challenge once (decrypted choice shown), cast, read the code")
  void voteInTheBrowser() throws Exception {
    loadCredentials(node.credentials("alice"));
    assertThat(chrome.byId("election-info").getText()).contains("W1-referendum").contains("voter alice");
    option("contest1-selection3").sendKeys(Keys.SPACE);
    assertThat(option("contest1-selection3").isSelected()).isTrue();
    chrome.byId("encrypt").sendKeys(Keys.ENTER);
    chrome.waitShown("step-confirm");
    challengedCode = chrome.byId("code").getText();
    assertThat(challengedCode).matches("[0-9a-f]{64}");
    assertThat(chrome.byId("summary").getText()).isEqualTo("Contest 1: Option 3");

    chrome.byId("challenge").sendKeys(Keys.ENTER);
    chrome.waitShown("step-challenge");
    assertThat(chrome.byId("challenged-code").getText()).isEqualTo(challengedCode);
    assertThat(chrome.byId("decrypted").getText()).isEqualTo("Contest 1: Option 3");
    assertThat(chrome.byId("challenge-verdict").getAttribute("class")).isEqualTo("ok");
    assertThat(chrome.byId("challenge-receipt").getText()).contains("node1 recorded it as challenged");

    chrome.byId("again").sendKeys(Keys.ENTER);
    chrome.waitShown("step-ballot");
    assertThat(option("contest1-selection3").isSelected()).as("the choices are kept").isTrue();
    chrome.byId("encrypt").sendKeys(Keys.ENTER);
    chrome.waitShown("step-confirm");
    String code = chrome.byId("code").getText();
    assertThat(code).matches("[0-9a-f]{64}").isNotEqualTo(challengedCode);

    chrome.byId("cast").sendKeys(Keys.ENTER);
    chrome.waitShown("step-done");
    castCode = chrome.byId("final-code").getText();
    assertThat(castCode).isEqualTo(code);
    assertThat(chrome.byId("receipt-verdict").getText()).isEqualTo("The receipt is signed by node node1, and the signature checks out.");
    assertThat(chrome.byId("receipt").getText()).contains("node1");
    assertThat(chrome.byId("site-link").getDomProperty("href")).isEqualTo(node.url() + "/site/?election=" + node.electionId);

    chrome.byId("check-status").sendKeys(Keys.ENTER);
    new org.openqa.selenium.support.ui.WebDriverWait(chrome.driver, Duration.ofSeconds(30))
        .until(d -> "recorded".equals(d.findElement(By.id("board-status")).getDomAttribute("data-state")));
    assertThat(chrome.byId("board-status").getText())
        .isEqualTo("On the board: your ballot is recorded. Whether it counts is shown once voting closes: only your last ballot counts.");
  }

  @Test
  @Order(3)
  @DisplayName("through the API: the cast ballot is on the board and recorded (voting is open); the challenged one never counts")
  void onTheBoard() throws Exception {
    JsonNode cast = node.status(castCode);
    assertThat(cast.get("state").asText()).isEqualTo("recorded");
    assertThat(cast.has("counted")).as("nobody learns whether it counts before the close").isFalse();
    assertThat(cast.get("receipt").get("state").asText()).isEqualTo("CAST");
    JsonNode challenged = node.status(challengedCode);
    assertThat(challenged.get("state").asText()).isEqualTo("challenged");
    assertThat(challenged.get("counted").asBoolean()).isFalse();
    List<String> onBoard = new ArrayList<>();
    for (JsonNode e : node.board()) {
      if (!e.has("confirmation_code")) {
        continue; // an official action, such as opening the election
      }
      onBoard.add(e.get("confirmation_code").asText() + " " + e.get("state").asText());
    }
    assertThat(onBoard).contains(castCode + " CAST", challengedCode + " CHALLENGED");
  }

  @Test
  @Order(4)
  @DisplayName("W1 encryption time in Chromium (measured and reported, not asserted) and a screenshot")
  void timingAndScreenshot() throws Exception {
    loadCredentials(node.credentials("timing"));
    List<Double> workerMs = new ArrayList<>();
    List<Long> wallMs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      option("contest1-selection" + (1 + i % 4)).sendKeys(Keys.SPACE);
      long t0 = System.nanoTime();
      chrome.byId("encrypt").sendKeys(Keys.ENTER);
      chrome.waitShown("step-confirm");
      wallMs.add((System.nanoTime() - t0) / 1_000_000);
      workerMs.add(Double.parseDouble(chrome.byId("code").getDomAttribute("data-encrypt-ms")));
      if (i == 11) {
        break;
      }
      chrome.byId("change").sendKeys(Keys.ENTER);
      chrome.waitShown("step-ballot");
    }
    String report = "W1 encryption in headless Chromium, ms in the worker: " + workerMs
        + "\nclick to confirmation code shown (Selenium, ms): " + wallMs + "\n";
    System.out.println(report);
    Files.writeString(Path.of("target", "voter-page-timing.txt"), report);

    chrome.driver.manage().window().setSize(new org.openqa.selenium.Dimension(420, 1000));
    byte[] png = chrome.driver.getScreenshotAs(OutputType.BYTES);
    // Written under target/; docs/voter-page.png is refreshed from it by hand, so that running the
    // tests never changes a tracked file.
    Path target = Path.of("target", "voter-page.png");
    Files.createDirectories(target.getParent());
    Files.write(target, png);
    assertThat(png.length).isGreaterThan(1000);
    chrome.byId("change").sendKeys(Keys.ENTER);
    chrome.waitShown("step-ballot");
    Files.write(Path.of("target", "voter-page-ballot.png"), chrome.driver.getScreenshotAs(OutputType.BYTES));
  }

  @Test
  @Order(5)
  @DisplayName("the tally of the exported record counts the ballot cast in the browser")
  void tally() throws Exception {
    Map<String, Integer> t = node.exportAndTally();
    assertThat(t).containsExactlyInAnyOrderEntriesOf(Map.of(
        "contest1-selection1", 0, "contest1-selection2", 0, "contest1-selection3", 1, "contest1-selection4", 0));
  }
}

package org.evote.ballotserver.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.evote.ballotserver.OrderedSteps;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.group.Groups;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.testing.Workloads;
import org.evote.voterweb.WebAssets;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The voter page in a real headless Chromium against a real node over TLS, for an election with a
 * name, dates, a choose-one contest and a choose-two council. In English and in French, at desktop
 * width and at a phone's 390 CSS pixels, it reads what a voter sees: the election's name and dates
 * (no ids), the live "n of m chosen" counters, an over-vote marked on its own contest, the code in
 * blocks of 4, an audit (the decrypted choices, the audit data downloaded and checked by
 * {@code evote vote verify-challenge}), "Encrypt again" giving a new code, the cast receipt; and
 * then checks through the API that the ballots are on the board and counted. On every state axe-core
 * finds no WCAG 2.1 AA violation and the page does not scroll sideways (WCAG 1.4.10). Choices and
 * buttons are worked with the keyboard (space, enter), as a keyboard-only voter would.
 */
@OrderedSteps
class VoterPageTest {
  @TempDir static Path dir;
  @AutoClose ClientTestNode node;
  final List<String> axeFindings = new ArrayList<>();
  /** The codes of the ballots cast and audited in the browser, as the page showed them. */
  final List<String> castCodes = new ArrayList<>();
  final List<String> auditedCodes = new ArrayList<>();

  record Size(String name, int width, int height) {}

  static final Size DESKTOP = new Size("desktop", 1280, 1400);
  static final Size PHONE = new Size("phone", 390, 1400);

  /** What the voter reads, per language. */
  record Words(String name, String start, String end, String zeroOfTwo, String threeOfTwo, String twoOfTwo, String overVote,
      String tooMany, String challenge, String auditedHeading, String challengeOk, String challengeReceipt, String recordedOn,
      String receiptOk, String boardRecorded, String blankWarning, String otherDoneHeading) {}

  static final Words EN = new Words("Town election 2026", "1 June 2026", "14 June 2026", "0 of 2 chosen", "3 of 2 chosen",
      "2 of 2 chosen", "Too many choices: 3 chosen, at most 2 allowed. Untick 1.",
      "Some contests have too many choices: “Council”. Correct them, then encrypt.", "Check the encryption (audit)",
      "Audited ballot", "Check passed: this device encrypted exactly these choices.",
      "The voting server recorded this ballot as audited: it will never be counted.", "Recorded on ",
      "The voting server signed your receipt, and this page checked the signature.",
      "In the public ballot box: your ballot is recorded. Whether it counts is shown once voting closes: only your last ballot counts.",
      "You chose nothing in any contest: this ballot is blank. Cast a blank ballot?", "Votre vote a été déposé");
  static final Words FR = new Words("Élection municipale 2026", "1 juin 2026", "14 juin 2026", "0 choix sur 2", "3 choix sur 2",
      "2 choix sur 2", "Trop de choix : 3 cochés, 2 au plus. Décochez-en 1.",
      "Certains scrutins ont trop de choix : « Council ». Corrigez-les, puis chiffrez.", "Vérifier le chiffrement (audit)",
      "Bulletin audité", "Vérification réussie : cet appareil a chiffré exactement ces choix.",
      "Le serveur de vote a enregistré ce bulletin comme audité : il ne sera jamais compté.", "Enregistré le ",
      "Le serveur de vote a signé votre reçu, et cette page a vérifié la signature.",
      "Dans l’urne publique : votre bulletin est enregistré. S’il compte sera indiqué à la clôture du vote : seul votre dernier bulletin compte.",
      "Vous n’avez rien choisi : ce bulletin est blanc. Déposer un bulletin blanc ?", "Your vote was cast");

  /**
   * A town election in egk-ec's manifest layout: a name in English and French, dates, "Contest 1"
   * (choose one of four, the contest the tally adds up) and "Council" (choose up to two of three).
   */
  static Manifest townManifest() {
    StringBuilder cands = new StringBuilder();
    StringBuilder c1 = new StringBuilder();
    for (int i = 1; i <= 4; i++) {
      cands.append("{\"object_id\":\"c1-option").append(i).append("\",\"name\":\"Option ").append(i).append("\",\"is_write_in\":false},");
      c1.append(i > 1 ? "," : "").append("{\"object_id\":\"contest1-selection").append(i).append("\",\"sequence_order\":").append(i)
          .append(",\"candidate_id\":\"c1-option").append(i).append("\"}");
    }
    String json = """
        {"election_scope_id":"town-2026","spec_version":"v2.0.0","type":"municipal",
         "start_date":"2026-06-01T08:00:00Z","end_date":"2026-06-14T18:00:00Z",
         "geopolitical_units":[{"object_id":"district","name":"District","type":"municipality"}],
         "ballot_styles":[{"object_id":"%s","geopolitical_unit_ids":["district"],"party_ids":[]}],
         "contests":[
          {"object_id":"contest1","sequence_order":1,"electoral_district_id":"district","vote_variation":"one_of_m",
           "number_elected":1,"votes_allowed":1,"name":"Contest 1","ballot_selections":[%s]},
          {"object_id":"council","sequence_order":2,"electoral_district_id":"district","vote_variation":"n_of_m",
           "number_elected":2,"votes_allowed":2,"name":"Council","ballot_selections":[
            {"object_id":"council-ann","sequence_order":1,"candidate_id":"ann"},
            {"object_id":"council-bob","sequence_order":2,"candidate_id":"bob"},
            {"object_id":"council-cyd","sequence_order":3,"candidate_id":"cyd"}]}],
         "candidates":[%s
          {"object_id":"ann","name":"Ann","is_write_in":false},{"object_id":"bob","name":"Bob","is_write_in":false},
          {"object_id":"cyd","name":"Cyd","is_write_in":false}],
         "name":[{"value":"Town election 2026","language":"en"},{"value":"Élection municipale 2026","language":"fr"}],
         "parties":[]}
        """.formatted(Workloads.STYLE, c1, cands);
    return new RecordCodec(Groups.p256()).parseManifest(json.getBytes(StandardCharsets.UTF_8), "town manifest").orElseThrow();
  }

  @BeforeAll
  void start() throws Exception {
    node = new ClientTestNode(dir, 1, townManifest());
  }

  private Chromium browser(String language, Size size) throws Exception {
    return Chromium.open(dir, language, node.spkiPin(), size.width(), size.height());
  }

  private void loadCredentials(Chromium chrome, Path file) {
    chrome.driver.get(node.url() + "/");
    chrome.byId("credentials-file").sendKeys(file.toAbsolutePath().toString());
    chrome.byId("load").sendKeys(Keys.ENTER);
    chrome.waitShown("step-ballot");
  }

  private static WebElement option(Chromium chrome, String contest, String selectionId) {
    return chrome.driver.findElement(By.cssSelector("input[name='" + contest + "'][value='" + selectionId + "']"));
  }

  /** axe-core and the reflow check on the page as it is now. */
  private void audit(Chromium chrome, Size size, String where) throws Exception {
    axeFindings.addAll(chrome.axe(where));
    assertThat(chrome.overflow()).as(where + ": the page scrolls sideways by this many pixels").isLessThanOrEqualTo(0);
    if (size == PHONE) {
      assertThat(chrome.viewportWidth()).as(where + ": a phone's width").isLessThanOrEqualTo(400);
    }
  }

  private static String visibleText(Chromium chrome) {
    return chrome.driver.findElement(By.tagName("body")).getText();
  }

  private static void waitText(Chromium chrome, String id, String text) {
    new WebDriverWait(chrome.driver, Duration.ofSeconds(10)).until(d -> d.findElement(By.id(id)).getText().equals(text));
  }

  /** Waits until the browser has saved {@code name} in its downloads folder, and returns it. */
  private static Path downloaded(Chromium chrome, String name) {
    Path f = chrome.downloads.resolve(name);
    new WebDriverWait(chrome.driver, Duration.ofSeconds(30)).until(d -> Files.isRegularFile(f)
        && !Files.exists(chrome.downloads.resolve(name + ".crdownload")));
    return f;
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

  /**
   * One voter's whole session: choose (over-vote on the council, then correct it), encrypt,
   * audit and check the audit data with the command line, encrypt again, cast, read the receipt
   * and the ballot's state, switch language.
   */
  private void walk(String language, Words w, Size size, String voter) throws Exception {
    String where = language + " " + size.name();
    try (Chromium chrome = browser(language, size)) {
      loadCredentials(chrome, node.credentials(voter));
      assertThat(chrome.byId("election-name").getText()).as(where).isEqualTo(w.name());
      assertThat(chrome.byId("election-dates").getText()).as(where).contains(w.start()).contains(w.end());
      assertThat(visibleText(chrome)).as(where + ": no ids before 'Technical details' is opened")
          .doesNotContain("town-2026").doesNotContain(node.electionId).doesNotContain(voter);
      assertThat(chrome.byId("count-1").getText()).as(where).isEqualTo(w.zeroOfTwo());
      assertThat(chrome.byId("count-1").getDomAttribute("aria-live")).isEqualTo("polite");
      audit(chrome, size, where + " ballot");

      option(chrome, "contest1", "contest1-selection3").sendKeys(Keys.SPACE);
      assertThat(option(chrome, "contest1", "contest1-selection3").isSelected()).isTrue();
      for (String s : List.of("council-ann", "council-bob", "council-cyd")) {
        option(chrome, "council", s).sendKeys(Keys.SPACE);
      }
      waitText(chrome, "count-1", w.threeOfTwo());
      assertThat(chrome.byId("err-1").getText()).as(where).isEqualTo(w.overVote());
      assertThat(option(chrome, "council", "council-ann").getDomAttribute("aria-invalid")).isEqualTo("true");
      assertThat(option(chrome, "contest1", "contest1-selection3").getDomAttribute("aria-invalid")).as("the other contest is fine").isNull();
      assertThat(chrome.byId("contest-1").getDomAttribute("aria-describedby")).contains("err-1");
      assertThat(chrome.byId("contest-0").getDomAttribute("aria-describedby")).doesNotContain("err-0");
      chrome.byId("encrypt").sendKeys(Keys.ENTER);
      assertThat(chrome.waitError()).as(where).isEqualTo(w.tooMany());
      assertThat(chrome.byId("step-ballot").isDisplayed()).isTrue();
      audit(chrome, size, where + " over-vote");
      option(chrome, "council", "council-cyd").sendKeys(Keys.SPACE);
      waitText(chrome, "count-1", w.twoOfTwo());
      assertThat(option(chrome, "council", "council-ann").getDomAttribute("aria-invalid")).isNull();
      assertThat(chrome.byId("err-1").getText()).isEmpty();

      chrome.byId("encrypt").sendKeys(Keys.ENTER);
      chrome.waitShown("step-confirm");
      String audited = chrome.byId("code").getDomAttribute("data-code");
      assertThat(audited).matches("[0-9a-f]{64}");
      assertThat(chrome.byId("code").getText()).as(where + ": the code in blocks of 4")
          .matches("([0-9a-f]{4}\\s+){15}[0-9a-f]{4}").isEqualTo(String.join(" ", audited.split("(?<=\\G.{4})")));
      assertThat(chrome.byId("summary").getText()).as(where).isEqualTo("Contest 1: Option 3\nCouncil: Ann, Bob");
      assertThat(visibleText(chrome)).as(where).doesNotContain(" ms").doesNotContain("nonce");
      assertThat(leaveWarns(chrome)).as(where + ": leaving with an encrypted ballot asks").isTrue();
      audit(chrome, size, where + " review");

      assertThat(chrome.byId("challenge").getText()).isEqualTo(w.challenge());
      chrome.byId("challenge").sendKeys(Keys.ENTER);
      chrome.waitShown("step-challenge");
      assertThat(chrome.byId("h-challenge").getText()).isEqualTo(w.auditedHeading());
      assertThat(chrome.byId("challenged-code").getDomAttribute("data-code")).isEqualTo(audited);
      assertThat(chrome.byId("decrypted").getText()).isEqualTo("Contest 1: Option 3\nCouncil: Ann, Bob");
      assertThat(chrome.byId("challenge-verdict").getText()).isEqualTo(w.challengeOk());
      assertThat(chrome.byId("challenge-verdict").getDomAttribute("class")).isEqualTo("ok");
      assertThat(chrome.byId("challenge-receipt").getText()).isEqualTo(w.challengeReceipt());
      String file = "challenged-" + audited + ".json";
      assertThat(chrome.byId("challenge-command").getText())
          .isEqualTo("./evote vote verify-challenge " + file + " --nodes " + node.url());
      assertThat(leaveWarns(chrome)).as(where + ": nothing is lost by leaving after an audit").isFalse();
      audit(chrome, size, where + " audited");
      auditedCodes.add(audited);
      if (size == PHONE) {
        // The check can fail: the code as one word, as the page showed it before, does not reflow.
        chrome.driver.executeScript("const c = document.createElement('code'); c.id = 'one-word'; c.textContent = arguments[0];"
            + "document.getElementById('challenge-receipt').append(c);", audited);
        assertThat(chrome.overflow()).as(where + ": the ungrouped code overflows").isGreaterThan(0);
        chrome.driver.executeScript("document.getElementById('one-word').remove();");
        assertThat(chrome.overflow()).isLessThanOrEqualTo(0);
      }

      // the audit data, downloaded as a voter would, checked by the command line the page names
      chrome.byId("challenge-download").sendKeys(Keys.ENTER);
      Path data = downloaded(chrome, file);
      VoterCli.Run r = VoterCli.vote("", "verify-challenge", data.toString(), "--nodes", node.url(), "--trust",
          node.certificate().toString()).exited(0);
      assertThat(r.out()).contains("  Contest 1: Option 3\n  Council: Ann, Bob\n").contains("Check passed");

      chrome.byId("again").sendKeys(Keys.ENTER);
      chrome.waitShown("step-confirm");
      String code = chrome.byId("code").getDomAttribute("data-code");
      assertThat(code).as(where + ": 'Encrypt again' encrypts afresh").matches("[0-9a-f]{64}").isNotEqualTo(audited);
      assertThat(chrome.byId("summary").getText()).isEqualTo("Contest 1: Option 3\nCouncil: Ann, Bob");

      chrome.byId("cast").sendKeys(Keys.ENTER);
      chrome.waitShown("step-done");
      assertThat(chrome.byId("final-code").getDomAttribute("data-code")).isEqualTo(code);
      String verdict = chrome.byId("receipt-verdict").getText();
      assertThat(verdict).as(where).startsWith(w.recordedOn()).endsWith(w.receiptOk()).doesNotContain("node1");
      assertThat(chrome.byId("receipt").isDisplayed()).as("the receipt's fields wait behind 'details'").isFalse();
      assertThat(visibleText(chrome)).doesNotContain("node1").doesNotContain("Log hash");
      assertThat(leaveWarns(chrome)).isFalse();
      assertThat(chrome.byId("site-link").getDomProperty("href")).isEqualTo(node.url() + "/site/?election=" + node.electionId);
      chrome.byId("check-status").sendKeys(Keys.ENTER);
      new WebDriverWait(chrome.driver, Duration.ofSeconds(30))
          .until(d -> "recorded".equals(d.findElement(By.id("board-status")).getDomAttribute("data-state")));
      assertThat(chrome.byId("board-status").getText()).isEqualTo(w.boardRecorded());
      audit(chrome, size, where + " cast");
      chrome.driver.findElement(By.cssSelector("#step-done details summary")).sendKeys(Keys.ENTER);
      assertThat(chrome.byId("receipt").getText()).contains("node1").contains(code);
      audit(chrome, size, where + " cast, details open");
      castCodes.add(code);

      chrome.byId("lang").sendKeys(Keys.ENTER);
      waitText(chrome, "h-done", w.otherDoneHeading());
      assertThat(chrome.byId("receipt-verdict").getText()).isNotEqualTo(verdict);
      audit(chrome, size, where + " cast, other language");
      Files.write(Path.of("target", "voter-page-" + size.name() + "-" + language + "-cast.png"), chrome.driver.getScreenshotAs(OutputType.BYTES));
    }
  }

  /** Whether the page asks before it is left: a beforeunload event it cancels. */
  private static boolean leaveWarns(Chromium chrome) {
    return (Boolean) chrome.driver.executeScript(
        "const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented;");
  }

  static Stream<Arguments> walks() {
    return Stream.of(
        Arguments.of(Named.of("in English at desktop width", "en-US"), EN, DESKTOP, "alice"),
        Arguments.of(Named.of("in French at a phone's width (390 px), with no sideways scrolling", "fr-FR"), FR, PHONE, "bruno"),
        Arguments.of(Named.of("in English on a phone", "en-GB"), EN, PHONE, "carol"),
        Arguments.of(Named.of("in French on a desktop", "fr-FR"), FR, DESKTOP, "denis"));
  }

  @ParameterizedTest(name = "{0} ({3})")
  @MethodSource("walks")
  @Order(2)
  @DisplayName("in each language at each width: choose, over-vote, audit, check the audit data, encrypt again, cast")
  void walkThrough(String language, Words w, Size size, String voter) throws Exception {
    walk(language, w, size, voter);
    assertThat(axeFindings).isEmpty();
  }

  @Test
  @Order(5)
  @DisplayName("a blank ballot asks in the page before it is cast; 'No' goes back to the choices, 'Yes' casts it")
  void blankBallot() throws Exception {
    for (var lang : List.of(Map.entry("fr-FR", FR), Map.entry("en-US", EN))) {
      Words w = lang.getValue();
      String where = lang.getKey() + " phone blank";
      try (Chromium chrome = browser(lang.getKey(), PHONE)) {
        loadCredentials(chrome, node.credentials("blank-" + lang.getKey()));
        chrome.byId("encrypt").sendKeys(Keys.ENTER);
        chrome.waitShown("step-confirm");
        chrome.byId("cast").sendKeys(Keys.ENTER);
        chrome.waitShown("blank-confirm");
        assertThat(chrome.byId("blank-warning").getText()).isEqualTo(w.blankWarning());
        assertThat(chrome.byId("cast").isDisplayed()).isFalse();
        assertThat(chrome.byId("step-done").isDisplayed()).isFalse();
        audit(chrome, PHONE, where + " warning");
        chrome.byId("blank-back").sendKeys(Keys.ENTER);
        chrome.waitShown("step-ballot");
        chrome.byId("encrypt").sendKeys(Keys.ENTER);
        chrome.waitShown("step-confirm");
        assertThat(chrome.byId("blank-confirm").isDisplayed()).as("asked again for a new ballot").isFalse();
        chrome.byId("cast").sendKeys(Keys.ENTER);
        chrome.waitShown("blank-confirm");
        chrome.byId("blank-cast").sendKeys(Keys.ENTER);
        chrome.waitShown("step-done");
        String code = chrome.byId("final-code").getDomAttribute("data-code");
        assertThat(node.status(code).path("receipt").path("state").asText()).isEqualTo("CAST");
      }
    }
    assertThat(axeFindings).isEmpty();
  }

  @Test
  @Order(6)
  @DisplayName("through the API: the cast ballots are on the board and recorded (voting is open); the audited ones never count")
  void onTheBoard() throws Exception {
    assertThat(castCodes).hasSize(4);
    List<String> onBoard = new ArrayList<>();
    for (JsonNode e : node.board()) {
      if (e.has("confirmation_code")) {
        onBoard.add(e.get("confirmation_code").asText() + " " + e.get("state").asText());
      }
    }
    for (String code : castCodes) {
      JsonNode cast = node.status(code);
      assertThat(cast.get("state").asText()).isEqualTo("recorded");
      assertThat(cast.has("counted")).as("nobody learns whether it counts before the close").isFalse();
      assertThat(cast.get("receipt").get("state").asText()).isEqualTo("CAST");
      assertThat(onBoard).contains(code + " CAST");
    }
    for (String code : auditedCodes) {
      JsonNode challenged = node.status(code);
      assertThat(challenged.get("state").asText()).isEqualTo("challenged");
      assertThat(challenged.get("counted").asBoolean()).isFalse();
      assertThat(onBoard).contains(code + " CHALLENGED");
    }
  }

  @Test
  @Order(7)
  @DisplayName("W1 encryption time in Chromium (measured and reported, not asserted) and the screenshots")
  void timingAndScreenshot() throws Exception {
    try (Chromium chrome = browser("en-US", DESKTOP)) {
      loadCredentials(chrome, node.credentials("timing"));
      List<Double> workerMs = new ArrayList<>();
      List<Long> wallMs = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        option(chrome, "contest1", "contest1-selection" + (1 + i % 4)).sendKeys(Keys.SPACE);
        long t0 = System.nanoTime();
        chrome.byId("encrypt").sendKeys(Keys.ENTER);
        chrome.waitShown("step-confirm");
        wallMs.add((System.nanoTime() - t0) / 1_000_000);
        workerMs.add(Double.parseDouble(chrome.byId("code").getDomAttribute("data-encrypt-ms")));
        chrome.byId("change").sendKeys(Keys.ENTER);
        chrome.waitShown("step-ballot");
      }
      String report = "Town ballot (7 options) encryption in headless Chromium, ms in the worker: " + workerMs
          + "\nclick to confirmation code shown (Selenium, ms): " + wallMs + "\n";
      System.out.println(report);
      Files.writeString(Path.of("target", "voter-page-timing.txt"), report);
    }
    // Written under target/; docs/voter-page.png is refreshed from it by hand, so that running the
    // tests never changes a tracked file.
    try (Chromium chrome = browser("en-US", new Size("screenshot", 420, 1000))) {
      loadCredentials(chrome, node.credentials("screenshot"));
      option(chrome, "contest1", "contest1-selection2").sendKeys(Keys.SPACE);
      option(chrome, "council", "council-ann").sendKeys(Keys.SPACE);
      waitText(chrome, "count-1", "1 of 2 chosen");
      Files.write(Path.of("target", "voter-page-ballot.png"), chrome.driver.getScreenshotAs(OutputType.BYTES));
      chrome.byId("encrypt").sendKeys(Keys.ENTER);
      chrome.waitShown("step-confirm");
      byte[] png = chrome.driver.getScreenshotAs(OutputType.BYTES);
      Files.write(Path.of("target", "voter-page.png"), png);
      assertThat(png.length).isGreaterThan(1000);
    }
  }

  @Test
  @Order(8)
  @DisplayName("the tally of the exported record counts the ballots cast in the browser")
  void tally() throws Exception {
    assertThat(node.exportAndTally()).containsExactlyInAnyOrderEntriesOf(ClientTestNode.w1Tally(0, 0, 4, 0));
  }
}

package org.evote.ballotserver.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.evote.ballotserver.OrderedSteps;
import org.evote.ballotserver.auth.TokenIssuer;
import org.evote.ballotserver.office.ElectionCommand;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.ElGamal;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.proof.ChaumPedersenProof;
import org.evote.crypto.proof.DecryptionProofs;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.EvoteLabelsJson;
import org.evote.crypto.record.EvoteResultsJson;
import org.evote.crypto.secret.SecretScalar;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The results on the public site, after a whole election on a real node over TLS with labels in
 * English and French: voters cast through the voter's command line (a re-vote, a blank ballot),
 * the officials close the election, export the record, decrypt the tally (the guardian's secret
 * is known here: M = A^s, T = B/M, with each decryption proof), run the verifier, and publish the
 * results with {@code ./evote election publish-results}. A results request that is unsigned,
 * forged, for other results or made before the close is refused. In a real headless Chromium, in
 * both languages at desktop and phone sizes, the charts' numbers equal the tally's (which equal
 * the votes cast), the names are the labels, the verifier's checks are listed, axe-core finds no
 * WCAG 2.1 AA violation, and the record the site links to verifies. The results survive a
 * restart of the node.
 */
@OrderedSteps
class PublicResultsTest {

  @TempDir static Path dir;
  @AutoClose ClientTestNode nodes;
  Path officialsKey;
  Path record;
  DecryptedTallyOrBallot tally;
  final List<String> axeFindings = new ArrayList<>();

  /** The votes as cast, the oracle the tally and the charts are checked against: the last ballot of each voter counts. */
  static final Map<String, Integer> EXPECTED = new TreeMap<>(Map.of("contest1-selection1", 0, "contest1-selection2", 2,
      "contest1-selection3", 1, "contest1-selection4", 0));
  static final int BALLOTS = 4;
  static final int BLANK = 1;

  static EvoteLabelsJson.Labels labels() {
    Map<String, Map<String, String>> options = new LinkedHashMap<>();
    String[][] names = {{"Oak Park", "Parc des Chênes"}, {"Riverside", "Bord de rivière"}, {"Old Town", "Vieille ville"},
        {"Harbour", "Port"}};
    for (int i = 0; i < 4; i++) {
      options.put("contest1-selection" + (i + 1), Map.of("en", names[i][0], "fr", names[i][1]));
    }
    return new EvoteLabelsJson.Labels(List.of("en", "fr"), Map.of("en", "Town vote 2026", "fr", "Vote communal 2026"),
        Map.of("contest1", new EvoteLabelsJson.Contest(Map.of("en", "Where should the new library be?",
            "fr", "Où construire la nouvelle bibliothèque ?"), options)));
  }

  @BeforeAll
  void start() throws Exception {
    nodes = new ClientTestNode(dir, 1, labels());
    officialsKey = dir.resolve("officials.key");
    EcKeys.store(officialsKey, nodes.idp); // ClientTestNode's nodes take its identity provider key as the officials' key
    castAs("alice", "contest1=contest1-selection1");
    castAs("alice", "contest1=contest1-selection2"); // a re-vote: only this one counts
    castAs("bob", "contest1=contest1-selection2");
    castAs("carol", "contest1=contest1-selection3");
    castAs("dan", null); // a blank ballot
  }

  private void castAs(String voter, String choice) throws Exception {
    List<String> args = new ArrayList<>(List.of("--nodes", nodes.url(), "--trust", nodes.certificate().toString(),
        "--out-dir", dir.toString(), "--credentials", nodes.credentials(voter).toString()));
    if (choice != null) {
      args.addAll(List.of("--choose", choice));
    }
    // without --choose the command asks: no choice in the contest (an empty line), then cast
    VoterCli.Run r = VoterCli.vote(choice == null ? "\ncast\n" : "", args.toArray(String[]::new)).exited(0);
  }

  private ElectionCommandRun publish(Path tallyFile, Path report) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ElectionCommand.execute(new PrintWriter(out), new PrintWriter(err), "publish-results", "--election",
        nodes.electionId, "--tally", tallyFile.toString(), "--report", report.toString(), "--nodes", nodes.url(),
        "--trust", nodes.certificate().toString(), "--officials-key", officialsKey.toString());
    return new ElectionCommandRun(code, out.toString(), err.toString());
  }

  record ElectionCommandRun(int code, String out, String err) {}

  /** POSTs results with a bearer token of the caller's making (or none). */
  private ClientTestNode.Response postResults(byte[] body, String bearer) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(nodes.url() + "/api/elections/" + nodes.electionId + "/results"))
        .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (bearer != null) {
      b.header("authorization", "Bearer " + bearer);
    }
    HttpResponse<String> r = nodes.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new ClientTestNode.Response(r.statusCode(), ClientTestNode.JSON.readTree(r.body()));
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private String signed(TokenIssuer issuer, String action, byte[] body) throws Exception {
    return issuer.officialToken("official-1", nodes.electionId, action, null, sha256(body), Instant.now().plus(Duration.ofMinutes(5)));
  }

  /**
   * The tally of an exported record with the guardian's secret s, as the tally ceremony makes it:
   * the encrypted tally (the product of the counted ballots' ciphertexts, option by option) and
   * its decryption, M = A^s, T = B/M = K^t with t found by search, and the proof a = g^u, b = A^u,
   * c = H(H_E; 0x30, K, A, B, a, b, M), v = u - c·s (spec §3.6, Verification 9).
   */
  private DecryptedTallyOrBallot writeTally(Path recordDir) throws Exception {
    List<String> counted = new ArrayList<>();
    ClientTestNode.JSON.readTree(recordDir.resolve("evote/policy.json").toFile()).path("counted").forEach(n -> counted.add(n.asText()));
    List<EncryptedBallot> ballots = new ArrayList<>();
    try (Stream<Path> files = Files.walk(recordDir.resolve("encrypted_ballots"))) {
      for (Path p : files.filter(f -> f.getFileName().toString().startsWith("eballot-")).toList()) {
        EncryptedBallot b = nodes.codec.parseEncryptedBallot(Files.readAllBytes(p), p.toString()).orElseThrow();
        if (counted.contains(b.ballotId())) {
          ballots.add(b);
        }
      }
    }
    var election = nodes.setup.election();
    var k = election.jointKey();
    Scalar s = nodes.secret.unwrapSecret();
    SecureRandom random = new SecureRandom();
    List<EncryptedTally.Contest> etContests = new ArrayList<>();
    List<DecryptedTallyOrBallot.Contest> dtContests = new ArrayList<>();
    for (Manifest.Contest mc : nodes.manifest.contests()) {
      List<EncryptedTally.Selection> ets = new ArrayList<>();
      List<DecryptedTallyOrBallot.Selection> dts = new ArrayList<>();
      for (Manifest.Selection ms : mc.selections()) {
        List<Ciphertext> column = new ArrayList<>();
        for (EncryptedBallot b : ballots) {
          b.contests().stream().filter(c -> c.contestId().equals(mc.contestId())).flatMap(c -> c.selections().stream())
              .filter(x -> x.selectionId().equals(ms.selectionId())).forEach(x -> column.add(x.encryptedVote()));
        }
        Ciphertext ab = column.isEmpty() ? ElGamal.encrypt(k, 0, SecretScalar.of(nodes.group.randomScalar(random)))
            : Ciphertext.product(nodes.group, column);
        ets.add(new EncryptedTally.Selection(ms.selectionId(), ms.sequenceOrder(), ab));
        Element m = ab.pad().exp(s);
        Element t = ab.data().divide(m);
        int value = -1;
        for (int v = 0; v <= ballots.size() && value < 0; v++) {
          if (k.exp(nodes.group.scalar(v)).equals(t)) {
            value = v;
          }
        }
        assertThat(value).as("a count for " + ms.selectionId()).isNotNegative();
        Scalar u = nodes.group.randomScalar(random);
        Scalar c = DecryptionProofs.challenge(election.extendedBaseHash(), k, ab, nodes.group.gExp(u), ab.pad().exp(u), m);
        dts.add(new DecryptedTallyOrBallot.Selection(ms.selectionId(), value, t, ab, new ChaumPedersenProof(c, u.subtract(c.multiply(s)))));
      }
      etContests.add(new EncryptedTally.Contest(mc.contestId(), mc.sequenceOrder(), ets, ballots.size()));
      dtContests.add(new DecryptedTallyOrBallot.Contest(mc.contestId(), dts, ballots.size(), null));
    }
    ElectionRecordFiles files = new ElectionRecordFiles(recordDir, nodes.codec);
    files.writeEncryptedTally(new EncryptedTally("tally", etContests, counted.stream().sorted().toList(), election.extendedBaseHash()));
    DecryptedTallyOrBallot d = new DecryptedTallyOrBallot("tally", dtContests, election.extendedBaseHash());
    files.writeTally(d);
    return d;
  }

  static String verify(Path recordDir, Path json) {
    StringWriter out = new StringWriter();
    List<String> args = new ArrayList<>(List.of("verify", recordDir.toString()));
    if (json != null) {
      args.addAll(List.of("--json", json.toString()));
    }
    org.evote.verifier.Main.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), args.toArray(String[]::new));
    return out.toString();
  }

  @Test
  @Order(1)
  @DisplayName("results are refused while the election is open, even with a good signature")
  void refusedWhileOpen() throws Exception {
    byte[] body = EvoteResultsJson.write(new byte[] {'{', '}'}, new byte[] {'{', '}'}, new byte[] {'{', '}'});
    ClientTestNode.Response r = postResults(body, signed(nodes.issuer, "results", body));
    assertThat(r.status()).as(r.json().toString()).isEqualTo(409);
    assertThat(r.json().path("error").asText()).isEqualTo("election_not_closed");
    assertThat(r.json().path("message").asText()).isEqualTo("the election is OPEN: results are published only once it is closed "
        + "(./evote election close)");
    assertThat(nodes.get("/api/elections/" + nodes.electionId + "/results").status()).isEqualTo(404);
    assertThat(nodes.get("/api/elections/" + nodes.electionId + "/record.zip").status()).isEqualTo(404);
  }

  @Test
  @Order(2)
  @DisplayName("after the close and the tally, unsigned, forged, mismatched and tampered results are refused; ./evote election publish-results publishes")
  void publish() throws Exception {
    record = nodes.closeAndExport();
    tally = writeTally(record);
    Map<String, Integer> counts = new TreeMap<>();
    tally.contests().get(0).selections().forEach(x -> counts.put(x.selectionId(), x.tally()));
    assertThat(counts).isEqualTo(EXPECTED);
    Path report = dir.resolve("report.json");
    String text = verify(record, report);
    assertThat(text).as(text).contains("VERIFIED").containsPattern("(?m)^✓ 9 ").containsPattern("(?m)^✓ E\\.6 ");
    Path tallyFile = record.resolve("tally.json");

    byte[] body = EvoteResultsJson.write(Files.readAllBytes(tallyFile), Files.readAllBytes(record.resolve("encrypted_tally.json")),
        Files.readAllBytes(report));
    // no signature
    ClientTestNode.Response r = postResults(body, null);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().path("error").asText()).isEqualTo("unauthenticated");
    // signed by a key that is not the officials'
    r = postResults(body, signed(new TokenIssuer(EcKeys.generate(), "mallory"), "results", body));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().path("message").asText()).isEqualTo("the token's signature does not verify with the officials' key");
    // an official's request for another action
    r = postResults(body, nodes.issuer.officialToken("official-1", nodes.electionId, "close", null, Instant.now().plusSeconds(300)));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().path("error").asText()).isEqualTo("token_wrong_action");
    // a request for results without the body's hash
    r = postResults(body, nodes.issuer.officialToken("official-1", nodes.electionId, "results", null, Instant.now().plusSeconds(300)));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().path("error").asText()).isEqualTo("token_not_scoped");
    // the officials' signature over other results
    byte[] forgedTally = Files.readString(tallyFile).replaceFirst("\"tally\"\\s*:\\s*2", "\"tally\" : 3").getBytes(StandardCharsets.UTF_8);
    byte[] forgedBody = EvoteResultsJson.write(forgedTally, Files.readAllBytes(record.resolve("encrypted_tally.json")),
        Files.readAllBytes(report));
    r = postResults(forgedBody, signed(nodes.issuer, "results", body));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().path("error").asText()).isEqualTo("token_wrong_body");
    // signed, but a count that is not the decryption: refused, with where
    r = postResults(forgedBody, signed(nodes.issuer, "results", forgedBody));
    assertThat(r.status()).as(r.json().toString()).isEqualTo(400);
    assertThat(r.json().path("message").asText()).isEqualTo("the results are not this election's proven tally: tally.json: "
        + "option 'contest1-selection2' of contest 'contest1': its count 3 is not the decrypted value T (T ≠ K^t)");
    assertThat(nodes.get("/api/elections/" + nodes.electionId + "/results").status()).isEqualTo(404);

    ElectionCommandRun run = publish(tallyFile, report);
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("results of election " + nodes.electionId + " published; the verifier's verdict: VERIFIED")
        .contains("/site/?election=" + nodes.electionId);
    run = publish(tallyFile, report);
    assertThat(run.out()).contains("published (already)");
    r = postResults(forgedBody, signed(nodes.issuer, "results", forgedBody));
    assertThat(r.status()).isEqualTo(400); // still not a proven tally, whatever was published before

    JsonNode shown = nodes.get("/api/elections/" + nodes.electionId + "/results").json();
    assertThat(shown.path("ballots_counted").asInt()).isEqualTo(BALLOTS);
    JsonNode c1 = shown.path("contests").get(0);
    assertThat(c1.path("ballots").asInt()).isEqualTo(BALLOTS);
    assertThat(c1.path("blank").asInt()).isEqualTo(BLANK);
    for (JsonNode sel : c1.path("selections")) {
      assertThat(sel.path("votes").asInt()).as(sel.toString()).isEqualTo(EXPECTED.get(sel.path("selection_id").asText()));
    }
    assertThat(shown.path("report").path("verdict").asText()).isEqualTo("VERIFIED");
  }

  // ---- the browser -------------------------------------------------------------------------

  record Size(String name, int width, int height) {}

  static final Size DESKTOP = new Size("desktop", 1280, 2400);
  static final Size PHONE = new Size("phone", 390, 3600);

  private Chromium browser(String language, Size size) throws Exception {
    return Chromium.open(dir, language, nodes.spkiPin(), size.width(), size.height());
  }

  /** Runs axe-core on the page as it is now; every violation at WCAG 2.1 A and AA is kept, with where. */
  private void axe(Chromium c, String where) throws Exception {
    axeFindings.addAll(c.axe(where));
  }

  private static String text(Chromium c, WebElement e) {
    return String.valueOf(c.driver.executeScript("return arguments[0].textContent", e)).replace('\u00a0', ' ').replace('\u202f', ' ');
  }

  record Words(String title, String election, List<String> options, String votes, String blank, String verified, String passed,
      String link) {}

  static final Words EN = new Words("Where should the new library be?", "Town vote 2026",
      List.of("Oak Park", "Riverside", "Old Town", "Harbour"), "votes", "Blank votes: ", "Verified: every check the verifier ran passed.",
      "passed", "Download the whole election record (zip)");
  static final Words FR = new Words("Où construire la nouvelle bibliothèque ?", "Vote communal 2026",
      List.of("Parc des Chênes", "Bord de rivière", "Vieille ville", "Port"), "voix", "Votes blancs : ",
      "Vérifié : toutes les vérifications effectuées ont réussi.", "réussie", "Télécharger tout le registre de l’élection (zip)");

  private void walk(String language, Words w, Size size) throws Exception {
    String where = language + " " + size.name();
    try (Chromium c = browser(language, size)) {
      c.driver.get(nodes.url() + "/site/?election=" + nodes.electionId);
      c.waitShown("results");
      new WebDriverWait(c.driver, Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector("#results-contests svg")).isEmpty());
      assertThat(c.byId("election-name").getText()).as(where).isEqualTo(w.election());
      // on the ballot: the labels in the page's language
      assertThat(c.driver.findElement(By.cssSelector("#ballot-contests h3")).getText()).as(where).isEqualTo(w.title());
      assertThat(c.driver.findElements(By.cssSelector("#ballot-contests li")).stream().map(WebElement::getText).toList())
          .as(where).isEqualTo(w.options());
      // the chart: every option's number, in text and in its bar, equals the tally
      WebElement section = c.driver.findElement(By.cssSelector("#results-contests section[data-contest=contest1]"));
      assertThat(section.findElement(By.tagName("h3")).getText()).as(where).isEqualTo(w.title());
      List<WebElement> rows = section.findElements(By.cssSelector("svg g.row"));
      assertThat(rows).as(where).hasSize(5);
      Map<String, Integer> fromTally = new TreeMap<>();
      tally.contests().get(0).selections().forEach(x -> fromTally.put(x.selectionId(), x.tally()));
      double maxBar = 0;
      Map<String, Double> bars = new TreeMap<>();
      for (int i = 0; i < 4; i++) {
        WebElement g = rows.get(i);
        String option = g.getDomAttribute("data-option");
        int votes = fromTally.get(option);
        assertThat(option).isEqualTo("contest1-selection" + (i + 1));
        assertThat(Integer.parseInt(g.getDomAttribute("data-votes"))).as(where + " " + option).isEqualTo(votes);
        assertThat(text(c, g)).as(where + " " + option).startsWith(w.options().get(i) + (w == FR ? " : " : ": ") + votes + " "
            + (votes == 1 && w == EN ? "vote " : w.votes()));
        List<WebElement> bar = g.findElements(By.cssSelector("rect.bar"));
        double width = bar.isEmpty() ? 0 : Double.parseDouble(bar.get(0).getDomAttribute("width"));
        bars.put(option, width);
        maxBar = Math.max(maxBar, width);
      }
      // bars are to scale: the longest is the most votes, a zero has none
      assertThat(bars.get("contest1-selection2")).isEqualTo(maxBar).isPositive();
      assertThat(bars.get("contest1-selection1")).isZero();
      assertThat(bars.get("contest1-selection3")).isCloseTo(maxBar / 2, org.assertj.core.data.Offset.offset(1.0));
      WebElement blank = rows.get(4);
      assertThat(blank.getDomAttribute("data-votes")).isEqualTo(String.valueOf(BLANK));
      assertThat(text(c, blank)).as(where).isEqualTo(w.blank() + BLANK);
      assertThat(c.byId("results-summary").getDomAttribute("data-ballots")).isEqualTo(String.valueOf(BALLOTS));
      // the verifier's report: every check with its number and outcome
      assertThat(c.byId("report-verdict").getText()).as(where).isEqualTo(w.verified());
      List<WebElement> checks = c.driver.findElements(By.cssSelector("#report-checks li"));
      assertThat(checks.stream().map(x -> x.getDomAttribute("data-check")).toList()).as(where).contains("9", "E.5", "E.6");
      WebElement e6 = c.driver.findElement(By.cssSelector("#report-checks li[data-check='E.6']"));
      assertThat(e6.getText()).as(where).startsWith("E.6 " + w.passed());
      assertThat(c.byId("record-link").getText()).as(where).isEqualTo(w.link());
      assertThat(c.byId("record-link").getDomAttribute("href")).isEqualTo("/api/elections/" + nodes.electionId + "/record.zip");
      axe(c, where + " results");
      Path shot = Path.of("target", "public-site-results-" + size.name() + "-" + language + ".png");
      Files.createDirectories(shot.getParent());
      Files.write(shot, c.driver.getScreenshotAs(OutputType.BYTES));
      // the other language, by the switch: the same numbers under the other labels
      c.byId("lang").sendKeys(Keys.ENTER);
      Words other = w == EN ? FR : EN;
      new WebDriverWait(c.driver, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("election-name")).getText().equals(other.election()));
      WebElement g2 = c.driver.findElement(By.cssSelector("#results-contests g[data-option='contest1-selection2']"));
      assertThat(text(c, g2)).as(where + " switched").startsWith(other.options().get(1) + (other == FR ? " : " : ": ") + 2 + " " + other.votes());
      axe(c, where + " switched language");
    }
  }

  @Test
  @Order(3)
  @DisplayName("the site shows the results in English and French at desktop and phone sizes, equal to the tally, with no axe violation")
  void site() throws Exception {
    walk("en-US", EN, DESKTOP);
    walk("fr-FR", FR, PHONE);
    walk("fr-FR", FR, DESKTOP);
    walk("en-GB", EN, PHONE);
    assertThat(axeFindings).isEmpty();
  }

  @Test
  @Order(4)
  @DisplayName("the record the site links to holds the tally and the labels, and verifies")
  void record() throws Exception {
    Path zip = dir.resolve("downloaded.zip");
    HttpResponse<Path> r = nodes.http.send(HttpRequest.newBuilder(URI.create(nodes.url() + "/api/elections/" + nodes.electionId
        + "/record.zip")).timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofFile(zip));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/zip");
    Path out = dir.resolve("downloaded");
    try (var z = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
      for (var e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        Path target = out.resolve(e.getName()).normalize();
        assertThat(target.startsWith(out)).as(e.getName()).isTrue();
        Files.createDirectories(target.getParent());
        Files.copy(z, target);
      }
    }
    assertThat(out.resolve("tally.json")).hasSameBinaryContentAs(record.resolve("tally.json"));
    assertThat(out.resolve("evote/labels.json")).exists();
    String report = verify(out, null);
    assertThat(report).as(report).contains("VERIFIED");
    for (String check : List.of("8", "9", "E.5", "E.6")) {
      assertThat(report).as(report).containsPattern("(?m)^✓ " + java.util.regex.Pattern.quote(check) + " ");
    }
    // the results entry in the node's log is the officials' signed request (E.5 counts it)
    assertThat(Files.readString(out.resolve("evote/logs/node1.jsonl"))).contains("\\\"type\\\":\\\"results\\\"");
  }

  @Test
  @Order(5)
  @DisplayName("the results survive a restart of the node: they are replayed from its log")
  void restart() throws Exception {
    String before = nodes.get("/api/elections/" + nodes.electionId + "/results").json().toString();
    var config = nodes.node.config();
    nodes.stop(0);
    org.evote.ballotserver.BallotNode again = org.evote.ballotserver.BallotNode.start(config).await();
    nodes.nodes.set(0, again);
    try {
      HttpResponse<String> r = nodes.http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + again.httpPort()
          + "/api/elections/" + nodes.electionId + "/results")).timeout(Duration.ofSeconds(60)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(ClientTestNode.JSON.readTree(r.body()).toString()).isEqualTo(before);
    } finally {
      again.stop().await();
    }
  }
}

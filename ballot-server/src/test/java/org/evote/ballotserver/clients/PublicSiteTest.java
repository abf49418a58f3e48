package org.evote.ballotserver.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.evote.ballotserver.OrderedSteps;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The public election site (/site/) in a real headless Chromium against two real nodes over TLS,
 * with ballots cast by the voter's command line (a re-vote, a challenge, a voter on each node) and
 * an in-person vote. In English and in French, at desktop (1280 wide) and phone (390 wide) sizes,
 * it reads what a person sees: the election's state and turnout, equal to the API's; a code found
 * in the ballot box; a pasted code and a receipt file that check out; a tampered receipt and a
 * malformed code refused with a plain sentence. While voting is open a code says "recorded" only;
 * once closed, "counted" or "superseded". axe-core checks every state for WCAG 2.1 AA.
 */
@OrderedSteps
class PublicSiteTest {

  @TempDir static Path dir;
  @AutoClose ClientTestNode nodes;
  /** voter → the confirmation codes of their cast ballots, oldest first. */
  final Map<String, List<String>> cast = new LinkedHashMap<>();
  final List<String> axeFindings = new ArrayList<>();

  record Size(String name, int width, int height) {}

  static final Size DESKTOP = new Size("desktop", 1280, 2000);
  static final Size PHONE = new Size("phone", 390, 3000);

  @BeforeAll
  void start() throws Exception {
    nodes = new ClientTestNode(dir, 2);
    castAs("alice", 0, "contest1=contest1-selection1", false);
    castAs("alice", 0, "contest1=contest1-selection2", false); // a re-vote
    castAs("bob", 1, "contest1=contest1-selection3", false);
    castAs("carol", 1, "contest1=contest1-selection4", true); // a challenged ballot, then a cast one
    var inPerson = nodes.post("/api/elections/" + nodes.electionId + "/in-person", "{\"voter_id\":\"dave\"}", true);
    assertThat(inPerson.status()).as(inPerson.json().toString()).isEqualTo(200);
    // the board is written right after each receipt: wait until the turnout shows every ballot,
    // looking again whenever a record lands on the board
    Object boardChanged = new Object();
    var board = org.evote.ballotserver.cluster.ElectionMaps.board(org.evote.ballotserver.NodeInternals.hazelcast(nodes.node));
    java.util.UUID listener = board.addEntryListener((com.hazelcast.map.listener.EntryAddedListener<String, String>) ev -> {
      synchronized (boardChanged) {
        boardChanged.notifyAll();
      }
    }, false);
    try {
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (!(turnout().get("ballots_cast").asInt() == 4 && turnout().get("voters_in_person").asInt() == 1)
          && System.nanoTime() < deadline) {
        synchronized (boardChanged) {
          boardChanged.wait(1000); // bounded: an event may have come before the look above
        }
      }
    } finally {
      board.removeEntryListener(listener);
    }
  }

  /** Casts one ballot with ./evote vote through node {@code node}, and keeps its code. */
  private void castAs(String voter, int node, String choice, boolean challengeFirst) throws Exception {
    List<String> args = new ArrayList<>(List.of("--nodes", nodes.url(node), "--trust", nodes.nodes.get(node).tls().certificatePem().toString(),
        "--out-dir", dir.toString(), "--credentials", nodes.credentials(voter).toString(), "--choose", choice));
    if (challengeFirst) {
      args.add("--challenge");
    }
    VoterCli.Run r = VoterCli.vote("", args.toArray(String[]::new)).exited(0);
    List<String> codes = r.codes();
    cast.computeIfAbsent(voter, v -> new ArrayList<>()).add(codes.get(codes.size() - 1));
  }

  private JsonNode turnout() throws Exception {
    var r = nodes.get("/api/elections/" + nodes.electionId + "/live-turnout");
    assertThat(r.status()).isEqualTo(200);
    return r.json();
  }

  private Path receipt(String code) {
    return dir.resolve("receipt-" + code + ".json");
  }

  // ---- the browser ---------------------------------------------------------------------------

  private Chromium browser(String language, Size size) throws Exception {
    return Chromium.open(dir, language, nodes.spkiPin(), size.width(), size.height());
  }

  /** Runs axe-core on the page as it is now; every violation at WCAG 2.1 A and AA is kept, with where. */
  private void axe(Chromium c, String where) throws Exception {
    axeFindings.addAll(c.axe(where));
  }

  private void open(Chromium c) {
    c.driver.get(nodes.url() + "/site/");
    c.waitShown("election");
    new WebDriverWait(c.driver, Duration.ofSeconds(30))
        .until(d -> !d.findElement(By.id("ballots-cast")).getText().isEmpty() && d.findElements(By.cssSelector("#box-list li")).size() > 0);
  }

  /** Submits a look-up and waits for its outcome (a new one, not the one shown before). */
  private String lookUp(Chromium c, String prefix, Runnable submit) {
    String before = c.byId(prefix + "-verdict").getDomAttribute("data-run");
    submit.run();
    new WebDriverWait(c.driver, Duration.ofSeconds(30)).until(d -> {
      if (d.findElement(By.id("error")).isDisplayed()) {
        throw new AssertionError("the page shows an error: " + d.findElement(By.id("error")).getText());
      }
      String run = d.findElement(By.id(prefix + "-verdict")).getDomAttribute("data-run");
      return run != null && !run.equals(before) && d.findElement(By.id(prefix + "-result")).isDisplayed();
    });
    return c.byId(prefix + "-verdict").getText();
  }

  private String checkCode(Chromium c, String code) {
    c.byId("check-code").clear();
    c.byId("check-code").sendKeys(code);
    return lookUp(c, "check", () -> c.byId("check-button").sendKeys(Keys.ENTER));
  }

  private String checkFile(Chromium c, Path file) {
    c.byId("check-code").clear();
    c.byId("check-file").sendKeys(file.toAbsolutePath().toString());
    return lookUp(c, "check", () -> c.byId("check-button").sendKeys(Keys.ENTER));
  }

  private void screenshot(Chromium c, String name) throws Exception {
    Path target = Path.of("target", "public-site-" + name + ".png");
    Files.createDirectories(target.getParent());
    Files.write(target, c.driver.getScreenshotAs(OutputType.BYTES));
  }

  /** The words the test reads, per language. */
  record Words(String open, String closed, String recorded, String counted, String superseded, String forged, String badCode,
      String checkHeading, String foundNode2, String challengedEntry) {}

  static final Words EN = new Words("Voting is open.", "Voting is closed.",
      "Recorded. This ballot is in the ballot box (", "Recorded and counted.", "Recorded, but not counted: a later ballot",
      "This receipt is not genuine: its signature does not match the key of server node1. Do not rely on it.",
      "A confirmation code has 64 characters, digits 0–9 and letters a–f only.", "Check my ballot", "(node2, position ",
      "Audited (opened to check the encryption, never counted), logged by node2 at position");
  static final Words FR = new Words("Le vote est ouvert.", "Le vote est clos.",
      "Enregistré. Ce bulletin est dans l’urne (", "Enregistré et compté.", "Enregistré, mais pas compté : un bulletin plus récent",
      "Ce reçu n’est pas authentique : sa signature ne correspond pas à la clé du serveur node1. Ne vous y fiez pas.",
      "Un code de confirmation compte 64 caractères : chiffres 0 à 9 et lettres a à f seulement.", "Vérifier mon bulletin",
      "(node2, position ", "Audité (ouvert pour vérifier le chiffrement, jamais compté), journalisé par node2 en position");

  /** One walk through the site while voting is open. */
  private void walkOpen(String language, Words w, Size size) throws Exception {
    String where = language + " " + size.name();
    try (Chromium c = browser(language, size)) {
      open(c);
      JsonNode api = turnout();
      assertThat(c.byId("election-state").getText()).as(where).isEqualTo(w.open());
      assertThat(c.byId("ballots-cast").getDomAttribute("data-value")).as(where).isEqualTo(api.get("ballots_cast").asText()).isEqualTo("4");
      assertThat(c.byId("voters").getDomAttribute("data-value")).as(where).isEqualTo(api.get("voters").asText()).isEqualTo("4");
      assertThat(c.byId("voters-in-person").getText()).as(where).isEqualTo(api.get("voters_in_person").asText()).isEqualTo("1");
      assertThat(c.byId("ballots-cast").getText()).as(where).isEqualTo("4");
      assertThat(c.byId("h-check").getText()).as(where).isEqualTo(w.checkHeading());
      assertThat(c.byId("election-name").getText()).as(where).isNotBlank();
      // an election without labels: the ballot as the manifest names it, in either language
      assertThat(c.driver.findElement(By.cssSelector("#ballot-contests h3")).getText()).as(where).isEqualTo("Contest 1");
      assertThat(c.driver.findElements(By.cssSelector("#ballot-contests li")).stream().map(org.openqa.selenium.WebElement::getText)
          .toList()).as(where).containsExactly("Option 1", "Option 2", "Option 3", "Option 4");
      assertThat(c.byId("election-id").isDisplayed()).as(where + ": the election id waits behind 'details'").isFalse();
      // the ballot box of node1 lists alice's two ballots (her node) and not bob's (node2)
      String box = c.byId("box-list").getText();
      assertThat(box).as(where).contains(cast.get("alice").get(0)).contains(cast.get("alice").get(1))
          .doesNotContain(cast.get("bob").get(0));
      assertThat(c.byId("box-next").isEnabled()).as(where + ": node1's whole log fits one page").isFalse();
      // node2's box: bob's and carol's ballots, carol's challenged one marked so
      new org.openqa.selenium.support.ui.Select(c.byId("box-node")).selectByValue("node2");
      new WebDriverWait(c.driver, Duration.ofSeconds(30)).until(d -> d.findElement(By.id("box-list")).getText().contains(cast.get("bob").get(0)));
      assertThat(c.byId("box-list").getText()).contains(cast.get("carol").get(0)).contains(w.challengedEntry());
      axe(c, where + " overview");
      screenshot(c, size.name() + "-" + language + "-open");

      // the ballot box, searched by code: bob's ballot, on node2
      c.byId("search-code").sendKeys(cast.get("bob").get(0).toUpperCase());
      String found = lookUp(c, "search", () -> c.byId("search-button").sendKeys(Keys.ENTER));
      assertThat(found).as(where).startsWith(w.recorded()).contains(w.foundNode2());
      assertThat(c.byId("search-details").getText()).as(where).contains("node2");
      axe(c, where + " search");

      // a pasted code while voting is open: recorded, and nothing about the later ballot
      String first = checkCode(c, cast.get("alice").get(0));
      assertThat(first).as(where).startsWith(w.recorded());
      assertThat(c.byId("check-verdict").getDomAttribute("data-state")).isEqualTo("recorded");
      // the receipt file the voter's program saved
      String fromFile = checkFile(c, receipt(cast.get("alice").get(1)));
      assertThat(fromFile).as(where).startsWith(w.recorded());
      assertThat(c.byId("check-verdict").getDomAttribute("data-outcome")).isEqualTo("ok");
      axe(c, where + " check ok");

      // a receipt whose time was changed: its signature no longer verifies
      ObjectNode r = (ObjectNode) ClientTestNode.JSON.readTree(receipt(cast.get("alice").get(1)).toFile());
      r.put("time", "2020-01-01T00:00:00Z");
      Path tampered = dir.resolve("tampered-" + language + "-" + size.name() + ".json");
      Files.writeString(tampered, r.toString());
      String refused = checkFile(c, tampered);
      assertThat(refused).as(where).isEqualTo(w.forged());
      assertThat(c.byId("check-verdict").getDomAttribute("data-outcome")).isEqualTo("bad");
      axe(c, where + " tampered receipt");

      // a malformed code is refused with a sentence, before any request
      c.byId("check-code").clear();
      c.byId("check-code").sendKeys("not-a-code");
      c.byId("check-button").sendKeys(Keys.ENTER);
      assertThat(c.waitError()).as(where).isEqualTo(w.badCode());
      axe(c, where + " malformed code");

      // the other language, by the switch
      c.byId("lang").sendKeys(Keys.ENTER);
      Words other = w == EN ? FR : EN;
      new WebDriverWait(c.driver, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("h-check")).getText().equals(other.checkHeading()));
      assertThat(c.byId("election-state").getText()).isEqualTo(other.open());
      assertThat(c.byId("check-verdict").getText()).as(where + " switched").isEqualTo(other.forged());
      axe(c, where + " switched language");
    }
  }

  @Test
  @Order(1)
  @DisplayName("the node serves the site at /site/ with the strict CSP, and the turnout API counts each voter once")
  void served() throws Exception {
    HttpResponse<String> page = nodes.http.send(HttpRequest.newBuilder(URI.create(nodes.url(1) + "/site/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-security-policy").orElseThrow())
        .contains("script-src 'self'").contains("style-src 'self'").doesNotContain("unsafe-inline");
    assertThat(page.body()).contains("<script src=\"/web/site.js\" defer></script>").doesNotContain("style=");
    JsonNode t = turnout();
    assertThat(t.get("ballots_cast").asInt()).isEqualTo(4); // alice twice, bob, carol (her challenged ballot apart)
    assertThat(t.get("voters").asInt()).isEqualTo(4); // alice, bob, carol online; dave in person
    assertThat(t.get("voters_online").asInt()).isEqualTo(3);
    assertThat(t.get("challenged").asInt()).isEqualTo(1);
    assertThat(t.get("status").asText()).isEqualTo("OPEN");
    for (String bad : List.of("/board?node=../x", "/board?from=-1", "/board?limit=1001", "/ballots/ABC")) {
      assertThat(nodes.get("/api/elections/" + nodes.electionId + bad).status()).as(bad).isEqualTo(400);
    }
    assertThat(nodes.get("/api/elections/" + "0".repeat(64) + "/live-turnout").status()).isEqualTo(404);
  }

  static Stream<Arguments> openWalks() {
    return Stream.of(
        Arguments.of(Named.of("in English at desktop size", "en-US"), EN, DESKTOP),
        Arguments.of(Named.of("in French at phone size", "fr-FR"), FR, PHONE),
        Arguments.of(Named.of("in French at desktop size", "fr-FR"), FR, DESKTOP),
        Arguments.of(Named.of("in English at phone size", "en-US"), EN, PHONE));
  }

  @ParameterizedTest(name = "{0}, while voting is open")
  @MethodSource("openWalks")
  @Order(2)
  @DisplayName("while voting is open, in each language at each size")
  void whileOpen(String language, Words w, Size size) throws Exception {
    walkOpen(language, w, size);
    assertThat(axeFindings).isEmpty();
  }

  @Test
  @Order(5)
  @DisplayName("once voting is closed, a code says whether its ballot counts: the last one does, the earlier one was superseded")
  void afterClose() throws Exception {
    assertThat(nodes.post("/api/elections/" + nodes.electionId + "/close", "", true).status()).isEqualTo(200);
    for (Size size : List.of(DESKTOP, PHONE)) {
      for (var lang : List.of(Map.entry("en-GB", EN), Map.entry("fr-FR", FR))) {
        String where = lang.getKey() + " " + size.name() + " closed";
        try (Chromium c = browser(lang.getKey(), size)) {
          open(c);
          Words w = lang.getValue();
          assertThat(c.byId("election-state").getText()).as(where).isEqualTo(w.closed());
          assertThat(c.byId("ballots-cast").getDomAttribute("data-value")).isEqualTo(turnout().get("ballots_cast").asText());
          assertThat(checkCode(c, cast.get("alice").get(0))).as(where).startsWith(w.superseded());
          assertThat(c.byId("check-verdict").getDomAttribute("data-state")).isEqualTo("superseded");
          axe(c, where + " superseded");
          assertThat(checkFile(c, receipt(cast.get("alice").get(1)))).as(where).startsWith(w.counted());
          assertThat(c.byId("check-verdict").getDomAttribute("data-state")).isEqualTo("cast");
          axe(c, where + " counted");
          // the election's details, opened
          c.driver.findElement(By.cssSelector("#election details summary")).sendKeys(Keys.ENTER);
          assertThat(c.byId("election-id").getText()).isEqualTo(nodes.electionId);
          axe(c, where + " details open");
          screenshot(c, size.name() + "-" + lang.getKey() + "-closed");
        }
      }
    }
    assertThat(axeFindings).isEmpty();
  }
}

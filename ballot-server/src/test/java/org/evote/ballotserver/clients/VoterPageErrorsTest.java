package org.evote.ballotserver.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.evote.ballotserver.auth.TokenIssuer;
import org.evote.ballotserver.idp.IdpCommand;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.casting.Receipts;
import org.evote.crypto.record.ReceiptJson;
import org.evote.crypto.group.Groups;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.testing.Workloads;
import org.evote.voterweb.WebAssets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The voter page against a broken server: a tiny loopback HTTP server serves the real page files
 * but answers the API with garbage, or with receipts that do not verify. The page must show one
 * sentence in the voter's language, never crash or claim success.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoterPageErrorsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  HttpServer server;
  Chromium english;
  Chromium french;
  Path credentials;
  String electionId;
  String definition;
  KeyPair nodeKey = EcKeys.generate();
  /** The election's identity provider: its key is the definition's idp_public_key. */
  final KeyPair idp = EcKeys.generate();
  final TokenIssuer issuer = new TokenIssuer(idp, "test-idp");
  final List<String> axeFindings = new ArrayList<>();
  final AtomicReference<Function<String, String[]>> electionAnswer = new AtomicReference<>();
  final AtomicReference<Function<byte[], String[]>> ballotAnswer = new AtomicReference<>();

  @BeforeAll
  void start() throws Exception {
    var group = Groups.p256();
    var manifest = Workloads.w1();
    var setup = Workloads.singleGuardian(group, manifest, SecretScalar.of(group.randomScalar(new SecureRandom())), new SecureRandom());
    var codec = new RecordCodec(group);
    electionId = setup.initialized().extendedBaseHash().toHex();
    ObjectNode d = JSON.createObjectNode();
    d.set("constants", JSON.readTree(RecordCodec.writeConstants(group.constants())));
    d.put("manifest_base64", Base64.getEncoder().encodeToString(manifest.bytes()));
    d.set("election_config", JSON.readTree(codec.writeConfig(setup.config())));
    d.set("election_initialized", JSON.readTree(codec.writeInitialized(setup.initialized())));
    d.put("election_id", electionId);
    d.put("status", "OPEN");
    d.put("idp_public_key", EcKeys.publicKeyBase64(idp.getPublic()));
    d.putObject("node_keys").put("node1", EcKeys.publicKeyBase64(nodeKey.getPublic()));
    definition = d.toString();

    credentials = write("alice", IdpCommand.credentials(issuer, "alice", electionId, Workloads.STYLE, Instant.now().plus(Duration.ofHours(1))));

    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      byte[] body = ex.getRequestBody().readAllBytes();
      String type;
      byte[] out;
      int status;
      var asset = path.equals("/") ? WebAssets.get(WebAssets.INDEX)
          : path.startsWith("/web/") ? WebAssets.get(path.substring(5)) : java.util.Optional.<WebAssets.Asset>empty();
      if (asset.isPresent()) {
        status = 200;
        type = asset.get().contentType();
        out = asset.get().bytes();
      } else {
        String[] a = path.endsWith("/ballots") ? ballotAnswer.get().apply(body) : electionAnswer.get().apply(path);
        status = Integer.parseInt(a[0]);
        type = a[1];
        out = a[2].getBytes(StandardCharsets.UTF_8);
      }
      ex.getResponseHeaders().set("content-type", type);
      ex.sendResponseHeaders(status, out.length);
      ex.getResponseBody().write(out);
      ex.close();
    });
    server.start();
    english = new Chromium(Files.createDirectories(dir.resolve("profile-en")), "en-US", null, 800, 1000);
    french = new Chromium(Files.createDirectories(dir.resolve("profile-fr")), "fr-FR", null, 800, 1000);
  }

  private Path write(String name, ObjectNode c) throws java.io.IOException {
    Path f = dir.resolve(name + ".json");
    Files.write(f, JSON.writeValueAsBytes(c));
    return f;
  }

  @BeforeEach
  void validElection() throws Exception {
    electionAnswer.set(p -> new String[] {"200", "application/json", definition});
    ballotAnswer.set(b -> new String[] {"500", "text/plain", "unexpected"});
  }

  @AfterAll
  void stop() throws Exception {
    for (Chromium c : new Chromium[] {english, french}) {
      if (c != null) {
        c.close();
      }
    }
    if (server != null) {
      server.stop(0);
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  void load(Chromium chrome) {
    load(chrome, credentials);
  }

  void load(Chromium chrome, Path file) {
    chrome.driver.get(url());
    chrome.byId("credentials-file").sendKeys(file.toAbsolutePath().toString());
    chrome.byId("load").sendKeys(Keys.ENTER);
  }

  /** The error's details, opened: the codes and server messages the sentence leaves out. */
  String details(Chromium chrome) throws Exception {
    assertThat(chrome.byId("error-details").isDisplayed()).isTrue();
    chrome.driver.findElement(By.cssSelector("#error-details summary")).sendKeys(Keys.ENTER);
    new org.openqa.selenium.support.ui.WebDriverWait(chrome.driver, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("error-tech")).isDisplayed());
    axeFindings.addAll(chrome.axe("error details"));
    return chrome.byId("error-tech").getText();
  }

  void encrypt(Chromium chrome) {
    load(chrome);
    chrome.waitShown("step-ballot");
    chrome.driver.findElement(By.cssSelector("input[value='contest1-selection1']")).sendKeys(Keys.SPACE);
    chrome.byId("encrypt").sendKeys(Keys.ENTER);
    chrome.waitShown("step-confirm");
  }

  @Test
  @DisplayName("an election that is not JSON is reported in a sentence, and no ballot is shown")
  void garbageElection() throws Exception {
    electionAnswer.set(p -> new String[] {"200", "text/html", "<html><body>garbage</body></html>"});
    load(english);
    assertThat(english.waitError()).isEqualTo(MALFORMED);
    assertThat(english.byId("step-ballot").isDisplayed()).isFalse();
    assertThat(details(english)).contains("HTTP 200, not JSON");
  }

  @Test
  @DisplayName("an election whose hashes do not check out is refused")
  void inconsistentElection() throws Exception {
    ObjectNode d = (ObjectNode) JSON.readTree(definition);
    ((ObjectNode) d.get("election_config")).put("manifest_hash", Base64.getEncoder().encodeToString(new byte[32]));
    electionAnswer.set(p -> new String[] {"200", "application/json", d.toString()});
    load(english);
    assertThat(english.waitError()).isEqualTo(
        "The election the server sent does not check out; do not vote with it, and tell your election office.");
    assertThat(details(english)).contains("election_config: manifest_hash does not match the manifest");
  }

  @Test
  @DisplayName("a server error with an HTML body while casting is a sentence, and the ballot is not shown as cast")
  void garbageOnCast() throws Exception {
    encrypt(english);
    ballotAnswer.set(b -> new String[] {"502", "text/html", "<h1>Bad gateway</h1>"});
    english.byId("cast").sendKeys(Keys.ENTER);
    assertThat(english.waitError()).isEqualTo(MALFORMED);
    assertThat(details(english)).contains("HTTP 502, not JSON");
    assertThat(english.byId("step-done").isDisplayed()).isFalse();
  }

  @Test
  @DisplayName("a receipt signed with another key than the node's is not accepted")
  void forgedReceipt() throws Exception {
    encrypt(english);
    KeyPair impostor = EcKeys.generate();
    ballotAnswer.set(b -> {
      try {
        JsonNode ballot = JSON.readTree(b).get("ballot");
        ObjectNode r = JSON.createObjectNode();
        r.put("election_id", electionId);
        r.put("ballot_id", ballot.get("ballot_id").asText());
        r.put("confirmation_code", UInt256.of(Base64.getDecoder().decode(ballot.get("confirmation_code").asText())).toHex());
        r.put("state", "CAST");
        r.put("node_id", "node1");
        r.put("log_position", 7);
        r.put("log_hash", "ab".repeat(32));
        r.put("time", "2025-06-01T10:00:00Z");
        r.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(EcKeys.sign(impostor.getPrivate(), Receipts.signedBytes(ReceiptJson.parse(r.deepCopy().put("signature", ""), "receipt").orElseThrow()))));
        return new String[] {"201", "application/json", r.toString()};
      } catch (Exception e) {
        return new String[] {"500", "text/plain", "test server failed"};
      }
    });
    english.byId("cast").sendKeys(Keys.ENTER);
    assertThat(english.waitError()).isEqualTo(
        "The receipt’s signature does not verify with the voting server’s key: do not rely on it, and tell your election office.");
    assertThat(english.byId("step-done").isDisplayed()).isFalse();
  }

  @Test
  @DisplayName("a French browser gets the page and its errors in French")
  void french() throws Exception {
    electionAnswer.set(p -> new String[] {"200", "application/json", "[1, 2, 3]"});
    french.driver.get(url());
    assertThat(french.driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("fr");
    assertThat(french.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Voter en ligne");
    assertThat(french.byId("load").getText()).isEqualTo("Afficher mon bulletin");
    load(french);
    assertThat(french.waitError()).isEqualTo(
        "Le serveur de vote a envoyé une réponse illisible pour cette page. Votre bulletin n’a pas été enregistré ; réessayez plus tard.");
    assertThat(details(french)).contains("HTTP 200, not a JSON object");
    assertThat(axeFindings).isEmpty();
  }

  static final String MALFORMED = "The voting server sent a response this page cannot read. Your ballot was not recorded; try again later.";

  @Test
  @DisplayName("a node's refusal is a sentence in the voter's language; its code and English message only in the details")
  void serverCodesTranslated() throws Exception {
    electionAnswer.set(p -> new String[] {"404", "application/json",
        "{\"error\":\"unknown_election\",\"message\":\"no election with id " + electionId + "\"}"});
    load(french);
    String fr = french.waitError();
    assertThat(fr).isEqualTo("Ce serveur de vote ne connaît pas votre élection. Vérifiez l’adresse donnée par votre bureau électoral.");
    assertThat(fr).doesNotContain("no election").doesNotContain("unknown_election");
    assertThat(details(french)).contains("unknown_election (HTTP 404)").contains("no election with id " + electionId);

    validElection();
    encrypt(french);
    ballotAnswer.set(b -> new String[] {"403", "application/json", "{\"error\":\"not_a_voter\",\"message\":\"alice is not on the roll\"}"});
    french.byId("cast").sendKeys(Keys.ENTER);
    assertThat(french.waitError()).isEqualTo(
        "Vous n’êtes pas sur la liste électorale de cette élection. Adressez-vous à votre bureau électoral.");
    assertThat(french.byId("step-done").isDisplayed()).isFalse();

    // a code this page does not know: the generic sentence, the code in the details
    ballotAnswer.set(b -> new String[] {"409", "application/json", "{\"error\":\"brand_new_reason\",\"message\":\"something new\"}"});
    english.driver.get(url());
    encrypt(english);
    english.byId("cast").sendKeys(Keys.ENTER);
    assertThat(english.waitError()).isEqualTo(
        "The voting server refused the request; nothing was cast. Try again, and if it happens again, tell your election office.");
    assertThat(details(english)).contains("brand_new_reason (HTTP 409)").contains("something new");
    assertThat(axeFindings).isEmpty();
  }

  /** Loads credentials and expects an error at "Show my ballot", before any ballot is shown. */
  private String refusedAtLoad(Chromium chrome, Path file) throws Exception {
    load(chrome, file);
    String e = chrome.waitError();
    assertThat(chrome.byId("step-ballot").isDisplayed()).as("no ballot is shown").isFalse();
    assertThat(chrome.byId("step-credentials").isDisplayed()).isTrue();
    return e;
  }

  @Test
  @DisplayName("credentials from another identity provider are refused at 'Show my ballot', in both languages")
  void otherProvider() throws Exception {
    Path other = write("other-idp", IdpCommand.credentials(new TokenIssuer(EcKeys.generate(), "other-idp"), "alice", electionId,
        Workloads.STYLE, Instant.now().plus(Duration.ofHours(1))));
    assertThat(refusedAtLoad(english, other)).isEqualTo("These credentials were not issued for this election: they come from another "
        + "identity provider. Ask your election office for your credentials for this election.");
    assertThat(refusedAtLoad(french, other)).isEqualTo("Ces identifiants n’ont pas été délivrés pour cette élection : ils viennent "
        + "d’un autre fournisseur d’identité. Demandez à votre bureau électoral vos identifiants pour cette élection.");
    axeFindings.addAll(french.axe("other provider"));
    assertThat(axeFindings).isEmpty();
  }

  @Test
  @DisplayName("a private key that is not the token's (cnf.jwk) is refused at 'Show my ballot'")
  void keyNotTheToken() throws Exception {
    ObjectNode c = IdpCommand.credentials(issuer, "alice", electionId, Workloads.STYLE, Instant.now().plus(Duration.ofHours(1)));
    ObjectNode otherKey = IdpCommand.credentials(issuer, "bob", electionId, Workloads.STYLE, Instant.now().plus(Duration.ofHours(1)));
    c.put("private_key", otherKey.get("private_key").asText());
    assertThat(refusedAtLoad(english, write("mixed-key", c))).isEqualTo("The key in your credentials does not match your identity "
        + "token: the file is damaged or mixed with another. Ask your election office for new credentials.");
  }

  @Test
  @DisplayName("an expired token, and one for another election or ballot style, are refused at 'Show my ballot'")
  void expiredOrElsewhere() throws Exception {
    Path expired = write("expired", IdpCommand.credentials(issuer, "alice", electionId, Workloads.STYLE, Instant.now().minus(Duration.ofHours(1))));
    assertThat(refusedAtLoad(english, expired)).startsWith("Your credentials expired on ").endsWith("; ask your election office for new ones.");
    assertThat(refusedAtLoad(french, expired)).startsWith("Vos identifiants ont expiré le ");

    ObjectNode elsewhere = IdpCommand.credentials(issuer, "alice", "ab".repeat(32), Workloads.STYLE, Instant.now().plus(Duration.ofHours(1)));
    elsewhere.put("election_id", electionId);
    assertThat(refusedAtLoad(english, write("elsewhere", elsewhere)))
        .isEqualTo("These credentials are for another election. Ask your election office for your credentials for this election.");

    Path noSuchStyle = write("no-style", IdpCommand.credentials(issuer, "alice", electionId, "no-such-style", Instant.now().plus(Duration.ofHours(1))));
    assertThat(refusedAtLoad(english, noSuchStyle))
        .isEqualTo("These credentials are for a ballot this election does not have. Ask your election office for new credentials.");
  }
}

package org.evote.ballotserver.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.evote.ballotserver.OrderedSteps;
import org.evote.ballotserver.auth.SignInConfig;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.testing.Workloads;
import org.evote.voterclient.cli.VoteCommand;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Voters sign in through a real Keycloak (dev mode on loopback, the realm of
 * src/test/resources/keycloak) to an election whose roll names alice, bruno and chloe by their
 * preferred_username: on the voter page with the authorization code flow and PKCE, through
 * Keycloak's own login page in Chromium; on the command line with the device grant, approved in
 * Chromium as on a phone. Mallory signs in but is not on the roll. ID tokens for another device
 * key, for another client, signed by another key or not signed at all are refused. The record
 * holds pseudonyms, never the provider's names.
 */
@OrderedSteps
@DisplayName("Sign-in through a real Keycloak: web page (code + PKCE) and CLI (device grant)")
class SignInTest {
  /** The provider's name as the election names it for voters. */
  private static final String PROVIDER = "Keycloak (test realm)";
  private static final Pattern ADDRESS = Pattern.compile("^\\s+(http\\S+)\\s*$", Pattern.MULTILINE);

  @TempDir static Path dir;
  @AutoClose Keycloak keycloak;
  @AutoClose ClientTestNode node;

  @BeforeAll
  void start() throws Exception {
    keycloak = Keycloak.start();
    System.out.println("Keycloak " + keycloak.issuer() + " answered " + keycloak.startTime.toMillis() + " ms after its start");
    node = new ClientTestNode(dir, 1, Workloads.w1(), false, null, new ClientTestNode.SignIn(
        new SignInConfig(keycloak.issuer(), Keycloak.CLIENT, "preferred_username", PROVIDER),
        Map.of("alice", Workloads.STYLE, "bruno", Workloads.STYLE, "chloe", Workloads.STYLE)));
  }

  private Chromium browser() throws Exception {
    return new Chromium(Files.createTempDirectory(dir, "profile"), "en-US", node.spkiPin(), 1280, 900);
  }

  /** Fills Keycloak's login form (its own page, as a voter sees it) and submits it. */
  private void logIn(Chromium chrome, String user) {
    WebDriverWait wait = new WebDriverWait(chrome.driver, Duration.ofSeconds(60));
    wait.withMessage(() -> "Keycloak's login form, at " + chrome.driver.getCurrentUrl() + ": " + bodyText(chrome.driver))
        .until(d -> !d.findElements(By.id("username")).isEmpty());
    chrome.byId("username").sendKeys(user);
    chrome.byId("password").sendKeys(Keycloak.password(user));
    chrome.byId("kc-login").click();
  }

  /**
   * Approves a device sign-in in the browser: logs in at the address the device printed, accepts
   * the consent page if Keycloak shows one, and waits for its page saying the device is signed in.
   */
  private void approveDevice(String address, String user) throws Exception {
    try (Chromium chrome = browser()) {
      chrome.driver.get(address);
      logIn(chrome, user);
      new WebDriverWait(chrome.driver, Duration.ofSeconds(60))
          .withMessage(() -> "Keycloak's device sign-in did not complete: " + bodyText(chrome.driver))
          .ignoring(StaleElementReferenceException.class).until(d -> {
            List<WebElement> accept = d.findElements(By.cssSelector("input[name='accept'], button[name='accept']"));
            if (!accept.isEmpty()) {
              accept.get(0).click();
              return false;
            }
            String text = bodyText(d).toLowerCase(java.util.Locale.ROOT);
            if (text.contains("invalid") || text.contains("expired")) {
              throw new AssertionError("Keycloak refused the device sign-in: " + text);
            }
            return text.contains("success");
          });
    }
  }

  /**
   * The page's text; empty while Keycloak is replacing the page (its body went stale between
   * finding and reading it), so that a waiting loop simply looks again.
   */
  private static String bodyText(WebDriver d) {
    try {
      List<WebElement> body = d.findElements(By.tagName("body"));
      return body.isEmpty() ? "(no page)" : body.get(0).getText();
    } catch (StaleElementReferenceException changing) {
      return "";
    }
  }

  // ---- the web page -----------------------------------------------------------------------------

  @Test
  @Order(1)
  @DisplayName("the page offers 'Sign in with …', Keycloak's login page signs alice in, she votes and gets a receipt")
  void webSignIn() throws Exception {
    try (Chromium chrome = browser()) {
      chrome.driver.get(node.url() + "/?election=" + node.electionId);
      WebElement button = chrome.waitShown("sign-in");
      assertThat(button.getText()).isEqualTo("Sign in with " + PROVIDER);
      assertThat(chrome.axe("sign-in offered")).isEmpty();
      chrome.byId("lang").sendKeys(Keys.ENTER);
      assertThat(chrome.byId("sign-in").getText()).isEqualTo("Se connecter avec " + PROVIDER);
      assertThat(bodyText(chrome.driver)).contains("Connectez-vous avec votre identité numérique");
      chrome.byId("lang").sendKeys(Keys.ENTER);
      assertThat(chrome.byId("sign-in").getText()).isEqualTo("Sign in with " + PROVIDER);
      // under target/; docs/voter-page-sign-in.png is refreshed from it by hand
      Files.write(Path.of("target", "voter-page-sign-in.png"), chrome.driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
      button.sendKeys(Keys.ENTER);
      new WebDriverWait(chrome.driver, Duration.ofSeconds(30))
          .until(d -> d.getCurrentUrl().startsWith(keycloak.issuer() + "/protocol/openid-connect/auth"));
      String authorization = chrome.driver.getCurrentUrl();
      assertThat(authorization).contains("client_id=" + Keycloak.CLIENT).contains("code_challenge_method=S256")
          .contains("code_challenge=").contains("nonce=").contains("state=").contains("response_type=code")
          .contains("redirect_uri=" + URLEncoder.encode(node.url() + "/", StandardCharsets.UTF_8));
      Files.write(Path.of("target", "keycloak-login.png"), chrome.driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
      logIn(chrome, "alice");
      chrome.waitShown("step-ballot");
      assertThat(chrome.axe("signed in, the ballot")).isEmpty();
      assertThat(chrome.driver.getCurrentUrl()).as("the code leaves the address bar")
          .isEqualTo(node.url() + "/?election=" + node.electionId);
      assertThat(chrome.driver.executeScript("return sessionStorage.getItem('evote-sign-in')")).as("the PKCE verifier is gone")
          .isNull();
      Object keysLeft = chrome.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
          + "const o = indexedDB.open('evote-sign-in', 1); o.onsuccess = () => { const r = o.result.transaction('keys')"
          + ".objectStore('keys').count(); r.onsuccess = () => done(r.result); r.onerror = () => done(-1); };"
          + "o.onerror = () => done(-2);");
      assertThat(((Number) keysLeft).intValue()).as("the key left IndexedDB once in the page's memory").isZero();
      chrome.driver.findElement(By.cssSelector("input[name='contest1'][value='contest1-selection2']")).sendKeys(Keys.SPACE);
      chrome.byId("encrypt").sendKeys(Keys.ENTER);
      chrome.waitShown("step-confirm");
      chrome.byId("cast").sendKeys(Keys.ENTER);
      chrome.waitShown("step-done");
      String code = chrome.byId("final-code").getDomAttribute("data-code");
      assertThat(code).matches("[0-9a-f]{64}");
      assertThat(node.status(code).get("state").asText()).isEqualTo("recorded");
      assertThat(bodyText(chrome.driver)).contains("Your vote was cast");
    }
  }

  @Test
  @Order(2)
  @DisplayName("the nodes give a sign-in URL only for a redirect to one of their own voter pages")
  void redirectChecked() throws Exception {
    String q = "state=" + "s".repeat(22) + "&nonce=" + "n".repeat(43) + "&code_challenge=" + "c".repeat(43) + "&locale=fr";
    var evil = node.get("/api/elections/" + node.electionId + "/sign-in?redirect_uri="
        + URLEncoder.encode("https://evil.example/", StandardCharsets.UTF_8) + "&" + q);
    assertThat(evil.status()).isEqualTo(400);
    assertThat(evil.json().get("error").asText()).isEqualTo("redirect_not_allowed");
    var path = node.get("/api/elections/" + node.electionId + "/sign-in?redirect_uri="
        + URLEncoder.encode(node.url() + "/other", StandardCharsets.UTF_8) + "&" + q);
    assertThat(path.json().get("error").asText()).isEqualTo("redirect_not_allowed");
    var ok = node.get("/api/elections/" + node.electionId + "/sign-in?redirect_uri="
        + URLEncoder.encode(node.url() + "/", StandardCharsets.UTF_8) + "&" + q);
    assertThat(ok.status()).as(ok.json().toString()).isEqualTo(200);
    assertThat(ok.json().get("authorization_url").asText()).startsWith(keycloak.issuer() + "/protocol/openid-connect/auth?")
        .contains("ui_locales=fr").contains("code_challenge_method=S256");
    var noPkce = node.get("/api/elections/" + node.electionId + "/sign-in?redirect_uri="
        + URLEncoder.encode(node.url() + "/", StandardCharsets.UTF_8) + "&state=" + "s".repeat(22) + "&nonce=" + "n".repeat(43));
    assertThat(noPkce.status()).isEqualTo(400);
    assertThat(noPkce.json().get("error").asText()).isEqualTo("malformed_request");
  }

  // ---- the command line -------------------------------------------------------------------------

  /** The voter's command line in its own thread; its output is watched for the address to open. */
  private final class CliRun {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final CompletableFuture<String> address = new CompletableFuture<>();
    final CompletableFuture<Integer> exit;

    CliRun(String... args) {
      Writer watching = new Writer() {
        @Override
        public void write(char[] buf, int off, int len) {
          out.write(buf, off, len);
          Matcher m = ADDRESS.matcher(out.toString());
          if (m.find()) {
            address.complete(m.group(1));
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
      var cl = VoteCommand.commandLine(new VoteCommand(new BufferedReader(new StringReader("")), Clock.systemUTC()));
      cl.setOut(new PrintWriter(watching, true));
      cl.setErr(new PrintWriter(err, true));
      exit = CompletableFuture.supplyAsync(() -> cl.execute(args));
      exit.whenComplete((x, e) -> address.completeExceptionally(new AssertionError("the command ended without an address: "
          + out + err)));
    }

    int await() throws Exception {
      return exit.get(3, TimeUnit.MINUTES);
    }
  }

  private String[] cliArgs(String... more) {
    return Stream.concat(Stream.of("--nodes", node.url(), "--trust", node.certificate().toString(), "--out-dir", dir.toString(),
        "--sign-in", "--election", node.electionId), Stream.of(more)).toArray(String[]::new);
  }

  @Test
  @Order(3)
  @DisplayName("the CLI prints an address and a code, chloe approves it in a browser, and the CLI casts her ballot")
  void cliDeviceGrant() throws Exception {
    CliRun run = new CliRun(cliArgs("--choose", "contest1=contest1-selection3"));
    String address = run.address.get(2, TimeUnit.MINUTES);
    assertThat(address).startsWith(keycloak.issuer() + "/device").contains("user_code=");
    approveDevice(address, "chloe");
    int exit = run.await();
    assertThat(exit).as(run.out + "\n" + run.err).isZero();
    assertThat(run.out.toString()).containsPattern("The code it shows must be [A-Z]{4}-[A-Z]{4}")
        .contains("To sign in with " + PROVIDER + ", open this address");
    assertThat(run.out.toString()).contains("Signed in: voter " + node.pseudonym("chloe") + " (a pseudonym)")
        .contains("Your ballot was cast.");
  }

  @Test
  @Order(4)
  @DisplayName("mallory signs in at the provider, but is not on the roll: a clear refusal, nothing cast")
  void notOnRoll() throws Exception {
    int before = node.board().size();
    CliRun run = new CliRun(cliArgs("--choose", "contest1=contest1-selection1"));
    approveDevice(run.address.get(2, TimeUnit.MINUTES), "mallory");
    assertThat(run.await()).as(run.out + "\n" + run.err).isEqualTo(1);
    assertThat(run.err.toString()).contains("mallory").contains("not on the electoral roll");
    assertThat(run.out.toString()).doesNotContain("Your ballot was cast");
    assertThat(node.board()).hasSize(before);
  }

  // ---- ID tokens the credential service refuses -------------------------------------------------

  /** A real ID token from Keycloak through the device grant, for {@code client}, with this nonce, approved by {@code user}. */
  private String idToken(String client, String user, String nonce) throws Exception {
    return idToken(keycloak.issuer(), client, user, nonce);
  }

  private String idToken(String issuer, String client, String user, String nonce) throws Exception {
    OIDCProviderMetadata m = OIDCProviderMetadata.resolve(new Issuer(issuer));
    CodeVerifier verifier = new CodeVerifier();
    var req = new DeviceAuthorizationRequest.Builder(new ClientID(client)).endpointURI(m.getDeviceAuthorizationEndpointURI())
        .scope(new Scope("openid")).customParameter("nonce", nonce)
        .customParameter("code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue())
        .customParameter("code_challenge_method", "S256").build();
    DeviceAuthorizationResponse r = DeviceAuthorizationResponse.parse(req.toHTTPRequest().send());
    assertThat(r.indicatesSuccess()).as(() -> r.toErrorResponse().getErrorObject().toString()).isTrue();
    DeviceAuthorizationSuccessResponse ok = r.toSuccessResponse();
    approveDevice(ok.getVerificationURIComplete().toString(), user);
    TokenResponse t = OIDCTokenResponseParser.parse(new TokenRequest.Builder(m.getTokenEndpointURI(), new ClientID(client),
        new DeviceCodeGrant(ok.getDeviceCode())).customParameter("code_verifier", verifier.getValue()).build()
        .toHTTPRequest().send());
    assertThat(t.indicatesSuccess()).as(() -> t.toErrorResponse().getErrorObject().toString()).isTrue();
    return ((OIDCTokens) t.toSuccessResponse().getTokens()).getIDToken().serialize();
  }

  private static ECKey jwk(KeyPair k) {
    return new ECKey.Builder(Curve.P_256, (ECPublicKey) k.getPublic()).build();
  }

  private ClientTestNode.Response credential(KeyPair key, String idToken) throws Exception {
    ObjectNode body = ClientTestNode.JSON.createObjectNode();
    body.set("voter_key", ClientTestNode.JSON.readTree(jwk(key).toJSONString()));
    body.put("id_token", idToken);
    return node.post("/api/elections/" + node.electionId + "/credential", body.toString(), false);
  }

  @Test
  @Order(5)
  @DisplayName("a real ID token works only with the device key its nonce names, for evote's client, from the election's realm")
  void idTokenBinding() throws Exception {
    KeyPair mine = EcKeys.generate();
    KeyPair other = EcKeys.generate();
    String token = idToken(Keycloak.CLIENT, "bruno", jwk(mine).computeThumbprint().toString());
    var stolen = credential(other, token);
    assertThat(stolen.status()).as(stolen.json().toString()).isEqualTo(401);
    assertThat(stolen.json().get("error").asText()).isEqualTo("id_token_wrong_key");
    var issued = credential(mine, token);
    assertThat(issued.status()).as(issued.json().toString()).isEqualTo(200);
    assertThat(issued.json().get("voter_id").asText()).isEqualTo(node.pseudonym("bruno"));
    assertThat(issued.json().get("ballot_style").asText()).isEqualTo(Workloads.STYLE);
    JsonNode claims = ClientTestNode.JSON.readTree(java.util.Base64.getUrlDecoder()
        .decode(issued.json().get("token").asText().split("\\.")[1]));
    assertThat(claims.path("cnf").path("jwk").path("x").asText()).isEqualTo(jwk(mine).getX().toString());
    assertThat(SignedJWT.parse(issued.json().get("token").asText())
        .verify(new com.nimbusds.jose.crypto.ECDSAVerifier((ECPublicKey) node.idp.getPublic())))
        .as("the voting token is signed with the election's credential key").isTrue();

    String forOther = idToken(Keycloak.OTHER_CLIENT, "alice", jwk(mine).computeThumbprint().toString());
    var wrongAudience = credential(mine, forOther);
    assertThat(wrongAudience.status()).as(wrongAudience.json().toString()).isEqualTo(401);
    assertThat(wrongAudience.json().get("error").asText()).isEqualTo("id_token_invalid");

    String otherRealm = idToken(keycloak.issuer("other"), Keycloak.CLIENT, "alice", jwk(mine).computeThumbprint().toString());
    var wrongIssuer = credential(mine, otherRealm);
    assertThat(wrongIssuer.status()).as(wrongIssuer.json().toString()).isEqualTo(401);
    assertThat(wrongIssuer.json().get("error").asText()).isEqualTo("id_token_invalid");
  }

  @Test
  @Order(6)
  @DisplayName("ID tokens forged with another key or not signed at all are refused, whatever they claim")
  void forgedIdTokens() throws Exception {
    KeyPair mine = EcKeys.generate();
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(keycloak.issuer()).audience(Keycloak.CLIENT).subject("x")
        .claim("preferred_username", "alice").claim("nonce", jwk(mine).computeThumbprint().toString())
        .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
    var rsa = new RSAKeyGenerator(2048).keyID(null).generate();
    SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
    forged.sign(new RSASSASigner(rsa));
    var r = credential(mine, forged.serialize());
    assertThat(r.status()).as(r.json().toString()).isEqualTo(401);
    assertThat(r.json().get("error").asText()).isEqualTo("id_token_invalid");
    var plain = credential(mine, new PlainJWT(claims).serialize());
    assertThat(plain.status()).as(plain.json().toString()).isIn(400, 401);
    assertThat(plain.json().get("error").asText()).isIn("id_token_invalid", "malformed_request");
    var garbage = credential(mine, "not.a.jwt");
    assertThat(garbage.status()).isEqualTo(400);
  }

  @Test
  @Order(7)
  @DisplayName("an official records an in-person vote by the voter's provider identity, turned into their pseudonym")
  void inPersonBySignInIdentity() throws Exception {
    Path key = dir.resolve("credential-key-1");
    String[] common = {"--election", node.electionId, "--nodes", node.url(), "--trust", node.certificate().toString(),
        "--officials-key", key.toString()};
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = org.evote.ballotserver.office.ElectionCommand.execute(new PrintWriter(out), new PrintWriter(err),
        Stream.concat(Stream.of("in-person", "chloe", "--signed-in", "--credential-key", key.toString()), Stream.of(common))
            .toArray(String[]::new));
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("in-person vote recorded for chloe (" + node.pseudonym("chloe") + "); online ballots "
        + "no longer counted: 1");
    StringWriter err2 = new StringWriter();
    code = org.evote.ballotserver.office.ElectionCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err2),
        Stream.concat(Stream.of("in-person", "mallory", "--signed-in", "--credential-key", key.toString()), Stream.of(common))
            .toArray(String[]::new));
    assertThat(code).isNotZero();
    assertThat(err2.toString()).contains("not_on_roll");
  }

  @Test
  @Order(8)
  @DisplayName("the record names voters by pseudonym only, and counts the signed-in voters' ballots")
  void record() throws Exception {
    var closed = node.post("/api/elections/" + node.electionId + "/close", "", true);
    assertThat(closed.status()).as(closed.json().toString()).isEqualTo(200);
    var late = credential(EcKeys.generate(), "a.b.c");
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.json().get("error").asText()).isEqualTo("election_closed");
    Map<String, Integer> tally = node.exportAndTally();
    assertThat(tally).as("alice's ballot counts; chloe's was overridden by her in-person vote")
        .containsEntry("contest1-selection2", 1).containsEntry("contest1-selection3", 0).containsEntry("contest1-selection1", 0);
    Path record = Path.of(node.post("/api/elections/" + node.electionId + "/export", "", true).json().get("record").asText());
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(record)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        all.append(Files.readString(f, StandardCharsets.ISO_8859_1));
      }
    }
    assertThat(all).contains(node.pseudonym("alice")).contains(node.pseudonym("chloe"))
        .doesNotContain("\"alice\"").doesNotContain("\"chloe\"").doesNotContain("mallory");
  }
}

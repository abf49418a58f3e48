package org.evote.ballotserver.signin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.evote.ballotserver.auth.Pseudonyms;
import org.evote.ballotserver.auth.SignInConfig;
import org.evote.ballotserver.auth.TokenIssuer;
import org.evote.ballotserver.election.LoadedElection;
import org.evote.ballotserver.node.Reply;
import org.evote.crypto.record.StrictJson;

/**
 * The credential service: it turns a voter's sign-in at the election's OpenID Connect provider
 * into a voting token, the same ES256 token the development identity provider issues, signed with
 * the credential key and binding the voter's own P-256 key ({@code cnf.jwk}).
 *
 * <p>Every OpenID Connect step is the nimbus SDK's: discovery of the provider, the authorization
 * request (code flow with PKCE S256), the code exchange, the ID token's checks (issuer, audience =
 * the election's client id, signature through the provider's JWKS, expiry, nonce). The nonce a
 * device sends to the provider must be the RFC 7638 thumbprint of the key it wants bound: an ID
 * token only ever buys a voting token for the key its own sign-in named, so a token seen by a
 * third party (a log, a proxy) cannot be turned into a vote with another key. The voter's id in
 * the voting token is their {@link Pseudonyms pseudonym}; the roll, not the provider, decides
 * their ballot style, and a voter not on it is refused.
 */
public final class CredentialService {
  private static final Logger LOG = Logger.getLogger(CredentialService.class.getName());
  private static final ObjectMapper JSON = StrictJson.mapper();
  private static final Set<String> BODY_FIELDS = Set.of("voter_key", "code", "code_verifier", "redirect_uri", "id_token");
  /** The signature algorithms accepted on ID tokens: the provider's JWKS decides the key. */
  private static final Set<JWSAlgorithm> ID_TOKEN_ALGS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256);
  private static final int HTTP_TIMEOUT_MS = 5_000;
  private static final Duration METADATA_TTL = Duration.ofMinutes(10);
  /** Values the page passes through to the provider: state, nonce, PKCE challenge. */
  private static final String OPAQUE = "[A-Za-z0-9_-]{16,128}";

  private final KeyPair credentialKey;
  private final TokenIssuer issuer;
  private final Pseudonyms pseudonyms;
  private final Clock clock;
  private final Duration lifetime;
  private final Function<String, LoadedElection> elections;
  private final Function<String, String> statuses;
  private final Predicate<String> redirectAllowed;
  private final Map<String, Provider> providers = new ConcurrentHashMap<>();

  /** A provider's discovered metadata and its keys, kept for {@link #METADATA_TTL}. */
  private record Provider(OIDCProviderMetadata metadata, JWKSource<SecurityContext> keys, Instant fetched) {}

  /**
   * @param credentialKey the key voting tokens are signed with: its public half must be the
   *     election's {@code idp_public_key}
   * @param clock the clock for expiries
   * @param lifetime how long a voting token lasts
   * @param elections an election by id, or null
   * @param statuses an election's state by id ("CREATED", "OPEN", "CLOSED"), or null
   * @param redirectAllowed whether a redirect URI is one of the cluster's voter pages
   */
  public CredentialService(KeyPair credentialKey, Clock clock, Duration lifetime, Function<String, LoadedElection> elections,
      Function<String, String> statuses, Predicate<String> redirectAllowed) {
    this.credentialKey = credentialKey;
    this.issuer = new TokenIssuer(credentialKey, "evote-credential-service");
    this.pseudonyms = Pseudonyms.of(credentialKey.getPrivate());
    this.clock = clock;
    this.lifetime = lifetime;
    this.elections = elections;
    this.statuses = statuses;
    this.redirectAllowed = redirectAllowed;
  }

  /**
   * The provider's authorization URL for the voter page's sign-in (authorization code flow with
   * PKCE): {@code {"authorization_url": …}}. The page made the state, the nonce (its key's
   * thumbprint) and the PKCE challenge; the redirect goes back to a voter page of this cluster.
   *
   * @param locale the page's language, passed on as {@code ui_locales}, or null
   */
  public Reply authorization(String electionId, String redirectUri, String state, String nonce, String codeChallenge,
      String locale) {
    Checked c = check(electionId);
    if (c.refusal != null) {
      return c.refusal;
    }
    if (state == null || !state.matches(OPAQUE) || nonce == null || !nonce.matches(OPAQUE) || codeChallenge == null
        || !codeChallenge.matches(OPAQUE)) {
      return Reply.reject(400, "malformed_request", "state, nonce and code_challenge must be 16-128 base64url characters");
    }
    if (redirectUri == null || !redirectAllowed.test(redirectUri)) {
      return Reply.reject(400, "redirect_not_allowed", "the redirect URI must be the voter page of one of this election's nodes");
    }
    Provider p;
    try {
      p = provider(c.election.signIn());
    } catch (ProviderException e) {
      return e.reply();
    }
    AuthenticationRequest.Builder b = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"),
        new ClientID(c.election.signIn().clientId()), URI.create(redirectUri))
        .endpointURI(p.metadata().getAuthorizationEndpointURI())
        .state(new State(state))
        .nonce(new Nonce(nonce))
        .codeChallenge(challenge(codeChallenge), CodeChallengeMethod.S256);
    if (locale != null && locale.matches("[a-z]{2}(-[A-Z]{2})?")) {
      b.customParameter("ui_locales", locale);
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("authorization_url", b.build().toURI().toString());
    return Reply.ok(200, o.toString());
  }

  /**
   * A voting token for a signed-in voter. The body holds the voter's public key ({@code voter_key},
   * a P-256 JWK) and either the authorization code of the page's sign-in ({@code code},
   * {@code code_verifier}, {@code redirect_uri}), which this service exchanges at the provider, or
   * an ID token the device obtained itself ({@code id_token}, the CLI's device authorization grant).
   */
  public Reply credential(String electionId, byte[] body) {
    Checked c = check(electionId);
    if (c.refusal != null) {
      return c.refusal;
    }
    JsonNode b;
    try {
      b = JSON.readTree(body);
    } catch (IOException e) {
      return Reply.reject(400, "malformed_json", "the request body is not valid JSON");
    }
    if (b == null || !b.isObject()) {
      return Reply.reject(400, "malformed_request", "the request body must be a JSON object");
    }
    for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!BODY_FIELDS.contains(f)) {
        return Reply.reject(400, "malformed_request", "unknown field '" + f + "'; the fields are " + BODY_FIELDS);
      }
    }
    ECKey voterJwk = voterKey(b.get("voter_key"));
    if (voterJwk == null) {
      return Reply.reject(400, "malformed_request", "voter_key must be the voter's P-256 public key as a JWK");
    }
    String thumbprint;
    ECPublicKey voterKey;
    try {
      thumbprint = voterJwk.computeThumbprint().toString();
      voterKey = voterJwk.toECPublicKey();
    } catch (JOSEException e) {
      return Reply.reject(400, "malformed_request", "voter_key is not a point of P-256");
    }
    SignInConfig signIn = c.election.signIn();
    Provider p;
    try {
      p = provider(signIn);
    } catch (ProviderException e) {
      return e.reply();
    }
    JWT idToken;
    try {
      idToken = b.has("id_token") ? JWTParser.parse(text(b, "id_token")) : exchange(p, signIn, b);
    } catch (java.text.ParseException e) {
      return Reply.reject(400, "malformed_request", "id_token is not a JWT");
    } catch (ProviderException e) {
      return e.reply();
    }
    IDTokenClaimsSet claims;
    try {
      IDTokenValidator v = new IDTokenValidator(new Issuer(signIn.issuer()), new ClientID(signIn.clientId()),
          new JWSVerificationKeySelector<>(ID_TOKEN_ALGS, p.keys()), null);
      v.setMaxClockSkew(60);
      claims = v.validate(idToken, new Nonce(thumbprint));
    } catch (BadJOSEException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("nonce")) {
        return Reply.reject(401, "id_token_wrong_key", "the sign-in was made for another device key than voter_key: "
            + "sign in again from this device");
      }
      return Reply.reject(401, "id_token_invalid", "the provider's ID token does not verify: " + m);
    } catch (JOSEException e) {
      return Reply.reject(502, "provider_unreachable", "the provider's signing keys cannot be read now; try again");
    }
    Object value = claims.getClaim(signIn.voterClaim());
    if (!(value instanceof String who) || who.isBlank() || who.length() > 500) {
      return Reply.reject(401, "id_token_no_voter", "the provider's ID token has no '" + signIn.voterClaim()
          + "' claim naming the voter");
    }
    String pseudonym = pseudonyms.pseudonym(electionId, signIn.issuer(), who);
    String style = c.election.roll().get(pseudonym);
    if (style == null) {
      return Reply.reject(403, "not_on_roll", "you signed in as " + who + ", who is not on the electoral roll of this "
          + "election; if you think you should be, contact the election office");
    }
    Instant expiry = clock.instant().plus(lifetime);
    String token = issuer.voterToken(pseudonym, electionId, style, voterKey, expiry);
    ObjectNode o = JSON.createObjectNode();
    o.put("token", token);
    o.put("voter_id", pseudonym);
    o.put("election_id", electionId);
    o.put("ballot_style", style);
    o.put("expires", expiry.toString());
    return Reply.ok(200, o.toString());
  }

  /** The election, if its voters sign in here and this service can sign their tokens. */
  private Checked check(String electionId) {
    LoadedElection e = elections.apply(electionId);
    if (e == null) {
      return new Checked(null, Reply.unknownElection(electionId));
    }
    if (e.signIn() == null) {
      return new Checked(null, Reply.reject(409, "no_sign_in", "the voters of this election use the credentials the "
          + "election office gave them, not a sign-in"));
    }
    if (!e.idpKey().equals(credentialKey.getPublic())) {
      return new Checked(null, Reply.reject(503, "sign_in_unavailable", "this node does not hold this election's "
          + "credential key; try another node"));
    }
    if ("CLOSED".equals(statuses.apply(electionId))) {
      return new Checked(null, Reply.reject(409, "election_closed", "the election is closed"));
    }
    return new Checked(e, null);
  }

  private record Checked(LoadedElection election, Reply refusal) {}

  /** Exchanges the page's authorization code at the provider's token endpoint (with the PKCE verifier). */
  private JWT exchange(Provider p, SignInConfig signIn, JsonNode b) throws ProviderException {
    String code = text(b, "code");
    String verifier = text(b, "code_verifier");
    String redirect = text(b, "redirect_uri");
    if (code == null || code.length() > 4096 || verifier == null || !verifier.matches("[A-Za-z0-9._~-]{43,128}")
        || redirect == null || !redirectAllowed.test(redirect)) {
      throw new ProviderException(Reply.reject(400, "malformed_request", "give id_token, or code, code_verifier "
          + "(43-128 characters) and the redirect_uri of this cluster's voter page"));
    }
    TokenRequest req = new TokenRequest(p.metadata().getTokenEndpointURI(), new ClientID(signIn.clientId()),
        new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(redirect), new CodeVerifier(verifier)));
    TokenResponse resp;
    try {
      var http = req.toHTTPRequest();
      http.setConnectTimeout(HTTP_TIMEOUT_MS);
      http.setReadTimeout(HTTP_TIMEOUT_MS);
      resp = OIDCTokenResponseParser.parse(http.send());
    } catch (IOException | ParseException e) {
      LOG.warning("the sign-in provider's token endpoint did not answer: " + e.getClass().getSimpleName());
      throw new ProviderException(Reply.reject(502, "provider_unreachable", "the sign-in provider did not answer; try again"));
    }
    if (!resp.indicatesSuccess()) {
      ErrorObject err = resp.toErrorResponse().getErrorObject();
      throw new ProviderException(Reply.reject(401, "sign_in_failed", "the sign-in provider refused the sign-in ("
          + err.getCode() + "): sign in again"));
    }
    OIDCTokens tokens = resp.toSuccessResponse().getTokens() instanceof OIDCTokens t ? t : null;
    if (tokens == null || tokens.getIDToken() == null) {
      throw new ProviderException(Reply.reject(502, "provider_no_id_token", "the sign-in provider returned no ID token"));
    }
    return tokens.getIDToken();
  }

  /** The provider's metadata and keys, discovered from its issuer and kept a while. */
  private Provider provider(SignInConfig signIn) throws ProviderException {
    Provider p = providers.get(signIn.issuer());
    if (p != null && p.fetched().plus(METADATA_TTL).isAfter(clock.instant())) {
      return p;
    }
    try {
      OIDCProviderMetadata m = OIDCProviderMetadata.resolve(new Issuer(signIn.issuer()), HTTP_TIMEOUT_MS, HTTP_TIMEOUT_MS);
      URL jwks = m.getJWKSetURI().toURL();
      JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwks).retrying(true).build();
      p = new Provider(m, keys, clock.instant());
      providers.put(signIn.issuer(), p);
      return p;
    } catch (GeneralException | IOException | IllegalArgumentException e) {
      LOG.warning("the sign-in provider " + signIn.issuer() + " cannot be discovered: " + e.getMessage());
      throw new ProviderException(Reply.reject(502, "provider_unreachable", "the sign-in provider cannot be reached now; try again"));
    }
  }

  private static CodeChallenge challenge(String value) {
    try {
      return CodeChallenge.parse(value);
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a PKCE challenge: checked before", e);
    }
  }

  private static ECKey voterKey(JsonNode n) {
    if (n == null || !n.isObject()) {
      return null;
    }
    try {
      ECKey k = ECKey.parse(JSON.writeValueAsString(n));
      return Curve.P_256.equals(k.getCurve()) && !k.isPrivate() ? k : null;
    } catch (java.text.ParseException | IOException | IllegalStateException e) {
      return null;
    }
  }

  private static String text(JsonNode b, String field) {
    JsonNode n = b.get(field);
    return n != null && n.isTextual() ? n.textValue() : null;
  }

  /** A refusal that comes from talking to the provider. */
  private static final class ProviderException extends Exception {
    private final transient Reply reply;

    ProviderException(Reply reply) {
      super(reply.reason(), null, false, false);
      this.reply = reply;
    }

    Reply reply() {
      return reply;
    }
  }

  /** Whether a redirect URI is {@code origin + "/"} for one of these origins. */
  public static boolean isVoterPage(String redirectUri, java.util.Collection<String> origins) {
    try {
      URI u = new URI(redirectUri);
      return u.getQuery() == null && u.getFragment() == null && "/".equals(u.getPath())
          && origins.contains(u.getScheme() + "://" + u.getRawAuthority());
    } catch (URISyntaxException e) {
      return false;
    }
  }
}

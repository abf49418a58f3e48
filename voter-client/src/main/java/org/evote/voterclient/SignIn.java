package org.evote.voterclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
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
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.record.StrictJson;

/**
 * Signs a voter in through the OpenID Connect provider an election names, with the device
 * authorization grant (RFC 8628): the voter opens a URL on any device (a phone, another
 * browser), signs in there, and this command line receives an ID token, which the nodes'
 * credential service turns into a voting token bound to a key made here, in memory, for this
 * run only. The ID token's nonce is the key's JWK thumbprint (RFC 7638), so a token obtained for
 * another device's key is refused; PKCE (S256) binds the polling to this process. The protocol
 * itself is nimbus oauth2-oidc-sdk's.
 */
public final class SignIn {
  private static final ObjectMapper JSON = StrictJson.mapper();
  private static final int HTTP_TIMEOUT_MS = 10_000;
  /** RFC 8628 §3.5: after slow_down the interval grows by 5 seconds. */
  private static final Duration SLOW_DOWN = Duration.ofSeconds(5);

  private SignIn() {}

  /** What an election says about its sign-in (from {@code GET /api/elections/{id}}). */
  public record Provider(String issuer, String clientId, String voterClaim, String name) {
    /** The name voters know the provider by: the election's, else the issuer's host. */
    String displayName() {
      if (name != null && !name.isBlank()) {
        return name;
      }
      String host = URI.create(issuer).getAuthority();
      return host == null ? issuer : host;
    }

    /** The election's provider, or a sentence saying it has none. */
    static Provider of(JsonNode election, String electionId) throws VoterException {
      JsonNode s = election.path("sign_in");
      if (!s.isObject() || !s.path("issuer").isTextual() || !s.path("client_id").isTextual()) {
        throw new VoterException("no_sign_in", "The election " + electionId + " does not use sign-in: use the credentials "
            + "file your election office gave you (--credentials).");
      }
      return new Provider(s.path("issuer").textValue(), s.path("client_id").textValue(), s.path("voter_claim").asText("sub"),
          s.path("name").isTextual() ? s.path("name").textValue() : null);
    }
  }

  /**
   * Signs the voter in and returns credentials held in memory.
   *
   * @param nodes the election's nodes
   * @param electionId the election
   * @param out where to tell the voter which URL to open and which code to check
   * @param clock the clock for the device code's lifetime
   */
  public static Credentials deviceGrant(NodeClient nodes, String electionId, PrintWriter out, Clock clock)
      throws VoterException {
    return deviceGrant(nodes, electionId, (provider, address, userCode, complete) -> {
      out.println("To sign in with " + provider + ", open this address on any device (a phone, a browser) and sign in there:");
      out.println("  " + address);
      out.println("The code it shows must be " + userCode + (complete ? "" : " (type it there)") + ". Waiting for you to sign in...");
      out.flush();
    }, clock);
  }

  /**
   * Where the voter is told which address to open: a person reads it on the screen, and the
   * demo's scripted voters sign in there through the provider's own pages.
   */
  @FunctionalInterface
  public interface Prompt {
    /**
     * @param provider the provider's name as voters know it (the election's, else the issuer's host)
     * @param address the address to open
     * @param userCode the code the provider's page shows (or asks for)
     * @param complete whether the address already carries the code
     */
    void show(String provider, URI address, String userCode, boolean complete) throws VoterException;
  }

  /** Signs the voter in, telling them through {@code prompt} where to go; see {@link #deviceGrant(NodeClient, String, PrintWriter, Clock)}. */
  public static Credentials deviceGrant(NodeClient nodes, String electionId, Prompt prompt, Clock clock)
      throws VoterException {
    if (!electionId.matches("[0-9a-f]{64}")) {
      throw new VoterException("usage", "--election must be an election id (64 lower-case hex digits).");
    }
    JsonNode election = nodes.get("/api/elections/" + electionId, r -> {
      if (r.status() != 200) {
        throw ApiJson.refusal(r);
      }
      return ApiJson.object(r, "election");
    });
    Provider provider = Provider.of(election, electionId);
    KeyPair device = EcKeys.generate();
    ECKey jwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) device.getPublic()).build();
    String nonce;
    try {
      nonce = jwk.computeThumbprint().toString();
    } catch (JOSEException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
    OIDCProviderMetadata metadata = discover(provider);
    URI deviceEndpoint = metadata.getDeviceAuthorizationEndpointURI();
    if (deviceEndpoint == null) {
      throw new VoterException("sign_in_unsupported", "The sign-in provider " + provider.issuer()
          + " does not offer sign-in from another device (no device authorization endpoint); vote on the web page instead.");
    }
    CodeVerifier verifier = new CodeVerifier();
    ClientID client = new ClientID(provider.clientId());
    DeviceAuthorizationRequest request = new DeviceAuthorizationRequest.Builder(client).endpointURI(deviceEndpoint)
        .scope(new Scope("openid"))
        .customParameter("nonce", nonce)
        .customParameter("code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue())
        .customParameter("code_challenge_method", CodeChallengeMethod.S256.getValue())
        .build();
    DeviceAuthorizationSuccessResponse started;
    try {
      var http = request.toHTTPRequest();
      http.setConnectTimeout(HTTP_TIMEOUT_MS);
      http.setReadTimeout(HTTP_TIMEOUT_MS);
      DeviceAuthorizationResponse r = DeviceAuthorizationResponse.parse(http.send());
      if (!r.indicatesSuccess()) {
        throw refused(provider, r.toErrorResponse().getErrorObject());
      }
      started = r.toSuccessResponse();
    } catch (IOException | ParseException e) {
      throw unreachable(provider, e);
    }
    URI complete = started.getVerificationURIComplete();
    prompt.show(provider.displayName(), complete != null ? complete : started.getVerificationURI(),
        started.getUserCode().getValue(), complete != null);
    String idToken = poll(metadata, client, started, verifier, provider, clock);
    return credential(nodes, electionId, device, jwk, idToken);
  }

  private static OIDCProviderMetadata discover(Provider provider) throws VoterException {
    try {
      return OIDCProviderMetadata.resolve(new Issuer(provider.issuer()), HTTP_TIMEOUT_MS, HTTP_TIMEOUT_MS);
    } catch (GeneralException | IOException | IllegalArgumentException e) {
      throw unreachable(provider, e);
    }
  }

  /** Polls the token endpoint at the provider's interval until the voter signs in, refuses or the code expires. */
  private static String poll(OIDCProviderMetadata metadata, ClientID client, DeviceAuthorizationSuccessResponse started,
      CodeVerifier verifier, Provider provider, Clock clock) throws VoterException {
    Duration interval = Duration.ofSeconds(Math.max(1, started.getInterval()));
    Instant deadline = clock.instant().plusSeconds(started.getLifetime() > 0 ? started.getLifetime() : 600);
    TokenRequest request = new TokenRequest.Builder(metadata.getTokenEndpointURI(), client, new DeviceCodeGrant(started.getDeviceCode()))
        .customParameter("code_verifier", verifier.getValue()).build();
    while (clock.instant().isBefore(deadline)) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VoterException("interrupted", "The sign-in was interrupted.");
      }
      TokenResponse r;
      try {
        var http = request.toHTTPRequest();
        http.setConnectTimeout(HTTP_TIMEOUT_MS);
        http.setReadTimeout(HTTP_TIMEOUT_MS);
        r = OIDCTokenResponseParser.parse(http.send());
      } catch (IOException | ParseException e) {
        throw unreachable(provider, e);
      }
      if (r.indicatesSuccess()) {
        if (r.toSuccessResponse().getTokens() instanceof OIDCTokens t && t.getIDToken() != null) {
          return t.getIDToken().serialize();
        }
        throw new VoterException("provider_no_id_token", "The sign-in provider " + provider.issuer() + " gave no ID token.");
      }
      ErrorObject error = r.toErrorResponse().getErrorObject();
      switch (error.getCode() == null ? "" : error.getCode()) {
        case "authorization_pending" -> { }
        case "slow_down" -> interval = interval.plus(SLOW_DOWN);
        case "expired_token" -> throw new VoterException("sign_in_expired",
            "The sign-in code expired before you signed in; run the command again.");
        case "access_denied" -> throw new VoterException("sign_in_denied", "The sign-in was declined at the provider.");
        default -> throw refused(provider, error);
      }
    }
    throw new VoterException("sign_in_expired", "The sign-in code expired before you signed in; run the command again.");
  }

  /** Asks the nodes' credential service for a voting token bound to the device key. */
  private static Credentials credential(NodeClient nodes, String electionId, KeyPair device, ECKey jwk, String idToken)
      throws VoterException {
    ObjectNode body = JSON.createObjectNode();
    try {
      body.set("voter_key", JSON.readTree(jwk.toJSONString()));
    } catch (IOException e) {
      throw new IllegalStateException("a JWK nimbus wrote is not JSON", e);
    }
    body.put("id_token", idToken);
    JsonNode issued = nodes.postJson("/api/elections/" + URLEncoder.encode(electionId, StandardCharsets.UTF_8) + "/credential",
        body.toString().getBytes(StandardCharsets.UTF_8), r -> {
          if (r.status() == 503) {
            throw new VoterException("node_unavailable", "The node " + r.nodeName() + " cannot issue voting tokens now.");
          }
          if (r.status() != 200) {
            throw ApiJson.refusal(r);
          }
          return ApiJson.object(r, "voting token");
        });
    return Credentials.issued(issued, device.getPrivate(), "the credential service's answer");
  }

  private static VoterException refused(Provider provider, ErrorObject error) {
    return new VoterException("sign_in_failed", "The sign-in provider " + provider.issuer() + " refused: "
        + (error.getDescription() != null ? error.getDescription() : error.getCode()) + ".");
  }

  private static VoterException unreachable(Provider provider, Exception e) {
    return new VoterException("provider_unreachable", "The sign-in provider " + provider.issuer() + " cannot be reached: "
        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ".");
  }
}

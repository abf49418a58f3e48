package org.evote.ballotserver.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import java.util.Optional;

/**
 * Checks identity tokens: compact JWS with ES256 from the election's identity provider key,
 * not expired, for this audience. A voter token also names the election and the ballot style it
 * grants, and binds the voter's own P-256 key in {@code cnf.jwk} (RFC 7800). An official's token
 * is one signed request: it names the election, the action ({@link #ACTIONS}) and, for an
 * in-person vote, the voter, and, to publish the results, the SHA-256 of the results it publishes; it
 * goes into the log with the change it asked for.
 */
public final class TokenVerifier {
  /** The audience every evote token carries. */
  public static final String AUDIENCE = "evote";
  private static final long SKEW_SECONDS = 60;

  /** What an official's token may ask for. */
  public static final java.util.Set<String> ACTIONS = java.util.Set.of("create", "open", "close", "in_person", "export", "results");

  /**
   * A verified token's claims.
   *
   * @param subject the voter or official
   * @param role "voter" or "official"
   * @param election the election it is for (always present for voters and officials)
   * @param style a voter's ballot style
   * @param voterKey a voter's bound key
   * @param action an official's action, one of {@link #ACTIONS}
   * @param voter the voter an official's in-person request names
   * @param bodySha256 the SHA-256 (lower-case hex) of the body an official's request for the
   *     results signs ({@code body_sha256}), or null
   */
  public record Claims(String subject, String role, String election, String style, ECPublicKey voterKey, String action,
      String voter, String bodySha256) {}

  /** The outcome: claims, or a machine-readable reason and a sentence. */
  public record Result(Claims claims, String reason, String message) {
    public boolean ok() {
      return claims != null;
    }

    static Result fail(String reason, String message) {
      return new Result(null, reason, message);
    }
  }

  private final JWSVerifier verifier;
  private final Clock clock;
  private final String whose;

  /** A verifier for voters' tokens, signed by the election's identity provider. */
  public TokenVerifier(ECPublicKey idpKey, Clock clock) {
    this(idpKey, clock, "the election's identity provider key");
  }

  /**
   * @param key the key that signs the tokens
   * @param clock the clock for expiry
   * @param whose the key's name in messages, so that an error says which key failed
   */
  public TokenVerifier(ECPublicKey key, Clock clock, String whose) {
    this.verifier = new Es256Verifier(key);
    this.clock = clock;
    this.whose = whose;
  }

  /** Verifies a token; never throws for bad input. */
  public Result verify(String token) {
    return verify(token, true);
  }

  /**
   * Verifies a token that was accepted and logged earlier (a stored request read back from the
   * cluster or a log): everything but its expiry, which was checked when it arrived.
   */
  public Result verifyStored(String token) {
    return verify(token, false);
  }

  private Result verify(String token, boolean checkTime) {
    if (token == null || token.isBlank()) {
      return Result.fail("token_missing", "no identity token was given");
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      return Result.fail("token_malformed", "the identity token is not a signed JWT");
    }
    if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
      return Result.fail("token_forged", "the identity token must be signed with ES256");
    }
    try {
      if (!jwt.verify(verifier)) {
        return Result.fail("token_forged", "the token's signature does not verify with " + whose);
      }
    } catch (JOSEException | IllegalStateException e) {
      return Result.fail("token_forged", "the identity token's signature cannot be checked");
    }
    JWTClaimsSet c;
    try {
      c = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      return Result.fail("token_malformed", "the identity token's claims are malformed");
    }
    Date exp = c.getExpirationTime();
    long now = clock.instant().getEpochSecond();
    if (exp == null) {
      return Result.fail("token_malformed", "the identity token has no expiry");
    }
    if (checkTime && exp.toInstant().getEpochSecond() + SKEW_SECONDS < now) {
      return Result.fail("token_expired", "the identity token expired at " + exp.toInstant());
    }
    if (checkTime && c.getNotBeforeTime() != null && c.getNotBeforeTime().toInstant().getEpochSecond() - SKEW_SECONDS > now) {
      return Result.fail("token_not_yet_valid", "the identity token is not valid yet");
    }
    if (c.getAudience() == null || !c.getAudience().contains(AUDIENCE)) {
      return Result.fail("token_wrong_audience", "the identity token is not for evote");
    }
    String sub = c.getSubject();
    if (sub == null || sub.isBlank() || sub.length() > 200) {
      return Result.fail("token_malformed", "the identity token names no voter");
    }
    String role;
    String election;
    String style;
    String action;
    String voter;
    String bodySha256;
    try {
      role = c.getStringClaim("role");
      election = c.getStringClaim("election");
      style = c.getStringClaim("style");
      action = c.getStringClaim("action");
      voter = c.getStringClaim("voter");
      bodySha256 = c.getStringClaim("body_sha256");
    } catch (ParseException e) {
      return Result.fail("token_malformed", "the token's role, election, style, action, voter or body_sha256 is not a string");
    }
    if (role == null) {
      return Result.fail("token_malformed", "the identity token has no role");
    }
    ECPublicKey voterKey = null;
    Object cnf = c.getClaim("cnf");
    if ("voter".equals(role)) {
      if (!(cnf instanceof Map<?, ?> m) || !(m.get("jwk") instanceof Map<?, ?> jwk)) {
        return Result.fail("token_malformed", "the voter token has no cnf.jwk key binding");
      }
      Optional<ECPublicKey> k = parseJwk(jwk);
      if (k.isEmpty()) {
        return Result.fail("token_malformed", "the voter token's cnf.jwk is not a P-256 public key");
      }
      voterKey = k.get();
      if (election == null || style == null) {
        return Result.fail("token_malformed", "the voter token names no election or ballot style");
      }
    }
    if ("official".equals(role)) {
      if (election == null || action == null || !ACTIONS.contains(action)) {
        return Result.fail("token_not_scoped", "an official's token must name the election and one action of "
            + new java.util.TreeSet<>(ACTIONS));
      }
      if ("in_person".equals(action) && (voter == null || voter.isBlank())) {
        return Result.fail("token_not_scoped", "an official's in-person token must name the voter");
      }
      if ("results".equals(action) && (bodySha256 == null || !bodySha256.matches("[0-9a-f]{64}"))) {
        return Result.fail("token_not_scoped", "an official's request to publish results must sign the results' SHA-256 "
            + "(body_sha256, 64 lower-case hex digits)");
      }
    }
    return new Result(new Claims(sub, role, election, style, voterKey, action, voter, bodySha256), null, null);
  }

  @SuppressWarnings("unchecked")
  private static Optional<ECPublicKey> parseJwk(Map<?, ?> jwk) {
    try {
      ECKey key = ECKey.parse((Map<String, Object>) jwk);
      if (!Curve.P_256.equals(key.getCurve()) || key.isPrivate()) {
        return Optional.empty();
      }
      return Optional.of(key.toECPublicKey());
    } catch (ParseException | JOSEException | ClassCastException e) {
      return Optional.empty();
    }
  }
}

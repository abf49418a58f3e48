package org.evote.ballotserver.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * The development identity provider's token issuer: ES256 JWTs for voters (bound to their key
 * with {@code cnf.jwk}) and officials. A real deployment uses its own identity provider with the
 * same claims; see the README.
 */
public final class TokenIssuer {
  private final ECDSASigner signer;
  private final String issuer;

  public TokenIssuer(KeyPair idpKey, String issuer) {
    try {
      this.signer = new ECDSASigner((ECPrivateKey) idpKey.getPrivate());
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the identity provider key is not a P-256 key", e);
    }
    this.issuer = issuer;
  }

  /** A voter token for one election and ballot style, binding the voter's public key. */
  public String voterToken(String voterId, String electionId, String style, ECPublicKey voterKey, Instant expiry) {
    Map<String, Object> jwk = new ECKey.Builder(Curve.P_256, voterKey).build().toJSONObject();
    JWTClaimsSet claims = base(voterId, expiry)
        .claim("role", "voter")
        .claim("election", electionId)
        .claim("style", style)
        .claim("cnf", Map.of("jwk", jwk))
        .build();
    return sign(claims);
  }

  /**
   * An official's signed request: for one election and one action ({@link TokenVerifier#ACTIONS});
   * an in-person vote also names the voter. It is logged with the change it asks for, so keep its
   * lifetime short.
   *
   * @param voter the voter of an in-person vote, or null
   */
  public String officialToken(String officialId, String electionId, String action, String voter, Instant expiry) {
    return officialToken(officialId, electionId, action, voter, null, expiry);
  }

  /**
   * An official's signed request that also signs the body it comes with: the results it publishes
   * (action "results") are bound to it by their SHA-256.
   *
   * @param bodySha256 the body's SHA-256 in lower-case hex, or null
   */
  public String officialToken(String officialId, String electionId, String action, String voter, String bodySha256,
      Instant expiry) {
    JWTClaimsSet.Builder b = base(officialId, expiry).claim("role", "official").claim("election", electionId)
        .claim("action", action);
    if (voter != null) {
      b.claim("voter", voter);
    }
    if (bodySha256 != null) {
      b.claim("body_sha256", bodySha256);
    }
    return sign(b.build());
  }

  private JWTClaimsSet.Builder base(String subject, Instant expiry) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject(subject)
        .audience(TokenVerifier.AUDIENCE)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(expiry))
        .jwtID(UUID.randomUUID().toString());
  }

  private String sign(JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return jwt.serialize();
  }
}

package org.evote.verifier.extension;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Optional;
import org.evote.crypto.casting.EcKeys;

/**
 * An independent check of compact ES256 JWS tokens with the JDK only, so that the verifier
 * shares no token code with the server that accepted them.
 */
final class Es256Jwt {
  private Es256Jwt() {}

  /** A verified token's claims, or the reason it is not acceptable. */
  record Verified(JsonNode claims, String problem) {}

  static Verified verify(String token, ECPublicKey key) {
    return verify(token, key, "the identity provider's key");
  }

  /** Verifies a token signed by the key named {@code whose} (for the reason given when it does not verify). */
  static Verified verify(String token, ECPublicKey key, String whose) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return new Verified(null, "the token is not a compact JWS");
    }
    try {
      Base64.Decoder d = Base64.getUrlDecoder();
      JsonNode header = EvoteRecord.JSON.readTree(d.decode(parts[0]));
      if (!"ES256".equals(header.path("alg").asText())) {
        return new Verified(null, "the token is not signed with ES256");
      }
      byte[] sig = d.decode(parts[2]);
      byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
      if (!EcKeys.verify(key, signed, sig)) {
        return new Verified(null, "the token's signature does not verify with " + whose);
      }
      return new Verified(EvoteRecord.JSON.readTree(d.decode(parts[1])), null);
    } catch (java.io.IOException | IllegalArgumentException e) {
      return new Verified(null, "the token is malformed");
    }
  }

  /** The P-256 public key of a JWK ({@code kty EC, crv P-256, x, y}), if it is one. */
  static Optional<ECPublicKey> jwk(JsonNode jwk) {
    if (jwk == null || !"EC".equals(jwk.path("kty").asText()) || !"P-256".equals(jwk.path("crv").asText())
        || jwk.has("d")) {
      return Optional.empty();
    }
    try {
      Base64.Decoder d = Base64.getUrlDecoder();
      BigInteger x = new BigInteger(1, d.decode(jwk.path("x").asText()));
      BigInteger y = new BigInteger(1, d.decode(jwk.path("y").asText()));
      AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
      ap.init(new ECGenParameterSpec("secp256r1"));
      ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
      return Optional.of((ECPublicKey) KeyFactory.getInstance("EC")
          .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec)));
    } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}

package org.evote.ballotserver.auth;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Voters' pseudonyms: the id a voter has in the record is
 * {@code "v-" + hex(HMAC-SHA256(k, election id | issuer | claim value))[0..32]}, 128 bits, where
 * {@code k} is derived from the credential key (the P-256 key that signs voting tokens, held by the
 * election office and the credential service): {@code k = HMAC-SHA256(S, "evote/pseudonym-key/v1")}
 * with S the key's 32-byte secret scalar. The record then shows one counted ballot per pseudonym
 * without naming citizens; the pseudonyms of one person differ from election to election; only a
 * holder of the credential key can tell whose a pseudonym is.
 */
public final class Pseudonyms {
  private static final byte[] LABEL = "evote/pseudonym-key/v1".getBytes(StandardCharsets.US_ASCII);
  /** A pseudonym as it appears in tokens, the roll and the record. */
  public static final String PATTERN = "v-[0-9a-f]{32}";

  private final SecretKeySpec key;

  private Pseudonyms(byte[] key) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
    Arrays.fill(key, (byte) 0);
  }

  /** The pseudonyms made under this credential key. */
  public static Pseudonyms of(PrivateKey credentialKey) {
    if (!(credentialKey instanceof ECPrivateKey ec)) {
      throw new IllegalArgumentException("the credential key is not a P-256 private key");
    }
    byte[] s = toFixed(ec.getS());
    try {
      return new Pseudonyms(hmac(s, LABEL));
    } finally {
      Arrays.fill(s, (byte) 0);
    }
  }

  /** The pseudonym of the voter whose provider names them {@code claimValue}, in one election. */
  public String pseudonym(String electionId, String issuer, String claimValue) {
    String input = electionId + "|" + issuer + "|" + claimValue;
    byte[] mac = hmac(key.getEncoded(), input.getBytes(StandardCharsets.UTF_8));
    return "v-" + HexFormat.of().formatHex(mac, 0, 16);
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is missing from this JDK", e);
    }
  }

  private static byte[] toFixed(BigInteger s) {
    byte[] b = s.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(32, b.length);
    System.arraycopy(b, b.length - n, out, 32 - n, n);
    Arrays.fill(b, (byte) 0);
    return out;
  }
}

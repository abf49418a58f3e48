package org.evote.crypto.group.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * hash_to_field of RFC 9380 §5.2 with expand_message_xmd over SHA-256 (§5.3.1), for m = 1 and
 * count = 1. egk-ec maps every P-256 hash output to a scalar this way, with the DST below and
 * k = 128 bits, so L = 48 bytes, then reduces mod the group order.
 */
final class Rfc9380 {
  private static final byte[] DST =
      "QUUX-V01-CS02-with-P256_XMD:SHA-256_SSWU_RO_".getBytes(StandardCharsets.US_ASCII);
  private static final int B_IN_BYTES = 32;
  private static final int S_IN_BYTES = 64;
  private static final int LEN_IN_BYTES = 48;

  private Rfc9380() {}

  /** OS2IP(expand_message_xmd(msg, DST, 48)) mod n. */
  static BigInteger hashToField(byte[] msg, BigInteger n) {
    return new BigInteger(1, expandMessageXmd(msg)).mod(n);
  }

  static byte[] expandMessageXmd(byte[] msg) {
    MessageDigest sha = sha256();
    int ell = (LEN_IN_BYTES + B_IN_BYTES - 1) / B_IN_BYTES;
    byte[] dstPrime = new byte[DST.length + 1];
    System.arraycopy(DST, 0, dstPrime, 0, DST.length);
    dstPrime[DST.length] = (byte) DST.length;
    // b_0 = H(Z_pad || msg || l_i_b_str || I2OSP(0, 1) || DST_prime)
    sha.update(new byte[S_IN_BYTES]);
    sha.update(msg);
    sha.update(new byte[] {(byte) (LEN_IN_BYTES >>> 8), (byte) LEN_IN_BYTES, 0});
    sha.update(dstPrime);
    byte[] b0 = sha.digest();
    byte[] out = new byte[ell * B_IN_BYTES];
    // b_1 = H(b_0 || I2OSP(1, 1) || DST_prime)
    sha.update(b0);
    sha.update((byte) 1);
    sha.update(dstPrime);
    byte[] prev = sha.digest();
    System.arraycopy(prev, 0, out, 0, B_IN_BYTES);
    for (int i = 2; i <= ell; i++) {
      byte[] x = new byte[B_IN_BYTES];
      for (int k = 0; k < B_IN_BYTES; k++) {
        x[k] = (byte) (b0[k] ^ prev[k]);
      }
      sha.update(x);
      sha.update((byte) i);
      sha.update(dstPrime);
      prev = sha.digest();
      System.arraycopy(prev, 0, out, (i - 1) * B_IN_BYTES, B_IN_BYTES);
    }
    byte[] result = new byte[LEN_IN_BYTES];
    System.arraycopy(out, 0, result, 0, LEN_IN_BYTES);
    return result;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}

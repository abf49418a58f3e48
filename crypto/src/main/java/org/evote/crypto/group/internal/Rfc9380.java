package org.evote.crypto.group.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

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
    return new BigInteger(1, expandMessageXmd(msg, DST, LEN_IN_BYTES)).mod(n);
  }

  /**
   * expand_message_xmd(msg, DST, len_in_bytes) of RFC 9380 §5.3.1 with H = SHA-256 (b_in_bytes =
   * 32, s_in_bytes = 64). Its running time depends on the lengths only, never on the bytes.
   *
   * @param msg the message, any length
   * @param dst the domain separation tag, 1 to 255 bytes (§5.3.3's long-DST reduction is not needed)
   * @param lenInBytes the output length, 1 to 255·32 bytes
   */
  static byte[] expandMessageXmd(byte[] msg, byte[] dst, int lenInBytes) {
    if (dst.length == 0 || dst.length > 255) {
      throw new IllegalArgumentException("DST must be 1 to 255 bytes, got " + dst.length);
    }
    int ell = (lenInBytes + B_IN_BYTES - 1) / B_IN_BYTES;
    if (lenInBytes <= 0 || ell > 255) {
      throw new IllegalArgumentException("len_in_bytes must be 1 to " + 255 * B_IN_BYTES + ", got " + lenInBytes);
    }
    MessageDigest sha = sha256();
    // DST_prime = DST || I2OSP(len(DST), 1)
    byte[] dstPrime = new byte[dst.length + 1];
    System.arraycopy(dst, 0, dstPrime, 0, dst.length);
    dstPrime[dst.length] = (byte) dst.length;
    // b_0 = H(Z_pad || msg || l_i_b_str || I2OSP(0, 1) || DST_prime)
    sha.update(new byte[S_IN_BYTES]);
    sha.update(msg);
    sha.update(new byte[] {(byte) (lenInBytes >>> 8), (byte) lenInBytes, 0});
    sha.update(dstPrime);
    byte[] b0 = sha.digest();
    byte[] uniform = new byte[ell * B_IN_BYTES];
    // b_1 = H(b_0 || I2OSP(1, 1) || DST_prime)
    sha.update(b0);
    sha.update((byte) 1);
    sha.update(dstPrime);
    byte[] prev = sha.digest();
    System.arraycopy(prev, 0, uniform, 0, B_IN_BYTES);
    // b_i = H(strxor(b_0, b_(i - 1)) || I2OSP(i, 1) || DST_prime)
    for (int i = 2; i <= ell; i++) {
      byte[] x = new byte[B_IN_BYTES];
      for (int k = 0; k < B_IN_BYTES; k++) {
        x[k] = (byte) (b0[k] ^ prev[k]);
      }
      sha.update(x);
      sha.update((byte) i);
      sha.update(dstPrime);
      prev = sha.digest();
      System.arraycopy(prev, 0, uniform, (i - 1) * B_IN_BYTES, B_IN_BYTES);
    }
    return Arrays.copyOf(uniform, lenInBytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}

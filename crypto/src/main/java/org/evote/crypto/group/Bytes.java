package org.evote.crypto.group;

import java.math.BigInteger;

/** Fixed-width big-endian integer encodings, b(a, m) of spec §5.1 eq. 98. */
public final class Bytes {
  private Bytes() {}

  /**
   * b(a, m): the m-byte big-endian encoding of 0 &le; a &lt; 2^(8m).
   *
   * @throws IllegalArgumentException if a is negative or does not fit
   */
  public static byte[] fixedWidth(BigInteger a, int m) {
    if (a.signum() < 0) {
      throw new IllegalArgumentException("cannot encode a negative integer");
    }
    byte[] raw = a.toByteArray();
    int start = (raw.length > 1 && raw[0] == 0) ? 1 : 0;
    int len = raw.length - start;
    if (len > m) {
      throw new IllegalArgumentException("integer needs " + len + " bytes, more than " + m);
    }
    byte[] out = new byte[m];
    System.arraycopy(raw, start, out, m - len, len);
    return out;
  }

  /** b(n, 4) for 0 &le; n &lt; 2^31 (spec §5.1.3). */
  public static byte[] int32(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("small integers must be non-negative, got " + n);
    }
    return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
  }
}

package org.evote.crypto.group.internal;

import java.math.BigInteger;

/**
 * x^e mod p for a secret exponent e in an integer group, with a fixed sequence of operations and
 * masked table selection: the best this code can do on {@link BigInteger}, which is not a
 * constant-time library.
 *
 * <p>The method: since x^q = 1 for every element of the group, x^e = x^(e + m·q). The exponent
 * e + m·q - C, with C = Σ 16^i over n windows and m the least multiple that keeps it
 * non-negative, is written in n base-16 digits; adding 1 to each gives digits d_i in 1..16 with
 * x^e = Π x^(d_i·16^i). There is no zero digit, so every window is four squarings and one
 * multiplication by a table entry x^1 .. x^16 that is never 1 (BigInteger multiplies by 1 faster
 * than by a full-size number). The entry is chosen by reading all sixteen, as fixed-length word
 * arrays, and combining them with masks; its index never addresses memory.
 *
 * <p>What remains variable-time, and is not fixed here: {@link BigInteger#multiply} and {@link
 * BigInteger#mod} themselves. Their cost depends on the length of their operands' magnitudes
 * (whether leading 32-bit words are zero, about 2^-32 per value) and, in the long division of
 * {@code mod}, on rare quotient-digit corrections that depend on the values. These are much
 * weaker signals than the per-bit pattern of {@link BigInteger#modPow}'s sliding window, but the
 * integer group is not constant-time in the sense that the P-256 path is (see {@link
 * P256ConstantTime}).
 */
final class IntegerConstantTime {
  private IntegerConstantTime() {}

  /** The window width in bits. */
  static final int WIDTH = 4;

  /**
   * x^e mod p for an element x of the order-q subgroup and 0 ≤ e &lt; q.
   *
   * @param x an element of the group (x^q = 1 mod p)
   * @param e the secret exponent, 0 ≤ e &lt; q
   */
  static BigInteger modPow(BigInteger x, BigInteger e, BigInteger p, BigInteger q) {
    Recoding r = recoding(q);
    BigInteger shifted = e.add(r.multipleOfQ).subtract(r.ones); // in [0, 16^n)
    int[] digits = digits(shifted, r.windows);
    int words = (p.bitLength() + 31) / 32;
    int[][] table = new int[16][];
    BigInteger power = x;
    for (int j = 0; j < 16; j++) { // x^1 .. x^16: public operations on x
      table[j] = words(power, words);
      power = power.multiply(x).mod(p);
    }
    int[] selected = new int[words];
    select(table, digits[r.windows - 1], selected);
    BigInteger acc = fromWords(selected);
    for (int i = r.windows - 2; i >= 0; i--) {
      for (int s = 0; s < WIDTH; s++) {
        acc = acc.multiply(acc).mod(p);
      }
      select(table, digits[i], selected);
      acc = acc.multiply(fromWords(selected)).mod(p);
    }
    return acc;
  }

  /** n, m·q and C = Σ_{i&lt;n} 16^i for a group order q, all public. */
  record Recoding(int windows, BigInteger multipleOfQ, BigInteger ones) {}

  static Recoding recoding(BigInteger q) {
    int bits = q.bitLength() + 2; // 16^n ≥ 4q
    int windows = (bits + WIDTH - 1) / WIDTH;
    BigInteger ones = BigInteger.ONE.shiftLeft(WIDTH * windows).subtract(BigInteger.ONE)
        .divide(BigInteger.valueOf((1 << WIDTH) - 1));
    BigInteger m = ones.add(q).subtract(BigInteger.ONE).divide(q); // ⌈C/q⌉
    return new Recoding(windows, m.multiply(q), ones);
  }

  /** The n digits of v in base 16, each plus 1 (so 1..16), least significant first. */
  private static int[] digits(BigInteger v, int windows) {
    byte[] bytes = new byte[(windows + 1) / 2 + 1];
    byte[] raw = v.toByteArray();
    // raw has at most bytes.length bytes (a sign byte included); copy right-aligned
    int from = Math.max(0, raw.length - bytes.length);
    System.arraycopy(raw, from, bytes, bytes.length - (raw.length - from), raw.length - from);
    int[] d = new int[windows];
    for (int i = 0; i < windows; i++) {
      int b = bytes[bytes.length - 1 - (i >>> 1)] & 0xff;
      d[i] = ((b >>> ((i & 1) << 2)) & 0xf) + 1;
    }
    return d;
  }

  /** out := table[digit - 1], reading every entry and keeping one by mask. */
  private static void select(int[][] table, int digit, int[] out) {
    java.util.Arrays.fill(out, 0);
    int index = digit - 1;
    for (int k = 0; k < table.length; k++) {
      int diff = k ^ index;
      int mask = ((diff | -diff) >>> 31) - 1; // all ones iff k == index
      int[] e = table[k];
      for (int w = 0; w < out.length; w++) {
        out[w] |= e[w] & mask;
      }
    }
  }

  /** The value (0 ≤ v &lt; 2^(32·words)) as big-endian 32-bit words, exactly {@code words} of them. */
  private static int[] words(BigInteger v, int words) {
    byte[] raw = v.toByteArray();
    byte[] bytes = new byte[4 * words];
    int n = Math.min(raw.length, bytes.length);
    System.arraycopy(raw, raw.length - n, bytes, bytes.length - n, n);
    int[] out = new int[words];
    for (int w = 0; w < words; w++) {
      out[w] = ((bytes[4 * w] & 0xff) << 24) | ((bytes[4 * w + 1] & 0xff) << 16)
          | ((bytes[4 * w + 2] & 0xff) << 8) | (bytes[4 * w + 3] & 0xff);
    }
    return out;
  }

  private static BigInteger fromWords(int[] words) {
    byte[] bytes = new byte[4 * words.length];
    for (int w = 0; w < words.length; w++) {
      bytes[4 * w] = (byte) (words[w] >>> 24);
      bytes[4 * w + 1] = (byte) (words[w] >>> 16);
      bytes[4 * w + 2] = (byte) (words[w] >>> 8);
      bytes[4 * w + 3] = (byte) words[w];
    }
    return new BigInteger(1, bytes);
  }
}

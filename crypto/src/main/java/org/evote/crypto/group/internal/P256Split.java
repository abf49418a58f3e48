package org.evote.crypto.group.internal;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.WNafUtil;

/**
 * A base P prepared for double-base multiplications with 64 doublings instead of 256: P is split
 * into P_k = 2^(64k)·P for k = 0..3, so that x·P = Σ x_k·P_k with the 64-bit digits x_k of x, and
 * each P_k gets a table of its odd multiples for width-w NAF digits, in affine coordinates (one
 * field inversion for the whole table).
 *
 * <p>Making the split costs 192 doublings, so it pays when P is raised to two or more powers: a
 * range proof's pad α and data β each carry R + 1 of them (spec eq. 5.1, 5.2), and the fixed
 * bases g and K carry one in every proof, with their splits kept for the whole election.
 */
final class P256Split {
  static final int PARTS = 4;
  static final int PART_BITS = 64;
  private static final BigInteger PART_MASK = BigInteger.ONE.shiftLeft(PART_BITS).subtract(BigInteger.ONE);

  final int width;
  /** [part][i] = (2i + 1)·P_part, and its negation. */
  private final ECPoint[][] positive;
  private final ECPoint[][] negative;

  private P256Split(int width, ECPoint[][] positive, ECPoint[][] negative) {
    this.width = width;
    this.positive = positive;
    this.negative = negative;
  }

  /** Prepares a finite point with tables for width-{@code width} NAF digits (2 ≤ width ≤ 8, as Bouncy Castle makes them). */
  static P256Split of(ECCurve curve, ECPoint p, int width) {
    if (width < 2 || width > 8) {
      throw new IllegalArgumentException("window width must be 2..8, got " + width);
    }
    if (p.isInfinity()) {
      throw new IllegalArgumentException("the point at infinity cannot be split");
    }
    int n = 1 << (width - 2);
    ECPoint[] all = new ECPoint[PARTS * n];
    ECPoint base = p;
    for (int part = 0; part < PARTS; part++) {
      if (part > 0) {
        base = base.timesPow2(PART_BITS);
      }
      all[part * n] = base;
      if (n > 1) {
        ECPoint twice = base.twice();
        for (int i = 1; i < n; i++) {
          all[part * n + i] = all[part * n + i - 1].add(twice);
        }
      }
    }
    curve.normalizeAll(all);
    ECPoint[][] pos = new ECPoint[PARTS][n];
    ECPoint[][] neg = new ECPoint[PARTS][n];
    for (int part = 0; part < PARTS; part++) {
      for (int i = 0; i < n; i++) {
        pos[part][i] = all[part * n + i];
        neg[part][i] = all[part * n + i].negate();
      }
    }
    return new P256Split(width, pos, neg);
  }

  /** The NAF digits of the four 64-bit parts of a scalar 0 ≤ x &lt; 2^256. */
  byte[][] digits(BigInteger x) {
    byte[][] d = new byte[PARTS][];
    for (int part = 0; part < PARTS; part++) {
      d[part] = WNafUtil.generateWindowNaf(width, x.shiftRight(part * PART_BITS).and(PART_MASK));
    }
    return d;
  }

  /**
   * x·A + y·B (written a^x · b^y in the spec's notation) by one interleaved pass over 65 bit
   * positions, sharing its doublings between the eight parts.
   */
  static ECPoint sumOfTwoMultiplies(ECCurve curve, P256Split a, BigInteger x, P256Split b, BigInteger y) {
    byte[][] da = a.digits(x);
    byte[][] db = b.digits(y);
    int top = 0;
    for (int part = 0; part < PARTS; part++) {
      top = Math.max(top, Math.max(da[part].length, db[part].length));
    }
    ECPoint r = curve.getInfinity();
    for (int i = top - 1; i >= 0; i--) {
      r = r.twice();
      r = addDigits(r, a, da, i);
      r = addDigits(r, b, db, i);
    }
    return r;
  }

  private static ECPoint addDigits(ECPoint r, P256Split s, byte[][] digits, int i) {
    for (int part = 0; part < PARTS; part++) {
      byte[] d = digits[part];
      if (i < d.length && d[i] != 0) {
        int v = d[i];
        r = r.add(v > 0 ? s.positive[part][v >>> 1] : s.negative[part][(-v) >>> 1]);
      }
    }
    return r;
  }
}

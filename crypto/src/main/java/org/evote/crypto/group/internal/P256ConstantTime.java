package org.evote.crypto.group.internal;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;

/**
 * P-256 scalar multiplication for secret scalars, constant-time by construction: encryption
 * nonces, polynomial coefficients, key shares and proof commitments. Public values use the fast
 * variable-time paths of {@link P256FixedBase} and Bouncy Castle instead.
 *
 * <p>What makes it constant-time:
 *
 * <ul>
 *   <li>Its own field arithmetic mod p in Montgomery form on four 64-bit limbs: every addition,
 *       subtraction and multiplication runs the same instructions whatever the operands, and ends
 *       with a masked (not branched) conditional subtraction. Bouncy Castle's {@code
 *       SecP256R1Field} is not used here, since its reductions branch on carries.
 *   <li>Complete projective addition and doubling formulas for a = -3 (Renes, Costello and
 *       Batina, "Complete addition formulas for prime order elliptic curves", 2016, Algorithms 4
 *       and 6): no case distinction for the point at infinity, for P = Q or for P = -Q.
 *   <li>Fixed 4-bit windows: the scalar's digits are read at fixed positions; each window costs
 *       the same doublings and one addition, also for the digit 0 (which adds the identity); the
 *       table entry is selected by reading every entry and combining with masks, so the memory
 *       access pattern does not depend on the digit.
 *   <li>Inversion by Fermat's little theorem, x^(p-2), whose exponent is public.
 * </ul>
 *
 * <p>What it does not cover: the conversion of the scalar from its {@link BigInteger} to limbs
 * (BigInteger's cost depends on the magnitude's length, that is on whether the leading 32-bit words
 * are zero), the JIT's freedom to compile the code differently (the Java language promises no
 * instruction timing), and the final conversion of the result, which is public. Points are in
 * projective coordinates (X : Y : Z) with x = X/Z, y = Y/Z; the identity is (0 : 1 : 0).
 *
 * <p>An instance holds scratch space and serves one thread for one computation or batch.
 */
final class P256ConstantTime {
  /** The window width of the secret-exponent paths. */
  static final int WIDTH = 4;
  /** The number of table entries per window, the identity included. */
  static final int ENTRIES = 1 << WIDTH;
  /** The number of windows of a 256-bit scalar. */
  static final int WINDOWS = 256 / WIDTH;

  private static final BigInteger P_INT =
      new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
  private static final BigInteger B_INT =
      new BigInteger("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16);
  private static final long[] P = limbs(P_INT);
  private static final long P1 = P[1];
  private static final long P3 = P[3];
  /** R² mod p with R = 2^256, to enter Montgomery form. */
  private static final long[] R2 = limbs(BigInteger.ONE.shiftLeft(512).mod(P_INT));
  /** p - 2, the exponent of the inversion. */
  private static final long[] P_MINUS_2 = limbs(P_INT.subtract(BigInteger.TWO));

  /** A point (X : Y : Z) in projective coordinates, field elements in Montgomery form. Mutable. */
  static final class Point {
    final long[] x = new long[4];
    final long[] y = new long[4];
    final long[] z = new long[4];

    void set(Point o) {
      set(o.x, o.y, o.z);
    }

    void set(long[] ox, long[] oy, long[] oz) {
      System.arraycopy(ox, 0, x, 0, 4);
      System.arraycopy(oy, 0, y, 0, 4);
      System.arraycopy(oz, 0, z, 0, 4);
    }
  }

  private final long[] one = new long[4];
  private final long[] b = new long[4];
  private final long[] t = new long[6];
  private final long[] t0 = new long[4];
  private final long[] t1 = new long[4];
  private final long[] t2 = new long[4];
  private final long[] t3 = new long[4];
  private final long[] t4 = new long[4];
  private final long[] x3 = new long[4];
  private final long[] y3 = new long[4];
  private final long[] z3 = new long[4];

  P256ConstantTime() {
    toMontgomery(limbs(BigInteger.ONE), one);
    toMontgomery(limbs(B_INT), b);
  }

  // ---------------------------------------------------------------- field arithmetic mod p

  /** Four 64-bit limbs, least significant first, of 0 ≤ v &lt; 2^256. */
  static long[] limbs(BigInteger v) {
    long[] l = new long[4];
    for (int i = 0; i < 4; i++) {
      l[i] = v.shiftRight(64 * i).longValue();
    }
    return l;
  }

  static BigInteger toBigInteger(long[] l) {
    byte[] bytes = new byte[32];
    for (int i = 0; i < 4; i++) {
      long v = l[3 - i];
      for (int j = 0; j < 8; j++) {
        bytes[8 * i + j] = (byte) (v >>> (56 - 8 * j));
      }
    }
    return new BigInteger(1, bytes);
  }

  /** The carry out of s = a + b (mod 2^64), as 0 or 1, without a branch. */
  private static long carry(long a, long b, long s) {
    return ((a & b) | ((a | b) & ~s)) >>> 63;
  }

  /** The borrow out of d = a - b (mod 2^64), as 0 or 1, without a branch. */
  private static long borrow(long a, long b, long d) {
    return ((~a & b) | (~(a ^ b) & d)) >>> 63;
  }

  /**
   * z := a·b·R^-1 mod p: Montgomery multiplication (CIOS), one round per word of b, with the reduction
   * specialised to p = 2^256 - 2^224 + 2^192 + 2^96 - 1 (-p^-1 mod 2^64 = 1, p_0 = 2^64 - 1,
   * p_2 = 0). z may alias a or b.
   */
  void mul(long[] a, long[] bb, long[] z) {
    final long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
    long t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5;
    long bi, lo, hi, s, u, c, m;
    for (int i = 0; i < 4; i++) { // word i of b; the JIT unrolls the four rounds
      bi = bb[i];
      lo = a0 * bi;
      hi = Math.unsignedMultiplyHigh(a0, bi);
      s = t0 + lo;
      hi += carry(t0, lo, s);
      t0 = s;
      c = hi;
      lo = a1 * bi;
      hi = Math.unsignedMultiplyHigh(a1, bi);
      s = t1 + lo;
      hi += carry(t1, lo, s);
      u = s + c;
      hi += carry(s, c, u);
      t1 = u;
      c = hi;
      lo = a2 * bi;
      hi = Math.unsignedMultiplyHigh(a2, bi);
      s = t2 + lo;
      hi += carry(t2, lo, s);
      u = s + c;
      hi += carry(s, c, u);
      t2 = u;
      c = hi;
      lo = a3 * bi;
      hi = Math.unsignedMultiplyHigh(a3, bi);
      s = t3 + lo;
      hi += carry(t3, lo, s);
      u = s + c;
      hi += carry(s, c, u);
      t3 = u;
      c = hi;
      s = t4 + c;
      t5 = carry(t4, c, s);
      t4 = s;
      // t := (t + m·p) / 2^64 with m = t0; t0 + m·p_0 leaves 0 and carries exactly m
      m = t0;
      c = m;
      lo = m * P1;
      hi = Math.unsignedMultiplyHigh(m, P1);
      s = t1 + lo;
      hi += carry(t1, lo, s);
      u = s + c;
      hi += carry(s, c, u);
      t0 = u;
      c = hi;
      u = t2 + c; // p_2 = 0
      c = carry(t2, c, u);
      t1 = u;
      lo = m * P3;
      hi = Math.unsignedMultiplyHigh(m, P3);
      s = t3 + lo;
      hi += carry(t3, lo, s);
      u = s + c;
      hi += carry(s, c, u);
      t2 = u;
      c = hi;
      s = t4 + c;
      t3 = s;
      t4 = t5 + carry(t4, c, s);
    }
    reduceOnce(t0, t1, t2, t3, t4, z);
  }

  /** z := t mod p for t = t[0..4] &lt; 2p, by a masked subtraction. */
  private static void reduceOnce(long[] t, long[] z) {
    reduceOnce(t[0], t[1], t[2], t[3], t[4], z);
  }

  /** z := t mod p for t = (t0 .. t4) &lt; 2p, by a masked subtraction. */
  private static void reduceOnce(long t0, long t1, long t2, long t3, long t4, long[] z) {
    long d0 = t0 - P[0];
    long bw = borrow(t0, P[0], d0);
    long e1 = t1 - P1;
    long b1 = borrow(t1, P1, e1);
    long d1 = e1 - bw;
    bw = b1 | borrow(e1, bw, d1);
    long d2 = t2 - bw; // p_2 = 0
    bw = borrow(t2, bw, d2);
    long e3 = t3 - P3;
    long b3 = borrow(t3, P3, e3);
    long d3 = e3 - bw;
    bw = b3 | borrow(e3, bw, d3);
    long useDifference = -(t4 | (bw ^ 1)); // t ≥ p: all ones
    z[0] = (d0 & useDifference) | (t0 & ~useDifference);
    z[1] = (d1 & useDifference) | (t1 & ~useDifference);
    z[2] = (d2 & useDifference) | (t2 & ~useDifference);
    z[3] = (d3 & useDifference) | (t3 & ~useDifference);
  }

  /** z := a + b mod p. */
  void add(long[] a, long[] bb, long[] z) {
    long[] t = this.t;
    long c = 0;
    for (int i = 0; i < 4; i++) {
      long s = a[i] + bb[i];
      long c1 = carry(a[i], bb[i], s);
      long s2 = s + c;
      c = c1 | carry(s, c, s2);
      t[i] = s2;
    }
    t[4] = c;
    reduceOnce(t, z);
  }

  /** z := a - b mod p. */
  void sub(long[] a, long[] bb, long[] z) {
    long bw = 0;
    long[] d = this.t;
    for (int i = 0; i < 4; i++) {
      long e = a[i] - bb[i];
      long b1 = borrow(a[i], bb[i], e);
      long e2 = e - bw;
      bw = b1 | borrow(e, bw, e2);
      d[i] = e2;
    }
    long mask = -bw;
    long c = 0;
    for (int i = 0; i < 4; i++) {
      long pi = P[i] & mask;
      long s = d[i] + pi;
      long c1 = carry(d[i], pi, s);
      long s2 = s + c;
      c = c1 | carry(s, c, s2);
      z[i] = s2;
    }
  }

  void toMontgomery(long[] a, long[] z) {
    mul(a, R2, z);
  }

  void fromMontgomery(long[] a, long[] z) {
    mul(a, new long[] {1, 0, 0, 0}, z);
  }

  /** z := a^-1 = a^(p-2) (0 for 0); the exponent is public, so its bits may steer the loop. */
  void invert(long[] a, long[] z) {
    long[] acc = one.clone();
    for (int i = 255; i >= 0; i--) {
      mul(acc, acc, acc);
      if (((P_MINUS_2[i >>> 6] >>> (i & 63)) & 1) != 0) {
        mul(acc, a, acc);
      }
    }
    System.arraycopy(acc, 0, z, 0, 4);
  }

  /** Whether a is zero, as all ones or 0. */
  static long isZeroMask(long[] a) {
    long v = a[0] | a[1] | a[2] | a[3];
    return ((v | -v) >>> 63) - 1;
  }

  /** z := mask ? a : z, for mask all ones or 0. */
  static void select(long mask, long[] a, long[] z) {
    for (int i = 0; i < 4; i++) {
      z[i] = (a[i] & mask) | (z[i] & ~mask);
    }
  }

  // ---------------------------------------------------------------- points

  /** The identity (0 : 1 : 0). */
  Point identity() {
    Point p = new Point();
    System.arraycopy(one, 0, p.y, 0, 4);
    return p;
  }

  /** A public Bouncy Castle point in projective coordinates with Z = 1 (or the identity). */
  Point fromPoint(ECPoint point) {
    if (point.isInfinity()) {
      return identity();
    }
    ECPoint n = point.normalize();
    Point p = new Point();
    toMontgomery(limbs(n.getAffineXCoord().toBigInteger()), p.x);
    toMontgomery(limbs(n.getAffineYCoord().toBigInteger()), p.y);
    System.arraycopy(one, 0, p.z, 0, 4);
    return p;
  }

  /** r := p + q, complete (RCB 2016, Algorithm 4). r may alias p or q. */
  void add(Point p, Point q, Point r) {
    mul(p.x, q.x, t0); // t0 = X1·X2
    mul(p.y, q.y, t1); // t1 = Y1·Y2
    mul(p.z, q.z, t2); // t2 = Z1·Z2
    add(p.x, p.y, t3);
    add(q.x, q.y, t4);
    mul(t3, t4, t3);
    add(t0, t1, t4);
    sub(t3, t4, t3); // t3 = X1Y2 + X2Y1
    add(p.y, p.z, t4);
    add(q.y, q.z, x3);
    mul(t4, x3, t4);
    add(t1, t2, x3);
    sub(t4, x3, t4); // t4 = Y1Z2 + Y2Z1
    add(p.x, p.z, x3);
    add(q.x, q.z, y3);
    mul(x3, y3, x3);
    add(t0, t2, y3);
    sub(x3, y3, y3); // y3 = X1Z2 + X2Z1
    mul(b, t2, z3);
    sub(y3, z3, x3);
    add(x3, x3, z3);
    add(x3, z3, x3);
    sub(t1, x3, z3);
    add(t1, x3, x3);
    mul(b, y3, y3);
    add(t2, t2, t1);
    add(t1, t2, t2);
    sub(y3, t2, y3);
    sub(y3, t0, y3);
    add(y3, y3, t1);
    add(t1, y3, y3);
    add(t0, t0, t1);
    add(t1, t0, t0);
    sub(t0, t2, t0);
    mul(t4, y3, t1);
    mul(t0, y3, t2);
    mul(x3, z3, y3);
    add(y3, t2, y3);
    mul(t3, x3, x3);
    sub(x3, t1, x3);
    mul(t4, z3, z3);
    mul(t3, t0, t1);
    add(z3, t1, z3);
    r.set(x3, y3, z3);
  }

  /** r := 2p, complete (RCB 2016, Algorithm 6). r may alias p. */
  void twice(Point p, Point r) {
    mul(p.x, p.x, t0);
    mul(p.y, p.y, t1);
    mul(p.z, p.z, t2);
    mul(p.x, p.y, t3);
    add(t3, t3, t3);
    mul(p.x, p.z, z3);
    add(z3, z3, z3);
    mul(b, t2, y3);
    sub(y3, z3, y3);
    add(y3, y3, x3);
    add(x3, y3, y3);
    sub(t1, y3, x3);
    add(t1, y3, y3);
    mul(x3, y3, y3);
    mul(x3, t3, x3);
    add(t2, t2, t3);
    add(t2, t3, t2);
    mul(b, z3, z3);
    sub(z3, t2, z3);
    sub(z3, t0, z3);
    add(z3, z3, t3);
    add(z3, t3, z3);
    add(t0, t0, t3);
    add(t3, t0, t0);
    sub(t0, t2, t0);
    mul(t0, z3, t0);
    add(y3, t0, y3);
    mul(p.y, p.z, t0);
    add(t0, t0, t0);
    mul(t0, z3, z3);
    sub(x3, z3, x3);
    mul(t0, t1, z3);
    add(z3, z3, z3);
    add(z3, z3, z3);
    r.set(x3, y3, z3);
  }

  /** out := table[index], reading every entry and keeping one by mask. */
  static void lookup(Point[] table, int index, Point out) {
    long[] x = out.x;
    long[] y = out.y;
    long[] z = out.z;
    for (int i = 0; i < 4; i++) {
      x[i] = 0;
      y[i] = 0;
      z[i] = 0;
    }
    for (int k = 0; k < table.length; k++) {
      long diff = k ^ index;
      long mask = ((diff | -diff) >>> 63) - 1; // all ones iff k == index
      Point e = table[k];
      for (int i = 0; i < 4; i++) {
        x[i] |= e.x[i] & mask;
        y[i] |= e.y[i] & mask;
        z[i] |= e.z[i] & mask;
      }
    }
  }

  /** The 4-bit digit of the scalar limbs at window i (bits 4i .. 4i + 3). */
  static int digit(long[] k, int i) {
    return (int) ((k[i >>> 4] >>> ((i & 15) << 2)) & 0xf);
  }

  /**
   * The fixed-base table: for every window i, the points j·2^(4i)·B for j = 0..15 (entry 0 the
   * identity). Built from public points.
   */
  Point[][] fixedTable(ECPoint[] windowBases) {
    Point[][] table = new Point[WINDOWS][];
    for (int i = 0; i < WINDOWS; i++) {
      table[i] = multiples(windowBases[i]);
    }
    return table;
  }

  /** 0·P, 1·P, ..., 15·P for a public point P. */
  private Point[] multiples(ECPoint point) {
    Point base = fromPoint(point);
    Point[] table = new Point[ENTRIES];
    table[0] = identity();
    for (int j = 1; j < ENTRIES; j++) {
      table[j] = new Point();
      add(table[j - 1], base, table[j]);
    }
    return table;
  }

  /** r := k·B from B's fixed table: 64 complete additions of masked lookups. */
  void fixedBaseMultiply(Point[][] table, long[] k, Point r) {
    Point acc = identity();
    Point sel = new Point();
    for (int i = 0; i < WINDOWS; i++) {
      lookup(table[i], digit(k, i), sel);
      add(acc, sel, acc);
    }
    r.set(acc);
  }

  /** r := k·P for a point P: a table 0·P .. 15·P, then 4 doublings and one addition per window. */
  void multiply(ECPoint point, long[] k, Point r) {
    Point[] table = multiples(point);
    Point acc = identity();
    Point sel = new Point();
    for (int i = WINDOWS - 1; i >= 0; i--) {
      for (int d = 0; d < WIDTH; d++) {
        twice(acc, acc);
      }
      lookup(table, digit(k, i), sel);
      add(acc, sel, acc);
    }
    r.set(acc);
  }

  /**
   * Affine coordinates of many points with one inversion (Montgomery's trick): x then y as eight
   * limbs out of Montgomery form, or null for the identity. The results are about to be
   * published; the inversion and products are constant-time all the same, because the
   * projective representation depends on the secret and must not leak through them.
   */
  long[][] affineAll(Point[] points) {
    int n = points.length;
    long[][] prefix = new long[n][4];
    long[] acc = one.clone();
    long[] zOrOne = new long[4];
    for (int i = 0; i < n; i++) {
      System.arraycopy(points[i].z, 0, zOrOne, 0, 4);
      select(isZeroMask(zOrOne), one, zOrOne);
      mul(acc, zOrOne, acc);
      System.arraycopy(acc, 0, prefix[i], 0, 4);
    }
    long[] inv = new long[4];
    invert(acc, inv);
    long[][] out = new long[n][];
    long[] zInv = new long[4];
    long[] ax = new long[4];
    long[] ay = new long[4];
    for (int i = n - 1; i >= 0; i--) {
      System.arraycopy(points[i].z, 0, zOrOne, 0, 4);
      long infinity = isZeroMask(zOrOne);
      select(infinity, one, zOrOne);
      if (i > 0) { // a loop counter, not data
        mul(inv, prefix[i - 1], zInv);
        mul(inv, zOrOne, inv);
      } else {
        System.arraycopy(inv, 0, zInv, 0, 4);
      }
      mul(points[i].x, zInv, ax);
      mul(points[i].y, zInv, ay);
      fromMontgomery(ax, ax);
      fromMontgomery(ay, ay);
      if (infinity != 0) { // the result is public, and the identity is published as such
        continue;
      }
      long[] xy = new long[8];
      System.arraycopy(ax, 0, xy, 0, 4);
      System.arraycopy(ay, 0, xy, 4, 4);
      out[i] = xy;
    }
    return out;
  }
}

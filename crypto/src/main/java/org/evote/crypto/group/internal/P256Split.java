package org.evote.crypto.group.internal;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.evote.crypto.group.internal.P256Affine.Pt;

/**
 * A base P prepared for double-base multiplications with 64 doublings instead of 256: P is split
 * into P_k = 2^(64k)·P for k = 0..3, so that x·P = Σ x_k·P_k with the 64-bit digits x_k of x, and
 * each P_k gets a table of its odd multiples for width-w NAF digits, in affine coordinates (one
 * field inversion for the whole table).
 *
 * <p>Making the split costs 192 doublings, so it pays when P is raised to two or more powers: a
 * range proof's pad α and data β each carry R + 1 of them (spec eq. 5.1, 5.2), and the fixed
 * bases g and K carry one in every proof, with their splits kept for the whole election.
 *
 * <p>Two ways to use a split: {@link #sumOfTwoMultiplies} for one product at a time in Jacobian
 * coordinates, and {@link #sumsOfTwoMultiplies} for many products advancing in lock step in
 * affine coordinates with shared inversions ({@link P256Affine}); {@link #ofAll} makes many splits
 * the same way.
 */
final class P256Split {
  /** Parts of a split used one product at a time: 64 doublings per product, 192 to make. */
  static final int PARTS = 4;
  /**
   * Parts of a split used in lock-step batches: 32 doublings per product, 224 to make, which pays
   * there because a batch splits contest aggregates by additions (measured 5% faster in batches,
   * and 10% slower one at a time).
   */
  static final int BATCH_PARTS = 8;

  final int width;
  final int parts;
  private final int partBits;
  private final ECCurve curve;
  /** [0][part][i] = (2i + 1)·P_part, [1][part][i] its negation, as raw affine points; made on first use. */
  private volatile Pt[][][] raw;
  /** The same as Bouncy Castle points, for the Jacobian path; made on first use. */
  private volatile ECPoint[][][] points;

  private P256Split(ECCurve curve, int width, int parts, Pt[][][] raw, ECPoint[][][] points) {
    this.curve = curve;
    this.width = width;
    this.parts = parts;
    this.partBits = partBits(parts);
    this.raw = raw;
    this.points = points;
  }

  private static int partBits(int parts) {
    if (parts != 4 && parts != 8) {
      throw new IllegalArgumentException("a split has 4 or 8 parts, got " + parts);
    }
    return 256 / parts;
  }

  private static int tableSize(int width) {
    if (width < 2 || width > 12) {
      throw new IllegalArgumentException("window width must be 2..12, got " + width);
    }
    return 1 << (width - 2);
  }

  /** Prepares a finite point with tables for width-{@code width} NAF digits (2 ≤ width ≤ 12: 2^(w-2) points per part). */
  static P256Split of(ECCurve curve, ECPoint p, int width) {
    return of(curve, p, width, PARTS);
  }

  /** As {@link #of(ECCurve, ECPoint, int)} with 4 or 8 parts. */
  static P256Split of(ECCurve curve, ECPoint p, int width, int parts) {
    int partBits = partBits(parts);
    if (p.isInfinity()) {
      throw new IllegalArgumentException("the point at infinity cannot be split");
    }
    ECPoint[] bases = new ECPoint[parts];
    ECPoint base = p;
    for (int part = 0; part < parts; part++) {
      if (part > 0) {
        base = base.timesPow2(partBits);
      }
      bases[part] = base;
    }
    return fromBases(curve, bases, width);
  }

  /**
   * The split of a product Π F_f from the splits of its factors, whose part bases are summed:
   * (parts - 1)·(factors - 1) additions instead of 256 - 256/parts doublings. For a contest's
   * aggregate ciphertext (spec eq. 6.1, 6.2), whose selections were split for their own proofs.
   * The factors' splits must all have the same number of parts; the product must not be the
   * identity.
   */
  static P256Split ofProduct(ECCurve curve, P256Split[] factors, int width) {
    int parts = factors[0].parts;
    ECPoint[] bases = new ECPoint[parts];
    for (int part = 0; part < parts; part++) {
      ECPoint sum = curve.getInfinity();
      for (P256Split f : factors) {
        if (f.parts != parts) {
          throw new IllegalArgumentException("factors split into different numbers of parts");
        }
        sum = sum.add(f.points()[0][part][0]);
      }
      if (sum.isInfinity()) {
        throw new IllegalArgumentException("the product is the identity and cannot be split");
      }
      bases[part] = sum;
    }
    return fromBases(curve, bases, width);
  }

  /** A split from its part bases 2^(256/parts·k)·P, with tables of odd multiples in affine coordinates. */
  private static P256Split fromBases(ECCurve curve, ECPoint[] bases, int width) {
    int n = tableSize(width);
    int parts = bases.length;
    partBits(parts);
    ECPoint[] all = new ECPoint[parts * n];
    for (int part = 0; part < parts; part++) {
      ECPoint base = bases[part];
      all[part * n] = base;
      if (n > 1) {
        ECPoint twice = base.twice();
        for (int i = 1; i < n; i++) {
          all[part * n + i] = all[part * n + i - 1].add(twice);
        }
      }
    }
    curve.normalizeAll(all);
    ECPoint[][] positive = new ECPoint[parts][n];
    ECPoint[][] negative = new ECPoint[parts][n];
    for (int part = 0; part < parts; part++) {
      for (int i = 0; i < n; i++) {
        positive[part][i] = all[part * n + i];
        negative[part][i] = all[part * n + i].negate();
      }
    }
    return new P256Split(curve, width, parts, null, new ECPoint[][][] {positive, negative});
  }

  /**
   * Splits many finite points at once, every doubling and addition in lock step across all of
   * them with one shared inversion per step. Gives the same tables as {@link #of}.
   */
  static P256Split[] ofAll(ECCurve curve, ECPoint[] points, int width, int parts, P256Affine arith) {
    return fromBases(curve, basesByDoubling(curve, points, parts, arith), width, arith);
  }

  /** [part][i] = 2^(256/parts·part)·P_i, by 256 - 256/parts doublings in lock step. */
  static Pt[][] basesByDoubling(ECCurve curve, ECPoint[] points, int parts, P256Affine arith) {
    int partBits = partBits(parts);
    int count = points.length;
    ECPoint[] normal = points.clone();
    for (ECPoint p : normal) {
      if (p.isInfinity()) {
        throw new IllegalArgumentException("the point at infinity cannot be split");
      }
    }
    curve.normalizeAll(normal);
    Pt[] cur = new Pt[count];
    for (int i = 0; i < count; i++) {
      cur[i] = Pt.of(normal[i]);
    }
    Pt[][] bases = new Pt[parts][];
    for (int part = 0; part < parts; part++) {
      if (part > 0) {
        for (int d = 0; d < partBits; d++) {
          arith.doubleAll(cur, count);
        }
      }
      bases[part] = copies(cur);
    }
    return bases;
  }

  /**
   * [part][i] = Σ_f 2^(256/parts·part)·F_{i,f}: the bases of a product of points whose splits exist,
   * such as a contest's aggregate ciphertext (spec eq. 6.1, 6.2), by additions instead of
   * doublings, in lock step. The product must not be the identity.
   */
  static Pt[][] basesBySum(P256Split[][] factors, P256Affine arith) {
    int count = factors.length;
    int parts = factors[0][0].parts;
    for (P256Split[] fs : factors) {
      for (P256Split f : fs) {
        if (f.parts != parts) {
          throw new IllegalArgumentException("factors split into different numbers of parts");
        }
      }
    }
    int most = 0;
    for (P256Split[] f : factors) {
      most = Math.max(most, f.length);
    }
    Pt[][] bases = new Pt[parts][count];
    Pt[] accSel = new Pt[count];
    Pt[] addSel = new Pt[count];
    for (int part = 0; part < parts; part++) {
      for (int i = 0; i < count; i++) {
        bases[part][i] = new Pt();
        bases[part][i].set(factors[i][0].raw()[0][part][0]);
      }
      for (int f = 1; f < most; f++) {
        int n = 0;
        for (int i = 0; i < count; i++) {
          if (factors[i].length > f) {
            accSel[n] = bases[part][i];
            addSel[n] = factors[i][f].raw()[0][part][0];
            n++;
          }
        }
        arith.addAll(accSel, addSel, n);
      }
      for (int i = 0; i < count; i++) {
        if (bases[part][i].infinity) {
          throw new IllegalArgumentException("the product is the identity and cannot be split");
        }
      }
    }
    return bases;
  }

  /** Splits with tables of odd multiples made from their bases ([part][i]), in lock step. */
  static P256Split[] fromBases(ECCurve curve, Pt[][] partBases, int width, P256Affine arith) {
    int parts = partBases.length;
    partBits(parts);
    int n = tableSize(width);
    int count = partBases[0].length;
    // tables[k][part * count + i] = (2k + 1)·base
    int lanes = parts * count;
    Pt[] bases = new Pt[lanes];
    for (int part = 0; part < parts; part++) {
      System.arraycopy(partBases[part], 0, bases, part * count, count);
    }
    Pt[][] tables = new Pt[n][];
    tables[0] = bases;
    if (n > 1) {
      Pt[] twice = copies(bases);
      arith.doubleAll(twice, lanes);
      for (int k = 1; k < n; k++) {
        Pt[] next = copies(tables[k - 1]);
        arith.addAll(next, twice, lanes);
        tables[k] = next;
      }
    }
    P256Split[] out = new P256Split[count];
    for (int i = 0; i < count; i++) {
      Pt[][] pos = new Pt[parts][n];
      Pt[][] neg = new Pt[parts][n];
      for (int part = 0; part < parts; part++) {
        for (int k = 0; k < n; k++) {
          pos[part][k] = tables[k][part * count + i];
          neg[part][k] = pos[part][k].negate();
        }
      }
      out[i] = new P256Split(curve, width, parts, new Pt[][][] {pos, neg}, null);
    }
    return out;
  }

  private static Pt[] copies(Pt[] from) {
    Pt[] to = new Pt[from.length];
    for (int i = 0; i < from.length; i++) {
      to[i] = new Pt();
      to[i].set(from[i]);
    }
    return to;
  }

  private Pt[][][] raw() {
    Pt[][][] r = raw;
    if (r == null) {
      ECPoint[][] positive = points[0];
      int n = positive[0].length;
      Pt[][] pos = new Pt[parts][n];
      Pt[][] neg = new Pt[parts][n];
      for (int part = 0; part < parts; part++) {
        for (int i = 0; i < n; i++) {
          pos[part][i] = Pt.of(positive[part][i]);
          neg[part][i] = pos[part][i].negate();
        }
      }
      r = new Pt[][][] {pos, neg};
      raw = r;
    }
    return r;
  }

  private ECPoint[][][] points() {
    ECPoint[][][] p = points;
    if (p == null) {
      Pt[][] pos = raw[0];
      int n = pos[0].length;
      ECPoint[][] positive = new ECPoint[parts][n];
      ECPoint[][] negative = new ECPoint[parts][n];
      for (int part = 0; part < parts; part++) {
        for (int i = 0; i < n; i++) {
          positive[part][i] = pos[part][i].toPoint(curve);
          negative[part][i] = positive[part][i].negate();
        }
      }
      p = new ECPoint[][][] {positive, negative};
      points = p;
    }
    return p;
  }

  /** The width-w NAF digits of each part of a scalar 0 ≤ x &lt; 2^256, read from its 64-bit limbs. */
  int[][] digits(BigInteger x) {
    long[] limbs = P256FixedBase.limbs(x);
    int[][] d = new int[parts][];
    for (int part = 0; part < parts; part++) {
      int from = part * partBits;
      long v = limbs[from >>> 6] >>> (from & 63);
      if (partBits < 64) {
        v &= (1L << partBits) - 1;
      }
      d[part] = naf(v, width);
    }
    return d;
  }

  /**
   * The width-w NAF of an unsigned 64-bit value, least significant digit first, without leading
   * zeros: odd digits |d| &lt; 2^(w-1), at least w - 1 zeros after each non-zero one. The same
   * digits as Bouncy Castle's WNafUtil.generateWindowNaf, without BigInteger.
   */
  static int[] naf(long v, int width) {
    int[] out = new int[66];
    int pow2 = 1 << width;
    long mask = pow2 - 1;
    int half = pow2 >>> 1;
    int carry = 0;
    int length = 0;
    int i = 0;
    while (i < 64 ? ((v >>> i) != 0 || carry != 0) : carry != 0) {
      long bit = i < 64 ? (v >>> i) & 1 : 0;
      if (((bit + carry) & 1) == 0) {
        // even: a zero digit; 1 + 1 carries on
        carry = (int) (bit & carry);
        i++;
        continue;
      }
      int window = (int) (i < 64 ? (v >>> i) & mask : 0) + carry;
      int digit = window;
      carry = 0;
      if (digit >= half) {
        digit -= pow2;
        carry = 1;
      }
      out[i] = digit;
      length = i + 1;
      i += width;
    }
    return java.util.Arrays.copyOf(out, length);
  }

  /**
   * x·A + y·B (written a^x · b^y in the spec's notation) by one interleaved pass over 65 bit
   * positions, sharing its doublings between the eight parts.
   */
  static ECPoint sumOfTwoMultiplies(ECCurve curve, P256Split a, BigInteger x, P256Split b, BigInteger y) {
    if (a.parts != b.parts) {
      throw new IllegalArgumentException("splits into different numbers of parts");
    }
    int[][] da = a.digits(x);
    int[][] db = b.digits(y);
    int top = 0;
    for (int part = 0; part < a.parts; part++) {
      top = Math.max(top, Math.max(da[part].length, db[part].length));
    }
    ECPoint[][][] pa = a.points();
    ECPoint[][][] pb = b.points();
    ECPoint r = curve.getInfinity();
    for (int i = top - 1; i >= 0; i--) {
      r = r.twice();
      r = addDigits(r, pa, da, i);
      r = addDigits(r, pb, db, i);
    }
    return r;
  }

  private static ECPoint addDigits(ECPoint r, ECPoint[][][] s, int[][] digits, int i) {
    for (int part = 0; part < digits.length; part++) {
      int[] d = digits[part];
      if (i < d.length && d[i] != 0) {
        int v = d[i];
        r = r.add(v > 0 ? s[0][part][v >>> 1] : s[1][part][(-v) >>> 1]);
      }
    }
    return r;
  }


  /**
   * x_j·A_j + y_j·B_j for every j, all products advancing bit position by bit position in lock
   * step: each position is one batch of doublings, then batches of additions in which every
   * product adds its next pending table point (at most eight per position).
   */
  static Pt[] sumsOfTwoMultiplies(P256Split[] a, BigInteger[] x, P256Split[] b, BigInteger[] y, P256Affine arith) {
    int count = a.length;
    int[][][] digits = new int[count][][];
    int top = 0;
    int parts = count == 0 ? PARTS : a[0].parts;
    for (int j = 0; j < count; j++) {
      if (a[j].parts != parts || b[j].parts != parts) {
        throw new IllegalArgumentException("splits into different numbers of parts in one batch");
      }
      int[][] da = a[j].digits(x[j]);
      int[][] db = b[j].digits(y[j]);
      int[][] both = new int[2 * parts][];
      for (int part = 0; part < parts; part++) {
        both[part] = da[part];
        both[parts + part] = db[part];
        top = Math.max(top, Math.max(da[part].length, db[part].length));
      }
      digits[j] = both;
    }
    Pt[] acc = new Pt[count];
    for (int j = 0; j < count; j++) {
      acc[j] = new Pt();
    }
    Pt[][][][] ra = new Pt[count][][][];
    Pt[][][][] rb = new Pt[count][][][];
    for (int j = 0; j < count; j++) {
      ra[j] = a[j].raw();
      rb[j] = b[j].raw();
    }
    Pt[][] pending = new Pt[count][2 * parts];
    int[] pendingCount = new int[count];
    Pt[] accSel = new Pt[count];
    Pt[] addSel = new Pt[count];
    for (int i = top - 1; i >= 0; i--) {
      arith.doubleAll(acc, count);
      int rounds = 0;
      for (int j = 0; j < count; j++) {
        int c = 0;
        int[][] d = digits[j];
        for (int s = 0; s < 2 * parts; s++) {
          int[] ds = d[s];
          if (i < ds.length && ds[i] != 0) {
            Pt[][][] t = s < parts ? ra[j] : rb[j];
            int v = ds[i];
            pending[j][c++] = v > 0 ? t[0][s % parts][v >>> 1] : t[1][s % parts][(-v) >>> 1];
          }
        }
        pendingCount[j] = c;
        rounds = Math.max(rounds, c);
      }
      for (int r = 0; r < rounds; r++) {
        int n = 0;
        for (int j = 0; j < count; j++) {
          if (pendingCount[j] > r) {
            accSel[n] = acc[j];
            addSel[n] = pending[j][r];
            n++;
          }
        }
        arith.addAll(accSel, addSel, n);
      }
    }
    return acc;
  }
}

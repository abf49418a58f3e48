package org.evote.crypto.group.internal;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.WNafUtil;
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
  static final int PARTS = 4;
  static final int PART_BITS = 64;
  private static final BigInteger PART_MASK = BigInteger.ONE.shiftLeft(PART_BITS).subtract(BigInteger.ONE);

  final int width;
  private final ECCurve curve;
  /** [0][part][i] = (2i + 1)·P_part, [1][part][i] its negation, as raw affine points; made on first use. */
  private volatile Pt[][][] raw;
  /** The same as Bouncy Castle points, for the Jacobian path; made on first use. */
  private volatile ECPoint[][][] points;

  private P256Split(ECCurve curve, int width, Pt[][][] raw, ECPoint[][][] points) {
    this.curve = curve;
    this.width = width;
    this.raw = raw;
    this.points = points;
  }

  private static int tableSize(int width) {
    if (width < 2 || width > 8) {
      throw new IllegalArgumentException("window width must be 2..8, got " + width);
    }
    return 1 << (width - 2);
  }

  /** Prepares a finite point with tables for width-{@code width} NAF digits (2 ≤ width ≤ 8, as Bouncy Castle makes them). */
  static P256Split of(ECCurve curve, ECPoint p, int width) {
    int n = tableSize(width);
    if (p.isInfinity()) {
      throw new IllegalArgumentException("the point at infinity cannot be split");
    }
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
    ECPoint[][] positive = new ECPoint[PARTS][n];
    ECPoint[][] negative = new ECPoint[PARTS][n];
    for (int part = 0; part < PARTS; part++) {
      for (int i = 0; i < n; i++) {
        positive[part][i] = all[part * n + i];
        negative[part][i] = all[part * n + i].negate();
      }
    }
    return new P256Split(curve, width, null, new ECPoint[][][] {positive, negative});
  }

  /**
   * Splits many finite points at once, every doubling and addition in lock step across all of
   * them with one shared inversion per step. Gives the same tables as {@link #of}.
   */
  static P256Split[] ofAll(ECCurve curve, ECPoint[] points, int width, P256Affine arith) {
    return fromBases(curve, basesByDoubling(curve, points, arith), width, arith);
  }

  /** [part][i] = 2^(64·part)·P_i, by 192 doublings in lock step. */
  static Pt[][] basesByDoubling(ECCurve curve, ECPoint[] points, P256Affine arith) {
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
    Pt[][] bases = new Pt[PARTS][];
    for (int part = 0; part < PARTS; part++) {
      if (part > 0) {
        for (int d = 0; d < PART_BITS; d++) {
          arith.doubleAll(cur, count);
        }
      }
      bases[part] = copies(cur);
    }
    return bases;
  }

  /**
   * [part][i] = Σ_f 2^(64·part)·F_{i,f}: the bases of a product of points whose splits exist,
   * such as a contest's aggregate ciphertext (spec eq. 6.1, 6.2), by additions instead of
   * doublings, in lock step. The product must not be the identity.
   */
  static Pt[][] basesBySum(P256Split[][] factors, P256Affine arith) {
    int count = factors.length;
    int most = 0;
    for (P256Split[] f : factors) {
      most = Math.max(most, f.length);
    }
    Pt[][] bases = new Pt[PARTS][count];
    Pt[] accSel = new Pt[count];
    Pt[] addSel = new Pt[count];
    for (int part = 0; part < PARTS; part++) {
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
    int n = tableSize(width);
    int count = partBases[0].length;
    // tables[k][part * count + i] = (2k + 1)·base
    int lanes = PARTS * count;
    Pt[] bases = new Pt[lanes];
    for (int part = 0; part < PARTS; part++) {
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
      Pt[][] pos = new Pt[PARTS][n];
      Pt[][] neg = new Pt[PARTS][n];
      for (int part = 0; part < PARTS; part++) {
        for (int k = 0; k < n; k++) {
          pos[part][k] = tables[k][part * count + i];
          neg[part][k] = pos[part][k].negate();
        }
      }
      out[i] = new P256Split(curve, width, new Pt[][][] {pos, neg}, null);
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
      Pt[][] pos = new Pt[PARTS][n];
      Pt[][] neg = new Pt[PARTS][n];
      for (int part = 0; part < PARTS; part++) {
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
      ECPoint[][] positive = new ECPoint[PARTS][n];
      ECPoint[][] negative = new ECPoint[PARTS][n];
      for (int part = 0; part < PARTS; part++) {
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

  private static ECPoint addDigits(ECPoint r, ECPoint[][][] s, byte[][] digits, int i) {
    for (int part = 0; part < PARTS; part++) {
      byte[] d = digits[part];
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
    byte[][][] digits = new byte[count][][];
    int top = 0;
    for (int j = 0; j < count; j++) {
      byte[][] da = a[j].digits(x[j]);
      byte[][] db = b[j].digits(y[j]);
      byte[][] both = new byte[2 * PARTS][];
      for (int part = 0; part < PARTS; part++) {
        both[part] = da[part];
        both[PARTS + part] = db[part];
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
    Pt[][] pending = new Pt[count][2 * PARTS];
    int[] pendingCount = new int[count];
    Pt[] accSel = new Pt[count];
    Pt[] addSel = new Pt[count];
    for (int i = top - 1; i >= 0; i--) {
      arith.doubleAll(acc, count);
      int rounds = 0;
      for (int j = 0; j < count; j++) {
        int c = 0;
        byte[][] d = digits[j];
        for (int s = 0; s < 2 * PARTS; s++) {
          byte[] ds = d[s];
          if (i < ds.length && ds[i] != 0) {
            Pt[][][] t = s < PARTS ? ra[j] : rb[j];
            int v = ds[i];
            pending[j][c++] = v > 0 ? t[0][s % PARTS][v >>> 1] : t[1][s % PARTS][(-v) >>> 1];
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

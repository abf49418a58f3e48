package org.evote.crypto.group.internal;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;
import org.bouncycastle.math.raw.Mod;
import org.bouncycastle.math.raw.Nat256;

/**
 * Many P-256 additions or doublings at once in affine coordinates, sharing one field inversion
 * between all of them (Montgomery's trick): an addition costs about 6 field multiplications
 * instead of the 11 of a mixed Jacobian addition, and no final normalisation is needed. This pays
 * only when many independent points advance in lock step: the inversion costs about 50
 * multiplications, so the callers use it for batches of dozens of points or more.
 *
 * <p>Points are held as raw 8-limb field elements (Bouncy Castle's {@link SecP256R1Field}
 * representation, fully reduced). A {@link Pt} may be the point at infinity. Coinciding x
 * coordinates (a doubling in disguise, or P + (-P)) are rare but possible for adversarial inputs,
 * and are handled exactly. An instance owns scratch space and is used by one thread.
 *
 * <p>Like the rest of this package's table code, the batches branch on their inputs; for proof
 * checks, whose inputs are all public, the shared inversion may also be variable-time.
 */
final class P256Affine {
  /** A point in affine coordinates, or the point at infinity. Mutable. */
  static final class Pt {
    final int[] x = new int[8];
    final int[] y = new int[8];
    boolean infinity = true;

    void set(Pt other) {
      System.arraycopy(other.x, 0, x, 0, 8);
      System.arraycopy(other.y, 0, y, 0, 8);
      infinity = other.infinity;
    }

    /** The negation of this point. */
    Pt negate() {
      Pt n = new Pt();
      n.set(this);
      if (!infinity) {
        SecP256R1Field.negate(y, n.y);
      }
      return n;
    }

    /** A point from a normalised Bouncy Castle point. */
    static Pt of(ECPoint p) {
      Pt pt = new Pt();
      if (!p.isInfinity()) {
        ECPoint n = p.normalize();
        copyInto(SecP256R1Field.fromBigInteger(n.getAffineXCoord().toBigInteger()), pt.x);
        copyInto(SecP256R1Field.fromBigInteger(n.getAffineYCoord().toBigInteger()), pt.y);
        pt.infinity = false;
      }
      return pt;
    }

    /** This point as a Bouncy Castle point on the curve. */
    ECPoint toPoint(ECCurve curve) {
      if (infinity) {
        return curve.getInfinity();
      }
      return curve.createPoint(Nat256.toBigInteger(x), Nat256.toBigInteger(y));
    }

    /** The 33-byte SEC1 compressed encoding; the caller handles infinity. */
    byte[] compressed() {
      byte[] out = new byte[33];
      out[0] = (byte) (0x02 | (y[0] & 1));
      for (int i = 0; i < 8; i++) {
        int limb = x[7 - i];
        out[1 + 4 * i] = (byte) (limb >>> 24);
        out[2 + 4 * i] = (byte) (limb >>> 16);
        out[3 + 4 * i] = (byte) (limb >>> 8);
        out[4 + 4 * i] = (byte) limb;
      }
      return out;
    }

    private static void copyInto(int[] from, int[] to) {
      System.arraycopy(from, 0, to, 0, 8);
    }
  }

  /** The field prime p, for the variable-time inversion. */
  private static final int[] P = Nat256.fromBigInteger(
      new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16));

  private final boolean publicData;
  private final int[] tt = new int[16];
  private final int[] lambda = new int[8];
  private final int[] t1 = new int[8];
  private final int[] t2 = new int[8];
  private int[][] den = new int[0][];
  private int[][] prefix = new int[0][];
  private int[] lanes = new int[0];

  /**
   * @param publicData whether every input is public (proof checks), which allows a variable-time
   *     inversion; secret-dependent points (encryption) need false
   */
  P256Affine(boolean publicData) {
    this.publicData = publicData;
  }

  private void ensure(int n) {
    if (den.length < n) {
      int size = Math.max(n, den.length * 2);
      int[][] d = new int[size][];
      int[][] p = new int[size][];
      for (int i = 0; i < size; i++) {
        d[i] = i < den.length ? den[i] : new int[8];
        p[i] = i < prefix.length ? prefix[i] : new int[8];
      }
      den = d;
      prefix = p;
      lanes = new int[size];
    }
  }

  /** acc[i] := acc[i] + q[i] for i &lt; n. The acc[i] must be distinct objects. */
  void addAll(Pt[] acc, Pt[] q, int n) {
    ensure(n);
    int m = 0;
    for (int i = 0; i < n; i++) {
      Pt a = acc[i];
      Pt b = q[i];
      if (b.infinity) {
        continue;
      }
      if (a.infinity) {
        a.set(b);
        continue;
      }
      int[] d = den[m];
      SecP256R1Field.subtract(b.x, a.x, d);
      if (Nat256.isZero(d)) {
        if (Nat256.eq(a.y, b.y)) {
          doubleOne(a);
        } else {
          a.infinity = true; // a + (-a)
        }
        continue;
      }
      lanes[m++] = i;
    }
    invertAll(m);
    for (int k = 0; k < m; k++) {
      Pt a = acc[lanes[k]];
      Pt b = q[lanes[k]];
      SecP256R1Field.subtract(b.y, a.y, t1);
      SecP256R1Field.multiply(t1, den[k], lambda, tt); // λ = (y2 - y1) / (x2 - x1)
      finish(a, b.x);
    }
  }

  /** acc[i] := 2·acc[i] for i &lt; n. */
  void doubleAll(Pt[] acc, int n) {
    ensure(n);
    int m = 0;
    for (int i = 0; i < n; i++) {
      Pt a = acc[i];
      if (a.infinity) {
        continue;
      }
      // y = 0 would be a point of order 2, which a curve of prime order does not have
      SecP256R1Field.twice(a.y, den[m]);
      lanes[m++] = i;
    }
    invertAll(m);
    for (int k = 0; k < m; k++) {
      Pt a = acc[lanes[k]];
      tangent(a, den[k]);
      finish(a, a.x);
    }
  }

  /** λ = 3(x² - 1) / (2y), the tangent slope for a = -3, given 1/(2y). */
  private void tangent(Pt a, int[] inverseTwoY) {
    SecP256R1Field.square(a.x, t1, tt);
    SecP256R1Field.subtract(t1, ONE, t1);
    SecP256R1Field.twice(t1, t2);
    SecP256R1Field.add(t1, t2, t1); // 3(x² - 1)
    SecP256R1Field.multiply(t1, inverseTwoY, lambda, tt);
  }

  private static final int[] ONE = SecP256R1Field.fromBigInteger(BigInteger.ONE);

  /** With λ set: x3 = λ² - x1 - x2, y3 = λ(x1 - x3) - y1, written into a. */
  private void finish(Pt a, int[] x2) {
    SecP256R1Field.square(lambda, t1, tt);
    SecP256R1Field.subtract(t1, a.x, t1);
    SecP256R1Field.subtract(t1, x2, t1); // x3
    SecP256R1Field.subtract(a.x, t1, t2);
    SecP256R1Field.multiply(lambda, t2, t2, tt);
    SecP256R1Field.subtract(t2, a.y, a.y);
    System.arraycopy(t1, 0, a.x, 0, 8);
  }

  private void doubleOne(Pt a) {
    int[] inv = new int[8];
    SecP256R1Field.twice(a.y, inv);
    invert(inv, inv);
    tangent(a, inv);
    finish(a, a.x);
  }

  private void invert(int[] x, int[] z) {
    if (publicData) {
      Mod.checkedModOddInverseVar(P, x, z);
    } else {
      SecP256R1Field.inv(x, z);
    }
  }

  /** Replaces den[0..m) by their inverses with one field inversion (all are non-zero). */
  private void invertAll(int m) {
    if (m == 0) {
      return;
    }
    System.arraycopy(den[0], 0, prefix[0], 0, 8);
    for (int k = 1; k < m; k++) {
      SecP256R1Field.multiply(prefix[k - 1], den[k], prefix[k], tt);
    }
    int[] inv = t2;
    invert(prefix[m - 1], inv);
    for (int k = m - 1; k > 0; k--) {
      SecP256R1Field.multiply(inv, prefix[k - 1], t1, tt); // 1/den[k]
      SecP256R1Field.multiply(inv, den[k], inv, tt); // 1/(den[0]..den[k-1])
      System.arraycopy(t1, 0, den[k], 0, 8);
    }
    System.arraycopy(inv, 0, den[0], 0, 8);
  }
}

package org.evote.crypto.group.internal;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.WNafUtil;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.FixedBase;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.group.internal.P256Affine.Pt;
import org.evote.crypto.secret.SecretScalar;

/**
 * Fixed-base scalar multiplication on P-256 with a table of (j·2^(w·i))·B in affine coordinates
 * for every w-bit window i and digit j: a multiplication is at most ⌈256/w⌉ - 1 mixed additions
 * and no doublings (spec Note 3.4). With w = 8 that is 31 additions from a table of 8,160
 * points (about 1.5 MB, built on first use). Wider windows need fewer additions but their tables
 * stop fitting in the CPU caches, and measured no faster (w = 12: 21 additions, 16 MB). The base also gets a width-8 wNAF table, which the
 * double-base multiplications of proof checks pick up.
 *
 * <p>These tables branch on the exponent's digits and are indexed by them: they serve public
 * exponents only. Secret exponents take {@link #exp(SecretScalar)}, which has its own table of
 * 64 windows of 16 projective points for {@link P256ConstantTime} (96 KiB, built on first use).
 */
final class P256FixedBase implements FixedBase {
  /** The window width used for g and for election keys. */
  static final int DEFAULT_WIDTH = 8;

  private final P256Group group;
  private final P256Element base;
  private final int width;
  private final int windows;
  private final int digits;
  private final Lazy<ECPoint[][]> table = new Lazy<>(this::build);
  private volatile Pt[][] rawTable;
  private final Lazy<P256ConstantTime.Point[][]> secretTable = new Lazy<>(this::buildSecretTable);

  P256FixedBase(P256Group group, P256Element base) {
    this(group, base, DEFAULT_WIDTH);
  }

  P256FixedBase(P256Group group, P256Element base, int width) {
    if (width < 1 || width > 16) {
      throw new IllegalArgumentException("window width must be 1..16, got " + width);
    }
    this.group = group;
    this.base = base;
    this.width = width;
    this.windows = (256 + width - 1) / width;
    this.digits = (1 << width) - 1;
    WNafUtil.precompute(base.point, 8, true);
  }

  private ECPoint[][] build() {
    ECCurve curve = group.curve();
    ECPoint[] flat = new ECPoint[windows * digits];
    ECPoint windowBase = base.point.normalize();
    for (int i = 0; i < windows; i++) {
      ECPoint acc = windowBase;
      flat[i * digits] = acc;
      for (int j = 1; j < digits; j++) {
        acc = acc.add(windowBase);
        flat[i * digits + j] = acc;
      }
      windowBase = acc.add(windowBase).normalize(); // 2^(w·(i+1))·B
    }
    curve.normalizeAll(flat);
    ECPoint[][] t = new ECPoint[windows][];
    for (int i = 0; i < windows; i++) {
      t[i] = java.util.Arrays.copyOfRange(flat, i * digits, (i + 1) * digits);
    }
    return t;
  }

  @Override
  public Element base() {
    return base;
  }

  /** base^e for a public e: at most 31 additions, skipping zero digits (variable-time). */
  @Override
  public Element exp(Scalar e) {
    long[] k = limbs(group.check("e", e).value());
    ECPoint[][] t = table.get();
    ECPoint acc = group.curve().getInfinity();
    for (int i = 0; i < windows; i++) {
      int d = digit(k, i * width);
      if (d != 0) {
        acc = acc.add(t[i][d - 1]);
      }
    }
    return new P256Element(group, acc);
  }

  /** base^e for a secret e: {@link P256ConstantTime#fixedBaseMultiply}, 64 masked lookups and complete additions. */
  @Override
  public Element exp(SecretScalar e) {
    P256ConstantTime ct = new P256ConstantTime();
    P256ConstantTime.Point r = new P256ConstantTime.Point();
    ct.fixedBaseMultiply(secretTable(), secretLimbs(group, e), r);
    return group.fromConstantTime(ct, new P256ConstantTime.Point[] {r}).get(0);
  }

  /** The secret's four 64-bit limbs; see P256ConstantTime for what the conversion leaks. */
  static long[] secretLimbs(P256Group group, SecretScalar e) {
    return P256ConstantTime.limbs(group.check("e", group.check("e", e).unwrapSecret()).value());
  }

  P256ConstantTime.Point[][] secretTable() {
    return secretTable.get();
  }

  private P256ConstantTime.Point[][] buildSecretTable() {
    ECPoint[] windowBases = new ECPoint[P256ConstantTime.WINDOWS];
    ECPoint w = base.point.normalize();
    for (int i = 0; i < windowBases.length; i++) {
      windowBases[i] = w;
      w = w.timesPow2(P256ConstantTime.WIDTH).normalize();
    }
    return new P256ConstantTime().fixedTable(windowBases);
  }

  int width() {
    return width;
  }

  private Pt[][] rawTable() {
    Pt[][] r = rawTable;
    if (r == null) {
      ECPoint[][] t = table.get();
      r = new Pt[t.length][];
      for (int i = 0; i < t.length; i++) {
        r[i] = new Pt[t[i].length];
        for (int j = 0; j < t[i].length; j++) {
          r[i][j] = Pt.of(t[i][j]);
        }
      }
      rawTable = r;
    }
    return r;
  }

  /**
   * bases[j]^scalars[j] for every j, all advancing window by window in lock step: each window is
   * one batch of affine additions with a shared inversion (P256Affine), and the results come out
   * affine, ready to encode. All bases must have the same window width.
   */
  static Pt[] expAll(P256FixedBase[] bases, BigInteger[] scalars, P256Affine arith) {
    int count = bases.length;
    int width = count == 0 ? DEFAULT_WIDTH : bases[0].width;
    long[][] limbs = new long[count][];
    Pt[][][] tables = new Pt[count][][];
    for (int j = 0; j < count; j++) {
      if (bases[j].width != width) {
        throw new IllegalArgumentException("fixed bases of different window widths in one batch");
      }
      limbs[j] = limbs(scalars[j]);
      tables[j] = bases[j].rawTable();
    }
    Pt[] acc = new Pt[count];
    Pt[] accSel = new Pt[count];
    Pt[] addSel = new Pt[count];
    for (int j = 0; j < count; j++) {
      acc[j] = new Pt();
    }
    int windows = (256 + width - 1) / width;
    for (int i = 0; i < windows; i++) {
      int n = 0;
      for (int j = 0; j < count; j++) {
        int d = bases[j].digit(limbs[j], i * width);
        if (d != 0) {
          accSel[n] = acc[j];
          addSel[n] = tables[j][i][d - 1];
          n++;
        }
      }
      arith.addAll(accSel, addSel, n);
    }
    return acc;
  }

  /** The scalar (0 ≤ k &lt; 2^256) as four 64-bit limbs, least significant first, and a spare zero. */
  static long[] limbs(BigInteger k) {
    long[] l = new long[5];
    for (int i = 0; i < 4; i++) {
      l[i] = k.shiftRight(64 * i).longValue();
    }
    return l;
  }

  /** Bits from .. from + width - 1 of the scalar, read from its limbs (bit testing cost 10% here). */
  private int digit(long[] k, int from) {
    int limb = from >>> 6;
    int shift = from & 63;
    long bits = k[limb] >>> shift;
    if (shift + width > 64) {
      bits |= k[limb + 1] << (64 - shift);
    }
    return (int) (bits & digits);
  }
}

package org.evote.crypto.group.internal;

import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.WNafUtil;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.FixedBase;
import org.evote.crypto.group.Scalar;

/**
 * Fixed-base scalar multiplication on P-256 with a table of (j·2^(8i))·B in affine coordinates
 * for each of the 32 byte positions i and byte values j: a multiplication is at most 31 mixed
 * additions and no doublings (spec Note 3.4). The base also gets a width-8 wNAF table, which the
 * double-base multiplications of proof checks pick up.
 */
final class P256FixedBase implements FixedBase {
  private static final int WINDOWS = 32;

  private final P256Group group;
  private final P256Element base;
  private volatile ECPoint[][] table;

  P256FixedBase(P256Group group, P256Element base) {
    this.group = group;
    this.base = base;
    WNafUtil.precompute(base.point, 8, true);
  }

  private ECPoint[][] table() {
    ECPoint[][] t = table;
    if (t == null) {
      synchronized (this) {
        t = table;
        if (t == null) {
          t = build();
          table = t;
        }
      }
    }
    return t;
  }

  private ECPoint[][] build() {
    ECCurve curve = group.curve();
    ECPoint[] flat = new ECPoint[WINDOWS * 255];
    ECPoint windowBase = base.point.normalize();
    for (int i = 0; i < WINDOWS; i++) {
      ECPoint acc = windowBase;
      flat[i * 255] = acc;
      for (int j = 1; j < 255; j++) {
        acc = acc.add(windowBase);
        flat[i * 255 + j] = acc;
      }
      windowBase = acc.add(windowBase).normalize(); // 256^(i+1)·B
    }
    curve.normalizeAll(flat);
    ECPoint[][] t = new ECPoint[WINDOWS][];
    for (int i = 0; i < WINDOWS; i++) {
      t[i] = java.util.Arrays.copyOfRange(flat, i * 255, (i + 1) * 255);
    }
    return t;
  }

  @Override
  public Element base() {
    return base;
  }

  @Override
  public Element exp(Scalar e) {
    byte[] bytes = group.check("e", e).encode();
    ECPoint[][] t = table();
    ECPoint acc = group.curve().getInfinity();
    for (int i = 0; i < WINDOWS; i++) {
      int b = bytes[WINDOWS - 1 - i] & 0xff;
      if (b != 0) {
        acc = acc.add(t[i][b - 1]);
      }
    }
    return new P256Element(group, acc);
  }
}

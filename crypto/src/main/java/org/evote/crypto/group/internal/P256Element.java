package org.evote.crypto.group.internal;

import org.bouncycastle.math.ec.ECPoint;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;

/**
 * A point of P-256. The point may be held in projective coordinates; its canonical encoding is
 * computed once, on first use. Instances are immutable in value. Public only because {@link
 * Element} permits it from another package; its constructors and state are package-private.
 */
public final class P256Element implements Element {
  final P256Group group;
  final ECPoint point;
  private volatile byte[] encoded;
  /** The split for multiple double-base multiplications, made on first need (see P256Split). */
  private volatile P256Split split;

  /** The elements whose product this is, when it was made as one (see P256Group#product). */
  final P256Element[] factors;

  P256Element(P256Group group, ECPoint point) {
    this(group, point, (P256Element[]) null);
  }

  P256Element(P256Group group, ECPoint point, P256Element[] factors) {
    this.group = group;
    this.point = point;
    this.factors = factors;
  }

  /** For the group's batch encoder, which normalises many points with one inversion. */
  P256Element(P256Group group, ECPoint point, byte[] encoded) {
    this.group = group;
    this.point = point;
    this.encoded = encoded;
    this.factors = null;
  }

  /**
   * This point's split at the given window width; made once (a racing second one is equal). A
   * product whose factors are all split already (a contest aggregate after its selections'
   * proofs) is split from theirs by additions.
   */
  P256Split split(int width) {
    P256Split s = split;
    if (s == null || s.width != width) {
      P256Split[] fs = factorSplits();
      s = fs != null ? P256Split.ofProduct(group.curve(), fs, width) : P256Split.of(group.curve(), point, width);
      split = s;
    }
    return s;
  }

  /** The one-at-a-time splits of every factor, or null unless all exist and this point is finite. */
  private P256Split[] factorSplits() {
    if (factors == null || point.isInfinity()) {
      return null;
    }
    P256Split[] fs = new P256Split[factors.length];
    for (int i = 0; i < fs.length; i++) {
      fs[i] = factors[i].split;
      if (fs[i] == null || fs[i].parts != P256Split.PARTS) {
        return null;
      }
    }
    return fs;
  }

  /** The split for lock-step batches (P256Split.BATCH_PARTS parts), made in a batch or on first need. */
  private volatile P256Split batchSplit;

  /** This point's batch split at the given window width; made once (a racing second one is equal). */
  P256Split batchSplit(int width) {
    P256Split s = batchSplit;
    if (s == null || s.width != width) {
      s = P256Split.of(group.curve(), point, width, P256Split.BATCH_PARTS);
      batchSplit = s;
    }
    return s;
  }

  /** Installs a batch split made in a batch (P256Split#ofAll). */
  void setBatchSplit(P256Split s) {
    batchSplit = s;
  }

  P256Split batchSplitIfAny() {
    return batchSplit;
  }

  byte[] encodedUnsafe() {
    byte[] e = encoded;
    if (e == null) {
      e = group.encodePoint(point);
      encoded = e;
    }
    return e;
  }

  boolean hasEncoding() {
    return encoded != null;
  }

  void setEncoding(byte[] e) {
    encoded = e;
  }

  @Override
  public Group group() {
    return group;
  }

  @Override
  public boolean isIdentity() {
    return point.isInfinity();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof P256Element e
        && e.group == group
        && java.util.Arrays.equals(e.encodedUnsafe(), encodedUnsafe());
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(encodedUnsafe());
  }

  @Override
  public String toString() {
    return "P256Element(" + java.util.HexFormat.of().formatHex(encodedUnsafe()) + ")";
  }
}

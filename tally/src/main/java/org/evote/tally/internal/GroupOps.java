package org.evote.tally.internal;

import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Scalar;

/** Group operations with the edge cases the decryption of empty aggregates needs. */
public final class GroupOps {
  private GroupOps() {}

  /**
   * a^x · b^y. The crypto module's P-256 {@code multiExp} fails on the point at infinity (Bouncy
   * Castle's fixed-point precomputation has no coordinates for it), and the aggregate (A, B) of a
   * contest that no counted ballot holds is the identity; this falls back to two
   * exponentiations in that case.
   */
  public static Element multiExp(Group group, Element a, Scalar x, Element b, Scalar y) {
    if (a.isIdentity() || b.isIdentity()) {
      return group.exp(a, x).multiply(group.exp(b, y));
    }
    return group.multiExp(a, x, b, y);
  }
}

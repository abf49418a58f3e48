package org.evote.tally.keyceremony;

import java.math.BigInteger;
import java.util.List;
import org.evote.crypto.election.GuardianRecord;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;

/** Values computed from published polynomial commitments K_{i,j} (ElectionGuard 2.0 §3.2.2). */
public final class Commitments {
  private Commitments() {}

  /**
   * g^{P_i(x)} = Π_j (K_{i,j})^{x^j} mod p (eq. 13, the right side of eq. 21), with the exponents
   * x^j reduced mod q (Note 3.3).
   *
   * @param commitments K_{i,0}, ..., K_{i,k-1}
   * @param x the x coordinate, &ge; 1
   */
  public static Element valueAt(Group group, List<Element> commitments, int x) {
    if (x < 1) {
      throw new IllegalArgumentException("x coordinates start at 1, got " + x);
    }
    BigInteger q = group.order();
    BigInteger xj = BigInteger.ONE;
    BigInteger bx = BigInteger.valueOf(x);
    Element acc = group.identity();
    for (int j = 0; j < commitments.size(); j++) {
      Element kij = group.check("K_" + j, commitments.get(j));
      acc = acc.multiply(j == 0 ? kij : kij.exp(group.scalar(xj)));
      xj = xj.multiply(bx).mod(q);
    }
    return acc;
  }

  /**
   * g^{P(x)} = Π_j Π_m (K_{j,m})^{x^m} over every guardian j (the public key of the share P(x) of
   * the joint secret, as used in eq. 74 and 83). Computed as Π_m (Π_j K_{j,m})^{x^m}.
   */
  public static Element jointValueAt(Group group, List<GuardianRecord> guardians, int x) {
    int k = guardians.isEmpty() ? 0 : guardians.get(0).coefficientProofs().size();
    Element[] sums = new Element[k];
    for (int m = 0; m < k; m++) {
      sums[m] = group.identity();
    }
    for (GuardianRecord g : guardians) {
      List<Element> c = g.commitments();
      if (c.size() != k) {
        throw new IllegalArgumentException(
            "guardian " + g.guardianId() + " has " + c.size() + " commitments, expected " + k);
      }
      for (int m = 0; m < k; m++) {
        sums[m] = sums[m].multiply(c.get(m));
      }
    }
    return valueAt(group, List.of(sums), x);
  }
}

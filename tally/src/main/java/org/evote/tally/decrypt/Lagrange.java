package org.evote.tally.decrypt;

import java.math.BigInteger;
import java.util.Collection;
import java.util.HashSet;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Scalar;

/** Lagrange coefficients for combining the shares of available guardians. */
public final class Lagrange {
  private Lagrange() {}

  /**
   * w_i = Π_{ℓ ∈ U \ {i}} ℓ / (ℓ - i) mod q (ElectionGuard 2.0 §3.6.2, eq. 67).
   *
   * @param i the x coordinate of the guardian, a member of U
   * @param available U, the x coordinates of the available guardians, distinct and &ge; 1
   */
  public static Scalar coefficient(Group group, int i, Collection<Integer> available) {
    if (!available.contains(i)) {
      throw new IllegalArgumentException("guardian " + i + " is not among the available guardians " + available);
    }
    if (new HashSet<>(available).size() != available.size()) {
      throw new IllegalArgumentException("the available guardians' x coordinates repeat: " + available);
    }
    Scalar numerator = group.scalar(1);
    Scalar denominator = group.scalar(1);
    for (int ell : available) {
      if (ell < 1) {
        throw new IllegalArgumentException("x coordinates start at 1, got " + ell);
      }
      if (ell == i) {
        continue;
      }
      numerator = numerator.multiply(group.scalarMod(BigInteger.valueOf(ell)));
      denominator = denominator.multiply(group.scalarMod(BigInteger.valueOf((long) ell - i)));
    }
    return numerator.multiply(denominator.inverse());
  }
}

package org.evote.tally.keyceremony;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.SchnorrProof;
import org.evote.crypto.proof.SchnorrProofs;
import org.evote.crypto.secret.SecretScalar;

/**
 * A guardian's secret sharing polynomial P_i(x) = Σ_j a_{i,j}·x^j mod q with k coefficients
 * (ElectionGuard 2.0 §3.2.2, eq. 9). a_{i,0} is the guardian's secret key s_i. It has no {@code
 * toString}, {@code equals} or {@code hashCode}; the coefficients leave only through {@link
 * #unwrapCoefficients()}.
 */
public final class SecretPolynomial {
  private final Group group;
  private final List<SecretScalar> coefficients;

  private SecretPolynomial(Group group, List<SecretScalar> coefficients) {
    this.group = group;
    this.coefficients = List.copyOf(coefficients);
  }

  /**
   * Samples k coefficients uniformly in 0 &lt; a_{i,j} &lt; q (eq. 9).
   *
   * @param k the quorum, k &ge; 1
   */
  public static SecretPolynomial random(Group group, int k, SecureRandom random) {
    Objects.requireNonNull(group, "group");
    if (k < 1) {
      throw new IllegalArgumentException("a polynomial needs at least one coefficient, got k = " + k);
    }
    List<SecretScalar> a = new ArrayList<>(k);
    for (int j = 0; j < k; j++) {
      a.add(SecretScalar.of(group.randomScalar(random)));
    }
    return new SecretPolynomial(group, a);
  }

  /** A polynomial from known coefficients a_{i,0}, ..., a_{i,k-1}, such as a restored state. */
  public static SecretPolynomial of(Group group, List<SecretScalar> coefficients) {
    Objects.requireNonNull(group, "group");
    if (coefficients.isEmpty()) {
      throw new IllegalArgumentException("a polynomial needs at least one coefficient");
    }
    for (int j = 0; j < coefficients.size(); j++) {
      group.check("a_" + j, coefficients.get(j).unwrapSecret());
    }
    return new SecretPolynomial(group, coefficients);
  }

  public Group group() {
    return group;
  }

  /** k, the number of coefficients. */
  public int size() {
    return coefficients.size();
  }

  /** The coefficients a_{i,0..k-1}, for the encrypted state file only. */
  public List<SecretScalar> unwrapCoefficients() {
    return coefficients;
  }

  /** s_i = a_{i,0}, the guardian's secret key. */
  public SecretScalar secretKey() {
    return coefficients.get(0);
  }

  /** P_i(x) mod q by Horner's rule (eq. 9); x is a guardian's x coordinate ℓ &ge; 1. */
  public SecretScalar valueAt(int x) {
    if (x < 1) {
      throw new IllegalArgumentException("x coordinates start at 1, got " + x);
    }
    Scalar xs = group.scalarMod(BigInteger.valueOf(x));
    Scalar acc = group.scalar(0);
    for (int j = coefficients.size() - 1; j >= 0; j--) {
      acc = acc.multiply(xs).add(coefficients.get(j).unwrapSecret());
    }
    return SecretScalar.of(acc);
  }

  /**
   * The commitments K_{i,j} = g^{a_{i,j}} with their Schnorr proofs of knowledge (eq. 10-12),
   * for j = 0..k-1.
   *
   * @param hp H_P
   * @param i the guardian's x coordinate
   */
  public List<SchnorrProof> proofs(UInt256 hp, int i, SecureRandom random) {
    List<SchnorrProof> out = new ArrayList<>(coefficients.size());
    for (int j = 0; j < coefficients.size(); j++) {
      out.add(SchnorrProofs.prove(hp, i, j, coefficients.get(j), random));
    }
    return out;
  }
}

package org.evote.crypto.proof;

import java.security.SecureRandom;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.Hash;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.secret.SecretScalar;

/** Schnorr proofs of knowledge of a guardian's polynomial coefficients, spec §3.2.2. */
public final class SchnorrProofs {
  private SchnorrProofs() {}

  /** c_{i,j} = H(H_P; 0x10, i, j, K_{i,j}, h_{i,j}) mapped to Z_q (spec eq. 12, Verification 2.C). */
  public static Scalar challenge(UInt256 hp, int i, int j, Element kij, Element hij) {
    Group group = kij.group();
    return group.hashToScalar(
        Hash.key(hp).domain(0x10).int32(i).int32(j).element(kij).element(hij).digest());
  }

  /**
   * Proves knowledge of a_{i,j} for K_{i,j} = g^{a_{i,j}} (eq. 10-12).
   *
   * @param hp H_P
   * @param i the guardian's x coordinate
   * @param j the coefficient index
   * @param coefficient a_{i,j}
   */
  public static SchnorrProof prove(
      UInt256 hp, int i, int j, SecretScalar coefficient, SecureRandom random) {
    Group group = coefficient.group();
    Element kij = group.gExp(coefficient);
    SecretScalar u = SecretScalar.of(group.randomScalar(random));
    Element h = group.gExp(u); // eq. 11
    Scalar c = challenge(hp, i, j, kij, h); // eq. 12
    return new SchnorrProof(kij, c, u.unwrapSecret().subtract(c.multiply(coefficient.unwrapSecret())));
  }

  /** Verification 2: h = g^v · K^c (2.1), and c = H(H_P; 0x10, i, j, K, h) (2.C). */
  public static Outcome verify(UInt256 hp, int i, int j, SchnorrProof proof) {
    Group group = proof.publicKey().group();
    Element h =
        group.multiExp(
            group.generator(),
            group.check("response", proof.response()),
            proof.publicKey(),
            group.check("challenge", proof.challenge()));
    if (!challenge(hp, i, j, proof.publicKey(), h).equals(proof.challenge())) {
      return Outcome.invalid("Schnorr challenge does not match H(H_P; 0x10, i, j, K_ij, h_ij) (2.C)");
    }
    return Outcome.VALID;
  }
}

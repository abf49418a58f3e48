package org.evote.crypto.proof;

import java.util.HexFormat;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.HashedCiphertext;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.Hash;
import org.evote.crypto.hash.UInt256;

/**
 * Proofs of correct decryption, spec §3.6.3 and §3.6.4: the challenge functions the guardians and
 * the verifier share, and the verifier's checks.
 */
public final class DecryptionProofs {
  private DecryptionProofs() {}

  /** c = H(H_E; 0x30, K, A, B, a, b, M) mapped to Z_q (spec eq. 71, Verification 9.B, 12.B). */
  public static Scalar challenge(
      UInt256 he, PublicKey k, Ciphertext ab, Element a, Element b, Element m) {
    Group group = k.group();
    return group.hashToScalar(
        Hash.key(he)
            .domain(0x30)
            .elements(group, java.util.List.of(k.element(), ab.pad(), ab.data(), a, b, m))
            .digest());
  }

  /**
   * c = H(H_E; 0x31, K, C0, C1, C2, a, b, β) mapped to Z_q (spec eq. 81, Verification 11.B,
   * 14.B). egk-ec hashes C1 as the UTF-8 bytes of its upper-case hex string and C2 as its 32
   * bytes; we do the same so that records interoperate.
   */
  public static Scalar contestDataChallenge(
      UInt256 he, PublicKey k, HashedCiphertext cd, Element a, Element b, Element beta) {
    Group group = k.group();
    return group.hashToScalar(
        Hash.key(he)
            .domain(0x31)
            .element(k.element())
            .element(cd.c0())
            .rawUtf8(HexFormat.of().withUpperCase().formatHex(cd.c1().bytes()))
            .uint256(cd.c2())
            .elements(group, java.util.List.of(a, b, beta))
            .digest());
  }

  /**
   * Verification 9 (tallies) and 12 (challenged ballots): M = B·T^-1 (9.1), a = g^v·K^c (9.2),
   * b = A^v·M^c (9.3), and c = H(H_E; 0x30, K, A, B, a, b, M) (9.B). The response's range (9.A)
   * holds for every decoded scalar.
   *
   * @param t T = K^t, the decrypted value egk-ec calls b_over_m
   */
  public static Outcome verify(UInt256 he, PublicKey k, Ciphertext ab, Element t, ChaumPedersenProof proof) {
    Group group = k.group();
    Scalar c = group.check("challenge", proof.challenge());
    Scalar v = group.check("response", proof.response());
    Element m = ab.data().divide(t);
    Element a = group.multiExp(group.generator(), v, k.element(), c);
    Element b = group.multiExp(ab.pad(), v, m, c);
    if (!challenge(he, k, ab, a, b, m).equals(c)) {
      return Outcome.invalid("decryption challenge does not match H(H_E; 0x30, K, A, B, a, b, M)");
    }
    return Outcome.VALID;
  }

  /**
   * Verification 11 and 14: a = g^v·K^c (11.1), b = C0^v·β^c (11.2), c = H(H_E; 0x31, K, C0, C1,
   * C2, a, b, β) (11.B).
   */
  public static Outcome verifyContestData(
      UInt256 he, PublicKey k, HashedCiphertext cd, Element beta, ChaumPedersenProof proof) {
    Group group = k.group();
    Scalar c = group.check("challenge", proof.challenge());
    Scalar v = group.check("response", proof.response());
    Element a = group.multiExp(group.generator(), v, k.element(), c);
    Element b = group.multiExp(cd.c0(), v, beta, c);
    if (!contestDataChallenge(he, k, cd, a, b, beta).equals(c)) {
      return Outcome.invalid(
          "contest data decryption challenge does not match H(H_E; 0x31, K, C0, C1, C2, a, b, beta)");
    }
    return Outcome.VALID;
  }
}

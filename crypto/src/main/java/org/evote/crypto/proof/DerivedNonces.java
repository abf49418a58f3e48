package org.evote.crypto.proof;

import org.evote.crypto.group.Group;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.Hash;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.secret.SecretScalar;

/**
 * The prover randomness of a range proof (spec §3.3.5, eq. 44-45), derived from the encryption
 * nonce ξ the way egk-ec derives it, so that a ballot is fully determined by its primary nonce and
 * equals egk-ec's ballot byte for byte. The spec draws u_j and the simulated c_j (j ≠ ℓ) at random;
 * a verifier cannot tell the difference, and whoever holds ξ (a challenging voter) can recompute
 * the proof.
 *
 * <p>N(ξ, label, j) = hashToScalar(H(s; b(j, 4))) with s = H(b(ξ, 32); label), where H is
 * HMAC-SHA-256 (spec eq. 105), the label is UTF-8 with no length in front and no domain byte
 * opens either input:
 *
 * <ul>
 *   <li>u_j = N(ξ, "range-chaum-pedersen-proof", j), a secret;
 *   <li>c_j = N(ξ, "range-chaum-pedersen-proof-constants", j), published for j ≠ ℓ.
 * </ul>
 *
 * <p>ξ is the HMAC key, so the derivation touches it only inside HMAC-SHA-256, whose running time
 * does not depend on the key's value.
 */
final class DerivedNonces {
  static final String U_LABEL = "range-chaum-pedersen-proof";
  static final String C_LABEL = "range-chaum-pedersen-proof-constants";

  private final Group group;
  private final UInt256 uSeed;
  private final UInt256 cSeed;

  DerivedNonces(SecretScalar xi) {
    Scalar s = xi.unwrapSecret();
    this.group = s.group();
    byte[] key = s.encode();
    this.uSeed = Hash.rawKey(key).rawUtf8(U_LABEL).digest();
    this.cSeed = Hash.rawKey(key).rawUtf8(C_LABEL).digest();
  }

  /** u_j, the commitment exponent: a secret. */
  SecretScalar u(int j) {
    return SecretScalar.of(group.hashToScalar(Hash.key(uSeed).int32(j).digest()));
  }

  /** c_j, a simulated challenge for j ≠ ℓ: published in the proof. */
  Scalar c(int j) {
    return group.hashToScalar(Hash.key(cSeed).int32(j).digest());
  }
}

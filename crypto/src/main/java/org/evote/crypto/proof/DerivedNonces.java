package org.evote.crypto.proof;

import org.evote.crypto.group.Group;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.Hash;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.secret.SecretScalar;

/**
 * Prover randomness derived from a secret, in the manner of RFC 6979: u_j and the simulated c_j
 * of a range proof are H(ξ; 0x60 or 0x61, j) mapped to Z_q, keyed by the encryption nonce ξ.
 * The same ballot nonce therefore always gives the same encrypted ballot, which lets the browser
 * and Java encryptors be cross-checked byte for byte; a verifier cannot tell the difference.
 * 0x60 and 0x61 are domain bytes that the spec does not use.
 */
final class DerivedNonces {
  private final Group group;
  private final UInt256 key;

  DerivedNonces(SecretScalar seed) {
    Scalar s = seed.unwrapSecret();
    this.group = s.group();
    this.key = UInt256.of(s.encode());
  }

  /** u_j, the commitment exponent: a secret. */
  SecretScalar u(int j) {
    return SecretScalar.of(group.hashToScalar(Hash.key(key).domain(0x60).int32(j).digest()));
  }

  /** c_j, a simulated challenge for j ≠ ℓ: published in the proof. */
  Scalar c(int j) {
    return group.hashToScalar(Hash.key(key).domain(0x61).int32(j).digest());
  }
}

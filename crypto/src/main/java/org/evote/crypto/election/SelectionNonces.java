package org.evote.crypto.election;

import org.evote.crypto.group.Group;
import org.evote.crypto.hash.Hash;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.secret.SecretScalar;

/** Derivation of encryption nonces from the ballot nonce ξ_B, spec §3.3.2. */
public final class SelectionNonces {
  private SelectionNonces() {}

  /**
   * ξ_{i,j} = H(H_E; 0x20, ξ_B, ind_c(Λ_i), ind_o(λ_j)) mapped to Z_q (spec eq. 25). The indices
   * are the manifest's sequence orders of the contest and the option.
   */
  public static SecretScalar selectionNonce(
      Group group, UInt256 he, UInt256 ballotNonce, int contestIndex, int optionIndex) {
    return SecretScalar.of(group.hashToScalar(
        Hash.key(he)
            .domain(0x20)
            .uint256(ballotNonce)
            .int32(contestIndex)
            .int32(optionIndex)
            .digest()));
  }

  /**
   * The nonce of egk-ec's encrypted serial number, H(H_E; 0x10, ξ_B) mapped to Z_q. Spec 2.0 has
   * no serial number; egk-ec encrypts a plaintext ballot's {@code sn} with this nonce as in eq. 24.
   */
  public static SecretScalar serialNumberNonce(Group group, UInt256 he, UInt256 ballotNonce) {
    return SecretScalar.of(group.hashToScalar(Hash.key(he).domain(0x10).uint256(ballotNonce).digest()));
  }
}

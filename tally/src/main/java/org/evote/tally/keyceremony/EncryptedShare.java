package org.evote.tally.keyceremony;

import org.evote.crypto.hash.UInt256;
import org.evote.crypto.util.Require;

/**
 * Message: guardian G_i's share P_i(ℓ) for G_ℓ, encrypted to K_ℓ (ElectionGuard 2.0 §3.2.2, eq.
 * 18). Public: only G_ℓ can decrypt it.
 *
 * @param senderId G_i
 * @param senderX i
 * @param recipientId G_ℓ
 * @param recipientX ℓ
 * @param ciphertext E_ℓ(P_i(ℓ))
 */
public record EncryptedShare(
    String ceremonyId,
    UInt256 electionBaseHash,
    String senderId,
    int senderX,
    String recipientId,
    int recipientX,
    ShareCiphertext ciphertext) {
  public EncryptedShare {
    Require.nonNull(
        "ceremonyId", ceremonyId, "electionBaseHash", electionBaseHash, "senderId", senderId,
        "recipientId", recipientId, "ciphertext", ciphertext);
  }
}

package org.evote.tally.keyceremony;

import java.util.Objects;
import org.evote.crypto.hash.UInt256;

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
    Objects.requireNonNull(ceremonyId, "ceremonyId");
    Objects.requireNonNull(electionBaseHash, "electionBaseHash");
    Objects.requireNonNull(senderId, "senderId");
    Objects.requireNonNull(recipientId, "recipientId");
    Objects.requireNonNull(ciphertext, "ciphertext");
  }
}

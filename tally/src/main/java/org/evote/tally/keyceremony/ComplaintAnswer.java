package org.evote.tally.keyceremony;

import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.util.Require;

/**
 * Message: an accused guardian G_i's public answer to a complaint by G_ℓ: it reveals P_i(ℓ) and
 * the nonce ξ_{i,ℓ} of the published encryption (ElectionGuard 2.0 §3.2.2, "Share verification").
 * Anyone can then check that they reproduce the published E_ℓ(P_i(ℓ)) and satisfy eq. 21. These
 * values are public once answered, so they are plain scalars here.
 *
 * @param senderId G_i, the accused
 * @param recipientId G_ℓ, the complainant
 * @param share P_i(ℓ)
 * @param nonce ξ_{i,ℓ}
 */
public record ComplaintAnswer(
    String ceremonyId, UInt256 electionBaseHash, String senderId, String recipientId, Scalar share, Scalar nonce) {
  public ComplaintAnswer {
    Require.nonNull(
        "ceremonyId", ceremonyId, "electionBaseHash", electionBaseHash, "senderId", senderId,
        "recipientId", recipientId, "share", share, "nonce", nonce);
  }
}

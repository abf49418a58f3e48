package org.evote.tally.decrypt;

import org.evote.crypto.group.Element;
import org.evote.crypto.proof.ChaumPedersenProof;
import org.evote.crypto.util.Require;

/**
 * The result of one joint decryption: M = A^s (eq. 68) for a vote, or β = C0^s (eq. 78) for
 * contest data, with the joint proof (c, v) (eq. 71, 76 or 81, 85).
 */
public record JointDecryption(DecryptionText text, Element m, ChaumPedersenProof proof) {
  public JointDecryption {
    Require.nonNull("text", text, "m", m, "proof", proof);
  }
}

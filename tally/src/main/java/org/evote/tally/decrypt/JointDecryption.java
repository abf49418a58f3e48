package org.evote.tally.decrypt;

import java.util.Objects;
import org.evote.crypto.group.Element;
import org.evote.crypto.proof.ChaumPedersenProof;

/**
 * The result of one joint decryption: M = A^s (eq. 68) for a vote, or β = C0^s (eq. 78) for
 * contest data, with the joint proof (c, v) (eq. 71, 76 or 81, 85).
 */
public record JointDecryption(DecryptionText text, Element m, ChaumPedersenProof proof) {
  public JointDecryption {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(m, "m");
    Objects.requireNonNull(proof, "proof");
  }
}

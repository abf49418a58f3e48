package org.evote.crypto.proof;

import java.util.Objects;
import org.evote.crypto.group.Scalar;

/**
 * A Chaum-Pedersen proof in challenge-response form (c, v), as egk-ec records it. The
 * commitments (a, b) are recomputed by the verifier.
 *
 * @param challenge c
 * @param response v
 */
public record ChaumPedersenProof(Scalar challenge, Scalar response) {
  public ChaumPedersenProof {
    Objects.requireNonNull(challenge, "challenge");
    Objects.requireNonNull(response, "response");
    if (challenge.group() != response.group()) {
      throw new IllegalArgumentException("challenge and response are in different groups");
    }
  }
}

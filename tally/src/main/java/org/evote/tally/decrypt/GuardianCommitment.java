package org.evote.tally.decrypt;

import java.util.List;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.util.Require;

/**
 * Message: round one of a guardian in a decryption session: its partial decryptions and proof
 * commitments for every text of the request, in order (ElectionGuard 2.0 eq. 66, 69, 77, 79). The
 * nonces u_i stay with the guardian.
 */
public record GuardianCommitment(
    String sessionId, UInt256 extendedBaseHash, String guardianId, List<PartialDecryption> partials) {
  public GuardianCommitment {
    Require.nonNull("sessionId", sessionId, "extendedBaseHash", extendedBaseHash, "guardianId", guardianId);
    partials = List.copyOf(partials);
  }
}

package org.evote.tally.decrypt;

import java.util.List;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.util.Require;

/**
 * Message: round two of a guardian: v_i = u_i - c_i·P(i) mod q for every text (ElectionGuard 2.0
 * eq. 73, 82).
 */
public record GuardianResponse(
    String sessionId, UInt256 extendedBaseHash, String guardianId, List<Scalar> responses) {
  public GuardianResponse {
    Require.nonNull("sessionId", sessionId, "extendedBaseHash", extendedBaseHash, "guardianId", guardianId);
    responses = List.copyOf(responses);
  }
}

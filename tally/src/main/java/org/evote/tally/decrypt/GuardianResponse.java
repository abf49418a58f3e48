package org.evote.tally.decrypt;

import java.util.List;
import java.util.Objects;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.UInt256;

/**
 * Message: round two of a guardian: v_i = u_i - c_i·P(i) mod q for every text (ElectionGuard 2.0
 * eq. 73, 82).
 */
public record GuardianResponse(
    String sessionId, UInt256 extendedBaseHash, String guardianId, List<Scalar> responses) {
  public GuardianResponse {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(extendedBaseHash, "extendedBaseHash");
    Objects.requireNonNull(guardianId, "guardianId");
    responses = List.copyOf(responses);
  }
}

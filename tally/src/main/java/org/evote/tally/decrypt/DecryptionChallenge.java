package org.evote.tally.decrypt;

import java.util.List;
import java.util.Objects;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.UInt256;

/**
 * Message: the coordinator's joint challenges of a session: the set U of guardians taking part
 * and, for every text, c = H(H_E; 0x30, K, A, B, a, b, M) (eq. 71) or H(H_E; 0x31, K, C0, C1, C2,
 * a, b, β) (eq. 81). Guardian G_i answers c_i = c·w_i (eq. 72) with its Lagrange coefficient w_i
 * for U (eq. 67).
 *
 * @param guardianIds U, the guardians whose commitments were combined
 * @param challenges c for each text, in request order
 */
public record DecryptionChallenge(
    String sessionId, UInt256 extendedBaseHash, List<String> guardianIds, List<Scalar> challenges) {
  public DecryptionChallenge {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(extendedBaseHash, "extendedBaseHash");
    guardianIds = List.copyOf(guardianIds);
    challenges = List.copyOf(challenges);
  }

  /** c for text {@code index}. */
  public Scalar challenge(int index) {
    return challenges.get(index);
  }
}

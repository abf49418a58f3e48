package org.evote.crypto.casting;

import java.nio.charset.StandardCharsets;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.hash.UInt256;

/**
 * The bytes a voter signs to submit a ballot: {@code "evote-cast-v2" ∥ 0x00 ∥ H_E ∥ H(B) ∥ state},
 * the election id (its extended base hash), the ballot's confirmation code and its state
 * ("CAST" or "CHALLENGED", ASCII). Binding all three means a signature cannot be moved to another
 * ballot or election, nor turn a challenged ballot into a cast one (the confirmation code does
 * not cover the state).
 */
public final class CastMessage {
  private static final byte[] TAG = "evote-cast-v2".getBytes(StandardCharsets.US_ASCII);

  private CastMessage() {}

  /**
   * @param electionId H_E
   * @param confirmationCode H(B)
   * @param state CAST or CHALLENGED
   * @throws IllegalArgumentException for any other state
   */
  public static byte[] of(UInt256 electionId, UInt256 confirmationCode, BallotState state) {
    if (state != BallotState.CAST && state != BallotState.CHALLENGED) {
      throw new IllegalArgumentException("a submitted ballot is CAST or CHALLENGED, not " + state);
    }
    byte[] s = state.name().getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[TAG.length + 1 + 64 + s.length];
    System.arraycopy(TAG, 0, out, 0, TAG.length);
    System.arraycopy(electionId.bytes(), 0, out, TAG.length + 1, 32);
    System.arraycopy(confirmationCode.bytes(), 0, out, TAG.length + 33, 32);
    System.arraycopy(s, 0, out, TAG.length + 65, s.length);
    return out;
  }
}

package org.evote.tally.decrypt;

import org.evote.tally.Checked;

/**
 * An available guardian in a decryption session, as the coordinator sees it: it answers a
 * request with its commitment (round one) and a challenge with its responses (round two). The
 * in-process implementation is {@link InProcessGuardian}; over a file transport the same rounds
 * run as separate {@code evote guardian decrypt-commit} and {@code decrypt-respond} processes.
 */
public interface DecryptingGuardian {

  String guardianId();

  /** Round one: M_i, a_i, b_i for every text; refuses a request of another election. */
  Checked<GuardianCommitment> commit(DecryptionRequest request);

  /** Round two: v_i for every text; answers each session at most once. */
  Checked<GuardianResponse> respond(DecryptionRequest request, DecryptionChallenge challenge);
}

package org.evote.crypto.election;

/**
 * A ballot's state, as egk-ec records it. A voter submits CAST or CHALLENGED; in an exported
 * record an ElectionGuard verifier aggregates exactly the CAST ballots, so evote's export keeps
 * CAST for the ballots its policy counts and marks superseded and overridden ones UNKNOWN
 * (docs/PROTOCOL.md, "Ballot states").
 */
public enum BallotState {
  /** Cast; in a record, counted in the tally. */
  CAST,
  /** Challenged (Benaloh): decrypted for the voter, never counted. */
  CHALLENGED,
  /**
   * Not decided, or not counted: an egk-ec ballot never submitted, or in evote's record a cast
   * ballot that a later one superseded or an in-person vote overrode. Its proofs are still checked.
   */
  UNKNOWN
}

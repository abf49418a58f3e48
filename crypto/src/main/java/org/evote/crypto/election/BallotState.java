package org.evote.crypto.election;

/** A ballot's state on the board, as egk-ec records it. */
public enum BallotState {
  /** Cast: counted unless superseded or overridden by our policy. */
  CAST,
  /** Challenged (Benaloh): decrypted for the voter, never counted. */
  CHALLENGED,
  /** Not yet decided. */
  UNKNOWN
}

package org.evote.verifier;

/** The outcome of one check in a {@link Report}. */
public enum Status {
  /** Everything the check covers was verified. */
  PASSED,
  /** At least one item failed; the check lists the failures. */
  FAILED,
  /** The record holds nothing this check applies to (such as pre-encrypted ballots). */
  NOT_APPLICABLE
}

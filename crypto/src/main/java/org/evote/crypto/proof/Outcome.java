package org.evote.crypto.proof;

/**
 * The result of checking one proof or value from untrusted data: valid, or invalid with the
 * reason. Checks return this instead of throwing, so that a verifier can collect every failure.
 *
 * @param valid whether the check passed
 * @param reason why it failed; empty when valid
 */
public record Outcome(boolean valid, String reason) {
  /** A passed check. */
  public static final Outcome VALID = new Outcome(true, "");

  /** A failed check with its reason. */
  public static Outcome invalid(String reason) {
    return new Outcome(false, reason);
  }
}

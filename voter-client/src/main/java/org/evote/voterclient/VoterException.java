package org.evote.voterclient;

/**
 * Something the voter must be told: the message is a complete sentence meant for them (an
 * expired token, a closed election, no node reachable, a receipt that does not verify). It never
 * carries a secret and the clients print it without a stack trace.
 */
public final class VoterException extends Exception {
  private final String reason;

  /**
   * @param reason a short machine-readable reason, such as {@code token_expired}
   * @param sentence what the voter reads
   */
  public VoterException(String reason, String sentence) {
    super(sentence, null, false, false);
    this.reason = reason;
  }

  /** The machine-readable reason. */
  public String reason() {
    return reason;
  }
}

package org.evote.crypto.election;

import java.util.List;

/**
 * The result of validating one encrypted ballot.
 *
 * @param ballotId the ballot's id
 * @param findings every failed check; empty when the ballot is valid
 */
public record BallotValidation(String ballotId, List<Finding> findings) {
  public BallotValidation {
    findings = List.copyOf(findings);
  }

  public boolean isValid() {
    return findings.isEmpty();
  }

  /** The first finding's text, or "valid". */
  public String summary() {
    return findings.isEmpty() ? "valid" : findings.get(0).toString();
  }
}

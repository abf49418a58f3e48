package org.evote.verifier;

import java.util.Objects;

/**
 * One failed item of a check.
 *
 * @param location where, such as "ballot id-7 contest contest1 selection selection2" or
 *     "encrypted_tally.json contest1/selection2"
 * @param reason why, naming the spec's sub-check where there is one (such as "8.A")
 */
public record Failure(String location, String reason) {
  public Failure {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return location + ": " + reason;
  }
}

package org.evote.tally.decrypt;

import java.util.Objects;

/**
 * Where a challenged ballot sits in the record: its device folder ("" for ballots directly in
 * encrypted_ballots) and its id.
 */
public record BallotRef(String device, String ballotId) {
  public BallotRef {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(ballotId, "ballotId");
  }
}

package org.evote.tally.aggregate;

import java.util.Objects;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.hash.UInt256;

/**
 * What a counting policy may look at to decide whether a ballot counts: everything on the board
 * about it except its ciphertexts.
 *
 * @param device the device folder the ballot was read from ("" for none)
 */
public record BallotSummary(
    String ballotId, String device, BallotState state, String ballotStyleId, String encryptingDevice,
    long timestamp, UInt256 confirmationCode) {
  public BallotSummary {
    Objects.requireNonNull(ballotId, "ballotId");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(ballotStyleId, "ballotStyleId");
    Objects.requireNonNull(encryptingDevice, "encryptingDevice");
    Objects.requireNonNull(confirmationCode, "confirmationCode");
  }
}

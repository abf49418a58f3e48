package org.evote.tally.aggregate;

import org.evote.crypto.election.BallotState;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.util.Require;

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
    Require.nonNull(
        "ballotId", ballotId, "device", device, "state", state, "ballotStyleId", ballotStyleId,
        "encryptingDevice", encryptingDevice, "confirmationCode", confirmationCode);
  }
}

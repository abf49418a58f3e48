package org.evote.tally.aggregate;

import java.util.List;
import java.util.Map;
import org.evote.crypto.election.EncryptedTally;
import org.evote.tally.Checked;
import org.evote.tally.decrypt.BallotRef;

/**
 * The outcome of aggregating a record's ballots.
 *
 * @param tally the encrypted tally, or every problem that prevents it (a ballot that cannot be
 *     read, is for another election, or does not fit the manifest: a tally never skips a ballot)
 * @param challenged every CHALLENGED ballot, to be decrypted (§3.6.5), in record order
 * @param ballotsRead how many ballot files were read
 * @param counted how many ballots were aggregated
 * @param excluded how many ballots the policy excluded, by reason
 */
public record AggregationResult(
    Checked<EncryptedTally> tally, List<BallotRef> challenged, long ballotsRead, long counted,
    Map<String, Long> excluded) {
  public AggregationResult {
    challenged = List.copyOf(challenged);
    excluded = Map.copyOf(excluded);
  }
}

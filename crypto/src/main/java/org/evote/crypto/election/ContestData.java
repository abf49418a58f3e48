package org.evote.crypto.election;

import java.util.List;
import java.util.Objects;

/**
 * The contest data of spec §3.3.7 in egk-ec's form: the options selected in an over-voted
 * contest, write-in texts, and a status.
 *
 * @param overvotes sequence orders of the options selected when the contest was over-voted
 * @param writeIns write-in texts
 * @param status normal, null_vote, over_vote or under_vote
 */
public record ContestData(List<Integer> overvotes, List<String> writeIns, String status) {
  public ContestData {
    overvotes = List.copyOf(overvotes);
    writeIns = List.copyOf(writeIns);
    Objects.requireNonNull(status, "status");
  }
}

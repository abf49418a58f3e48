package org.evote.tally.aggregate;

import java.util.Objects;

/**
 * Which ballots of the board count in the tally (ElectionGuard 2.0 §3.5 aggregates "all cast
 * ballots"; the project adds re-voting, where only a voter's last ballot counts, and in-person
 * overrides, see ../shared/BRIEF.md). Implementations must be deterministic and thread-safe: the
 * aggregator calls them from several threads.
 */
public interface CountingPolicy {

  /** Whether the ballot counts, or why it does not. */
  Decision decide(BallotSummary ballot);

  /** A one-line description for reports. */
  String describe();

  /**
   * A policy's verdict on one ballot.
   *
   * @param counts whether it is aggregated
   * @param reason why not, such as "challenged" or "superseded"; "" when it counts
   * @param refused whether the ballot contradicts the policy, so that no tally may be made from
   *     the record (the aggregation fails with {@code reason})
   */
  record Decision(boolean counts, String reason, boolean refused) {
    public static final Decision COUNT = new Decision(true, "", false);

    public Decision {
      Objects.requireNonNull(reason, "reason");
      if (refused && counts) {
        throw new IllegalArgumentException("a refused ballot cannot count");
      }
    }

    public static Decision exclude(String reason) {
      return new Decision(false, reason, false);
    }

    /** The record is inconsistent at this ballot: the aggregation fails, naming {@code reason}. */
    public static Decision refuse(String reason) {
      return new Decision(false, reason, true);
    }
  }
}

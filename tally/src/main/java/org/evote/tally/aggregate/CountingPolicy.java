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
   */
  record Decision(boolean counts, String reason) {
    public static final Decision COUNT = new Decision(true, "");

    public Decision {
      Objects.requireNonNull(reason, "reason");
    }

    public static Decision exclude(String reason) {
      return new Decision(false, reason);
    }
  }
}

package org.evote.tally.aggregate;

/**
 * The policy of an egk-ec record: a ballot counts exactly when its state is CAST; CHALLENGED
 * ballots never count (they are decrypted instead, §3.6.5), and UNKNOWN ones were never cast.
 */
public final class StateCountingPolicy implements CountingPolicy {
  public static final StateCountingPolicy INSTANCE = new StateCountingPolicy();

  private StateCountingPolicy() {}

  @Override
  public Decision decide(BallotSummary ballot) {
    return switch (ballot.state()) {
      case CAST -> Decision.COUNT;
      case CHALLENGED -> Decision.exclude("challenged");
      case UNKNOWN -> Decision.exclude("not cast (state UNKNOWN)");
    };
  }

  @Override
  public String describe() {
    return "every CAST ballot counts; CHALLENGED and UNKNOWN ballots do not";
  }
}

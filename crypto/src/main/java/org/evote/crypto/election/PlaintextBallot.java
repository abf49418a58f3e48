package org.evote.crypto.election;

import java.util.List;
import java.util.Objects;

/**
 * A voter's choices before encryption, in egk-ec's {@code pballot} layout.
 *
 * @param ballotId the ballot's id
 * @param ballotStyle the ballot style id
 * @param contests the contests voted on
 */
public record PlaintextBallot(String ballotId, String ballotStyle, List<Contest> contests) {
  public PlaintextBallot {
    Objects.requireNonNull(ballotId, "ballotId");
    Objects.requireNonNull(ballotStyle, "ballotStyle");
    contests = List.copyOf(contests);
  }

  /** One contest's choices. */
  public record Contest(
      String contestId, int sequenceOrder, List<Selection> selections, List<String> writeIns) {
    public Contest {
      Objects.requireNonNull(contestId, "contestId");
      selections = List.copyOf(selections);
      writeIns = List.copyOf(writeIns);
    }
  }

  /**
   * One option's value.
   *
   * @param vote σ, usually 0 or 1
   */
  public record Selection(String selectionId, int sequenceOrder, int vote) {
    public Selection {
      Objects.requireNonNull(selectionId, "selectionId");
    }
  }
}

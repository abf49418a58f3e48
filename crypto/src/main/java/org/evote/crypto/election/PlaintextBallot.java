package org.evote.crypto.election;

import java.util.List;
import java.util.Objects;

/**
 * A voter's choices before encryption, in egk-ec's {@code pballot} layout.
 *
 * @param ballotId the ballot's id
 * @param ballotStyle the ballot style id
 * @param contests the contests voted on
 * @param sn egk-ec's optional ballot serial number (not in spec 2.0), non-negative, or null; the
 *     encryptor encrypts it into {@link EncryptedBallot#encryptedSn()}
 */
public record PlaintextBallot(String ballotId, String ballotStyle, List<Contest> contests, Long sn) {
  public PlaintextBallot {
    Objects.requireNonNull(ballotId, "ballotId");
    Objects.requireNonNull(ballotStyle, "ballotStyle");
    contests = List.copyOf(contests);
    if (sn != null && sn < 0) {
      throw new IllegalArgumentException("a ballot serial number is non-negative, got " + sn);
    }
  }

  /** A ballot without a serial number. */
  public PlaintextBallot(String ballotId, String ballotStyle, List<Contest> contests) {
    this(ballotId, ballotStyle, contests, null);
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

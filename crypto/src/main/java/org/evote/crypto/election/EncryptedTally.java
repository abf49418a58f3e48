package org.evote.crypto.election;

import java.util.List;
import java.util.Objects;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.hash.UInt256;

/**
 * {@code encrypted_tally.json}: the aggregate encryption (A, B) of every option (spec §3.5 eq. 62).
 *
 * @param tallyId the tally's name
 * @param contests the contests
 * @param castBallotIds the ids of the ballots aggregated
 * @param electionId H_E
 */
public record EncryptedTally(
    String tallyId, List<Contest> contests, List<String> castBallotIds, UInt256 electionId) {
  public EncryptedTally {
    Objects.requireNonNull(tallyId, "tallyId");
    Objects.requireNonNull(electionId, "electionId");
    contests = List.copyOf(contests);
    castBallotIds = List.copyOf(castBallotIds);
  }

  /** One contest's aggregates; ballotCount as egk-ec writes it (often 0). */
  public record Contest(String contestId, int sequenceOrder, List<Selection> selections, int ballotCount) {
    public Contest {
      selections = List.copyOf(selections);
    }
  }

  /** One option's aggregate (A, B). */
  public record Selection(String selectionId, int sequenceOrder, Ciphertext encryptedVote) {}
}

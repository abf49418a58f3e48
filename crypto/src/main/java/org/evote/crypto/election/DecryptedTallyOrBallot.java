package org.evote.crypto.election;

import java.util.List;
import java.util.Objects;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.HashedCiphertext;
import org.evote.crypto.group.Element;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.ChaumPedersenProof;
import org.evote.crypto.util.Require;

/**
 * A verifiably decrypted tally ({@code tally.json}) or challenged ballot ({@code dballot-*.json}),
 * spec §3.6.
 *
 * @param id the tally id or the ballot id
 * @param contests the decrypted contests
 * @param electionId H_E
 */
public record DecryptedTallyOrBallot(String id, List<Contest> contests, UInt256 electionId) {
  public DecryptedTallyOrBallot {
    Require.nonNull("id", id, "electionId", electionId);
    contests = List.copyOf(contests);
  }

  /**
   * A decrypted contest.
   *
   * @param ballotCount egk-ec's ballot count, may be null
   * @param decryptedContestData the contest data with its proof; challenged ballots only
   */
  public record Contest(
      String contestId,
      List<Selection> selections,
      Integer ballotCount,
      DecryptedContestData decryptedContestData) {
    public Contest {
      Objects.requireNonNull(contestId, "contestId");
      selections = List.copyOf(selections);
    }
  }

  /**
   * A decrypted option.
   *
   * @param tally t (or σ for a ballot)
   * @param bOverM T = B·M^-1 = K^t (eq. 64)
   * @param encryptedVote (A, B)
   * @param proof the decryption proof (c, v) of §3.6.3
   */
  public record Selection(
      String selectionId, int tally, Element bOverM, Ciphertext encryptedVote, ChaumPedersenProof proof) {
    public Selection {
      Require.nonNull("selectionId", selectionId, "bOverM", bOverM, "encryptedVote", encryptedVote, "proof", proof);
    }
  }

  /**
   * Decrypted contest data (spec §3.6.4).
   *
   * @param beta β = C0^s (eq. 78)
   */
  public record DecryptedContestData(
      ContestData contestData, HashedCiphertext encryptedContestData, ChaumPedersenProof proof, Element beta) {}
}

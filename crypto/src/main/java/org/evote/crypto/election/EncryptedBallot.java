package org.evote.crypto.election;

import java.util.List;
import java.util.Objects;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.HashedCiphertext;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.RangeProof;

/**
 * An encrypted ballot in egk-ec's {@code eballot} layout (spec §3.3, §3.4).
 *
 * @param ballotId the ballot's id
 * @param ballotStyleId its style
 * @param encryptingDevice the device that encrypted it
 * @param timestamp seconds since the epoch when it was encrypted
 * @param codeBaux B_aux of eq. 58, hashed into the confirmation code
 * @param confirmationCode H(B) of eq. 58
 * @param electionId H_E of the election it belongs to
 * @param contests the contests, in sequence order
 * @param state cast, challenged or unknown
 * @param encryptedSn egk-ec's optional encrypted serial number, or null
 * @param isPreencrypt whether it is a pre-encrypted ballot (spec §4); not supported here
 */
public record EncryptedBallot(
    String ballotId,
    String ballotStyleId,
    String encryptingDevice,
    long timestamp,
    ByteString codeBaux,
    UInt256 confirmationCode,
    UInt256 electionId,
    List<Contest> contests,
    BallotState state,
    Ciphertext encryptedSn,
    boolean isPreencrypt) {
  public EncryptedBallot {
    Objects.requireNonNull(ballotId, "ballotId");
    Objects.requireNonNull(ballotStyleId, "ballotStyleId");
    Objects.requireNonNull(encryptingDevice, "encryptingDevice");
    Objects.requireNonNull(codeBaux, "codeBaux");
    Objects.requireNonNull(confirmationCode, "confirmationCode");
    Objects.requireNonNull(electionId, "electionId");
    Objects.requireNonNull(state, "state");
    contests = List.copyOf(contests);
  }

  /** The same ballot in another state. */
  public EncryptedBallot withState(BallotState newState) {
    return new EncryptedBallot(
        ballotId, ballotStyleId, encryptingDevice, timestamp, codeBaux, confirmationCode,
        electionId, contests, newState, encryptedSn, isPreencrypt);
  }

  /**
   * An encrypted contest.
   *
   * @param contestHash χ_l of eq. 57
   * @param proof the contest limit proof, range 0..L (§3.3.8)
   * @param contestData the encrypted contest data (§3.3.6)
   */
  public record Contest(
      String contestId,
      int sequenceOrder,
      UInt256 contestHash,
      List<Selection> selections,
      RangeProof proof,
      HashedCiphertext contestData) {
    public Contest {
      Objects.requireNonNull(contestId, "contestId");
      Objects.requireNonNull(contestHash, "contestHash");
      Objects.requireNonNull(proof, "proof");
      Objects.requireNonNull(contestData, "contestData");
      selections = List.copyOf(selections);
    }
  }

  /**
   * An encrypted selection.
   *
   * @param encryptedVote (α, β)
   * @param proof the range proof 0..R (§3.3.5)
   */
  public record Selection(String selectionId, int sequenceOrder, Ciphertext encryptedVote, RangeProof proof) {
    public Selection {
      Objects.requireNonNull(selectionId, "selectionId");
      Objects.requireNonNull(encryptedVote, "encryptedVote");
      Objects.requireNonNull(proof, "proof");
    }
  }
}

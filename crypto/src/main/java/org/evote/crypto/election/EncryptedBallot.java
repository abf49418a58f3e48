package org.evote.crypto.election;

import java.util.List;
import java.util.Objects;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.HashedCiphertext;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.RangeProof;
import org.evote.crypto.util.Require;

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
 * @param isPreencrypt whether it is a pre-encrypted ballot (spec §4): then each contest carries its
 *     {@link PreEncryption}, and the confirmation code is H(B) of eq. 95, not of eq. 58
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
    Require.nonNull(
        "ballotId", ballotId, "ballotStyleId", ballotStyleId, "encryptingDevice", encryptingDevice,
        "codeBaux", codeBaux, "confirmationCode", confirmationCode, "electionId", electionId, "state", state);
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
   * @param contestHash χ_l of eq. 57 (egk-ec's {@code contest_hash}; of a pre-encrypted ballot, a
   *     value §4 does not define: its contest hash is {@link PreEncryption#preencryptionHash()})
   * @param proof the contest limit proof, range 0..L (§3.3.8)
   * @param contestData the encrypted contest data (§3.3.6)
   * @param preEncryption the pre-encryption data of a pre-encrypted ballot's contest (§4.4), or null
   */
  public record Contest(
      String contestId,
      int sequenceOrder,
      UInt256 contestHash,
      List<Selection> selections,
      RangeProof proof,
      HashedCiphertext contestData,
      PreEncryption preEncryption) {
    public Contest {
      Require.nonNull("contestId", contestId, "contestHash", contestHash, "proof", proof, "contestData", contestData);
      selections = List.copyOf(selections);
    }

    /** A contest of an ordinary (not pre-encrypted) ballot. */
    public Contest(
        String contestId,
        int sequenceOrder,
        UInt256 contestHash,
        List<Selection> selections,
        RangeProof proof,
        HashedCiphertext contestData) {
      this(contestId, sequenceOrder, contestHash, selections, proof, contestData, null);
    }
  }

  /**
   * What the election record adds to a contest of a pre-encrypted ballot (spec §4.4; egk-ec's
   * {@code pre_encryption}).
   *
   * @param preencryptionHash the contest hash χ_l of eq. 94
   * @param allSelectionHashes the m + L selection hashes ψ of eq. 92 and 93, as published (sorted,
   *     if the record is right)
   * @param selectedVectors the L selected pre-encryption vectors (§4.3): the voter's, then null
   *     vectors for the votes short of L
   */
  public record PreEncryption(
      UInt256 preencryptionHash, List<UInt256> allSelectionHashes, List<SelectedVector> selectedVectors) {
    public PreEncryption {
      Objects.requireNonNull(preencryptionHash, "preencryptionHash");
      allSelectionHashes = List.copyOf(allSelectionHashes);
      selectedVectors = List.copyOf(selectedVectors);
    }
  }

  /**
   * One selected pre-encryption vector Ψ = ⟨E_1, ..., E_m⟩ (eq. 91), with its selection hash ψ and
   * the short code ω = Ω(ψ) the voter marked (§4.1.4).
   *
   * @param encryptions E_1 .. E_m, in the contest's option order
   */
  public record SelectedVector(UInt256 selectionHash, String shortCode, List<Ciphertext> encryptions) {
    public SelectedVector {
      Require.nonNull("selectionHash", selectionHash, "shortCode", shortCode);
      encryptions = List.copyOf(encryptions);
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
      Require.nonNull("selectionId", selectionId, "encryptedVote", encryptedVote, "proof", proof);
    }
  }
}

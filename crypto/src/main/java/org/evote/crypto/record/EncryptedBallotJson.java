package org.evote.crypto.record;

import java.util.List;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.HashedCiphertext;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.RangeProof;

/** {@code eballot-*.json}: an encrypted ballot. */
final class EncryptedBallotJson {
  /** The ballot states egk-ec knows. */
  private static final String BALLOT_STATES = "CAST, CHALLENGED or UNKNOWN";

  private EncryptedBallotJson() {}

  /**
   * code_baux is hex of either case; the device is read from {@code encrypting_device} (or, failing
   * that, {@code voting_device} as egk-ec's spec document spells it). A non-null {@code
   * pre_encryption} is reported: pre-encrypted ballots are not supported.
   */
  static Parsed<EncryptedBallot> parse(byte[] json, String source, Group group) {
    return JsonIn.parse(json, source, in -> {
      String id = in.field("ballot_id").string();
      String style = in.field("ballot_style_id").string();
      String device = (in.optField("encrypting_device") == null && in.optField("voting_device") != null)
          ? in.field("voting_device").string()
          : in.field("encrypting_device").string();
      long timestamp = in.field("timestamp").nonNegativeLong();
      ByteString codeBaux = ByteString.of(in.field("code_baux").hex());
      UInt256 code = in.field("confirmation_code").uint256();
      UInt256 electionId = in.field("election_id").uint256();
      List<EncryptedBallot.Contest> contests = in.field("contests").list(c -> contest(c, group));
      BallotState state = in.field("state").enumValue(BallotState.class, "ballot state", BALLOT_STATES);
      JsonIn snIn = in.optField("encrypted_sn");
      Ciphertext sn = snIn == null ? null : snIn.ciphertext(group, false);
      boolean preencrypt = in.field("is_preencrypt").bool();
      return new EncryptedBallot(
          id, style, device, timestamp, codeBaux, code, electionId, contests, state, sn, preencrypt);
    });
  }

  private static EncryptedBallot.Contest contest(JsonIn c, Group group) {
    String id = c.field("contest_id").string();
    int seq = c.field("sequence_order").nonNegativeInt();
    UInt256 hash = c.field("contest_hash").uint256();
    List<EncryptedBallot.Selection> selections = c.field("selections").list(s -> new EncryptedBallot.Selection(
        s.field("selection_id").string(),
        s.field("sequence_order").nonNegativeInt(),
        s.field("encrypted_vote").ciphertext(group, false),
        s.field("proof").rangeProof(group)));
    RangeProof proof = c.field("proof").rangeProof(group);
    HashedCiphertext data = c.field("encrypted_contest_data").hashedCiphertext(group);
    JsonIn pre = c.optField("pre_encryption");
    if (pre != null) {
      throw pre.bad("pre-encrypted ballots are not supported (pre_encryption is present)");
    }
    return new EncryptedBallot.Contest(id, seq, hash, selections, proof, data);
  }

  /** code_baux in upper-case hex, a null encrypted_sn omitted. */
  static byte[] write(EncryptedBallot b, Group group) {
    return JsonOut.document(group, out -> {
      out.string("ballot_id", b.ballotId());
      out.string("ballot_style_id", b.ballotStyleId());
      out.string("encrypting_device", b.encryptingDevice());
      out.number("timestamp", b.timestamp());
      out.string("code_baux", b.codeBaux().toHexUpper());
      out.uint256("confirmation_code", b.confirmationCode());
      out.uint256("election_id", b.electionId());
      out.objects("contests", b.contests(), c -> {
        out.string("contest_id", c.contestId());
        out.number("sequence_order", c.sequenceOrder());
        out.uint256("contest_hash", c.contestHash());
        out.objects("selections", c.selections(), s -> {
          out.string("selection_id", s.selectionId());
          out.number("sequence_order", s.sequenceOrder());
          out.ciphertext("encrypted_vote", s.encryptedVote());
          out.rangeProof("proof", s.proof());
        });
        out.rangeProof("proof", c.proof());
        out.hashedCiphertext("encrypted_contest_data", c.contestData());
      });
      out.string("state", b.state().name());
      if (b.encryptedSn() != null) {
        out.ciphertext("encrypted_sn", b.encryptedSn());
      }
      out.bool("is_preencrypt", b.isPreencrypt());
    });
  }
}

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
   * pre_encryption} is read with every element validated (refused on a ballot whose {@code
   * is_preencrypt} is false).
   */
  static Parsed<EncryptedBallot> parse(byte[] json, String source, Group group) {
    return JsonIn.parse(json, source, in -> read(in, group));
  }

  /** {@link #parse(byte[], String, Group)} of a ballot already parsed, such as a member of a cast envelope. */
  static Parsed<EncryptedBallot> parse(com.fasterxml.jackson.databind.JsonNode tree, String source, Group group) {
    return JsonIn.parse(tree, source, in -> read(in, group));
  }

  private static EncryptedBallot read(JsonIn in, Group group) {
    String id = in.field("ballot_id").string();
    String style = in.field("ballot_style_id").string();
    String device = (in.optField("encrypting_device") == null && in.optField("voting_device") != null)
        ? in.field("voting_device").string()
        : in.field("encrypting_device").string();
    long timestamp = in.field("timestamp").nonNegativeLong();
    ByteString codeBaux = ByteString.of(in.field("code_baux").hex());
    UInt256 code = in.field("confirmation_code").uint256();
    UInt256 electionId = in.field("election_id").uint256();
    boolean preencrypt = in.field("is_preencrypt").bool();
    List<EncryptedBallot.Contest> contests = in.field("contests").list(c -> contest(c, group, preencrypt));
    BallotState state = in.field("state").enumValue(BallotState.class, "ballot state", BALLOT_STATES);
    JsonIn snIn = in.optField("encrypted_sn");
    Ciphertext sn = snIn == null ? null : snIn.ciphertext(group, false);
    return new EncryptedBallot(
        id, style, device, timestamp, codeBaux, code, electionId, contests, state, sn, preencrypt);
  }

  private static EncryptedBallot.Contest contest(JsonIn c, Group group, boolean preencrypt) {
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
    if (pre != null && !preencrypt) {
      throw pre.bad("pre_encryption is present on a ballot whose is_preencrypt is false");
    }
    EncryptedBallot.PreEncryption preEncryption = pre == null ? null : preEncryption(pre, group);
    return new EncryptedBallot.Contest(id, seq, hash, selections, proof, data, preEncryption);
  }

  /** egk-ec's {@code PreEncryptionJson}; every ciphertext element is validated (never the identity). */
  private static EncryptedBallot.PreEncryption preEncryption(JsonIn pre, Group group) {
    UInt256 chi = pre.field("preencryption_hash").uint256();
    List<UInt256> all = pre.field("all_selection_hashes").list(JsonIn::uint256);
    List<EncryptedBallot.SelectedVector> selected = pre.field("selected_vectors").list(v ->
        new EncryptedBallot.SelectedVector(
            v.field("selection_hash").uint256(),
            v.field("short_code").string(),
            v.field("encryptions").list(e -> e.ciphertext(group, false))));
    return new EncryptedBallot.PreEncryption(chi, all, selected);
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
        if (c.preEncryption() != null) {
          out.object("pre_encryption", () -> {
            out.uint256("preencryption_hash", c.preEncryption().preencryptionHash());
            out.uint256s("all_selection_hashes", c.preEncryption().allSelectionHashes());
            out.objects("selected_vectors", c.preEncryption().selectedVectors(), v -> {
              out.uint256("selection_hash", v.selectionHash());
              out.string("short_code", v.shortCode());
              out.objects("encryptions", v.encryptions(), e -> {
                out.element("pad", e.pad());
                out.element("data", e.data());
              });
            });
          });
        }
      });
      out.string("state", b.state().name());
      if (b.encryptedSn() != null) {
        out.ciphertext("encrypted_sn", b.encryptedSn());
      }
      out.bool("is_preencrypt", b.isPreencrypt());
    });
  }
}

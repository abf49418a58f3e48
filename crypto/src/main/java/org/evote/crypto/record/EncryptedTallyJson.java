package org.evote.crypto.record;

import java.util.List;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.UInt256;

/** {@code encrypted_tally.json}: the aggregate of the cast ballots. */
final class EncryptedTallyJson {
  private EncryptedTallyJson() {}

  /** Aggregates may be the identity (no ballots); an absent or null ballot_count reads as 0. */
  static Parsed<EncryptedTally> parse(byte[] json, String source, Group group) {
    return JsonIn.parse(json, source, in -> {
      String id = in.field("tally_id").string();
      List<EncryptedTally.Contest> contests = in.field("contests").list(c -> {
        String cid = c.field("contest_id").string();
        int seq = c.field("sequence_order").nonNegativeInt();
        List<EncryptedTally.Selection> sels = c.field("selections").list(s -> new EncryptedTally.Selection(
            s.field("selection_id").string(),
            s.field("sequence_order").nonNegativeInt(),
            s.field("encrypted_vote").ciphertext(group, true)));
        JsonIn countIn = c.optField("ballot_count");
        int count = countIn == null ? 0 : countIn.nonNegativeInt();
        return new EncryptedTally.Contest(cid, seq, sels, count);
      });
      List<String> cast = in.field("cast_ballot_ids").stringList();
      UInt256 electionId = in.field("election_id").uint256();
      return new EncryptedTally(id, contests, cast, electionId);
    });
  }

  static byte[] write(EncryptedTally t, Group group) {
    return JsonOut.document(group, out -> {
      out.string("tally_id", t.tallyId());
      out.objects("contests", t.contests(), c -> {
        out.string("contest_id", c.contestId());
        out.number("sequence_order", c.sequenceOrder());
        out.objects("selections", c.selections(), s -> {
          out.string("selection_id", s.selectionId());
          out.number("sequence_order", s.sequenceOrder());
          out.ciphertext("encrypted_vote", s.encryptedVote());
        });
        out.number("ballot_count", c.ballotCount());
      });
      out.strings("cast_ballot_ids", t.castBallotIds());
      out.uint256("election_id", t.electionId());
    });
  }
}

package org.evote.crypto.record;

import java.util.List;
import java.util.Set;
import org.evote.crypto.election.ContestData;
import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.HashedCiphertext;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.ChaumPedersenProof;

/** {@code tally.json} and {@code dballot-*.json}: a decrypted tally or challenged ballot. */
final class DecryptedTallyOrBallotJson {
  /** egk-ec's ContestDataStatus values. */
  private static final Set<String> CONTEST_DATA_STATUSES =
      Set.of("normal", "null_vote", "over_vote", "under_vote");

  private DecryptedTallyOrBallotJson() {}

  /**
   * b_over_m and the encrypted_vote copies may be the identity (a zero tally, an empty aggregate);
   * ballot_count and decrypted_contest_data are optional.
   */
  static Parsed<DecryptedTallyOrBallot> parse(byte[] json, String source, Group group) {
    return JsonIn.parse(json, source, in -> {
      String id = in.field("id").string();
      List<DecryptedTallyOrBallot.Contest> contests = in.field("contests").list(c -> {
        String cid = c.field("contest_id").string();
        List<DecryptedTallyOrBallot.Selection> sels = c.field("selections").list(s -> {
          String sid = s.field("selection_id").string();
          int tally = s.field("tally").nonNegativeInt();
          Element bOverM = s.field("b_over_m").elementOrIdentity(group);
          Ciphertext vote = s.field("encrypted_vote").ciphertext(group, true);
          ChaumPedersenProof proof = s.field("proof").chaumPedersen(group);
          return new DecryptedTallyOrBallot.Selection(sid, tally, bOverM, vote, proof);
        });
        JsonIn countIn = c.optField("ballot_count");
        Integer count = countIn == null ? null : countIn.nonNegativeInt();
        JsonIn dcdIn = c.optField("decrypted_contest_data");
        DecryptedTallyOrBallot.DecryptedContestData dcd = dcdIn == null ? null : contestData(dcdIn, group);
        return new DecryptedTallyOrBallot.Contest(cid, sels, count, dcd);
      });
      UInt256 electionId = in.field("election_id").uint256();
      return new DecryptedTallyOrBallot(id, contests, electionId);
    });
  }

  private static DecryptedTallyOrBallot.DecryptedContestData contestData(JsonIn d, Group group) {
    JsonIn cd = d.field("contest_data");
    List<Integer> overVotes = cd.field("over_votes").list(JsonIn::nonNegativeInt);
    List<String> writeIns = cd.field("write_ins").stringList();
    JsonIn statusIn = cd.field("status");
    String status = statusIn.string();
    if (!CONTEST_DATA_STATUSES.contains(status)) {
      throw statusIn.bad("unknown contest data status \"" + JsonIn.clip(status)
          + "\"; expected normal, null_vote, over_vote or under_vote");
    }
    HashedCiphertext encrypted = d.field("encrypted_contest_data").hashedCiphertext(group);
    ChaumPedersenProof proof = d.field("proof").chaumPedersen(group);
    Element beta = d.field("beta").element(group);
    return new DecryptedTallyOrBallot.DecryptedContestData(
        new ContestData(overVotes, writeIns, status), encrypted, proof, beta);
  }

  /** A null ballot_count and absent contest data are omitted. */
  static byte[] write(DecryptedTallyOrBallot d, Group group) {
    return JsonOut.document(group, out -> {
      out.string("id", d.id());
      out.objects("contests", d.contests(), c -> {
        out.string("contest_id", c.contestId());
        out.objects("selections", c.selections(), s -> {
          out.string("selection_id", s.selectionId());
          out.number("tally", s.tally());
          out.element("b_over_m", s.bOverM());
          out.ciphertext("encrypted_vote", s.encryptedVote());
          out.chaumPedersen("proof", s.proof());
        });
        if (c.ballotCount() != null) {
          out.number("ballot_count", c.ballotCount());
        }
        DecryptedTallyOrBallot.DecryptedContestData dcd = c.decryptedContestData();
        if (dcd != null) {
          out.object("decrypted_contest_data", () -> {
            out.object("contest_data", () -> {
              out.values("over_votes", dcd.contestData().overvotes(), out::value);
              out.strings("write_ins", dcd.contestData().writeIns());
              out.string("status", dcd.contestData().status());
            });
            out.hashedCiphertext("encrypted_contest_data", dcd.encryptedContestData());
            out.chaumPedersen("proof", dcd.proof());
            out.element("beta", dcd.beta());
          });
        }
      });
      out.uint256("election_id", d.electionId());
    });
  }
}

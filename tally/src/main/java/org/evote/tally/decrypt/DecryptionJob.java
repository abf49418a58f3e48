package org.evote.tally.decrypt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.evote.crypto.election.ContestData;
import org.evote.crypto.election.ContestDataCodec;
import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.ContestDataCipher;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Element;
import org.evote.crypto.hash.UInt256;
import org.evote.tally.Checked;

/**
 * What one decryption ceremony decrypts, and how its results become the record's files: the
 * encrypted tally (one text per option, §3.6) and each challenged ballot (one text per option and
 * one for each contest's data, §3.6.5), in that order.
 */
public final class DecryptionJob {
  private final EncryptedTally tally;
  private final List<EncryptedBallot> ballots;
  private final List<BallotRef> refs;
  private final List<DecryptionText> texts;

  /**
   * @param ballots the challenged ballots, each with the device folder it was read from
   */
  public DecryptionJob(EncryptedTally tally, List<EncryptedBallot> ballots, List<BallotRef> refs) {
    this.tally = Objects.requireNonNull(tally, "tally");
    this.ballots = List.copyOf(ballots);
    this.refs = List.copyOf(refs);
    if (refs.size() != ballots.size()) {
      throw new IllegalArgumentException(refs.size() + " ballot references for " + ballots.size() + " ballots");
    }
    List<DecryptionText> t = new ArrayList<>();
    for (EncryptedTally.Contest c : tally.contests()) {
      for (EncryptedTally.Selection s : c.selections()) {
        t.add(new DecryptionText.Vote("tally " + c.contestId() + " " + s.selectionId(), s.encryptedVote()));
      }
    }
    for (EncryptedBallot b : ballots) {
      for (EncryptedBallot.Contest c : b.contests()) {
        for (EncryptedBallot.Selection s : c.selections()) {
          t.add(new DecryptionText.Vote("ballot " + b.ballotId() + " " + c.contestId() + " " + s.selectionId(),
              s.encryptedVote()));
        }
        t.add(new DecryptionText.ContestData("ballot " + b.ballotId() + " " + c.contestId() + " contest data",
            c.contestId(), c.contestData()));
      }
    }
    this.texts = List.copyOf(t);
  }

  public EncryptedTally tally() {
    return tally;
  }

  public List<BallotRef> ballotRefs() {
    return refs;
  }

  public List<DecryptionText> texts() {
    return texts;
  }

  /** Whether a request asks for exactly these texts (labels and ciphertexts), in this order. */
  public boolean matches(DecryptionRequest request) {
    return request.tallyId().equals(tally.tallyId()) && request.challengedBallots().equals(refs)
        && request.texts().equals(texts);
  }

  /**
   * The decrypted tally and ballots.
   *
   * @param tally tally.json, or the reasons some value could not be found
   * @param ballots each challenged ballot's dballot file, or the reasons it could not be decrypted
   */
  public record Results(Checked<DecryptedTallyOrBallot> tally, List<Checked<DecryptedTallyOrBallot>> ballots) {
    public Results {
      ballots = List.copyOf(ballots);
    }
  }

  /**
   * Turns the joint decryptions into the record's decrypted tally and ballots: T = B·M^-1 (eq.
   * 64, 90) and t from T = K^t; for contest data, β = M, the MAC check and decryption of eq. 86-89
   * and egk-ec's byte layout.
   *
   * @param decryptions the joint decryptions, in {@link #texts()} order
   * @param manifest for the option limits that bound each value
   */
  public Results assemble(List<JointDecryption> decryptions, PublicKey k, UInt256 he, Manifest manifest) {
    if (decryptions.size() != texts.size()) {
      throw new IllegalArgumentException(decryptions.size() + " decryptions for " + texts.size() + " texts");
    }
    int maxLimit = manifest.contests().stream().mapToInt(Manifest.Contest::optionLimit).max().orElse(1);
    long ballotBound = (long) tally.castBallotIds().size() * Math.max(1, maxLimit);
    DiscreteLog tallyLog = new DiscreteLog(k, ballotBound);
    DiscreteLog ballotLog = new DiscreteLog(k, Math.max(1, maxLimit));
    int j = 0;
    List<String> problems = new ArrayList<>();
    List<DecryptedTallyOrBallot.Contest> contests = new ArrayList<>();
    for (EncryptedTally.Contest c : tally.contests()) {
      List<DecryptedTallyOrBallot.Selection> sels = new ArrayList<>();
      for (EncryptedTally.Selection s : c.selections()) {
        selection(s.selectionId(), s.encryptedVote(), decryptions.get(j++), tallyLog).ifPresentOrElse(sels::add,
            () -> problems.add("the tally of " + c.contestId() + " " + s.selectionId()
                + " is not K^t for any t from 0 to " + tallyLog.bound()));
      }
      contests.add(new DecryptedTallyOrBallot.Contest(c.contestId(), sels, c.ballotCount(), null));
    }
    Checked<DecryptedTallyOrBallot> tallyResult = problems.isEmpty()
        ? Checked.ok(new DecryptedTallyOrBallot(tally.tallyId(), contests, tally.electionId()))
        : Checked.failed(problems);
    List<Checked<DecryptedTallyOrBallot>> ballotResults = new ArrayList<>();
    for (EncryptedBallot b : ballots) {
      List<String> bp = new ArrayList<>();
      List<DecryptedTallyOrBallot.Contest> bc = new ArrayList<>();
      for (EncryptedBallot.Contest c : b.contests()) {
        List<DecryptedTallyOrBallot.Selection> sels = new ArrayList<>();
        for (EncryptedBallot.Selection s : c.selections()) {
          selection(s.selectionId(), s.encryptedVote(), decryptions.get(j++), ballotLog).ifPresentOrElse(sels::add,
              () -> bp.add("selection " + c.contestId() + " " + s.selectionId()
                  + " is not K^σ for any σ from 0 to " + ballotLog.bound()));
        }
        JointDecryption d = decryptions.get(j++);
        Optional<byte[]> plain = ContestDataCipher.decrypt(he, k, c.contestId(), c.contestData(), d.m());
        Optional<ContestData> data = plain.flatMap(ContestDataCodec::decode);
        if (plain.isEmpty()) {
          bp.add("the contest data of " + c.contestId() + " fails its MAC check (eq. 86)");
        } else if (data.isEmpty()) {
          bp.add("the contest data of " + c.contestId() + " does not decode");
        }
        DecryptedTallyOrBallot.DecryptedContestData dcd = data
            .map(cd -> new DecryptedTallyOrBallot.DecryptedContestData(cd, c.contestData(), d.proof(), d.m()))
            .orElse(null);
        bc.add(new DecryptedTallyOrBallot.Contest(c.contestId(), sels, 1, dcd));
      }
      ballotResults.add(bp.isEmpty()
          ? Checked.ok(new DecryptedTallyOrBallot(b.ballotId(), bc, b.electionId()))
          : Checked.failed(bp.stream().map(x -> "challenged ballot " + b.ballotId() + ": " + x).toList()));
    }
    return new Results(tallyResult, ballotResults);
  }

  /** A decrypted selection: T = B·M^-1 (eq. 64, 90) and t with T = K^t, if there is such a t within the log's bound. */
  private static Optional<DecryptedTallyOrBallot.Selection> selection(
      String selectionId, Ciphertext vote, JointDecryption d, DiscreteLog log) {
    Element t = vote.data().divide(d.m());
    OptionalInt value = log.log(t);
    return value.isEmpty() ? Optional.empty()
        : Optional.of(new DecryptedTallyOrBallot.Selection(selectionId, value.getAsInt(), t, vote, d.proof()));
  }
}

package org.evote.crypto.election;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.proof.ChaumPedersenProof;
import org.evote.crypto.proof.RangeProof;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.testing.Workloads;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * validateAll computes the commitments of many ballots' proofs in one batch (on P-256 in lock
 * step); it must find exactly what validating each ballot alone finds, tampered ballots included.
 */
class BallotValidatorBatchTest {

  @Test
  @DisplayName("validateAll finds, ballot by ballot, exactly what validate finds: valid and tampered ballots mixed")
  void batchEqualsAlone() {
    for (Group group : new Group[] {Groups.p256(), Groups.integer4096()}) {
      SecureRandom secure = new SecureRandom();
      Random random = new Random(11);
      Manifest manifest = Workloads.w1();
      Election election = Workloads.singleGuardian(
          group, manifest, SecretScalar.of(group.randomScalar(secure)), secure).election();
      BallotEncryptor encryptor = new BallotEncryptor(election);
      List<EncryptedBallot> valid = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        valid.add(encryptor.encrypt(Workloads.randomBallot(manifest, Workloads.STYLE, "b" + i, random),
            BallotNonce.random(secure), ByteString.EMPTY, "d", i));
      }
      EncryptedBallot other = valid.get(11);
      List<EncryptedBallot> ballots = new ArrayList<>(valid);
      // a changed response of selection 0
      ballots.set(1, selection(valid.get(1), 0, s -> new EncryptedBallot.Selection(s.selectionId(), s.sequenceOrder(),
          s.encryptedVote(), respond(s.proof(), group))));
      // another ballot's pad in selection 2
      ballots.set(3, selection(valid.get(3), 2, s -> new EncryptedBallot.Selection(s.selectionId(), s.sequenceOrder(),
          new Ciphertext(other.contests().get(0).selections().get(2).encryptedVote().pad(), s.encryptedVote().data()),
          s.proof())));
      // a proof with one (c, v) pair too few
      ballots.set(5, selection(valid.get(5), 1, s -> new EncryptedBallot.Selection(s.selectionId(), s.sequenceOrder(),
          s.encryptedVote(), new RangeProof(s.proof().proofs().subList(0, 1)))));
      // another ballot's contest proof
      EncryptedBallot.Contest c7 = valid.get(7).contests().get(0);
      ballots.set(7, withContest(valid.get(7), new EncryptedBallot.Contest(c7.contestId(), c7.sequenceOrder(),
          c7.contestHash(), c7.selections(), other.contests().get(0).proof(), c7.contestData())));
      // another election
      EncryptedBallot b9 = valid.get(9);
      ballots.set(9, new EncryptedBallot(b9.ballotId(), b9.ballotStyleId(), b9.encryptingDevice(), b9.timestamp(),
          b9.codeBaux(), b9.confirmationCode(), other.confirmationCode(), b9.contests(), b9.state(), null, false));

      BallotValidator validator = new BallotValidator(election);
      List<BallotValidation> batch = validator.validateAll(ballots);
      assertThat(batch).hasSize(ballots.size());
      for (int i = 0; i < ballots.size(); i++) {
        BallotValidation alone = validator.validate(ballots.get(i));
        assertThat(batch.get(i).ballotId()).isEqualTo(ballots.get(i).ballotId());
        assertThat(batch.get(i).findings()).as(group.name() + " ballot " + i).isEqualTo(alone.findings());
        assertThat(alone.findings().isEmpty()).as(group.name() + " ballot " + i + " valid")
            .isEqualTo(ballots.get(i) == valid.get(i));
      }
      assertThat(batch.get(1).findings()).extracting(Finding::check).contains("5");
      assertThat(batch.get(3).findings()).extracting(Finding::check).contains("5", "6", "7.A");
      assertThat(batch.get(5).findings()).extracting(Finding::reason).anyMatch(r -> r.contains("expected 2"));
      assertThat(batch.get(7).findings()).extracting(Finding::check).containsExactly("6");
      assertThat(batch.get(9).findings()).extracting(Finding::check).containsExactly("election id");
    }
  }

  private static RangeProof respond(RangeProof p, Group group) {
    List<ChaumPedersenProof> pairs = new ArrayList<>(p.proofs());
    ChaumPedersenProof first = pairs.get(0);
    pairs.set(0, new ChaumPedersenProof(first.challenge(), first.response().add(group.scalar(1))));
    return new RangeProof(pairs);
  }

  private static EncryptedBallot selection(EncryptedBallot b, int index, UnaryOperator<EncryptedBallot.Selection> f) {
    EncryptedBallot.Contest c = b.contests().get(0);
    List<EncryptedBallot.Selection> sels = new ArrayList<>(c.selections());
    sels.set(index, f.apply(sels.get(index)));
    return withContest(b, new EncryptedBallot.Contest(c.contestId(), c.sequenceOrder(), c.contestHash(), sels,
        c.proof(), c.contestData()));
  }

  private static EncryptedBallot withContest(EncryptedBallot b, EncryptedBallot.Contest c) {
    return new EncryptedBallot(b.ballotId(), b.ballotStyleId(), b.encryptingDevice(), b.timestamp(), b.codeBaux(),
        b.confirmationCode(), b.electionId(), List.of(c), b.state(), null, false);
  }
}

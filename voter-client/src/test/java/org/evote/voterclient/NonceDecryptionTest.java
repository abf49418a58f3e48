package org.evote.voterclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.evote.crypto.election.BallotEncryptor;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.testing.Workloads;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Opening a challenged ballot with its nonce (spec §3.6.5) finds what was encrypted, and any swap. */
class NonceDecryptionTest {
  final Manifest manifest = TestElections.mixed();
  final Workloads.SingleGuardian setup = TestElections.setup(manifest);
  final Map<String, List<String>> choices = Map.of(
      "council", List.of("council-sel-1", "council-sel-3"),
      "budget", List.of("budget-sel-2", "budget-sel-2"),
      "referendum", List.of("ref-yes"));

  EncryptedBallot encrypt(BallotNonce nonce) {
    return new BallotEncryptor(setup.election()).encrypt(
        Choices.of(choices).toPlaintext(manifest, "north-ballot", "b1"), nonce, ByteString.EMPTY, "dev", 1_700_000_000L);
  }

  @Test
  @DisplayName("the nonce opens every contest to the voter's choices, cumulative votes included, and re-encryption matches")
  void opens() {
    BallotNonce nonce = BallotNonce.random(new SecureRandom());
    NonceDecryption.Result r = NonceDecryption.decrypt(setup.election(), encrypt(nonce), nonce);
    assertThat(r.problems()).isEmpty();
    assertThat(r.choices()).isEqualTo(choices);
    assertThat(r.contestData().get("council").status()).isEqualTo("normal");
    assertThat(r.contestData().get("budget").status()).isEqualTo("under_vote");
  }

  @Test
  @DisplayName("a device that swapped two options' ciphertexts is caught")
  void swapped() {
    BallotNonce nonce = BallotNonce.random(new SecureRandom());
    EncryptedBallot b = encrypt(nonce);
    List<EncryptedBallot.Contest> contests = new ArrayList<>(b.contests());
    EncryptedBallot.Contest ref = contests.stream().filter(c -> c.contestId().equals("referendum")).findFirst().orElseThrow();
    EncryptedBallot.Selection yes = ref.selections().get(0);
    EncryptedBallot.Selection no = ref.selections().get(1);
    EncryptedBallot.Contest swapped = new EncryptedBallot.Contest(ref.contestId(), ref.sequenceOrder(), ref.contestHash(),
        List.of(new EncryptedBallot.Selection(yes.selectionId(), yes.sequenceOrder(), no.encryptedVote(), no.proof()),
            new EncryptedBallot.Selection(no.selectionId(), no.sequenceOrder(), yes.encryptedVote(), yes.proof())),
        ref.proof(), ref.contestData());
    contests.set(contests.indexOf(ref), swapped);
    EncryptedBallot tampered = new EncryptedBallot(b.ballotId(), b.ballotStyleId(), b.encryptingDevice(), b.timestamp(),
        b.codeBaux(), b.confirmationCode(), b.electionId(), contests, b.state(), null, false);
    NonceDecryption.Result r = NonceDecryption.decrypt(setup.election(), tampered, nonce);
    assertThat(r.verified()).isFalse();
    assertThat(r.problems()).contains("referendum/ref-yes: α is not g^ξ for the revealed nonce",
        "referendum/ref-no: α is not g^ξ for the revealed nonce");
  }

  @Test
  @DisplayName("another nonce does not open the ballot")
  void wrongNonce() {
    EncryptedBallot b = encrypt(BallotNonce.random(new SecureRandom()));
    NonceDecryption.Result r = NonceDecryption.decrypt(setup.election(), b, BallotNonce.random(new SecureRandom()));
    assertThat(r.verified()).isFalse();
    assertThat(r.problems()).hasSizeGreaterThan(3);
  }
}

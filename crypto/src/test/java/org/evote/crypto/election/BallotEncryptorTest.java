package org.evote.crypto.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.evote.crypto.elgamal.ContestDataCipher;
import org.evote.crypto.elgamal.ElGamal;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.testing.Workloads;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What the encryptor does beyond the known answers of EncryptionKnownAnswerTest: over-votes
 * (spec §3.3.3), the serial number, determinism and the refusal of ballots it cannot encrypt.
 */
class BallotEncryptorTest {
  private static final Group G = Groups.p256();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Manifest W1 = Workloads.w1();
  private static final Election ELECTION =
      Workloads.singleGuardian(G, W1, SecretScalar.of(G.randomScalar(RANDOM)), RANDOM).election();

  /** A W1 ballot with the given votes for its four options. */
  private static PlaintextBallot w1(Long sn, int... votes) {
    Manifest.Contest mc = W1.contests().getFirst();
    List<PlaintextBallot.Selection> sels = new ArrayList<>();
    for (int i = 0; i < mc.selections().size(); i++) {
      Manifest.Selection s = mc.selections().get(i);
      sels.add(new PlaintextBallot.Selection(s.selectionId(), s.sequenceOrder(), votes[i]));
    }
    return new PlaintextBallot("b", Workloads.STYLE,
        List.of(new PlaintextBallot.Contest(mc.contestId(), mc.sequenceOrder(), sels, List.of())), sn);
  }

  private static EncryptedBallot encrypt(PlaintextBallot p, BallotNonce nonce) {
    return new BallotEncryptor(ELECTION).encrypt(p, nonce, ByteString.EMPTY, "d", 1);
  }

  @Test
  @DisplayName("an over-voted contest is encrypted as §3.3.3 says: every option 0, status over_vote with the voted options, and it validates")
  void overvote() {
    BallotNonce nonce = BallotNonce.random(RANDOM);
    EncryptedBallot b = encrypt(w1(null, 1, 0, 1, 0), nonce);
    assertThat(new BallotValidator(ELECTION).validate(b).findings()).isEmpty();

    UInt256 he = ELECTION.extendedBaseHash();
    PublicKey k = ELECTION.jointKey();
    UInt256 xiB = nonce.unwrapSecret();
    EncryptedBallot.Contest c = b.contests().getFirst();
    for (EncryptedBallot.Selection s : c.selections()) {
      SecretScalar xi = SelectionNonces.selectionNonce(G, he, xiB, c.sequenceOrder(), s.sequenceOrder());
      assertThat(s.encryptedVote()).isEqualTo(ElGamal.encrypt(k, 0, xi));
    }
    SecretScalar dataNonce = ContestDataCipher.nonce(G, he, xiB, c.sequenceOrder());
    byte[] plain = ContestDataCipher.decrypt(he, k, c.contestId(), c.contestData(), k.exp(dataNonce)).orElseThrow();
    Manifest.Contest mc = W1.contests().getFirst();
    assertThat(ContestDataCodec.decode(plain)).contains(new ContestData(
        List.of(mc.selections().get(0).sequenceOrder(), mc.selections().get(2).sequenceOrder()), List.of(), "over_vote"));
  }

  @Test
  @DisplayName("the clients' check still refuses the over-vote that the encryptor records")
  void clientsRefuseOvervotes() {
    assertThat(PlaintextBallotValidation.validate(W1, w1(null, 1, 0, 1, 0)))
        .containsExactly("over-vote: contest 'contest1' has 2 votes, the contest limit is 1");
    assertThat(PlaintextBallotValidation.structuralProblems(W1, w1(null, 1, 0, 1, 0))).isEmpty();
  }

  @Test
  @DisplayName("the same ballot nonce gives the same ballot, byte for byte; another nonce gives another")
  void determinedByTheNonce() {
    BallotNonce nonce = BallotNonce.random(RANDOM);
    PlaintextBallot p = w1(7L, 0, 1, 0, 0);
    assertThat(encrypt(p, nonce)).isEqualTo(encrypt(p, BallotNonce.of(nonce.unwrapSecret())));
    assertThat(encrypt(p, BallotNonce.random(RANDOM)).confirmationCode()).isNotEqualTo(encrypt(p, nonce).confirmationCode());
  }

  @Test
  @DisplayName("a serial number is encrypted as (g^ξ, K^(sn+ξ)) with ξ = H(H_E; 0x10, ξ_B); without one there is none")
  void serialNumber() {
    BallotNonce nonce = BallotNonce.random(RANDOM);
    long sn = 572706295056671509L;
    EncryptedBallot b = encrypt(w1(sn, 0, 0, 0, 1), nonce);
    SecretScalar xi = SelectionNonces.serialNumberNonce(G, ELECTION.extendedBaseHash(), nonce.unwrapSecret());
    PublicKey k = ELECTION.jointKey();
    assertThat(b.encryptedSn()).isNotNull();
    assertThat(b.encryptedSn().pad()).isEqualTo(G.gExp(xi));
    assertThat(b.encryptedSn().data()).isEqualTo(k.exp(xi.add(sn)));
    assertThat(encrypt(w1(null, 0, 0, 0, 1), nonce).encryptedSn()).isNull();
  }

  @Nested
  @DisplayName("ballots that cannot be encrypted")
  class Refused {
    @Test
    @DisplayName("a negative serial number is refused when the ballot is made")
    void negativeSerialNumber() {
      assertThatThrownBy(() -> w1(-1L, 0, 0, 0, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a ballot serial number is non-negative, got -1");
    }

    @Test
    @DisplayName("an unknown ballot style is refused with its reason")
    void unknownStyle() {
      PlaintextBallot p = new PlaintextBallot("b", "nope", List.of());
      assertThatThrownBy(() -> encrypt(p, BallotNonce.random(RANDOM)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("ballot b cannot be encrypted: Ballot.A.1: unknown ballot style 'nope'");
    }

    @Test
    @DisplayName("a negative vote is refused with its reason")
    void negativeVote() {
      assertThatThrownBy(() -> encrypt(w1(null, 0, -1, 0, 0), BallotNonce.random(RANDOM)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("has a negative vote -1");
    }
  }
}

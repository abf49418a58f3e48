package org.evote.crypto.election;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.ContestDataCipher;
import org.evote.crypto.elgamal.ElGamal;
import org.evote.crypto.elgamal.HashedCiphertext;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.RangeProof;
import org.evote.crypto.proof.RangeProofs;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.testing.Workloads;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The encryptor computes a ballot's powers of g and K in one batch (on P-256 in lock step); its
 * output must be exactly what the one-at-a-time primitives give for the same nonces.
 */
class BallotEncryptorBatchTest {

  @Test
  @DisplayName("a W2 ballot encrypted in one batch equals, byte for byte, the one-at-a-time encryption (both groups)")
  void batchEqualsOneAtATime() {
    for (Group group : new Group[] {Groups.p256(), Groups.integer4096()}) {
      Random random = new Random(7);
      java.security.SecureRandom secure = new java.security.SecureRandom();
      Manifest manifest = Workloads.w2();
      Workloads.SingleGuardian setup =
          Workloads.singleGuardian(group, manifest, SecretScalar.of(group.randomScalar(secure)), secure);
      Election election = setup.election();
      PlaintextBallot ballot = Workloads.randomBallot(manifest, Workloads.STYLE, "b1", random);
      BallotNonce nonce = BallotNonce.random(secure);
      EncryptedBallot got = new BallotEncryptor(election).encrypt(ballot, nonce, ByteString.EMPTY, "d", 1);
      assertThat(new BallotValidator(election).validate(got).findings()).isEmpty();

      UInt256 he = election.extendedBaseHash();
      PublicKey k = election.jointKey();
      UInt256 xiB = nonce.unwrapSecret();
      for (EncryptedBallot.Contest c : got.contests()) {
        Manifest.Contest mc = manifest.contest(c.contestId()).orElseThrow();
        PlaintextBallot.Contest pc = ballot.contests().stream()
            .filter(x -> x.contestId().equals(c.contestId())).findFirst().orElse(null);
        SecretScalar aggregateNonce = SecretScalar.of(group.scalar(0));
        int total = 0;
        for (EncryptedBallot.Selection s : c.selections()) {
          int vote = pc == null ? 0 : pc.selections().stream()
              .filter(x -> x.selectionId().equals(s.selectionId())).mapToInt(PlaintextBallot.Selection::vote).sum();
          SecretScalar xi = SelectionNonces.selectionNonce(group, he, xiB, mc.sequenceOrder(), s.sequenceOrder());
          Ciphertext ct = ElGamal.encrypt(k, vote, xi);
          RangeProof proof = RangeProofs.prove(he, k, ct, vote, mc.optionLimit(), xi);
          assertThat(s.encryptedVote().pad().encode()).isEqualTo(ct.pad().encode());
          assertThat(s.encryptedVote().data().encode()).isEqualTo(ct.data().encode());
          assertThat(s.proof()).isEqualTo(proof);
          aggregateNonce = aggregateNonce.add(xi);
          total += vote;
        }
        List<Ciphertext> cts = c.selections().stream().map(EncryptedBallot.Selection::encryptedVote).toList();
        RangeProof contestProof = RangeProofs.prove(he, k, Ciphertext.product(group, cts), total,
            mc.contestLimit(), aggregateNonce);
        assertThat(c.proof()).isEqualTo(contestProof);
        SecretScalar dataNonce = ContestDataCipher.nonce(group, he, xiB, mc.sequenceOrder());
        byte[] plaintext = ContestDataCipher.decrypt(he, k, c.contestId(), c.contestData(),
            k.exp(dataNonce)).orElseThrow();
        HashedCiphertext data = ContestDataCipher.encrypt(he, k, c.contestId(), plaintext, dataNonce);
        assertThat(c.contestData()).isEqualTo(data);
      }
    }
  }
}

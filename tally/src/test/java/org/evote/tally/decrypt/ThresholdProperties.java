package org.evote.tally.decrypt;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.ElGamal;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.proof.DecryptionProofs;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.testing.TinyGroup;
import org.evote.crypto.testing.Workloads;
import org.evote.tally.guardian.GuardianState;
import org.evote.tally.keyceremony.CeremonyParameters;
import org.evote.tally.keyceremony.KeyCeremonyChecks;
import org.evote.tally.keyceremony.InProcessKeyCeremony;
import org.evote.tally.keyceremony.SecretPolynomial;
import org.evote.tally.keyceremony.ShareCiphertext;
import org.evote.tally.keyceremony.ShareEncryption;
import org.evote.tally.transport.InMemoryTransport;

/** Properties of the threshold scheme over a small test group. */
class ThresholdProperties {
  static final Group G = TinyGroup.INSTANCE;
  final SecureRandom random = new SecureRandom();

  private static List<Integer> subset(int n, int size, long seed) {
    List<Integer> xs = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      xs.add(i);
    }
    Collections.shuffle(xs, new Random(seed));
    return xs.subList(0, size);
  }

  @Property(tries = 100)
  void lagrangeReconstructsTheConstantTerm(@ForAll @IntRange(min = 1, max = 7) int k, @ForAll @IntRange(min = 0, max = 5) int extra,
      @ForAll long seed) {
    int n = k + extra;
    SecretPolynomial p = SecretPolynomial.random(G, k, random);
    for (int size = k; size <= n; size++) {
      List<Integer> u = subset(n, size, seed + size);
      Scalar s = G.scalar(0);
      for (int x : u) {
        s = s.add(Lagrange.coefficient(G, x, u).multiply(p.valueAt(x).unwrapSecret()));
      }
      assertThat(s).isEqualTo(p.secretKey().unwrapSecret());
    }
  }

  @Property(tries = 100)
  void fewerThanKSharesDoNotReconstruct(@ForAll @IntRange(min = 2, max = 6) int k, @ForAll long seed) {
    SecretPolynomial p = SecretPolynomial.random(G, k, random);
    List<Integer> u = subset(k + 2, k - 1, seed);
    Scalar s = G.scalar(0);
    for (int x : u) {
      s = s.add(Lagrange.coefficient(G, x, u).multiply(p.valueAt(x).unwrapSecret()));
    }
    assertThat(s).isNotEqualTo(p.secretKey().unwrapSecret());
  }

  @Property(tries = 100)
  void sharesVerifyAgainstCommitmentsAndOthersDoNot(@ForAll @IntRange(min = 1, max = 6) int k,
      @ForAll @IntRange(min = 1, max = 20) int ell, @ForAll @IntRange(min = 1, max = 1000) int delta) {
    SecretPolynomial p = SecretPolynomial.random(G, k, random);
    var commitments = p.proofs(org.evote.crypto.hash.UInt256.fromHex("00".repeat(32)), 1, random).stream()
        .map(x -> x.publicKey()).toList();
    SecretScalar share = p.valueAt(ell);
    assertThat(KeyCeremonyChecks.shareMatchesCommitments(G, commitments, ell, share)).isTrue();
    SecretScalar wrong = SecretScalar.of(share.unwrapSecret().add(G.scalar(delta)));
    assertThat(KeyCeremonyChecks.shareMatchesCommitments(G, commitments, ell, wrong)).isFalse();
  }

  @Property(tries = 100)
  void shareEncryptionRoundTripsAndBindsTheRecipient(@ForAll @IntRange(min = 1, max = 9) int i,
      @ForAll @IntRange(min = 1, max = 9) int ell) {
    var hp = org.evote.crypto.hash.UInt256.fromHex("ab".repeat(32));
    SecretScalar sl = SecretScalar.of(G.randomScalar(random));
    var kl = G.gExp(sl.unwrapSecret());
    SecretScalar share = SecretScalar.of(G.randomScalar(random));
    SecretScalar xi = SecretScalar.of(G.randomScalar(random));
    ShareCiphertext ct = ShareEncryption.encrypt(hp, i, ell, kl, share, xi);
    assertThat(ShareEncryption.decrypt(hp, i, ell, kl, sl, ct).value().sameSecretAs(share)).isTrue();
    assertThat(ShareEncryption.reproduces(hp, i, ell, kl, share, xi, ct)).isTrue();
    assertThat(ShareEncryption.decrypt(hp, i + 1, ell, kl, sl, ct).isOk()).isFalse();
    SecretScalar other = SecretScalar.of(G.randomScalar(random));
    assertThat(ShareEncryption.decrypt(hp, i, ell, kl, other, ct).isOk()).isFalse();
  }

  @Property(tries = 15)
  void anyQuorumDecryptsWithAProofThatVerifies(@ForAll @IntRange(min = 1, max = 4) int k,
      @ForAll @IntRange(min = 0, max = 2) int extra, @ForAll @IntRange(min = 0, max = 500) int t, @ForAll long seed)
      throws Exception {
    int n = k + extra;
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add("g" + i);
    }
    CeremonyParameters p = CeremonyParameters.create("tiny", G, Workloads.w1(), ids, k, false);
    InProcessKeyCeremony.Result r = InProcessKeyCeremony.run(new InMemoryTransport(), p, Workloads.w1(), random).value();
    ElectionConfig config = p.toConfig();
    ElectionKeys keys = new ElectionKeys(G, config, r.initialized());
    PublicKey k1 = keys.jointKey();
    Ciphertext ct = ElGamal.encrypt(k1, t, SecretScalar.of(G.randomScalar(random)));
    DecryptionCoordinator coordinator = new DecryptionCoordinator(keys);
    List<DecryptingGuardian> available = new ArrayList<>();
    for (int x : subset(n, k, seed)) {
      GuardianState s = r.guardians().get(x - 1);
      available.add(new InProcessGuardian(new DecryptingShare(s.guardianId(), s.xCoordinate(), s.keyShare().orElseThrow(),
          s.electionBaseHash()), keys.xCoordinates(), random));
    }
    DecryptionRequest req = coordinator.request("p", "t", List.of(), List.of(new DecryptionText.Vote("x", ct)));
    JointDecryption d = coordinator.runInProcess(req, available).value().get(0);
    var tt = ct.data().divide(d.m());
    assertThat(new DiscreteLog(k1, 500).log(tt)).hasValue(t);
    assertThat(DecryptionProofs.verify(keys.extendedBaseHash(), k1, ct, tt, d.proof()).valid()).isTrue();
    // Changing any single field of the statement or proof makes it fail.
    var one = G.scalar(BigInteger.ONE);
    var proof = d.proof();
    assertThat(DecryptionProofs.verify(keys.extendedBaseHash(), k1, ct, tt.multiply(G.generator()), proof).valid()).isFalse();
    assertThat(DecryptionProofs.verify(keys.extendedBaseHash(), k1, ct, tt,
        new org.evote.crypto.proof.ChaumPedersenProof(proof.challenge().add(one), proof.response())).valid()).isFalse();
    assertThat(DecryptionProofs.verify(keys.extendedBaseHash(), k1, ct, tt,
        new org.evote.crypto.proof.ChaumPedersenProof(proof.challenge(), proof.response().add(one))).valid()).isFalse();
  }
}

package org.evote.crypto.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.ElGamal;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.testing.TinyGroup;

/** Property tests of the primitives over the small test group. */
class ProofProperties {
  static final Group G = TinyGroup.INSTANCE;
  static final SecureRandom R = new SecureRandom();

  @Provide
  Arbitrary<Scalar> scalars() {
    return Arbitraries.bigIntegers()
        .between(BigInteger.ONE, G.order().subtract(BigInteger.ONE))
        .map(G::scalar);
  }

  @Provide
  Arbitrary<UInt256> hashes() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32).map(UInt256::of);
  }

  /** A hash that differs from the given one in its first bit. */
  static UInt256 other(UInt256 h) {
    byte[] b = h.bytes();
    b[0] ^= 1;
    return UInt256.of(b);
  }

  @Property(tries = 200)
  void encryptionDecryptsToTheVote(
      @ForAll("scalars") Scalar s, @ForAll("scalars") Scalar xi, @ForAll @IntRange(max = 50) int vote) {
    PublicKey k = PublicKey.of(G.gExp(s));
    Ciphertext ct = ElGamal.encrypt(k, vote, SecretScalar.of(xi));
    Element t = ct.data().divide(ct.pad().exp(s)); // β / α^s = K^σ
    assertThat(t).isEqualTo(k.exp(G.scalar(vote)));
  }

  @Property(tries = 200)
  void productEncryptsTheSum(
      @ForAll("scalars") Scalar s,
      @ForAll("scalars") Scalar x1,
      @ForAll("scalars") Scalar x2,
      @ForAll @IntRange(max = 20) int v1,
      @ForAll @IntRange(max = 20) int v2) {
    PublicKey k = PublicKey.of(G.gExp(s));
    Ciphertext sum = ElGamal.encrypt(k, v1, SecretScalar.of(x1)).multiply(ElGamal.encrypt(k, v2, SecretScalar.of(x2)));
    assertThat(sum).isEqualTo(ElGamal.encrypt(k, v1 + v2, SecretScalar.of(x1.add(x2))));
  }

  @Property(tries = 300)
  void rangeProofsAreComplete(
      @ForAll("scalars") Scalar s,
      @ForAll("scalars") Scalar xi,
      @ForAll("hashes") UInt256 he,
      @ForAll @IntRange(max = 4) int limit,
      @ForAll @IntRange(max = 4) int vote) {
    int ell = Math.min(vote, limit);
    PublicKey k = PublicKey.of(G.gExp(s));
    Ciphertext ct = ElGamal.encrypt(k, ell, SecretScalar.of(xi));
    RangeProof proof = RangeProofs.prove(he, k, ct, ell, limit, SecretScalar.of(xi));
    assertThat(RangeProofs.verify(he, k, ct, limit, proof)).isEqualTo(Outcome.VALID);
  }

  @Property(tries = 300)
  void rangeProofsRejectAnySingleChange(
      @ForAll("scalars") Scalar s,
      @ForAll("scalars") Scalar xi,
      @ForAll("hashes") UInt256 he,
      @ForAll @IntRange(min = 1, max = 3) int limit,
      @ForAll @IntRange(max = 20) int which) {
    PublicKey k = PublicKey.of(G.gExp(s));
    Ciphertext ct = ElGamal.encrypt(k, 1, SecretScalar.of(xi));
    RangeProof proof = RangeProofs.prove(he, k, ct, 1, limit, SecretScalar.of(xi));
    int field = which % (2 * (limit + 1) + 5);
    Scalar one = G.scalar(1);
    List<ChaumPedersenProof> ps = new ArrayList<>(proof.proofs());
    Outcome out;
    if (field < 2 * (limit + 1)) {
      int j = field / 2;
      ChaumPedersenProof p = ps.get(j);
      ps.set(j, field % 2 == 0
          ? new ChaumPedersenProof(p.challenge().add(one), p.response())
          : new ChaumPedersenProof(p.challenge(), p.response().add(one)));
      out = RangeProofs.verify(he, k, ct, limit, new RangeProof(ps));
    } else {
      switch (field - 2 * (limit + 1)) {
        case 0 -> out = RangeProofs.verify(he, k, new Ciphertext(ct.pad().multiply(G.generator()), ct.data()), limit, proof);
        case 1 -> out = RangeProofs.verify(he, k, new Ciphertext(ct.pad(), ct.data().multiply(G.generator())), limit, proof);
        case 2 -> out = RangeProofs.verify(other(he), k, ct, limit, proof);
        case 3 -> out = RangeProofs.verify(he, PublicKey.of(G.gExp(s.add(one).isZero() ? one : s.add(one))), ct, limit, proof);
        default -> out = RangeProofs.verify(he, k, ct, limit + 1, proof);
      }
    }
    assertThat(out.valid()).isFalse();
  }

  @Property(tries = 100)
  void aProofForAnotherValueDoesNotVerify(
      @ForAll("scalars") Scalar s, @ForAll("scalars") Scalar xi, @ForAll("hashes") UInt256 he) {
    PublicKey k = PublicKey.of(G.gExp(s));
    Ciphertext zero = ElGamal.encrypt(k, 0, SecretScalar.of(xi));
    Ciphertext two = ElGamal.encrypt(k, 2, SecretScalar.of(xi));
    RangeProof proof = RangeProofs.prove(he, k, zero, 0, 1, SecretScalar.of(xi));
    assertThat(RangeProofs.verify(he, k, two, 1, proof).valid()).isFalse();
    assertThatThrownBy(() -> RangeProofs.prove(he, k, two, 2, 1, SecretScalar.of(xi)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value 2 is outside the range 0..1");
  }

  @Property(tries = 200)
  void schnorrProofsAreCompleteAndBound(
      @ForAll("scalars") Scalar a, @ForAll("hashes") UInt256 hp, @ForAll @IntRange(min = 1, max = 9) int i) {
    SchnorrProof p = SchnorrProofs.prove(hp, i, 2, SecretScalar.of(a), R);
    assertThat(SchnorrProofs.verify(hp, i, 2, p)).isEqualTo(Outcome.VALID);
    assertThat(SchnorrProofs.verify(hp, i + 1, 2, p).valid()).isFalse();
    assertThat(SchnorrProofs.verify(hp, i, 3, p).valid()).isFalse();
    assertThat(SchnorrProofs.verify(other(hp), i, 2, p).valid()).isFalse();
    Scalar one = G.scalar(1);
    assertThat(SchnorrProofs.verify(hp, i, 2, new SchnorrProof(p.publicKey(), p.challenge().add(one), p.response())).valid()).isFalse();
    assertThat(SchnorrProofs.verify(hp, i, 2, new SchnorrProof(p.publicKey(), p.challenge(), p.response().add(one))).valid()).isFalse();
    assertThat(SchnorrProofs.verify(hp, i, 2, new SchnorrProof(p.publicKey().multiply(G.generator()), p.challenge(), p.response())).valid()).isFalse();
  }

  @Property(tries = 200)
  void decryptionProofsAreCompleteAndBound(
      @ForAll("scalars") Scalar s,
      @ForAll("scalars") Scalar xi,
      @ForAll("scalars") Scalar u,
      @ForAll("hashes") UInt256 he,
      @ForAll @IntRange(max = 30) int vote) {
    PublicKey k = PublicKey.of(G.gExp(s));
    Ciphertext ct = ElGamal.encrypt(k, vote, SecretScalar.of(xi));
    Element m = ct.pad().exp(s);
    Element t = ct.data().divide(m);
    Element a = G.gExp(u);
    Element b = ct.pad().exp(u);
    Scalar c = DecryptionProofs.challenge(he, k, ct, a, b, m);
    ChaumPedersenProof proof = new ChaumPedersenProof(c, u.subtract(c.multiply(s)));
    assertThat(DecryptionProofs.verify(he, k, ct, t, proof)).isEqualTo(Outcome.VALID);
    assertThat(DecryptionProofs.verify(he, k, ct, t.multiply(k.element()), proof).valid()).isFalse();
    assertThat(DecryptionProofs.verify(other(he), k, ct, t, proof).valid()).isFalse();
    Ciphertext other = ElGamal.encrypt(k, vote, SecretScalar.of(xi.add(G.scalar(1))));
    assertThat(DecryptionProofs.verify(he, k, other, t, proof).valid()).isFalse();
  }
}

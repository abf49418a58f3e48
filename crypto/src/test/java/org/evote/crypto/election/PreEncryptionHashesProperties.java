package org.evote.crypto.election;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.testing.TinyGroup;

/**
 * The hashes of pre-encrypted ballots (spec §4.1) over the small test group: the order of eq. 94
 * is the numerical one, Ω is a prefix of ψ, and a change of any single input of eq. 92, 94 or 95
 * changes the hash that Verification 17 compares.
 */
class PreEncryptionHashesProperties {
  private static final Group TINY = TinyGroup.INSTANCE;
  private static final UInt256 HE = UInt256.of(new byte[32]);
  private static final PublicKey K = PublicKey.of(TINY.gExp(TINY.scalar(7)));

  @Provide
  Arbitrary<UInt256> hashes() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32).map(UInt256::of);
  }

  @Provide
  Arbitrary<List<UInt256>> hashLists() {
    return hashes().list().ofMinSize(0).ofMaxSize(12);
  }

  @Provide
  Arbitrary<List<Ciphertext>> vectors() {
    Arbitrary<Ciphertext> ct = Arbitraries.longs().between(1, 1_000)
        .tuple2().map(t -> new Ciphertext(TINY.gExp(TINY.scalar(t.get1())), TINY.gExp(TINY.scalar(t.get2() + 1))));
    return ct.list().ofMinSize(1).ofMaxSize(6);
  }

  @Property(tries = 300)
  void theOrderOfEq94IsTheNumericalOne(@ForAll("hashes") UInt256 a, @ForAll("hashes") UInt256 b) {
    int expected = new BigInteger(1, a.bytes()).compareTo(new BigInteger(1, b.bytes()));
    assertThat(Integer.signum(PreEncryptionHashes.compareUnsigned(a, b))).isEqualTo(Integer.signum(expected));
  }

  @Property(tries = 200)
  void sortedDistinctHashesAreStrictlyIncreasingAndASwapIsNot(@ForAll("hashLists") List<UInt256> some) {
    TreeSet<UInt256> set = new TreeSet<>(PreEncryptionHashes::compareUnsigned);
    set.addAll(some);
    List<UInt256> sorted = new ArrayList<>(set);
    assertThat(PreEncryptionHashes.isStrictlyIncreasing(sorted)).isTrue();
    if (sorted.size() >= 2) {
      List<UInt256> swapped = new ArrayList<>(sorted);
      swapped.set(0, sorted.get(1));
      swapped.set(1, sorted.get(0));
      assertThat(PreEncryptionHashes.isStrictlyIncreasing(swapped)).isFalse();
      List<UInt256> twice = new ArrayList<>(sorted);
      twice.add(1, sorted.get(0));
      assertThat(PreEncryptionHashes.isStrictlyIncreasing(twice)).isFalse();
    }
  }

  @Property(tries = 200)
  void omegaIsTheFirstFiveHexDigitsOfPsi(@ForAll("hashes") UInt256 psi) {
    String code = PreEncryptionHashes.shortCodeEgk(psi);
    assertThat(code).hasSize(5).matches("[0-9A-F]{5}");
    assertThat(HexFormat.of().formatHex(psi.bytes())).startsWith(code.toLowerCase(java.util.Locale.ROOT));
  }

  @Property(tries = 200)
  void changingAnySingleElementOfAVectorChangesItsSelectionHash(
      @ForAll("vectors") List<Ciphertext> vector, @ForAll @IntRange(min = 0, max = 11) int at) {
    UInt256 psi = PreEncryptionHashes.selectionHash(HE, K, vector);
    int i = at % (2 * vector.size());
    Ciphertext c = vector.get(i / 2);
    Ciphertext changed = i % 2 == 0
        ? new Ciphertext(c.pad().multiply(TINY.gExp(TINY.scalar(1))), c.data())
        : new Ciphertext(c.pad(), c.data().multiply(TINY.gExp(TINY.scalar(1))));
    List<Ciphertext> other = new ArrayList<>(vector);
    other.set(i / 2, changed);
    assertThat(PreEncryptionHashes.selectionHash(HE, K, other)).isNotEqualTo(psi);
  }

  @Property(tries = 200)
  void theContestHashBindsTheIndexEveryHashAndTheirOrder(
      @ForAll("hashes") UInt256 a, @ForAll("hashes") UInt256 b, @ForAll @IntRange(min = 1, max = 99) int index) {
    List<UInt256> psis = List.of(a, b);
    UInt256 chi = PreEncryptionHashes.contestHash(HE, index, K, psis);
    assertThat(PreEncryptionHashes.contestHash(HE, index + 1, K, psis)).isNotEqualTo(chi);
    if (!a.equals(b)) {
      assertThat(PreEncryptionHashes.contestHash(HE, index, K, List.of(b, a))).isNotEqualTo(chi);
    }
    assertThat(PreEncryptionHashes.contestHash(HE, index, K, List.of(a))).isNotEqualTo(chi);
    UInt256 code = PreEncryptionHashes.confirmationCode(HE, psis, ByteString.EMPTY);
    assertThat(PreEncryptionHashes.confirmationCode(HE, psis, ByteString.of(new byte[] {0}))).isNotEqualTo(code);
    assertThat(ConfirmationCodes.confirmationCode(HE, psis, ByteString.EMPTY))
        .as("eq. 95 has its own domain byte 0x42, eq. 58 has 0x24").isNotEqualTo(code);
  }
}

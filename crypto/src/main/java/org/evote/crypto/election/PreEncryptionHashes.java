package org.evote.crypto.election;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Element;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.Hash;
import org.evote.crypto.hash.UInt256;

/**
 * The hashes of pre-encrypted ballots, spec §4.1: selection hashes (eq. 92, 93), contest hashes
 * (eq. 94), confirmation codes (eq. 95) and the short-code function Ω (§4.1.4). B_aux enters eq.
 * 95 with no length in front, as in eq. 58 ({@link ConfirmationCodes}).
 */
public final class PreEncryptionHashes {
  private PreEncryptionHashes() {}

  /**
   * ψ = H(H_E; 0x40, K, α_1, β_1, ..., α_m, β_m), spec eq. 92 (a selection vector) and eq. 93 (a
   * null vector).
   *
   * @param he H_E
   * @param k the joint election key K
   * @param vector E_1 .. E_m of the vector Ψ, in the contest's option order (eq. 91)
   */
  public static UInt256 selectionHash(UInt256 he, PublicKey k, List<Ciphertext> vector) {
    List<Element> all = new ArrayList<>(2 * vector.size() + 1);
    all.add(k.element());
    for (Ciphertext e : vector) {
      all.add(e.pad());
      all.add(e.data());
    }
    return Hash.key(he).domain(0x40).elements(k.group(), all).digest();
  }

  /**
   * χ_l = H(H_E; 0x41, ind_c(Λ_l), K, ψ_σ(1), ..., ψ_σ(m+L)), spec eq. 94 (Verification 17.B).
   * The caller passes the hashes in the order to hash; they must be sorted as unsigned big-endian
   * integers (σ), which {@link #isStrictlyIncreasing} checks.
   *
   * @param contestIndex ind_c(Λ_l), the contest's sequence order in the manifest
   */
  public static UInt256 contestHash(UInt256 he, int contestIndex, PublicKey k, List<UInt256> sortedSelectionHashes) {
    return Hash.key(he).domain(0x41).int32(contestIndex).element(k.element()).uint256s(sortedSelectionHashes).digest();
  }

  /** H(B) = H(H_E; 0x42, χ_1, ..., χ_mB, B_aux), spec eq. 95 (Verification 17.C). */
  public static UInt256 confirmationCode(UInt256 he, List<UInt256> contestHashes, ByteString baux) {
    return Hash.key(he).domain(0x42).uint256s(contestHashes).rawBytes(baux.bytes()).digest();
  }

  /**
   * Whether ψ_1 < ψ_2 < ... as unsigned big-endian integers: sorted as eq. 94 asks, and no hash
   * twice.
   */
  public static boolean isStrictlyIncreasing(List<UInt256> hashes) {
    for (int i = 1; i < hashes.size(); i++) {
      if (compareUnsigned(hashes.get(i - 1), hashes.get(i)) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** Compares two hashes as unsigned big-endian integers. */
  public static int compareUnsigned(UInt256 a, UInt256 b) {
    return java.util.Arrays.compareUnsigned(a.bytes(), b.bytes());
  }

  /**
   * Ω of egk-ec: the first five hexadecimal digits of ψ, in upper case. It is none of the
   * functions Ω_1 .. Ω_8 of §4.6, and egk-ec's manifest cannot name one (§4.1.4 asks that it
   * should); a record that names no Ω is checked with this one.
   */
  public static String shortCodeEgk(UInt256 selectionHash) {
    return HexFormat.of().withUpperCase().formatHex(selectionHash.bytes()).substring(0, 5);
  }
}

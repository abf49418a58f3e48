package org.evote.crypto.election;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.hash.UInt256;

/**
 * The checks of one contest of a pre-encrypted ballot that §4.5 adds to those of an ordinary
 * ballot: Verification 17.A and 17.B (selection and contest hashes, eq. 92 to 94) and 18 (short
 * codes, §4.1.4, and the selections as the product of the selected vectors, §4.3). Its range
 * proofs (15, 16) and the ballot's confirmation code (17.C) are checked by {@link BallotValidator}.
 *
 * <p>The record holds, per contest, the L selected vectors only, also for a challenged ballot
 * (egk-ec records it as it records a cast one, without its primary nonce): those are what 17.A and
 * 18.A can check. The m + L − L other selection hashes enter 17.B as published.
 */
final class PreEncryptedContestCheck {
  private PreEncryptedContestCheck() {}

  /**
   * Adds a finding for each check the contest fails.
   *
   * @param mc the manifest's contest: m options and the selection limit L
   * @param selections the contest's selection ciphertexts (α_i, β_i), in option order
   */
  static void check(
      Election election, EncryptedBallot.Contest contest, Manifest.Contest mc, String cw,
      List<Ciphertext> selections, List<Finding> findings) {
    EncryptedBallot.PreEncryption pre = contest.preEncryption();
    if (pre == null) {
      findings.add(new Finding("17", cw, "the contest of a pre-encrypted ballot has no pre_encryption data"
          + " (selection hashes, selected vectors, short codes; §4.4): its contest hash cannot be checked"));
      return;
    }
    UInt256 he = election.extendedBaseHash();
    PublicKey k = election.jointKey();
    int m = mc.selections().size();
    int limit = mc.contestLimit();

    // 17.A: ψ = H(H_E; 0x40, K, α_1, β_1, ..., α_m, β_m) of every vector in the record, eq. 92, 93.
    List<EncryptedBallot.SelectedVector> vectors = pre.selectedVectors();
    List<Boolean> hashOk = new ArrayList<>(vectors.size());
    for (int v = 0; v < vectors.size(); v++) {
      EncryptedBallot.SelectedVector sv = vectors.get(v);
      String vw = cw + " selected vector " + (v + 1) + " (short code " + sv.shortCode() + ")";
      if (sv.encryptions().size() != m) {
        findings.add(new Finding("17.A", vw,
            "has " + sv.encryptions().size() + " encryptions; the contest has " + m + " options (eq. 91)"));
        hashOk.add(false);
        continue;
      }
      boolean ok = PreEncryptionHashes.selectionHash(he, k, sv.encryptions()).equals(sv.selectionHash());
      if (!ok) {
        findings.add(new Finding("17.A", vw,
            "selection hash does not match H(H_E; 0x40, K, α_1, β_1, ..., α_m, β_m) of its encryptions (eq. 92)"));
      }
      hashOk.add(ok);
    }

    // 17.B: χ_l = H(H_E; 0x41, ind_c(Λ_l), K, ψ_σ(1), ..., ψ_σ(m+L)), eq. 94, over the m + L hashes
    // in increasing order, among which must be the ψ of every selected vector.
    List<UInt256> all = pre.allSelectionHashes();
    if (all.size() != m + limit) {
      findings.add(new Finding("17.B", cw, "has " + all.size() + " selection hashes; m + L = " + m + " + " + limit
          + " = " + (m + limit) + " (eq. 94)"));
    } else if (!PreEncryptionHashes.isStrictlyIncreasing(all)) {
      findings.add(new Finding("17.B", cw,
          "the selection hashes are not in strictly increasing order as unsigned big-endian integers (σ of eq. 94)"));
    } else if (!PreEncryptionHashes.contestHash(he, mc.sequenceOrder(), k, all).equals(pre.preencryptionHash())) {
      findings.add(new Finding("17.B", cw,
          "preencryption_hash does not match H(H_E; 0x41, ind_c, K, ψ_σ(1), ..., ψ_σ(m+L)) of eq. 94"));
    }
    Set<UInt256> published = new HashSet<>(all);
    for (int v = 0; v < vectors.size(); v++) {
      EncryptedBallot.SelectedVector sv = vectors.get(v);
      if (hashOk.get(v) && !published.contains(sv.selectionHash())) {
        findings.add(new Finding("17.B", cw + " selected vector " + (v + 1) + " (short code " + sv.shortCode() + ")",
            "its selection hash is not one of the contest's selection hashes that χ hashes: the vector is not"
                + " from this pre-encrypted ballot"));
      }
    }

    // 18.A: ω = Ω(ψ) for every short code in the record (Ω of egk-ec; the manifest names none).
    Set<String> codes = new HashSet<>();
    Set<UInt256> hashes = new HashSet<>();
    for (int v = 0; v < vectors.size(); v++) {
      EncryptedBallot.SelectedVector sv = vectors.get(v);
      String vw = cw + " selected vector " + (v + 1) + " (short code " + sv.shortCode() + ")";
      String omega = PreEncryptionHashes.shortCodeEgk(sv.selectionHash());
      if (!omega.equals(sv.shortCode())) {
        findings.add(new Finding("18.A", vw, "the short code is not Ω(ψ) = " + omega
            + " (the first 5 hex digits of the selection hash, egk-ec's Ω)"));
      }
      if (!codes.add(sv.shortCode()) || !hashes.add(sv.selectionHash())) {
        findings.add(new Finding("18", vw, "the same short code or selection hash is selected twice in the contest"
            + " (§4.1.4: short codes are unique within a contest)"));
      }
    }

    // 18: the selections are the product of the L selected vectors (§4.3, §4.4; for L = 1, the vector itself).
    if (vectors.size() != limit) {
      findings.add(new Finding("18", cw, "has " + vectors.size() + " selected vectors; the selection limit L is "
          + limit + " (§4.3: the voter's selections, filled up with null vectors)"));
      return;
    }
    if (vectors.stream().anyMatch(sv -> sv.encryptions().size() != m)) {
      return; // 17.A said so; there is no product to compare
    }
    for (int i = 0; i < m; i++) {
      List<Ciphertext> column = new ArrayList<>(limit);
      for (EncryptedBallot.SelectedVector sv : vectors) {
        column.add(sv.encryptions().get(i));
      }
      Ciphertext product = Ciphertext.product(election.group(), column);
      if (!product.equals(selections.get(i))) {
        findings.add(new Finding("18", cw + " selection " + mc.selections().get(i).selectionId(),
            "the encrypted vote is not the product of the selected vectors' encryptions at this position"
                + " (§4.3, Verification 18)"));
      }
    }
  }
}

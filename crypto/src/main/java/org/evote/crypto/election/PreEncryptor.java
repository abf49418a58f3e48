package org.evote.crypto.election;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.ElGamal;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.Hash;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.util.Require;

/**
 * The ballot encrypting tool of pre-encrypted ballots, spec §4.2: from a ballot style and a
 * primary nonce ξ, every selection vector of the ballot (eq. 91) and its null vectors, their
 * selection hashes (eq. 92, 93) and short codes (Ω, §4.1.4), the contest hashes (eq. 94) and the
 * confirmation code (eq. 95). Everything is derived from ξ (eq. 96), so the recording tool, or
 * anyone who is given ξ of an uncast ballot, can recompute it.
 *
 * <p>Where the spec is silent, this follows egk-ec, so that both give the same ballot for the same
 * ξ: the null vectors ℓ = 1..L (§4.2.1 names them "null1", "null2", ...) take the option index
 * (largest option sequence order of the contest) + ℓ in eq. 96, and Ω is egk-ec's (the first five
 * hex digits of ψ). The caller checks that the short codes of a contest are distinct (§4.2.2) and
 * draws a new ξ when they are not; {@link PreEncryptedBallot#hasShortCodeCollision()} tells.
 *
 * <p>Not here: the optional encryption of ξ (§4.2), and the recording tool (§4.3).
 */
public final class PreEncryptor {
  private final Election election;

  public PreEncryptor(Election election) {
    this.election = Objects.requireNonNull(election, "election");
  }

  /**
   * Pre-encrypts one ballot.
   *
   * @param ballotId the ballot's id (not hashed; it names the result)
   * @param styleId a ballot style of the manifest
   * @param primaryNonce ξ, 256 bits
   * @param codeBaux B_aux of eq. 95 (empty when the manifest asks for none)
   * @throws IllegalArgumentException for an unknown ballot style
   */
  public PreEncryptedBallot preEncrypt(String ballotId, String styleId, BallotNonce primaryNonce, ByteString codeBaux) {
    Require.nonNull("ballotId", ballotId, "primaryNonce", primaryNonce, "codeBaux", codeBaux);
    List<Manifest.Contest> contests = election.manifest().contestsForStyle(Objects.requireNonNull(styleId, "styleId"))
        .orElseThrow(() -> new IllegalArgumentException("unknown ballot style '" + styleId + "'"));
    UInt256 he = election.extendedBaseHash();
    PublicKey k = election.jointKey();
    UInt256 xi = primaryNonce.unwrapSecret();
    List<PreEncryptedBallot.Contest> out = new ArrayList<>(contests.size());
    for (Manifest.Contest mc : contests) {
      out.add(contest(he, k, xi, mc));
    }
    List<UInt256> chis = out.stream().map(PreEncryptedBallot.Contest::contestHash).toList();
    UInt256 code = PreEncryptionHashes.confirmationCode(he, chis, codeBaux); // eq. 95
    return new PreEncryptedBallot(ballotId, styleId, out, codeBaux, code);
  }

  private PreEncryptedBallot.Contest contest(UInt256 he, PublicKey k, UInt256 xi, Manifest.Contest mc) {
    // options in increasing option index (§4.1)
    List<Manifest.Selection> options = new ArrayList<>(mc.selections());
    options.sort(Comparator.comparingInt(Manifest.Selection::sequenceOrder));
    int maxIndex = options.stream().mapToInt(Manifest.Selection::sequenceOrder).max().orElse(0);
    List<PreEncryptedBallot.Selection> selections = new ArrayList<>(options.size() + mc.contestLimit());
    for (Manifest.Selection s : options) {
      selections.add(vector(he, k, xi, mc.sequenceOrder(), s.selectionId(), s.sequenceOrder(), options, true));
    }
    for (int l = 1; l <= mc.contestLimit(); l++) {
      selections.add(vector(he, k, xi, mc.sequenceOrder(), "null" + l, maxIndex + l, options, false));
    }
    List<UInt256> sorted = selections.stream().map(PreEncryptedBallot.Selection::selectionHash)
        .sorted(PreEncryptionHashes::compareUnsigned).toList();
    UInt256 chi = PreEncryptionHashes.contestHash(he, mc.sequenceOrder(), k, sorted); // eq. 94
    return new PreEncryptedBallot.Contest(mc.contestId(), mc.sequenceOrder(), mc.contestLimit(), selections, sorted, chi);
  }

  /** Ψ_j of eq. 91 (a null vector when {@code isOption} is false), its ψ (eq. 92, 93) and ω. */
  private PreEncryptedBallot.Selection vector(
      UInt256 he, PublicKey k, UInt256 xi, int contestIndex, String label, int j,
      List<Manifest.Selection> options, boolean isOption) {
    List<Ciphertext> psi = new ArrayList<>(options.size());
    for (Manifest.Selection option : options) {
      int kIndex = option.sequenceOrder();
      SecretScalar nonce = nonce(election.group(), he, xi, contestIndex, j, kIndex);
      psi.add(ElGamal.encrypt(k, isOption && kIndex == j ? 1 : 0, nonce));
    }
    UInt256 hash = PreEncryptionHashes.selectionHash(he, k, psi);
    return new PreEncryptedBallot.Selection(label, j, psi, hash, PreEncryptionHashes.shortCodeEgk(hash));
  }

  /**
   * ξ_{i,j,k} = H(H_E; 0x43, ξ, ind_c(Λ_i), ind_o(λ_j), ind_o(λ_k)) mapped to Z_q, spec eq. 96:
   * the nonce of the k-th encryption of the j-th vector of the i-th contest.
   */
  public static SecretScalar nonce(Group group, UInt256 he, UInt256 primaryNonce, int contestIndex, int j, int k) {
    return SecretScalar.of(group.hashToScalar(
        Hash.key(he).domain(0x43).uint256(primaryNonce).int32(contestIndex).int32(j).int32(k).digest()));
  }
}

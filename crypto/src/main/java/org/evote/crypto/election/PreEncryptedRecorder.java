package org.evote.crypto.election;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.ContestDataCipher;
import org.evote.crypto.elgamal.HashedCiphertext;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.RangeProof;
import org.evote.crypto.proof.RangeProofs;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.util.Require;

/**
 * The ballot recording tool of pre-encrypted ballots, spec §4.3: from the primary nonce ξ and
 * the short codes a voter marked, the encrypted ballot of the election record (§4.4) with its
 * pre-encryption data, which Verification 15 to 18 check.
 *
 * <p>Per contest it takes the marked vectors and, for each vote short of L, the next null vector
 * (null1 first); it sorts the L vectors by selection hash. Each selection is the component-wise
 * product of the L vectors, its nonce the sum of theirs (§4.3), and its range proof (§3.3.5) and
 * the contest's limit proof (§3.3.8) use those nonces. Where §4 is silent this follows egk-ec, so
 * that both record the same ballot from the same ξ and marks:
 * <ul>
 *   <li>the selection proofs are for 0..R with R the option limit;
 *   <li>the contest data (§3.3.6) is encrypted under the nonce ξ derives for a contest as in an
 *       ordinary ballot (eq. 50), with status {@code normal} and no over-votes or write-ins;
 *   <li>{@code contest_hash} is eq. 57 of the selections, keyed with H_E (egk-ec keys it with
 *       hash_to_field(H_E), which differs on P-256; the spec defines no such value for a
 *       pre-encrypted ballot, see docs/PROTOCOL.md).
 * </ul>
 */
public final class PreEncryptedRecorder {
  private final Election election;
  private final PreEncryptor encryptor;

  public PreEncryptedRecorder(Election election) {
    this.election = Objects.requireNonNull(election, "election");
    this.encryptor = new PreEncryptor(election);
  }

  /**
   * Records one pre-encrypted ballot.
   *
   * @param marks per contest id of the style, the short codes the voter marked (at most L, each
   *     one of an option of the contest); a contest not in the map is blank
   * @param codeBaux B_aux of eq. 95, as the ballot was printed with
   * @throws IllegalArgumentException for an unknown style, a contest not on the style, a short code
   *     that is no option's, a code marked twice, more marks than L, or a ballot whose short codes
   *     collide within a contest (it cannot have been printed, §4.2.2)
   */
  public EncryptedBallot record(
      String ballotId, String styleId, BallotNonce primaryNonce, Map<String, List<String>> marks,
      BallotState state, ByteString codeBaux, String device, long timestamp) {
    Require.nonNull("marks", marks, "state", state, "device", device);
    PreEncryptedBallot printed = encryptor.preEncrypt(ballotId, styleId, primaryNonce, codeBaux);
    if (printed.hasShortCodeCollision()) {
      throw new IllegalArgumentException("ballot " + ballotId + ": two options of a contest share a short code;"
          + " such a ballot is never printed (§4.2.2)");
    }
    Set<String> onStyle = new HashSet<>();
    printed.contests().forEach(c -> onStyle.add(c.contestId()));
    for (String c : marks.keySet()) {
      if (!onStyle.contains(c)) {
        throw new IllegalArgumentException("contest '" + c + "' is not on ballot style '" + styleId + "'");
      }
    }
    UInt256 xi = primaryNonce.unwrapSecret();
    List<EncryptedBallot.Contest> contests = new ArrayList<>();
    for (PreEncryptedBallot.Contest pc : printed.contests()) {
      Manifest.Contest mc = election.manifest().contest(pc.contestId()).orElseThrow();
      contests.add(contest(mc, pc, xi, marks.getOrDefault(pc.contestId(), List.of())));
    }
    return new EncryptedBallot(ballotId, styleId, device, timestamp, codeBaux, printed.confirmationCode(),
        election.extendedBaseHash(), contests, state, null, true);
  }

  private EncryptedBallot.Contest contest(
      Manifest.Contest mc, PreEncryptedBallot.Contest pc, UInt256 xi, List<String> marked) {
    Group group = election.group();
    UInt256 he = election.extendedBaseHash();
    PublicKey k = election.jointKey();
    int m = mc.selections().size();
    int limit = mc.contestLimit();
    if (marked.size() > limit) {
      throw new IllegalArgumentException("contest " + mc.contestId() + ": " + marked.size()
          + " marks; the selection limit is " + limit);
    }
    // the marked option vectors, then null1, null2, ... for the votes short of L
    List<PreEncryptedBallot.Selection> chosen = new ArrayList<>(limit);
    for (String code : marked) {
      PreEncryptedBallot.Selection s = pc.selections().subList(0, m).stream()
          .filter(x -> x.shortCode().equals(code)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("contest " + mc.contestId() + ": no option has the short code '"
              + code + "'"));
      if (chosen.contains(s)) {
        throw new IllegalArgumentException("contest " + mc.contestId() + ": the short code '" + code + "' is marked twice");
      }
      chosen.add(s);
    }
    for (int l = 0; chosen.size() < limit; l++) {
      chosen.add(pc.selections().get(m + l));
    }
    chosen.sort(Comparator.comparing(PreEncryptedBallot.Selection::selectionHash, PreEncryptionHashes::compareUnsigned));

    // §4.3: component-wise products, nonces added
    List<Manifest.Selection> options = new ArrayList<>(mc.selections());
    options.sort(Comparator.comparingInt(Manifest.Selection::sequenceOrder));
    List<EncryptedBallot.Selection> selections = new ArrayList<>(m);
    List<Ciphertext> cts = new ArrayList<>(m);
    SecretScalar contestNonce = SecretScalar.of(group.scalar(0));
    int total = 0;
    for (int i = 0; i < m; i++) {
      Manifest.Selection option = options.get(i);
      List<Ciphertext> column = new ArrayList<>(limit);
      SecretScalar nonce = SecretScalar.of(group.scalar(0));
      int vote = 0;
      for (PreEncryptedBallot.Selection s : chosen) {
        column.add(s.vector().get(i));
        nonce = nonce.add(PreEncryptor.nonce(group, he, xi, mc.sequenceOrder(), s.index(), option.sequenceOrder()));
        vote += s.index() == option.sequenceOrder() ? 1 : 0; // a null vector's index is above every option's
      }
      Ciphertext ct = Ciphertext.product(group, column);
      RangeProof proof = RangeProofs.prove(he, k, ct, vote, mc.optionLimit(), nonce); // §3.3.5
      selections.add(new EncryptedBallot.Selection(option.selectionId(), option.sequenceOrder(), ct, proof));
      cts.add(ct);
      contestNonce = contestNonce.add(nonce);
      total += vote;
    }
    Ciphertext aggregate = Ciphertext.product(group, cts);
    RangeProof contestProof = RangeProofs.prove(he, k, aggregate, total, limit, contestNonce); // §3.3.8
    byte[] data = ContestDataCodec.encode(new ContestData(List.of(), List.of(), "normal"), limit);
    HashedCiphertext contestData = ContestDataCipher.encrypt(
        he, k, mc.contestId(), data, ContestDataCipher.nonce(group, he, xi, mc.sequenceOrder()));
    UInt256 contestHash = ConfirmationCodes.contestHash(he, k, mc.sequenceOrder(), cts);
    List<EncryptedBallot.SelectedVector> vectors = chosen.stream()
        .map(s -> new EncryptedBallot.SelectedVector(s.selectionHash(), s.shortCode(), s.vector())).toList();
    EncryptedBallot.PreEncryption pre = new EncryptedBallot.PreEncryption(pc.contestHash(), pc.sortedSelectionHashes(), vectors);
    return new EncryptedBallot.Contest(mc.contestId(), mc.sequenceOrder(), contestHash, selections, contestProof,
        contestData, pre);
  }
}

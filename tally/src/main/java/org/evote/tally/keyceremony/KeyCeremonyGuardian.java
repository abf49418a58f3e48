package org.evote.tally.keyceremony;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.secret.SecretScalar;
import org.evote.tally.Checked;
import org.evote.tally.guardian.GuardianState;

/**
 * A guardian's own steps in the key ceremony (ElectionGuard 2.0 §3.2.2). Each step takes the
 * guardian's secret state and the messages it has received, and returns the new state and the
 * messages to publish; nothing else leaves the guardian. Checks on the messages of others return
 * {@link Checked} failures.
 *
 * <ol>
 *   <li>{@link #create}: sample the polynomial (eq. 9);
 *   <li>{@link #commitments}: commitments K_{i,j} with Schnorr proofs (eq. 10-12);
 *   <li>{@link #shares}: check every other guardian's proofs (Verification 2), then encrypt
 *       P_i(ℓ) for each (eq. 14-19);
 *   <li>{@link #verifyShares}: decrypt and check the shares received (eq. 20, 21), publish
 *       confirmations and complaints, and compute P(i) (eq. 22) when all are confirmed;
 *   <li>{@link #answerComplaints}: reveal P_i(ℓ) and ξ_{i,ℓ} for each complaint against this
 *       guardian.
 * </ol>
 */
public final class KeyCeremonyGuardian {
  private KeyCeremonyGuardian() {}

  /** The state after {@link #shares}, and the shares to publish. */
  public record SharesStep(GuardianState state, List<EncryptedShare> shares) {
    public SharesStep {
      shares = List.copyOf(shares);
    }
  }

  /**
   * The state after {@link #verifyShares}, and the report to publish (the previous report when
   * nothing changed).
   *
   * @param changed whether {@code report} is new and must be published
   */
  public record VerifyStep(GuardianState state, ShareReport report, boolean changed) {}

  /** A new guardian for its seat in the ceremony: a fresh random polynomial of k coefficients. */
  public static GuardianState create(CeremonyParameters p, String guardianId, SecureRandom random) {
    CeremonyParameters.Seat seat = p.seat(guardianId).orElseThrow(() -> new IllegalArgumentException(
        "\"" + guardianId + "\" is not a guardian of ceremony " + p.ceremonyId()));
    SecretPolynomial polynomial = SecretPolynomial.random(p.group(), p.quorum(), random);
    return GuardianState.fresh(guardianId, seat.xCoordinate(), p.numberOfGuardians(), p.ceremonyId(),
        p.electionBaseHash(), polynomial);
  }

  private static void checkBelongs(CeremonyParameters p, GuardianState s) {
    if (!s.ceremonyId().equals(p.ceremonyId()) || !s.electionBaseHash().equals(p.electionBaseHash())) {
      throw new IllegalArgumentException("guardian " + s.guardianId() + "'s state belongs to ceremony "
          + s.ceremonyId() + ", not " + p.ceremonyId());
    }
  }

  /** The commitments message with fresh Schnorr proofs (eq. 10-12). */
  public static CoefficientCommitments commitments(CeremonyParameters p, GuardianState s, SecureRandom random) {
    checkBelongs(p, s);
    return new CoefficientCommitments(p.ceremonyId(), p.electionBaseHash(), s.guardianId(), s.xCoordinate(),
        s.polynomial().proofs(p.parameterBaseHash(), s.xCoordinate(), random));
  }

  /** Every other guardian's commitments, checked; fails listing each missing or invalid one. */
  static Checked<Map<String, CoefficientCommitments>> checkedOthers(
      CeremonyParameters p, String self, Map<String, Checked<CoefficientCommitments>> all) {
    List<String> problems = new ArrayList<>();
    Map<String, CoefficientCommitments> ok = new LinkedHashMap<>();
    for (CeremonyParameters.Seat seat : p.guardians()) {
      String id = seat.guardianId();
      Checked<CoefficientCommitments> c = all.get(id);
      if (c == null) {
        problems.add("guardian " + id + " has not published its commitments yet");
        continue;
      }
      if (!c.isOk()) {
        problems.add("guardian " + id + "'s commitments cannot be used: " + c.summary());
        continue;
      }
      List<String> bad = KeyCeremonyChecks.checkCommitments(p, c.value());
      if (!bad.isEmpty()) {
        problems.addAll(bad);
        continue;
      }
      ok.put(id, c.value());
    }
    if (!ok.containsKey(self) && problems.isEmpty()) {
      problems.add("this guardian's own commitments are missing");
    }
    return problems.isEmpty() ? Checked.ok(ok) : Checked.failed(problems);
  }

  /**
   * Encrypts P_i(ℓ) for every other guardian G_ℓ (eq. 14-19), after checking every guardian's
   * commitments (Verification 2). The nonces ξ_{i,ℓ} are kept in the state, so repeating this
   * step gives the same messages.
   *
   * @param all every guardian's commitments as read (own included), or why they could not be read
   */
  public static Checked<SharesStep> shares(
      CeremonyParameters p, GuardianState s, Map<String, Checked<CoefficientCommitments>> all, SecureRandom random) {
    checkBelongs(p, s);
    Checked<Map<String, CoefficientCommitments>> checked = checkedOthers(p, s.guardianId(), all);
    if (!checked.isOk()) {
      return Checked.failed(checked.reasons());
    }
    CoefficientCommitments own = checked.value().get(s.guardianId());
    if (!own.publicKey().equals(p.group().gExp(s.polynomial().secretKey()))) {
      return Checked.failed("the published commitments of " + s.guardianId()
          + " are not this guardian's: its state file does not match what was published");
    }
    Map<String, SecretScalar> nonces = new LinkedHashMap<>(s.shareNonces());
    List<EncryptedShare> out = new ArrayList<>();
    for (CoefficientCommitments other : checked.value().values()) {
      if (other.guardianId().equals(s.guardianId())) {
        continue;
      }
      SecretScalar xi = nonces.computeIfAbsent(other.guardianId(), id -> SecretScalar.of(p.group().randomScalar(random)));
      SecretScalar pil = s.polynomial().valueAt(other.xCoordinate());
      ShareCiphertext ct = ShareEncryption.encrypt(
          p.parameterBaseHash(), s.xCoordinate(), other.xCoordinate(), other.publicKey(), pil, xi);
      out.add(new EncryptedShare(p.ceremonyId(), p.electionBaseHash(), s.guardianId(), s.xCoordinate(),
          other.guardianId(), other.xCoordinate(), ct));
    }
    return Checked.ok(new SharesStep(s.withShareNonces(nonces), out));
  }

  /**
   * Decrypts and checks every share sent to this guardian (eq. 20, 21). A share that fails is a
   * complaint, unless its sender has answered the complaint with a reveal that passes {@link
   * KeyCeremonyChecks#checkAnswer}, in which case the revealed share is used. When every share is
   * confirmed, P(i) = Σ_j P_j(i) mod q (eq. 22) is added to the state.
   *
   * @param all every guardian's commitments as read
   * @param received the shares sent to this guardian, by sender, as read
   * @param answers the answers to this guardian's complaints, by sender, as read
   * @param previous this guardian's latest published report, if any
   */
  public static Checked<VerifyStep> verifyShares(
      CeremonyParameters p,
      GuardianState s,
      Map<String, Checked<CoefficientCommitments>> all,
      Map<String, Checked<EncryptedShare>> received,
      Map<String, Checked<ComplaintAnswer>> answers,
      Optional<ShareReport> previous) {
    checkBelongs(p, s);
    Checked<Map<String, CoefficientCommitments>> checked = checkedOthers(p, s.guardianId(), all);
    if (!checked.isOk()) {
      return Checked.failed(checked.reasons());
    }
    Map<String, CoefficientCommitments> commitments = checked.value();
    CoefficientCommitments self = commitments.get(s.guardianId());
    List<String> missing = new ArrayList<>();
    for (String id : commitments.keySet()) {
      if (!id.equals(s.guardianId()) && !received.containsKey(id)) {
        missing.add(id);
      }
    }
    if (!missing.isEmpty()) {
      return Checked.failed("waiting for shares from " + String.join(", ", missing));
    }
    Map<String, SecretScalar> shares = new LinkedHashMap<>();
    List<String> confirmed = new ArrayList<>();
    List<ShareReport.Complaint> complaints = new ArrayList<>();
    for (CoefficientCommitments sender : commitments.values()) {
      String id = sender.guardianId();
      if (id.equals(s.guardianId())) {
        continue;
      }
      Checked<EncryptedShare> msg = received.get(id);
      Checked<SecretScalar> share = msg.isOk()
          ? KeyCeremonyChecks.openShare(p, sender, self, s.polynomial().secretKey(), msg.value())
          : Checked.failed("the share message cannot be read: " + msg.summary());
      if (!share.isOk() && msg.isOk() && answers.containsKey(id)) {
        Checked<ComplaintAnswer> answer = answers.get(id);
        Checked<SecretScalar> revealed = answer.isOk()
            ? KeyCeremonyChecks.checkAnswer(p, sender, self, msg.value(), answer.value())
            : Checked.failed("the answer cannot be read: " + answer.summary());
        share = revealed.isOk()
            ? revealed
            : Checked.failed(share.summary() + "; the answer to the complaint fails too: " + revealed.summary());
      }
      if (share.isOk()) {
        shares.put(id, share.value());
        confirmed.add(id);
      } else {
        complaints.add(new ShareReport.Complaint(id, share.summary()));
      }
    }
    SecretScalar keyShare = null;
    if (complaints.isEmpty()) {
      SecretScalar sum = s.polynomial().valueAt(s.xCoordinate());
      for (SecretScalar v : shares.values()) {
        sum = sum.add(v);
      }
      keyShare = sum;
    }
    GuardianState next = s.withReceivedShares(shares, keyShare);
    ShareReport report = new ShareReport(p.ceremonyId(), p.electionBaseHash(), s.guardianId(),
        previous.map(r -> r.revision() + 1).orElse(1), confirmed, complaints);
    if (previous.isPresent() && report.sameFindings(previous.get())) {
      return Checked.ok(new VerifyStep(next, previous.get(), false));
    }
    return Checked.ok(new VerifyStep(next, report, true));
  }

  /**
   * Answers every complaint against this guardian in the given reports by revealing P_i(ℓ) and the
   * nonce ξ_{i,ℓ} it used (§3.2.2). Only shares this guardian actually sent are answered.
   */
  public static List<ComplaintAnswer> answerComplaints(
      CeremonyParameters p, GuardianState s, List<ShareReport> reports) {
    checkBelongs(p, s);
    List<ComplaintAnswer> out = new ArrayList<>();
    for (ShareReport r : reports) {
      boolean accused = r.complaints().stream().anyMatch(c -> c.accusedId().equals(s.guardianId()));
      SecretScalar xi = s.shareNonces().get(r.guardianId());
      Optional<CeremonyParameters.Seat> seat = p.seat(r.guardianId());
      if (!accused || xi == null || seat.isEmpty()) {
        continue;
      }
      SecretScalar pil = s.polynomial().valueAt(seat.get().xCoordinate());
      out.add(new ComplaintAnswer(p.ceremonyId(), p.electionBaseHash(), s.guardianId(), r.guardianId(),
          pil.unwrapSecret(), xi.unwrapSecret()));
    }
    return out;
  }
}

package org.evote.tally.keyceremony;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.evote.crypto.election.ElectionHashes;
import org.evote.crypto.election.ElectionInitialized;
import org.evote.crypto.election.GuardianRecord;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.UInt256;
import org.evote.tally.Checked;
import org.evote.tally.transport.CeremonyBoard;

/**
 * The coordinator of a key ceremony. It reads only public messages: commitments, encrypted shares
 * it cannot open, reports and answers to complaints. It never holds a secret.
 *
 * <p>The ceremony can finish when every guardian's commitments pass Verification 2, every share
 * has been sent, and every guardian's latest report confirms the shares of all the others. A
 * complaint blocks it until the accused guardian's reveal has been checked valid and the
 * complainant has confirmed (§3.2.2); a reveal that fails puts the accused at fault, and the
 * ceremony must then be restarted with an alternate guardian.
 */
public final class KeyCeremonyCoordinator {
  private KeyCeremonyCoordinator() {}

  /** The state of the ceremony on the board. */
  public static CeremonyStatus status(CeremonyBoard board) throws IOException {
    CeremonyParameters p = board.parameters();
    List<String> lines = new ArrayList<>();
    List<String> complaints = new ArrayList<>();
    List<String> blocking = new ArrayList<>();
    Map<String, Checked<CoefficientCommitments>> all = board.allCommitments();
    Map<String, CoefficientCommitments> valid = new LinkedHashMap<>();
    for (CeremonyParameters.Seat seat : p.guardians()) {
      String id = seat.guardianId();
      Checked<CoefficientCommitments> c = all.get(id);
      if (c == null) {
        lines.add(id + ": commitments not published");
        blocking.add("guardian " + id + " has not published its commitments");
        continue;
      }
      List<String> problems = c.isOk() ? KeyCeremonyChecks.checkCommitments(p, c.value()) : c.reasons();
      if (!problems.isEmpty()) {
        lines.add(id + ": commitments INVALID: " + String.join("; ", problems));
        blocking.addAll(problems);
      } else {
        valid.put(id, c.value());
        lines.add(id + ": commitments published, " + p.quorum() + " Schnorr proofs valid");
      }
    }
    Map<String, Checked<ShareReport>> reports = board.latestReports();
    for (CeremonyParameters.Seat seat : p.guardians()) {
      String recipient = seat.guardianId();
      Map<String, Checked<EncryptedShare>> shares = board.sharesFor(recipient);
      List<String> missing = new ArrayList<>();
      for (String sender : board.others(recipient)) {
        Checked<EncryptedShare> s = shares.get(sender);
        if (s == null) {
          missing.add(sender);
        } else if (!s.isOk()) {
          blocking.add("the share from " + sender + " to " + recipient + " cannot be read: " + s.summary());
        }
      }
      if (!missing.isEmpty()) {
        blocking.add("guardian " + recipient + " is waiting for shares from " + String.join(", ", missing));
      }
      Checked<ShareReport> r = reports.get(recipient);
      if (r == null) {
        lines.add(recipient + ": " + (shares.size()) + " of " + (p.numberOfGuardians() - 1)
            + " shares received, no report yet");
        blocking.add("guardian " + recipient + " has not reported on its shares");
        continue;
      }
      if (!r.isOk()) {
        blocking.add("guardian " + recipient + "'s report cannot be read: " + r.summary());
        continue;
      }
      ShareReport report = r.value();
      lines.add(recipient + ": report revision " + report.revision() + ", " + report.confirmed().size()
          + " shares confirmed, " + report.complaints().size() + " complaints");
      for (String sender : board.others(recipient)) {
        if (report.confirmed().contains(sender)) {
          continue;
        }
        ShareReport.Complaint complaint = report.complaints().stream()
            .filter(c -> c.accusedId().equals(sender)).findFirst().orElse(null);
        if (complaint == null) {
          blocking.add("guardian " + recipient + "'s report neither confirms nor disputes the share from " + sender);
          continue;
        }
        String text = "complaint by " + recipient + " against " + sender + ": " + complaint.reason();
        String resolution = resolution(board, valid, sender, recipient, shares.get(sender));
        complaints.add(text + " -- " + resolution);
        blocking.add("unresolved " + text + " -- " + resolution);
      }
    }
    return new CeremonyStatus(lines, complaints, blocking);
  }

  private static String resolution(
      CeremonyBoard board, Map<String, CoefficientCommitments> valid, String sender, String recipient,
      Checked<EncryptedShare> share) throws IOException {
    var answer = board.answer(sender, recipient);
    if (answer.isEmpty()) {
      return "waiting for " + sender + " to answer (guardian answer-complaints)";
    }
    if (!answer.get().isOk()) {
      return sender + "'s answer cannot be read: " + answer.get().problem();
    }
    if (share == null || !share.isOk() || !valid.containsKey(sender) || !valid.containsKey(recipient)) {
      return sender + " answered, but its share or the commitments are not available to check the answer";
    }
    Checked<?> check = KeyCeremonyChecks.checkAnswer(
        board.parameters(), valid.get(sender), valid.get(recipient), share.value(), answer.get().value());
    if (check.isOk()) {
      return "dismissed: " + sender + "'s revealed share reproduces its encryption and satisfies eq. 21;"
          + " waiting for " + recipient + " to run verify-shares again";
    }
    return "guardian " + sender + " is at fault (" + check.summary()
        + "); the ceremony cannot complete: restart it with an alternate guardian";
  }

  /**
   * Finishes the ceremony: K = Π K_i (eq. 8) with Verification 3 (K_i ≠ 1, K ≠ 1), H_E = H(H_B;
   * 0x12, K) (eq. 23), and the guardians' records in seat order. Fails with every blocking
   * reason while the ceremony is not complete.
   */
  public static Checked<ElectionInitialized> finish(CeremonyBoard board) throws IOException {
    CeremonyStatus status = status(board);
    if (!status.complete()) {
      return Checked.failed(status.blocking());
    }
    CeremonyParameters p = board.parameters();
    Group group = p.group();
    Map<String, Checked<CoefficientCommitments>> all = board.allCommitments();
    List<GuardianRecord> records = new ArrayList<>();
    Element k = group.identity();
    for (CeremonyParameters.Seat seat : p.guardians()) {
      CoefficientCommitments c = all.get(seat.guardianId()).value();
      if (c.publicKey().isIdentity()) {
        return Checked.failed("guardian " + seat.guardianId() + "'s public key K_i is the identity (Verification 3.A)");
      }
      records.add(c.toRecord());
      k = k.multiply(c.publicKey());
    }
    Optional<String> keyProblem = PublicKey.problem(k);
    if (keyProblem.isPresent()) {
      return Checked.failed("the joint key: " + keyProblem.get());
    }
    UInt256 he = ElectionHashes.extendedBaseHash(p.electionBaseHash(), k);
    return Checked.ok(new ElectionInitialized(k, he, records,
        Map.of(CeremonyParameters.CEREMONY_ID_METADATA, p.ceremonyId())));
  }
}

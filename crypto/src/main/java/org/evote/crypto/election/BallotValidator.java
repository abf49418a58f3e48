package org.evote.crypto.election;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.Outcome;
import org.evote.crypto.proof.RangeProofs;

/**
 * Validates an encrypted ballot completely: that it belongs to this election, that its contests
 * and selections are exactly those of its ballot style, every range proof (Verification 5 and 6),
 * every contest hash (7.A) and the confirmation code (7.B). Group membership and scalar ranges
 * (5.A to 5.C) were checked when the ballot was decoded.
 *
 * <p>Proof checks are independent; {@link #validate(EncryptedBallot, Executor)} runs them on the
 * caller's executor.
 */
public final class BallotValidator {
  private final Election election;

  public BallotValidator(Election election) {
    this.election = election;
  }

  public Election election() {
    return election;
  }

  /** Validates on the calling thread. */
  public BallotValidation validate(EncryptedBallot ballot) {
    return validate(ballot, Runnable::run);
  }

  /** Validates, running the proof checks on the given executor. */
  public BallotValidation validate(EncryptedBallot ballot, Executor executor) {
    List<Finding> findings = new ArrayList<>();
    String where = "ballot " + ballot.ballotId();
    UInt256 he = election.extendedBaseHash();
    if (!ballot.electionId().equals(he)) {
      findings.add(
          new Finding("election id", where,
              "ballot is for election " + ballot.electionId().toHex() + ", not this election " + he.toHex()));
      return new BallotValidation(ballot.ballotId(), findings);
    }
    if (ballot.isPreencrypt()) {
      findings.add(
          new Finding("pre-encrypted", where,
              "pre-encrypted ballots (spec §4, Verification 15-18) are not supported"));
      return new BallotValidation(ballot.ballotId(), findings);
    }
    Manifest manifest = election.manifest();
    Optional<List<Manifest.Contest>> styleContests = manifest.contestsForStyle(ballot.ballotStyleId());
    if (styleContests.isEmpty()) {
      findings.add(new Finding("ballot style", where, "unknown ballot style '" + ballot.ballotStyleId() + "'"));
      return new BallotValidation(ballot.ballotId(), findings);
    }
    List<Supplier<Finding>> proofChecks = new ArrayList<>();
    checkStructure(ballot, styleContests.get(), where, findings, proofChecks);
    List<UInt256> hashes = ballot.contests().stream().map(EncryptedBallot.Contest::contestHash).toList();
    UInt256 code = ConfirmationCodes.confirmationCode(he, hashes, ballot.codeBaux());
    if (!code.equals(ballot.confirmationCode())) {
      findings.add(new Finding("7.B", where, "confirmation code does not match H(H_E; 0x24, χ_1..χ_m, B_aux)"));
    }
    findings.addAll(run(proofChecks, executor));
    return new BallotValidation(ballot.ballotId(), findings);
  }

  private void checkStructure(
      EncryptedBallot ballot,
      List<Manifest.Contest> expected,
      String where,
      List<Finding> findings,
      List<Supplier<Finding>> proofChecks) {
    Set<String> expectedIds = new HashSet<>();
    expected.forEach(c -> expectedIds.add(c.contestId()));
    Set<String> seen = new HashSet<>();
    int position = 0;
    for (EncryptedBallot.Contest contest : ballot.contests()) {
      String cw = where + " contest " + contest.contestId();
      if (!seen.add(contest.contestId())) {
        findings.add(new Finding("contests", cw, "contest appears twice"));
        continue;
      }
      Optional<Manifest.Contest> mc = election.manifest().contest(contest.contestId());
      if (mc.isEmpty()) {
        findings.add(new Finding("contests", cw, "contest is not in the manifest"));
        continue;
      }
      if (!expectedIds.contains(contest.contestId())) {
        findings.add(new Finding("contests", cw, "contest is not on ballot style '" + ballot.ballotStyleId() + "'"));
        continue;
      }
      if (position < expected.size() && !expected.get(position).contestId().equals(contest.contestId())) {
        findings.add(new Finding("contests", cw, "contests are not in the manifest's sequence order"));
      }
      position++;
      checkContest(contest, mc.get(), cw, findings, proofChecks);
    }
    for (Manifest.Contest c : expected) {
      if (!seen.contains(c.contestId())) {
        findings.add(new Finding("contests", where, "contest " + c.contestId() + " of the ballot style is missing"));
      }
    }
  }

  private void checkContest(
      EncryptedBallot.Contest contest,
      Manifest.Contest mc,
      String cw,
      List<Finding> findings,
      List<Supplier<Finding>> proofChecks) {
    if (contest.sequenceOrder() != mc.sequenceOrder()) {
      findings.add(new Finding("contests", cw,
          "sequence order " + contest.sequenceOrder() + " differs from the manifest's " + mc.sequenceOrder()));
      return;
    }
    List<Manifest.Selection> ms = mc.selections();
    if (contest.selections().size() != ms.size()) {
      findings.add(new Finding("selections", cw,
          "has " + contest.selections().size() + " selections, the manifest has " + ms.size()));
      return;
    }
    for (int i = 0; i < ms.size(); i++) {
      EncryptedBallot.Selection s = contest.selections().get(i);
      if (!s.selectionId().equals(ms.get(i).selectionId()) || s.sequenceOrder() != ms.get(i).sequenceOrder()) {
        findings.add(new Finding("selections", cw + " selection " + s.selectionId(),
            "selection " + (i + 1) + " should be " + ms.get(i).selectionId() + " with sequence order " + ms.get(i).sequenceOrder()));
        return;
      }
    }
    int n = contest.contestData().numBytes();
    if (contest.contestData().c1().length() != ((n + 31) / 32) * 32) {
      findings.add(new Finding("contest data", cw, "C1 has " + contest.contestData().c1().length()
          + " bytes, which does not fit numBytes " + n));
    }
    UInt256 he = election.extendedBaseHash();
    PublicKey k = election.jointKey();
    for (EncryptedBallot.Selection s : contest.selections()) {
      String sw = cw + " selection " + s.selectionId();
      proofChecks.add(() -> finding("5", sw, RangeProofs.verify(he, k, s.encryptedVote(), mc.optionLimit(), s.proof())));
    }
    List<Ciphertext> cts = contest.selections().stream().map(EncryptedBallot.Selection::encryptedVote).toList();
    proofChecks.add(() -> {
      Ciphertext aggregate = Ciphertext.product(election.group(), cts); // 6.1, 6.2
      return finding("6", cw, RangeProofs.verify(he, k, aggregate, mc.contestLimit(), contest.proof()));
    });
    proofChecks.add(() -> {
      UInt256 chi = ConfirmationCodes.contestHash(he, k, mc.sequenceOrder(), cts);
      return chi.equals(contest.contestHash())
          ? null
          : new Finding("7.A", cw, "contest hash does not match H(H_E; 0x23, index, K, α_1, β_1, ...)");
    });
  }

  private static Finding finding(String check, String where, Outcome outcome) {
    return outcome.valid() ? null : new Finding(check, where, outcome.reason());
  }

  private static List<Finding> run(List<Supplier<Finding>> checks, Executor executor) {
    List<CompletableFuture<Finding>> futures = new ArrayList<>(checks.size());
    for (Supplier<Finding> c : checks) {
      futures.add(CompletableFuture.supplyAsync(c, executor));
    }
    List<Finding> out = new ArrayList<>();
    for (CompletableFuture<Finding> f : futures) {
      Finding x = f.join();
      if (x != null) {
        out.add(x);
      }
    }
    return out;
  }
}

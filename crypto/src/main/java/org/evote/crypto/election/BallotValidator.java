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
import org.evote.crypto.group.Element;
import org.evote.crypto.group.MultiExp;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.Outcome;
import org.evote.crypto.proof.RangeProof;
import org.evote.crypto.proof.RangeProofs;

/**
 * Validates an encrypted ballot completely: that it belongs to this election, that its contests
 * and selections are exactly those of its ballot style, every range proof (Verification 5 and 6),
 * every contest hash (7.A) and the confirmation code (7.B). Group membership and scalar ranges
 * (5.A to 5.C) were checked when the ballot was decoded.
 *
 * <p>A pre-encrypted ballot (spec §4) gets the same checks of structure and proofs, under the
 * numbers of §4.5 (15 for 5, 16 for 6); its contest hashes and confirmation code are those of §4.1
 * (eq. 94, 95), not eq. 57 and 58, so 7.A and 7.B give way to 17.A to 17.C; and 18 checks its short
 * codes and that its selections are the product of the selected pre-encryption vectors. egk-ec's
 * {@code contest_hash} of such a ballot is not a value of the spec and is not checked here.
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
    Plan plan = plan(ballot);
    List<Supplier<Finding>> all = new ArrayList<>(plan.pending.size());
    for (Pending p : plan.pending) {
      all.add(p::alone);
    }
    plan.findings.addAll(run(all, executor));
    return new BallotValidation(ballot.ballotId(), plan.findings);
  }

  /**
   * Validates many ballots with the same checks as {@link #validate(EncryptedBallot)}, computing
   * the commitments of all their range proofs in one batch ({@link
   * org.evote.crypto.group.Group#multiExpAll}), on the calling thread. The result lists the
   * ballots' validations in order.
   */
  public List<BallotValidation> validateAll(List<EncryptedBallot> ballots) {
    List<Plan> plans = new ArrayList<>(ballots.size());
    List<MultiExp> terms = new ArrayList<>();
    for (EncryptedBallot b : ballots) {
      Plan plan = plan(b);
      plans.add(plan);
      for (Pending p : plan.pending) {
        p.first = terms.size();
        p.terms = p.terms();
        terms.addAll(p.terms);
      }
    }
    List<Element> commitments = election.group().multiExpAll(terms);
    List<BallotValidation> out = new ArrayList<>(ballots.size());
    for (int i = 0; i < plans.size(); i++) {
      Plan plan = plans.get(i);
      for (Pending p : plan.pending) {
        addIfAny(plan.findings, p.finish(commitments.subList(p.first, p.first + p.terms.size())));
      }
      out.add(new BallotValidation(ballots.get(i).ballotId(), plan.findings));
    }
    return out;
  }

  private static void addIfAny(List<Finding> findings, Finding f) {
    if (f != null) {
      findings.add(f);
    }
  }

  /** A ballot's findings so far and the checks still to run, in report order. */
  private static final class Plan {
    final List<Finding> findings = new ArrayList<>();
    final List<Pending> pending = new ArrayList<>();
  }

  /** A check still to run: alone, or in a batch that first computes its double-base products. */
  private abstract static class Pending {
    int first;
    List<MultiExp> terms;

    abstract Finding alone();

    /** The products this check needs from the batch. */
    List<MultiExp> terms() {
      return List.of();
    }

    /** The outcome, given the values of {@link #terms()}. */
    Finding finish(List<Element> values) {
      return alone();
    }
  }

  /** A check with no products, such as a contest hash. */
  private static final class Plain extends Pending {
    private final Supplier<Finding> check;

    Plain(Supplier<Finding> check) {
      this.check = check;
    }

    @Override
    Finding alone() {
      return check.get();
    }
  }

  /** One range proof to verify (Verification 5 or 6). */
  private final class ProofCheck extends Pending {
    final String check;
    final String where;
    final PublicKey k;
    final Ciphertext ct;
    final int limit;
    final RangeProof proof;

    ProofCheck(String check, String where, Ciphertext ct, int limit, RangeProof proof) {
      this.check = check;
      this.where = where;
      this.k = election.jointKey();
      this.ct = ct;
      this.limit = limit;
      this.proof = proof;
    }

    @Override
    Finding alone() {
      return finding(check, where, RangeProofs.verify(election.extendedBaseHash(), k, ct, limit, proof));
    }

    @Override
    List<MultiExp> terms() {
      return RangeProofs.commitmentTerms(k, ct, limit, proof);
    }

    @Override
    Finding finish(List<Element> commitments) {
      return finding(check, where, RangeProofs.verify(election.extendedBaseHash(), k, ct, limit, proof, commitments));
    }
  }

  /** The structural checks, done now, and the proof and hash checks, to run. */
  private Plan plan(EncryptedBallot ballot) {
    Plan plan = new Plan();
    List<Finding> findings = plan.findings;
    String where = "ballot " + ballot.ballotId();
    UInt256 he = election.extendedBaseHash();
    if (!ballot.electionId().equals(he)) {
      findings.add(
          new Finding("election id", where,
              "ballot is for election " + ballot.electionId().toHex() + ", not this election " + he.toHex()));
      return plan;
    }
    Manifest manifest = election.manifest();
    Optional<List<Manifest.Contest>> styleContests = manifest.contestsForStyle(ballot.ballotStyleId());
    if (styleContests.isEmpty()) {
      findings.add(new Finding("ballot style", where, "unknown ballot style '" + ballot.ballotStyleId() + "'"));
      return plan;
    }
    checkStructure(ballot, styleContests.get(), where, plan);
    if (ballot.isPreencrypt()) {
      // 17.C: H(B) = H(H_E; 0x42, χ_1, ..., χ_mB, B_aux), eq. 95, over the χ of eq. 94.
      if (ballot.contests().stream().anyMatch(c -> c.preEncryption() == null)) {
        return plan; // each such contest has its finding; there is no χ to hash
      }
      List<UInt256> chis = ballot.contests().stream().map(c -> c.preEncryption().preencryptionHash()).toList();
      UInt256 code = PreEncryptionHashes.confirmationCode(he, chis, ballot.codeBaux());
      if (!code.equals(ballot.confirmationCode())) {
        findings.add(new Finding("17.C", where,
            "confirmation code does not match H(H_E; 0x42, χ_1..χ_m, B_aux) of eq. 95 over the preencryption_hash values"));
      }
      return plan;
    }
    List<UInt256> hashes = ballot.contests().stream().map(EncryptedBallot.Contest::contestHash).toList();
    UInt256 code = ConfirmationCodes.confirmationCode(he, hashes, ballot.codeBaux());
    if (!code.equals(ballot.confirmationCode())) {
      findings.add(new Finding("7.B", where, "confirmation code does not match H(H_E; 0x24, χ_1..χ_m, B_aux)"));
    }
    return plan;
  }

  private void checkStructure(
      EncryptedBallot ballot, List<Manifest.Contest> expected, String where, Plan plan) {
    List<Finding> findings = plan.findings;
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
      checkContest(contest, mc.get(), cw, plan, ballot.isPreencrypt());
    }
    for (Manifest.Contest c : expected) {
      if (!seen.contains(c.contestId())) {
        findings.add(new Finding("contests", where, "contest " + c.contestId() + " of the ballot style is missing"));
      }
    }
  }

  private void checkContest(
      EncryptedBallot.Contest contest, Manifest.Contest mc, String cw, Plan plan, boolean preencrypt) {
    List<Finding> findings = plan.findings;
    if (!preencrypt && contest.preEncryption() != null) {
      findings.add(new Finding("contests", cw, "has pre_encryption data, but the ballot is not pre-encrypted"));
      return;
    }
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
      // Verification 5, or 15 (15.1-15.5, 15.D) for a pre-encrypted ballot
      plan.pending.add(new ProofCheck(preencrypt ? "15" : "5", sw, s.encryptedVote(), mc.optionLimit(), s.proof()));
    }
    List<Ciphertext> cts = contest.selections().stream().map(EncryptedBallot.Selection::encryptedVote).toList();
    Ciphertext aggregate = Ciphertext.product(election.group(), cts); // 6.1, 6.2 or 16.1, 16.2
    plan.pending.add(new ProofCheck(preencrypt ? "16" : "6", cw, aggregate, mc.contestLimit(), contest.proof()));
    if (preencrypt) {
      PreEncryptedContestCheck.check(election, contest, mc, cw, cts, findings);
      return;
    }
    plan.pending.add(new Plain(() -> {
      UInt256 chi = ConfirmationCodes.contestHash(he, k, mc.sequenceOrder(), cts);
      return chi.equals(contest.contestHash())
          ? null
          : new Finding("7.A", cw, "contest hash does not match H(H_E; 0x23, index, K, α_1, β_1, ...)");
    }));
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

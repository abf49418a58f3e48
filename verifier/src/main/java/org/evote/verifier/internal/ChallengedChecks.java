package org.evote.verifier.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.election.Election;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.DecryptionProofs;
import org.evote.crypto.proof.Outcome;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.RecordCodec;
import org.evote.verifier.ProgressListener;

/**
 * Verification 12 (Correctness of decryptions for challenged ballots), 13 (Validation of correct
 * decryption of challenged ballots) and 14 (Correctness of contest data decryptions for
 * challenged ballots), ElectionGuard 2.0 §6.2.7, in parallel over the files of
 * challenged_ballots.
 *
 * <p>Beyond the spec's equations, a decryption must be of the ballot it claims to be: its id must
 * name a CHALLENGED encrypted ballot, and every ciphertext it decrypts (selections and contest
 * data) must be that ballot's. Every CHALLENGED ballot must have its decryption.
 */
final class ChallengedChecks {
  private final Path recordDir;
  private final ElectionRecordFiles files;
  private final RecordCodec codec;
  private final Election election;
  private final Group group;
  private final PublicKey k;
  private final UInt256 he;
  private final Checks checks;
  private final Problems problems;
  private final BallotScan scan;
  private final LongAdder decrypted = new LongAdder();
  private final LongAdder contestData = new LongAdder();
  private final AtomicReference<Throwable> fatal = new AtomicReference<>();

  ChallengedChecks(Path recordDir, ElectionRecordFiles files, Election election, Checks checks, Problems problems,
      BallotScan scan) {
    this.recordDir = recordDir;
    this.files = files;
    this.codec = files.codec();
    this.election = election;
    this.group = election.group();
    this.k = election.jointKey();
    this.he = election.extendedBaseHash();
    this.checks = checks;
    this.problems = problems;
    this.scan = scan;
  }

  long decryptedCount() {
    return decrypted.sum();
  }

  void run(ExecutorService pool, int threads, ProgressListener progress) {
    Path dir = files.challengedBallotsDir();
    List<Path> list = List.of();
    if (Files.isDirectory(dir)) {
      Parsed<List<String>> listed = RecordFiles.list(recordDir, dir, ElectionRecordFiles.DECRYPTED_BALLOT_PREFIX);
      if (listed.isOk()) {
        list = listed.value().stream().map(dir::resolve).toList();
      } else {
        problems.add(listed.problem());
      }
    }
    int window = Math.max(1, threads) * 4;
    Semaphore inFlight = new Semaphore(window);
    try (ProgressListener.Task task = progress.start("challenged ballots", list.size())) {
      for (int i = 0; i < list.size(); i++) {
        Path p = list.get(i);
        long order = (long) i << 20;
        inFlight.acquireUninterruptibly();
        pool.execute(() -> {
          try {
            verify(p, order);
          } catch (Throwable t) {
            fatal.compareAndSet(null, t);
            checks.get(Checks.CHALLENGED_PROOFS).fail(order, RecordFiles.relative(recordDir, p), "verifier error: " + t);
          } finally {
            task.step();
            inFlight.release();
          }
        });
      }
      inFlight.acquireUninterruptibly(window);
      inFlight.release(window);
    }
    if (fatal.get() instanceof Error e) {
      throw e;
    }
    // Every CHALLENGED ballot has its decryption.
    Check c12 = checks.get(Checks.CHALLENGED_PROOFS);
    for (String id : new TreeSet<>(scan.challenged.keySet())) {
      c12.fail(Long.MAX_VALUE / 2, "ballot " + id,
          "the ballot is CHALLENGED but challenged_ballots has no decryption of it (dballot-" + id.replace(' ', '_') + ".json)");
    }
    Check c13 = checks.get(Checks.CHALLENGED_VALUES);
    Check c14 = checks.get(Checks.CHALLENGED_CONTEST_DATA);
    if (list.isEmpty() && scan.challengedCount.sum() == 0) {
      String none = "not applicable: the record has no challenged ballots";
      c12.notApplicable(none);
      c13.notApplicable(none);
      c14.notApplicable(none);
      return;
    }
    c12.detail(decrypted.sum() + " decrypted challenged ballots of " + scan.challengedCount.sum()
        + " CHALLENGED ballots; " + c12.checkedCount() + " decryption proofs, each of the encrypted ballot's own ciphertext");
    c13.detail(c13.checkedCount() + " selections: S = K^σ, 0 ≤ σ ≤ R, Σσ ≤ L, labels match the manifest");
    if (contestData.sum() == 0) {
      c14.notApplicable("not applicable: no decrypted contest data in the challenged ballots");
    } else {
      c14.detail(contestData.sum() + " contest data decryptions: proof verified, decrypted and decoded to the stated data");
    }
  }

  private void verify(Path path, long order) {
    Parsed<DecryptedTallyOrBallot> parsed = RecordFiles.readBallot(recordDir, path, codec::parseDecrypted,
        DecryptedTallyOrBallot::id, ElectionRecordFiles.DECRYPTED_BALLOT_PREFIX, "$.id");
    if (!parsed.isOk()) {
      problems.add(parsed.problem());
      return;
    }
    DecryptedTallyOrBallot d = parsed.value();
    decrypted.increment();
    Check c12 = checks.get(Checks.CHALLENGED_PROOFS);
    Check c13 = checks.get(Checks.CHALLENGED_VALUES);
    Check c14 = checks.get(Checks.CHALLENGED_CONTEST_DATA);
    String where = "challenged ballot " + d.id();
    if (!d.electionId().equals(he)) {
      c12.fail(order, where, "the decrypted ballot is for election " + d.electionId().toHex()
          + ", not this election (H_E = " + he.toHex() + ")");
      return;
    }

    // The encrypted ballot it decrypts: a CHALLENGED one, read again (challenged ballots are few).
    EncryptedBallot eb = null;
    String device = scan.challenged.remove(d.id());
    if (device == null) {
      Fingerprint f = Fingerprint.ofId(d.id());
      int ordinal = scan.ids.get(f.hi(), f.lo());
      BallotState state = ordinal == FingerprintSet.ABSENT ? null : scan.state(ordinal);
      c12.fail(order, where, state == null
          ? "there is no encrypted ballot " + d.id() + " in the record to decrypt"
          : "the encrypted ballot " + d.id() + " is " + state + ", not CHALLENGED: only challenged ballots may be decrypted");
    } else {
      Parsed<EncryptedBallot> e = files.readEncryptedBallot(device, d.id());
      if (e.isOk()) {
        eb = e.value();
      } else {
        problems.add(e.problem());
      }
    }
    Map<String, EncryptedBallot.Contest> encrypted = new HashMap<>();
    if (eb != null) {
      eb.contests().forEach(c -> encrypted.putIfAbsent(c.contestId(), c));
    }

    Manifest manifest = election.manifest();
    Set<String> seenContests = new HashSet<>();
    long o = order;
    for (DecryptedTallyOrBallot.Contest c : d.contests()) {
      String cat = where + " contest " + c.contestId();
      Manifest.Contest mc = manifest.contest(c.contestId()).orElse(null);
      if (mc == null) {
        c13.fail(o++, cat, "13.D: the contest is not in the manifest");
        continue;
      }
      if (!seenContests.add(c.contestId())) {
        c13.fail(o++, cat, "the contest appears twice");
        continue;
      }
      EncryptedBallot.Contest ec = encrypted.get(c.contestId());
      if (eb != null && ec == null) {
        c12.fail(o++, cat, "the encrypted ballot has no such contest");
      }
      Set<String> seenSelections = new HashSet<>();
      int sum = 0;
      List<String> labels = new ArrayList<>();
      for (DecryptedTallyOrBallot.Selection s : c.selections()) {
        String sat = cat + " selection " + s.selectionId();
        if (mc.selection(s.selectionId()).isEmpty()) {
          c13.fail(o++, sat, "13.E: the option is not an option of this contest in the manifest");
          continue;
        }
        if (!seenSelections.add(s.selectionId())) {
          c13.fail(o++, sat, "the option appears twice");
          continue;
        }
        labels.add(s.selectionId());
        if (ec != null) {
          Ciphertext original = null;
          for (EncryptedBallot.Selection es : ec.selections()) {
            if (es.selectionId().equals(s.selectionId())) {
              original = es.encryptedVote();
              break;
            }
          }
          if (original == null) {
            c12.fail(o++, sat, "the encrypted ballot's contest has no such selection");
          } else if (!original.equals(s.encryptedVote())) {
            c12.fail(o++, sat, "the decrypted (α, β) is not the encrypted ballot's ciphertext");
          }
        }
        c12.checked(1);
        Outcome proof = DecryptionProofs.verify(he, k, s.encryptedVote(), s.bOverM(), s.proof());
        if (!proof.valid()) {
          c12.fail(o++, sat, "12.B: " + proof.reason());
        }
        c13.checked(1);
        if (!k.exp(group.scalar(s.tally())).equals(s.bOverM())) {
          c13.fail(o++, sat, "13.A: S (b_over_m) is not K^σ for the stated σ = " + s.tally());
        }
        if (s.tally() > mc.optionLimit()) {
          c13.fail(o++, sat, "13.B: the selection σ = " + s.tally() + " exceeds the option limit R = " + mc.optionLimit());
        }
        sum += s.tally();
      }
      if (sum > mc.contestLimit()) {
        c13.fail(o++, cat, "13.C: the selections add up to " + sum + ", more than the contest limit L = " + mc.contestLimit());
      }
      for (Manifest.Selection ms : mc.selections()) {
        if (!labels.contains(ms.selectionId())) {
          c13.fail(o++, cat, "13.F: the manifest's option " + ms.selectionId() + " is not in the decrypted ballot");
        }
      }
      DecryptedTallyOrBallot.DecryptedContestData dcd = c.decryptedContestData();
      if (dcd != null) {
        contestData.increment();
        c14.checked(1);
        if (ec != null && !ec.contestData().equals(dcd.encryptedContestData())) {
          c14.fail(o++, cat, "the decrypted contest data is not the encrypted ballot's encrypted_contest_data");
        }
        TallyChecks.contestData(c14, "14", o++, cat, c.contestId(), dcd, he, k);
      }
    }
    if (eb != null) {
      for (EncryptedBallot.Contest ec : eb.contests()) {
        if (!seenContests.contains(ec.contestId())) {
          c12.fail(o++, where + " contest " + ec.contestId(), "the encrypted ballot's contest is not decrypted");
        }
      }
    }
  }
}

package org.evote.verifier.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.election.Election;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.election.ElectionInitialized;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.record.RecordProblem;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.RecordCodec;
import org.evote.verifier.CheckResult;
import org.evote.verifier.ExtensionCheck;
import org.evote.verifier.ExtensionContext;
import org.evote.verifier.Failure;
import org.evote.verifier.ProgressListener;
import org.evote.verifier.Report;

/**
 * One verification of one record, phase by phase: the core files (constants, manifest,
 * configuration, key ceremony) and Verification 1 to 4; one parallel pass over the encrypted
 * ballots; the tally (8 to 11); the challenged ballots (12 to 14); the chains (7.D-7.G); the
 * extension checks. A phase that throws fails its check with the error, so nothing it left
 * unchecked can pass.
 */
public final class RecordVerification {
  private final Path dir;
  private final int threads;
  private final int maxFailures;
  private final ProgressListener progress;
  private final List<ExtensionCheck> extensions;

  public RecordVerification(
      Path dir, int threads, int maxFailures, ProgressListener progress, List<ExtensionCheck> extensions) {
    this.dir = dir;
    this.threads = threads;
    this.maxFailures = maxFailures;
    this.progress = progress;
    this.extensions = List.copyOf(extensions);
  }

  public Report run() {
    long start = System.nanoTime();
    Problems problems = new Problems(maxFailures);
    Parsed<RawConstants> raw = RawConstants.read(dir);
    if (!raw.isOk()) {
      problems.add(raw.problem());
      return unreadable("unknown", problems, start);
    }
    String groupName = raw.value().group().name();
    ElectionRecordFiles files = new ElectionRecordFiles(dir, new RecordCodec(raw.value().group()));
    Parsed<Manifest> manifest = files.readManifest();
    Parsed<ElectionConfig> config = files.readConfig();
    Parsed<ElectionInitialized> init = files.readInitialized();
    for (Parsed<?> p : List.of(manifest, config, init)) {
      if (!p.isOk()) {
        problems.add(p.problem());
      }
    }
    if (!problems.isEmpty()) {
      return unreadable(groupName, problems, start);
    }

    Checks checks = new Checks(maxFailures);
    guard(checks.get(Checks.PARAMETERS),
        () -> ParameterChecks.run(checks.get(Checks.PARAMETERS), raw.value(), manifest.value(), config.value()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
    try {
      Optional<Election> keyed = KeyCeremonyChecks.run(
          checks, raw.value().group(), manifest.value(), config.value(), init.value(), pool);
      if (keyed.isEmpty()) {
        problems.add(new RecordProblem("election_initialized.json", "$.joint_public_key", "3.B: the joint key K is 1, "
            + "under which every ciphertext shows its vote; no ballot or tally can be checked against it"));
        return unreadable(groupName, problems, start);
      }
      Election election = keyed.get();
      EncryptedTally et = readOrNull(files.readEncryptedTally(), problems);
      DecryptedTallyOrBallot dt = readOrNull(files.readTally(), problems);
      OptionIndex options = new OptionIndex(manifest.value());
      CastIds castIds = et == null ? null : new CastIds(et.castBallotIds(), checks.get(Checks.AGGREGATION));

      BallotFiles listing = BallotFiles.of(files, problems);
      long total = listing.count();
      ChainLinks chains = config.value().chainConfirmationCodes() ? new ChainLinks() : null;
      BallotScan scan = new BallotScan(dir, election, files.codec(), checks, problems, options, castIds, chains, total);
      scan.run(listing, pool, threads, progress);
      describeBallotChecks(checks, scan, listing);

      TallyChecks tally = new TallyChecks(checks, election, options, scan, pool);
      guard(checks.get(Checks.AGGREGATION), () -> tally.aggregation(et, castIds));
      guard(checks.get(Checks.TALLY_PROOFS), () -> tally.decryption(dt, et != null));

      ChallengedChecks challenged = new ChallengedChecks(dir, files, election, checks, problems, scan);
      guard(checks.get(Checks.CHALLENGED_PROOFS), () -> challenged.run(pool, threads, progress));

      guard(checks.get(Checks.CHAINING), () -> ChainChecks.run(checks.get(Checks.CHAINING), config.value(),
          election.extendedBaseHash(), listing, files, chains == null ? new ChainLinks() : chains, problems));

      if (scan.preEncrypted.sum() == 0) {
        for (String id : List.of(Checks.PRE_SELECTION_PROOFS, Checks.PRE_CONTEST_LIMITS, Checks.PRE_CONFIRMATION_CODES,
            Checks.PRE_UNIQUE_CODES, Checks.PRE_SHORT_CODES)) {
          checks.get(id).notApplicable("not applicable: no pre-encrypted ballots");
        }
      }

      Set<Integer> ordinals = new HashSet<>();
      for (Check c : checks.all()) {
        ordinals.addAll(c.referencedOrdinals());
      }
      Map<Integer, BallotFiles.Entry> named = listing.resolve(ordinals);
      IntFunction<String> ballotName = o -> {
        BallotFiles.Entry e = named.get(o);
        return e == null ? "ballot #" + o : listing.describe(e);
      };
      List<CheckResult> results = new ArrayList<>();
      for (Check c : checks.all()) {
        results.add(c.result(ballotName));
      }
      Path ext = dir.resolve(ExtensionContext.EXTENSION_DIR);
      ExtensionContext context = new ExtensionContext(
          dir, Files.isDirectory(ext) ? Optional.of(ext) : Optional.empty(), election, files, maxFailures);
      for (ExtensionCheck x : extensions) {
        results.add(runExtension(x, context));
      }
      Report.Summary summary = new Report.Summary(total, scan.cast.sum(), scan.challengedCount.sum(),
          scan.unknown.sum(), listing.devices().size(), challenged.decryptedCount());
      return new Report(dir.toString(), groupName, summary, results, problems.kept(), problems.count(), since(start));
    } finally {
      pool.shutdownNow();
    }
  }

  private static void describeBallotChecks(Checks checks, BallotScan scan, BallotFiles listing) {
    long ballots = scan.ballots.sum();
    long pre = scan.preEncrypted.sum();
    checks.get(Checks.BALLOT_STRUCTURE).detail(ballots + " encrypted ballots: election id, ballot style,"
        + " contests and options as the manifest says");
    String underPre = pre > 0 ? "; those of the " + pre + " pre-encrypted ballots are under " : "";
    checks.get(Checks.SELECTION_PROOFS).detail(scan.selectionsChecked() + " selection range proofs (0..R)"
        + (pre > 0 ? underPre + "15" : ""));
    checks.get(Checks.CONTEST_LIMITS).detail(scan.contestsChecked() + " contest limit proofs (0..L)"
        + (pre > 0 ? underPre + "16" : ""));
    String preNote = "";
    if (pre > 0) {
      // §4.5: a pre-encrypted ballot's contest hashes and code are eq. 94 and 95 (17.A-C), not eq. 57, 58.
      preNote = "; not applied to the " + scan.preContestsChecked() + " contests of the " + pre
          + " pre-encrypted ballots, whose contest hashes and codes are eq. 94 and 95 (§4.5; checked by 17.A-C)";
      long differs = scan.preEq57Differs.sum();
      if (differs > 0) {
        preNote += ". Their egk-ec contest_hash, which §4 does not define, is not eq. 57 under H_E in " + differs
            + " of them (first: " + scan.preEq57First.get() + "); egk-ec's verifier would fail its 7.A there,"
            + " this one does not, since no step of the spec checks that value";
      }
    }
    checks.get(Checks.CONFIRMATION_CODES).detail(scan.contestsChecked() + " contest hashes (7.A) and "
        + (ballots - pre) + " confirmation codes (7.B) recomputed" + preNote);
    if (pre > 0) {
      checks.get(Checks.PRE_SELECTION_PROOFS).detail(scan.preSelectionsChecked()
          + " selection range proofs (0..R) of pre-encrypted ballots");
      checks.get(Checks.PRE_CONTEST_LIMITS).detail(scan.preContestsChecked()
          + " contest limit proofs (0..L) of pre-encrypted ballots");
      checks.get(Checks.PRE_CONFIRMATION_CODES).detail(scan.preVectors.sum() + " selection hashes of selected vectors"
          + " (17.A, eq. 92, 93), " + scan.preContestsChecked() + " contest hashes (17.B, eq. 94) and " + pre
          + " confirmation codes (17.C, eq. 95) recomputed");
      checks.get(Checks.PRE_UNIQUE_CODES).detail(pre + " pre-encrypted ballots' codes, none shared with any ballot");
      checks.get(Checks.PRE_SHORT_CODES).detail(scan.preVectors.sum() + " short codes as Ω(ψ) (18.A; Ω = the first"
          + " 5 hex digits of ψ, egk-ec's, as the manifest names none) and " + scan.preContestsChecked()
          + " contests' selections as the product of their selected vectors; challenged ballots publish only"
          + " their selected vectors (egk-ec), which are checked as a cast ballot's");
    }
    checks.get(Checks.UNIQUE_CODES).detail(scan.codes.size() + " distinct confirmation codes among " + ballots
        + " cast and challenged ballots");
    checks.get(Checks.UNIQUE_IDS).detail(scan.ids.size() + " distinct ballot ids among " + ballots + " ballots");
    long bytes = scan.ids.tableBytes() + scan.codes.tableBytes() + scan.elements.tableBytes();
    checks.get(Checks.WEEDING).detail(scan.elements.size() + " distinct α and β among all selections, none used twice ("
        + String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0)
        + " MB of 128-bit fingerprints for ids, codes and ciphertexts)");
  }

  private CheckResult runExtension(ExtensionCheck x, ExtensionContext context) {
    try {
      CheckResult r = x.run(context);
      if (r == null) {
        return CheckResult.failed(x.id(), x.name(), 0, "", List.of(new Failure("verifier", "the check returned no result")));
      }
      return r;
    } catch (RuntimeException e) {
      return CheckResult.failed(x.id(), x.name(), 0, "", List.of(new Failure("verifier", "verifier error: " + e)));
    }
  }

  /** Runs a phase; an exception fails the check instead of leaving the phase's items unchecked. */
  private static void guard(Check check, Runnable phase) {
    try {
      phase.run();
    } catch (RuntimeException e) {
      check.fail(Long.MAX_VALUE, "verifier", "verifier error: " + e);
    }
  }

  private static <T> T readOrNull(Parsed<T> p, Problems problems) {
    if (p.isOk()) {
      return p.value();
    }
    problems.add(p.problem());
    return null;
  }

  private Report unreadable(String group, Problems problems, long start) {
    return new Report(dir.toString(), group, Report.Summary.EMPTY, List.of(), problems.kept(), problems.count(), since(start));
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "verifier-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}

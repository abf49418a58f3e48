package org.evote.verifier.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.BallotValidation;
import org.evote.crypto.election.BallotValidator;
import org.evote.crypto.election.Election;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.Finding;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.record.RecordProblem;
import org.evote.verifier.ProgressListener;

/**
 * One parallel pass over every encrypted ballot of the record, in bounded memory. Each ballot is
 * read, validated completely by {@link BallotValidator} (B.1, Verification 5, 6, 7.A, 7.B; for a
 * pre-encrypted ballot 15, 16, 17.A-C and 18, spec §4.5) and then reduced to what the record-wide
 * checks need:
 *
 * <ul>
 *   <li>per option, the running product of the CAST ballots' (α, β) for Verification 8, one
 *       partial product per worker thread;
 *   <li>fingerprints of ballot ids (B.2), confirmation codes (7.C; 17.D when a pre-encrypted ballot
 *       is one of a pair) and of every selection's α and β
 *       (B.3, weeding), 29 to 57 bytes each, with the ordinal of the ballot they came from;
 *   <li>the marks of the encrypted tally's cast_ballot_ids that name CAST ballots (8);
 *   <li>each ballot's state (one byte), the device of each CHALLENGED ballot (12), and for a
 *       chained record each ballot's B_aux and code (7.D-7.G).
 * </ul>
 *
 * <p>The calling thread lists the files and hands them to the pool in chunks of {@value #CHUNK},
 * whose proofs are checked in one batch; a semaphore bounds the chunks in flight to two per
 * thread, so that memory does not grow with the record.
 */
final class BallotScan {
  static final byte STATE_NONE = 0;

  private final Path recordDir;
  private final Election election;
  private final Group group;
  private final RecordCodec codec;
  private final BallotValidator validator;
  private final Checks checks;
  private final Problems problems;
  private final OptionIndex options;
  private final CastIds castIds;
  private final ChainLinks chains;

  final FingerprintSet ids;
  final FingerprintSet codes;
  final FingerprintSet elements;
  /** Ballot id → device folder of every CHALLENGED ballot. */
  final ConcurrentHashMap<String, String> challenged = new ConcurrentHashMap<>();
  private final byte[] states;

  final LongAdder ballots = new LongAdder();
  final LongAdder cast = new LongAdder();
  final LongAdder challengedCount = new LongAdder();
  final LongAdder unknown = new LongAdder();
  final LongAdder preEncrypted = new LongAdder();
  private final LongAdder selections = new LongAdder();
  private final LongAdder contests = new LongAdder();
  private final LongAdder preSelections = new LongAdder();
  private final LongAdder preContests = new LongAdder();
  final LongAdder preVectors = new LongAdder();
  /** Contests of pre-encrypted ballots whose egk-ec contest_hash is not eq. 57 under H_E (not a check; §4.5). */
  final LongAdder preEq57Differs = new LongAdder();
  final AtomicReference<String> preEq57First = new AtomicReference<>();
  /** The ordinals of the pre-encrypted ballots, for 17.D. */
  private final java.util.Set<Integer> preOrdinals = ConcurrentHashMap.newKeySet();

  private final ConcurrentLinkedQueue<Partial> partials = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<Partial> partial;
  private final AtomicReference<Throwable> fatal = new AtomicReference<>();
  private final java.util.concurrent.atomic.AtomicBoolean batchFallback = new java.util.concurrent.atomic.AtomicBoolean();

  /** After {@link #run}: the product of the CAST ballots' α and β per option, and where votes were. */
  Element[] pads;
  Element[] datas;
  boolean[] optionOnCast;
  boolean[] contestOnCast;

  /** A worker's running products. */
  private static final class Partial {
    final Element[] pads;
    final Element[] datas;
    final boolean[] optionOnCast;
    final boolean[] contestOnCast;

    Partial(Group group, int options, int contests) {
      pads = new Element[options];
      datas = new Element[options];
      java.util.Arrays.fill(pads, group.identity());
      java.util.Arrays.fill(datas, group.identity());
      optionOnCast = new boolean[options];
      contestOnCast = new boolean[contests];
    }
  }

  BallotScan(
      Path recordDir, Election election, RecordCodec codec, Checks checks, Problems problems,
      OptionIndex options, CastIds castIds, ChainLinks chains, long files) {
    this.recordDir = recordDir;
    this.election = election;
    this.group = election.group();
    this.codec = codec;
    this.validator = new BallotValidator(election);
    this.checks = checks;
    this.problems = problems;
    this.options = options;
    this.castIds = castIds;
    this.chains = chains;
    if (files > Integer.MAX_VALUE - 1) {
      throw new IllegalArgumentException("too many ballot files: " + files);
    }
    this.states = new byte[(int) files];
    this.ids = new FingerprintSet(files);
    this.codes = new FingerprintSet(files);
    this.elements = new FingerprintSet(files * 2 * maxOptionsPerBallot(election.manifest()));
    this.partial = ThreadLocal.withInitial(() -> {
      Partial p = new Partial(group, options.size(), options.contests().size());
      partials.add(p);
      return p;
    });
  }

  private static long maxOptionsPerBallot(Manifest m) {
    long max = 1;
    for (Manifest.BallotStyle s : m.ballotStyles()) {
      long n = m.contestsForStyle(s.styleId()).orElse(List.of()).stream().mapToLong(c -> c.selections().size()).sum();
      max = Math.max(max, n);
    }
    return max;
  }

  /**
   * Ballots verified together: their range-proof commitments are computed in one batch
   * ({@link BallotValidator#validateAll}), which on P-256 shares its field inversions.
   */
  static final int CHUNK = 32;

  /** Verifies every ballot of the listing on the pool, then merges the partial products. */
  void run(BallotFiles listing, ExecutorService pool, int threads, ProgressListener progress) {
    int window = Math.max(1, threads) * 2;
    Semaphore inFlight = new Semaphore(window);
    try (ProgressListener.Task task = progress.start("encrypted ballots", states.length)) {
      List<BallotFiles.Entry> chunk = new ArrayList<>(CHUNK);
      listing.forEach(entry -> {
        if (entry.ordinal() >= states.length) {
          // the folder grew while we read it: verify what was counted, and say so
          problems.add(new RecordProblem(RecordFiles.relative(recordDir, entry.path()), "$",
              "the file appeared while the record was being verified"));
          return;
        }
        chunk.add(entry);
        if (chunk.size() == CHUNK) {
          submit(List.copyOf(chunk), pool, inFlight, task);
          chunk.clear();
        }
      });
      if (!chunk.isEmpty()) {
        submit(List.copyOf(chunk), pool, inFlight, task);
      }
      inFlight.acquireUninterruptibly(window);
      inFlight.release(window);
    }
    Throwable t = fatal.get();
    if (t instanceof Error e) {
      throw e;
    }
    merge();
  }

  private void submit(List<BallotFiles.Entry> chunk, ExecutorService pool, Semaphore inFlight, ProgressListener.Task task) {
    inFlight.acquireUninterruptibly();
    try {
      pool.execute(() -> {
        try {
          processChunk(chunk, task);
        } catch (Throwable t) {
          // processChunk records every ballot's own errors; anything else must not pass silently
          failed(chunk.get(0), t);
        } finally {
          inFlight.release();
        }
      });
    } catch (RuntimeException e) {
      inFlight.release();
      throw e;
    }
  }

  /** Reads a chunk of ballots, validates the readable ones in one batch, then records each. */
  private void processChunk(List<BallotFiles.Entry> chunk, ProgressListener.Task task) {
    List<BallotFiles.Entry> read = new ArrayList<>(chunk.size());
    List<EncryptedBallot> ballots = new ArrayList<>(chunk.size());
    for (BallotFiles.Entry entry : chunk) {
      try {
        EncryptedBallot b = read(entry);
        if (b != null) {
          read.add(entry);
          ballots.add(b);
        } else {
          task.step();
        }
      } catch (Throwable t) {
        failed(entry, t);
        task.step();
      }
    }
    List<BallotValidation> validations;
    try {
      validations = validator.validateAll(ballots);
    } catch (RuntimeException e) {
      // each ballot alone below, so that an error names its ballot; say that it happened
      if (batchFallback.compareAndSet(false, true)) {
        System.err.println("evote verify: warning: a batch validation failed (" + e
            + "); validating its ballots one at a time");
      }
      validations = null;
    } catch (Error e) {
      for (BallotFiles.Entry entry : read) {
        failed(entry, e); // run() rethrows it: no report leaves these ballots unchecked
        task.step();
      }
      return;
    }
    for (int i = 0; i < read.size(); i++) {
      BallotFiles.Entry entry = read.get(i);
      try {
        EncryptedBallot b = ballots.get(i);
        process(entry, b, validations != null ? validations.get(i) : validator.validate(b));
      } catch (Throwable t) {
        failed(entry, t);
      } finally {
        task.step();
      }
    }
  }

  private void failed(BallotFiles.Entry entry, Throwable t) {
    fatal.compareAndSet(null, t);
    checks.get(Checks.BALLOT_STRUCTURE).fail((long) entry.ordinal() << 20,
        RecordFiles.relative(recordDir, entry.path()), "verifier error: " + t);
  }

  private void merge() {
    int n = options.size();
    pads = new Element[n];
    datas = new Element[n];
    java.util.Arrays.fill(pads, group.identity());
    java.util.Arrays.fill(datas, group.identity());
    optionOnCast = new boolean[n];
    contestOnCast = new boolean[options.contests().size()];
    for (Partial p : partials) {
      for (int i = 0; i < n; i++) {
        pads[i] = pads[i].multiply(p.pads[i]);
        datas[i] = datas[i].multiply(p.datas[i]);
        optionOnCast[i] |= p.optionOnCast[i];
      }
      for (int c = 0; c < contestOnCast.length; c++) {
        contestOnCast[c] |= p.contestOnCast[c];
      }
    }
  }

  /** The state of the ballot at this ordinal, or null if its file could not be read. */
  BallotState state(int ordinal) {
    if (ordinal < 0 || ordinal >= states.length || states[ordinal] == STATE_NONE) {
      return null;
    }
    return BallotState.values()[states[ordinal] - 1];
  }

  int fileCount() {
    return states.length;
  }

  long selectionsChecked() {
    return selections.sum();
  }

  long contestsChecked() {
    return contests.sum();
  }

  long preSelectionsChecked() {
    return preSelections.sum();
  }

  long preContestsChecked() {
    return preContests.sum();
  }

  /** The ballot of a file, or null when it cannot be read (the problem is recorded). */
  private EncryptedBallot read(BallotFiles.Entry entry) {
    Parsed<EncryptedBallot> parsed = RecordFiles.readBallot(recordDir, entry.path(), codec::parseEncryptedBallot,
        EncryptedBallot::ballotId, ElectionRecordFiles.ENCRYPTED_BALLOT_PREFIX, "$.ballot_id");
    if (!parsed.isOk()) {
      RecordProblem p = parsed.problem();
      problems.add(p);
      return null;
    }
    return parsed.value();
  }

  private void process(BallotFiles.Entry entry, EncryptedBallot b, BallotValidation validation) {
    int ordinal = entry.ordinal();
    String where = "ballot " + b.ballotId();
    long order = (long) ordinal << 20;
    ballots.increment();
    states[ordinal] = (byte) (b.state().ordinal() + 1);
    switch (b.state()) {
      case CAST -> cast.increment();
      case CHALLENGED -> {
        challengedCount.increment();
        challenged.putIfAbsent(b.ballotId(), entry.device());
      }
      case UNKNOWN -> unknown.increment();
    }

    // B.1, 5, 6, 7.A, 7.B: validated with the rest of its chunk, on this worker thread.
    checks.get(Checks.BALLOT_STRUCTURE).checked(1);
    boolean structural = false;
    int k = 0;
    for (Finding f : validation.findings()) {
      String check = checkOf(f);
      if (check.equals(Checks.BALLOT_STRUCTURE)) {
        structural |= f.check().equals("election id") || f.check().equals("ballot style");
      }
      checks.get(check).fail(order + k++, f.location(), reasonOf(f));
    }
    if (b.isPreencrypt()) {
      preEncrypted.increment();
      preOrdinals.add(ordinal);
    }
    if (!structural) {
      int nSel = 0;
      int nVec = 0;
      for (EncryptedBallot.Contest c : b.contests()) {
        nSel += c.selections().size();
        if (c.preEncryption() != null) {
          nVec += c.preEncryption().selectedVectors().size();
        }
      }
      if (b.isPreencrypt()) {
        preSelections.add(nSel);
        preContests.add(b.contests().size());
        preVectors.add(nVec);
        checks.get(Checks.PRE_SELECTION_PROOFS).checked(nSel);
        checks.get(Checks.PRE_CONTEST_LIMITS).checked(b.contests().size());
        checks.get(Checks.PRE_CONFIRMATION_CODES).checked(nVec + b.contests().size() + 1L);
        checks.get(Checks.PRE_SHORT_CODES).checked(nVec);
        compareEq57(b);
      } else {
        selections.add(nSel);
        contests.add(b.contests().size());
        checks.get(Checks.SELECTION_PROOFS).checked(nSel);
        checks.get(Checks.CONTEST_LIMITS).checked(b.contests().size());
        checks.get(Checks.CONFIRMATION_CODES).checked(b.contests().size() + 1L);
      }
    }

    // B.2: ids are unique; 7.C: codes are unique.
    Fingerprint idf = Fingerprint.ofId(b.ballotId());
    int previous = ids.putIfAbsent(idf.hi(), idf.lo(), ordinal);
    checks.get(Checks.UNIQUE_IDS).checked(1);
    if (previous != FingerprintSet.ABSENT) {
      checks.get(Checks.UNIQUE_IDS).failPair(previous, ordinal, "the ballot id " + b.ballotId());
    }
    Fingerprint codef = Fingerprint.of(Fingerprint.CONFIRMATION_CODE, b.confirmationCode().bytes());
    previous = codes.putIfAbsent(codef.hi(), codef.lo(), ordinal);
    checks.get(b.isPreencrypt() ? Checks.PRE_UNIQUE_CODES : Checks.UNIQUE_CODES).checked(1);
    if (previous != FingerprintSet.ABSENT) {
      // 17.D when either ballot is pre-encrypted (its code is eq. 95's), else 7.C
      boolean pre = b.isPreencrypt() || preOrdinals.contains(previous);
      checks.get(pre ? Checks.PRE_UNIQUE_CODES : Checks.UNIQUE_CODES).failPair(previous, ordinal,
          (pre ? "17.D" : "7.C") + ": the confirmation code " + b.confirmationCode().toHex().substring(0, 16) + "...");
    }

    // B.3: no α or β of any selection is used twice.
    weed(b, ordinal);

    // 8: the running products of the CAST ballots, and cast_ballot_ids. An evote record marks
    // exactly the ballots its policy counts CAST (E.2 checks it against the node logs).
    boolean counted = b.state() == BallotState.CAST;
    if (counted) {
      accumulate(b);
    }
    if (castIds != null) {
      int i = castIds.indexOf(b.ballotId());
      if (i >= 0) {
        castIds.mark(i);
      }
      Check agg = checks.get(Checks.AGGREGATION);
      if (counted && i < 0) {
        agg.fail(ordinal, where, "the ballot is CAST but is not in cast_ballot_ids of encrypted_tally.json:"
            + " it was left out of the tally");
      } else if (!counted && i >= 0) {
        agg.fail(ordinal, where, "cast_ballot_ids counts this ballot, but "
            + (b.state() == BallotState.CHALLENGED ? "its state is CHALLENGED: a challenged ballot must never be counted"
                : "its state is " + b.state() + ": it was not cast, or does not count"));
      }
    }

    // 7.D-7.G: keep what the chain walk needs.
    if (chains != null) {
      chains.add(entry.device(), ordinal, b);
    }
  }

  /**
   * Not a check: §4.5 replaces eq. 57 and 58 by eq. 94 and 95 for a pre-encrypted ballot, so its
   * egk-ec {@code contest_hash} is a value the spec does not define. egk-ec's verifier checks it
   * as eq. 57 (its 7.A); the report says in how many contests it differs, so that an auditor who
   * compares the two verifiers knows why.
   */
  private void compareEq57(EncryptedBallot b) {
    for (EncryptedBallot.Contest c : b.contests()) {
      Manifest.Contest mc = election.manifest().contest(c.contestId()).orElse(null);
      if (mc == null) {
        continue;
      }
      List<org.evote.crypto.elgamal.Ciphertext> cts = c.selections().stream()
          .map(EncryptedBallot.Selection::encryptedVote).toList();
      org.evote.crypto.hash.UInt256 eq57 = org.evote.crypto.election.ConfirmationCodes.contestHash(
          election.extendedBaseHash(), election.jointKey(), mc.sequenceOrder(), cts);
      if (!eq57.equals(c.contestHash())) {
        preEq57Differs.increment();
        preEq57First.compareAndSet(null, "ballot " + b.ballotId() + " contest " + c.contestId());
      }
    }
  }

  private void weed(EncryptedBallot b, int ordinal) {
    List<Element> all = new ArrayList<>();
    List<String> what = new ArrayList<>();
    for (EncryptedBallot.Contest c : b.contests()) {
      for (EncryptedBallot.Selection s : c.selections()) {
        all.add(s.encryptedVote().pad());
        what.add("the α (pad) of " + c.contestId() + "/" + s.selectionId());
        all.add(s.encryptedVote().data());
        what.add("the β (data) of " + c.contestId() + "/" + s.selectionId());
      }
    }
    List<byte[]> encoded = group.encodeAll(all);
    Check weeding = checks.get(Checks.WEEDING);
    weeding.checked(encoded.size());
    for (int i = 0; i < encoded.size(); i++) {
      Fingerprint f = Fingerprint.of(Fingerprint.CIPHERTEXT_ELEMENT, encoded.get(i));
      int previous = elements.putIfAbsent(f.hi(), f.lo(), ordinal);
      if (previous != FingerprintSet.ABSENT) {
        weeding.failPair(previous, ordinal, what.get(i));
      }
    }
  }

  private void accumulate(EncryptedBallot b) {
    Partial p = partial.get();
    for (EncryptedBallot.Contest c : b.contests()) {
      int ci = options.contestIndex(c.contestId());
      if (ci >= 0) {
        p.contestOnCast[ci] = true;
      }
      for (EncryptedBallot.Selection s : c.selections()) {
        int i = options.index(c.contestId(), s.selectionId());
        if (i >= 0) {
          p.pads[i] = p.pads[i].multiply(s.encryptedVote().pad());
          p.datas[i] = p.datas[i].multiply(s.encryptedVote().data());
          p.optionOnCast[i] = true;
        }
      }
    }
  }

  /** The report line a finding of BallotValidator belongs to. */
  private static String checkOf(Finding f) {
    return switch (f.check()) {
      case "5" -> Checks.SELECTION_PROOFS;
      case "6" -> Checks.CONTEST_LIMITS;
      case "7.A", "7.B" -> Checks.CONFIRMATION_CODES;
      case "15" -> Checks.PRE_SELECTION_PROOFS;
      case "16" -> Checks.PRE_CONTEST_LIMITS;
      case "17", "17.A", "17.B", "17.C" -> Checks.PRE_CONFIRMATION_CODES;
      case "18", "18.A" -> Checks.PRE_SHORT_CODES;
      default -> Checks.BALLOT_STRUCTURE;
    };
  }

  private static String reasonOf(Finding f) {
    return switch (f.check()) {
      case "5", "6", "15", "16", "election id", "ballot style", "contests", "selections", "contest data" -> f.reason();
      default -> f.check() + ": " + f.reason();
    };
  }
}

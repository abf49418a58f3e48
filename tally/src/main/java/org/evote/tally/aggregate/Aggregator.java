package org.evote.tally.aggregate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.InvalidElementException;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.Parsed;
import org.evote.tally.Checked;
import org.evote.tally.decrypt.BallotRef;

/**
 * Aggregates the counted ballots of a record into the encrypted tally: for every option, the
 * component-wise product (A, B) = (Π α_j, Π β_j) over the counted ballots (ElectionGuard 2.0
 * §3.5, eq. 62).
 *
 * <p>It streams: one thread lists the ballot files folder by folder and hands out batches of
 * paths through a small bounded queue; worker threads read, scan, decide and multiply, each into
 * its own accumulators, which are combined at the end. Only the ids of the ballots (needed for
 * {@code cast_ballot_ids} and to refuse duplicates) are kept, never the ballots, so memory does
 * not grow with the ballots' size.
 *
 * <p>Every ballot file must be readable, be for this election (its election_id is H_E), name its
 * id in its file name, appear once, and, when it counts, hold exactly the contests and options of
 * the manifest for its style with valid group elements. Any failure is reported and no tally is
 * produced. Range proofs are not re-checked here; the ballot server checked them when it accepted
 * each ballot, and the verifier checks them all again.
 */
public final class Aggregator {
  /** Ballot files larger than this are refused. */
  public static final long MAX_BALLOT_BYTES = 16L * 1024 * 1024;
  private static final int BATCH = 256;
  private static final int MAX_PROBLEMS = 20;

  private final Group group;
  private final Manifest manifest;
  private final UInt256 extendedBaseHash;
  private final CountingPolicy policy;
  private final int threads;
  private final Map<String, ContestSlots> contests = new LinkedHashMap<>();
  private final Map<String, Set<String>> styles = new HashMap<>();
  private final int slotCount;

  /** Where a contest's options sit in the accumulator arrays. */
  private record ContestSlots(int index, Manifest.Contest contest, Map<String, Integer> slots) {}

  /**
   * @param extendedBaseHash H_E: every ballot's election_id must equal it
   * @param threads worker threads, &ge; 1
   */
  public Aggregator(Group group, Manifest manifest, UInt256 extendedBaseHash, CountingPolicy policy, int threads) {
    this.group = Objects.requireNonNull(group, "group");
    this.manifest = Objects.requireNonNull(manifest, "manifest");
    this.extendedBaseHash = Objects.requireNonNull(extendedBaseHash, "extendedBaseHash");
    this.policy = Objects.requireNonNull(policy, "policy");
    if (threads < 1) {
      throw new IllegalArgumentException("at least one thread, got " + threads);
    }
    this.threads = threads;
    int slot = 0;
    int index = 0;
    for (Manifest.Contest c : manifest.contests()) {
      Map<String, Integer> slots = new LinkedHashMap<>();
      for (Manifest.Selection s : c.selections()) {
        slots.put(s.selectionId(), slot++);
      }
      contests.put(c.contestId(), new ContestSlots(index++, c, slots));
    }
    this.slotCount = slot;
    for (Manifest.BallotStyle s : manifest.ballotStyles()) {
      Set<String> ids = new HashSet<>();
      manifest.contestsForStyle(s.styleId()).orElseThrow().forEach(c -> ids.add(c.contestId()));
      styles.put(s.styleId(), ids);
    }
  }

  /** A batch of ballot files from one device folder, in listing order. */
  private record Batch(long sequence, String device, List<Path> files) {}

  /** One worker's running products and findings. */
  private final class Worker {
    final Element[] pads = new Element[slotCount];
    final Element[] datas = new Element[slotCount];
    final long[] contestCounts = new long[contests.size()];
    final Map<String, Long> excluded = new HashMap<>();
    long read;
    long counted;

    Worker() {
      java.util.Arrays.fill(pads, group.identity());
      java.util.Arrays.fill(datas, group.identity());
    }
  }

  /** State shared by the workers of one run. */
  private final class Run {
    final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(threads * 2);
    /** Every ballot id read so far, with its device folder (its file name follows from the id). */
    final Map<String, String> seen = new ConcurrentHashMap<>();
    final Map<Long, List<String>> countedIds = new ConcurrentHashMap<>();
    final Map<Long, List<BallotRef>> challenged = new ConcurrentHashMap<>();
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong problemCount = new AtomicLong();
    final AtomicReference<Throwable> crash = new AtomicReference<>();
    volatile boolean done;
    final Progress progress;

    Run(Progress progress) {
      this.progress = progress;
    }

    void problem(String text) {
      if (problemCount.incrementAndGet() <= MAX_PROBLEMS) {
        problems.add(text);
      }
    }
  }

  /**
   * Aggregates every ballot the policy counts and lists the challenged ones.
   *
   * @param tallyId the id of the encrypted tally
   */
  public AggregationResult aggregate(ElectionRecordFiles record, String tallyId, Progress progress) {
    Run run = new Run(progress);
    List<Worker> workers = runWorkers(record, run, true);
    Worker total = new Worker();
    for (Worker w : workers) {
      for (int s = 0; s < slotCount; s++) {
        total.pads[s] = total.pads[s].multiply(w.pads[s]);
        total.datas[s] = total.datas[s].multiply(w.datas[s]);
      }
      for (int c = 0; c < total.contestCounts.length; c++) {
        total.contestCounts[c] += w.contestCounts[c];
      }
      w.excluded.forEach((k, v) -> total.excluded.merge(k, v, Long::sum));
      total.read += w.read;
      total.counted += w.counted;
    }
    List<BallotRef> challenged = ordered(run.challenged);
    if (run.problemCount.get() > 0) {
      List<String> reasons = new ArrayList<>(run.problems);
      Collections.sort(reasons);
      if (run.problemCount.get() > reasons.size()) {
        reasons.add("... and " + (run.problemCount.get() - reasons.size()) + " more problems");
      }
      return new AggregationResult(Checked.failed(reasons), challenged, total.read, total.counted, total.excluded);
    }
    List<EncryptedTally.Contest> out = new ArrayList<>();
    for (ContestSlots cs : contests.values()) {
      List<EncryptedTally.Selection> sels = new ArrayList<>();
      for (Manifest.Selection s : cs.contest().selections()) {
        int slot = cs.slots().get(s.selectionId());
        sels.add(new EncryptedTally.Selection(s.selectionId(), s.sequenceOrder(),
            new Ciphertext(total.pads[slot], total.datas[slot])));
      }
      long count = total.contestCounts[cs.index()];
      out.add(new EncryptedTally.Contest(cs.contest().contestId(), cs.contest().sequenceOrder(), sels,
          (int) Math.min(Integer.MAX_VALUE, count)));
    }
    EncryptedTally tally = new EncryptedTally(tallyId, out, ordered(run.countedIds), extendedBaseHash);
    return new AggregationResult(Checked.ok(tally), challenged, total.read, total.counted, total.excluded);
  }

  /**
   * Only lists the challenged ballots (for a record whose encrypted tally already exists): reads
   * and checks every ballot's header without decoding its ciphertexts.
   */
  public Checked<List<BallotRef>> challengedBallots(ElectionRecordFiles record, Progress progress) {
    Run run = new Run(progress);
    runWorkers(record, run, false);
    if (run.problemCount.get() > 0) {
      List<String> reasons = new ArrayList<>(run.problems);
      Collections.sort(reasons);
      return Checked.failed(reasons);
    }
    return Checked.ok(ordered(run.challenged));
  }

  private static <T> List<T> ordered(Map<Long, List<T>> byBatch) {
    List<T> out = new ArrayList<>();
    new TreeMap<>(byBatch).values().forEach(out::addAll);
    return out;
  }

  private List<Worker> runWorkers(ElectionRecordFiles record, Run run, boolean accumulate) {
    Parsed<List<String>> devices = record.devices();
    if (!devices.isOk()) {
      run.problem(devices.problem().toString());
      return List.of();
    }
    if (run.progress != Progress.NONE) {
      run.progress.start(count(record, devices.value(), run));
    }
    List<Worker> workers = new ArrayList<>();
    List<Thread> pool = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Worker w = new Worker();
      workers.add(w);
      Thread t = Thread.ofPlatform().name("aggregate-" + i).daemon().unstarted(() -> work(w, run, accumulate));
      pool.add(t);
      t.start();
    }
    long sequence = 0;
    try {
      for (String device : devices.value()) {
        if (run.crash.get() != null) {
          break;
        }
        Path dir = device.isEmpty() ? record.encryptedBallotsDir() : record.encryptedBallotsDir().resolve(device);
        List<String> names = list(dir, run);
        for (int from = 0; from < names.size(); from += BATCH) {
          List<Path> files = new ArrayList<>(BATCH);
          for (String n : names.subList(from, Math.min(names.size(), from + BATCH))) {
            files.add(dir.resolve(n));
          }
          put(run, new Batch(sequence++, device, files));
        }
      }
      run.done = true;
      for (Thread t : pool) {
        t.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pool.forEach(Thread::interrupt);
      throw new IllegalStateException("aggregation was interrupted", e);
    } finally {
      run.progress.finish();
    }
    Throwable crash = run.crash.get();
    if (crash != null) {
      throw new IllegalStateException("aggregation failed: " + crash, crash);
    }
    return workers;
  }

  /** Hands a batch to the workers; gives up when a worker has crashed (the others drain the rest). */
  private static void put(Run run, Batch b) throws InterruptedException {
    while (!run.queue.offer(b, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      if (run.crash.get() != null) {
        return;
      }
    }
  }

  private static boolean isBallotFile(String name) {
    return name.startsWith(ElectionRecordFiles.ENCRYPTED_BALLOT_PREFIX) && name.endsWith(ElectionRecordFiles.JSON_SUFFIX)
        && name.length() > ElectionRecordFiles.ENCRYPTED_BALLOT_PREFIX.length() + ElectionRecordFiles.JSON_SUFFIX.length();
  }

  private static List<String> list(Path dir, Run run) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (isBallotFile(n)) {
          names.add(n);
        }
      }
    } catch (IOException | SecurityException e) {
      run.problem("cannot list " + dir + ": " + e);
    }
    Collections.sort(names);
    return names;
  }

  private static long count(ElectionRecordFiles record, List<String> devices, Run run) {
    long n = 0;
    for (String device : devices) {
      Path dir = device.isEmpty() ? record.encryptedBallotsDir() : record.encryptedBallotsDir().resolve(device);
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path p : ds) {
          if (isBallotFile(p.getFileName().toString())) {
            n++;
          }
        }
      } catch (IOException | SecurityException e) {
        return -1;
      }
    }
    return n;
  }

  private void work(Worker w, Run run, boolean accumulate) {
    try {
      while (true) {
        Batch b = run.queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (b == null) {
          if (run.done || run.crash.get() != null) {
            if (run.queue.isEmpty()) {
              return;
            }
          }
          continue;
        }
        List<String> ids = new ArrayList<>();
        List<BallotRef> challenged = new ArrayList<>();
        for (Path file : b.files()) {
          one(w, run, b.device(), file, ids, challenged, accumulate);
        }
        if (!ids.isEmpty()) {
          run.countedIds.put(b.sequence(), ids);
        }
        if (!challenged.isEmpty()) {
          run.challenged.put(b.sequence(), challenged);
        }
        run.progress.advance(b.files().size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      run.crash.compareAndSet(null, e);
      run.queue.clear();
    }
  }

  private static byte[] read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > MAX_BALLOT_BYTES) {
        throw new IOException("file is too large: " + size + " bytes, the limit is " + MAX_BALLOT_BYTES);
      }
      ByteBuffer buf = ByteBuffer.allocate((int) size);
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // read fully
      }
      return buf.array();
    }
  }

  private void one(Worker w, Run run, String device, Path file, List<String> ids, List<BallotRef> challenged,
      boolean accumulate) {
    w.read++;
    String name = file.getFileName().toString();
    String where = device.isEmpty() ? name : device + "/" + name;
    byte[] bytes;
    try {
      bytes = read(file);
    } catch (IOException e) {
      run.problem(where + ": cannot read: " + e.getMessage());
      return;
    }
    Parsed<BallotScanner.Ballot> parsed = BallotScanner.scan(bytes, where);
    if (!parsed.isOk()) {
      run.problem(parsed.problem().toString());
      return;
    }
    BallotScanner.Ballot b = parsed.value();
    String expectedName = ElectionRecordFiles.ENCRYPTED_BALLOT_PREFIX + b.ballotId().replace(' ', '_')
        + ElectionRecordFiles.JSON_SUFFIX;
    if (!expectedName.equals(name)) {
      run.problem(where + ": $.ballot_id: the id \"" + b.ballotId() + "\" does not match the file name");
      return;
    }
    if (!b.electionId().equals(extendedBaseHash)) {
      run.problem(where + ": $.election_id: the ballot is for election " + b.electionId() + ", not this one ("
          + extendedBaseHash + ")");
      return;
    }
    String other = run.seen.putIfAbsent(b.ballotId(), device);
    if (other != null) {
      String first = other.compareTo(device) <= 0 ? other : device;
      String second = other.compareTo(device) <= 0 ? device : other;
      run.problem("ballot id \"" + b.ballotId() + "\" appears more than once in the record: in "
          + (first.isEmpty() ? "encrypted_ballots" : first) + " and in " + (second.isEmpty() ? "encrypted_ballots" : second));
      return;
    }
    if (b.state() == BallotState.CHALLENGED) {
      challenged.add(new BallotRef(device, b.ballotId()));
    }
    CountingPolicy.Decision d = policy.decide(new BallotSummary(b.ballotId(), device, b.state(), b.styleId(),
        b.encryptingDevice(), b.timestamp(), b.confirmationCode()));
    if (d.refused()) {
      run.problem(where + ": " + d.reason());
      return;
    }
    if (!d.counts()) {
      w.excluded.merge(d.reason(), 1L, Long::sum);
      return;
    }
    if (!accumulate) {
      return;
    }
    Set<String> styleContests = styles.get(b.styleId());
    if (styleContests == null) {
      run.problem(where + ": $.ballot_style_id: unknown ballot style \"" + b.styleId() + "\"");
      return;
    }
    int n = 0;
    for (BallotScanner.Contest c : b.contests()) {
      n += c.selections().size();
    }
    int[] slots = new int[n];
    Element[] pads = new Element[n];
    Element[] datas = new Element[n];
    int[] contestIndexes = new int[b.contests().size()];
    Set<String> seenContests = new HashSet<>();
    int k = 0;
    for (int ci = 0; ci < b.contests().size(); ci++) {
      BallotScanner.Contest c = b.contests().get(ci);
      String cw = where + ": contest " + c.contestId();
      ContestSlots cs = contests.get(c.contestId());
      if (cs == null || !styleContests.contains(c.contestId())) {
        run.problem(cw + (cs == null ? " is not in the manifest" : " is not on ballot style " + b.styleId()));
        return;
      }
      if (!seenContests.add(c.contestId())) {
        run.problem(cw + " appears twice");
        return;
      }
      contestIndexes[ci] = cs.index();
      Set<String> seenSelections = new HashSet<>();
      for (BallotScanner.Selection s : c.selections()) {
        Integer slot = cs.slots().get(s.selectionId());
        if (slot == null || !seenSelections.add(s.selectionId())) {
          run.problem(cw + ": selection " + s.selectionId()
              + (slot == null ? " is not in the manifest" : " appears twice"));
          return;
        }
        try {
          pads[k] = group.decodeElement(s.pad());
          datas[k] = group.decodeElement(s.data());
        } catch (InvalidElementException e) {
          run.problem(cw + ": selection " + s.selectionId() + ": encrypted_vote: " + e.getMessage());
          return;
        }
        slots[k++] = slot;
      }
      if (seenSelections.size() != cs.slots().size()) {
        run.problem(cw + " has " + seenSelections.size() + " selections, the manifest has " + cs.slots().size());
        return;
      }
    }
    if (seenContests.size() != styleContests.size()) {
      run.problem(where + ": has " + seenContests.size() + " contests, ballot style " + b.styleId() + " has "
          + styleContests.size());
      return;
    }
    for (int i = 0; i < n; i++) {
      w.pads[slots[i]] = w.pads[slots[i]].multiply(pads[i]);
      w.datas[slots[i]] = w.datas[slots[i]].multiply(datas[i]);
    }
    for (int ci : contestIndexes) {
      w.contestCounts[ci]++;
    }
    w.counted++;
    ids.add(b.ballotId());
  }
}

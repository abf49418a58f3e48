package org.evote.benchmarks;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;
import org.evote.crypto.election.BallotEncryptor;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.Election;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.election.PlaintextBallot;
import org.evote.crypto.election.TrusteeSecrets;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.testing.Workloads;
import org.evote.tally.guardian.GuardianState;
import org.evote.tally.keyceremony.CeremonyParameters;
import org.evote.tally.keyceremony.InProcessKeyCeremony;
import org.evote.tally.transport.InMemoryTransport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evote testdata}: a test election for benchmarks, never a real one. It runs a key
 * ceremony in this process, writes the record, the guardians' key files in egk-ec's trustee layout
 * (secrets in clear: test data only), and N encrypted W1 or W2 ballots whose choices follow the
 * seed, plus the expected plaintext tally. It lives here, with the other tools, and not in the
 * officials' tally CLI, whose guardians keep their secrets encrypted.
 */
@Command(name = "testdata", mixinStandardHelpOptions = true,
    description = {
        "Generate a test election for benchmarks (test data, never a real election).",
        "Runs an in-process key ceremony and writes the record, egk-ec trustee files under private_data/trustees (SECRETS IN CLEAR: test data only), and N encrypted ballots whose choices follow --seed, with private_data/expected_tally.json."})
final class TestDataCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The record folder to create.")
  Path out;

  @Option(names = "--ballots", defaultValue = "1000", paramLabel = "N", description = "Ballots (default ${DEFAULT-VALUE}).")
  int ballots;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the choices (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--workload", defaultValue = "W1", paramLabel = "W", description = "W1 or W2 (default ${DEFAULT-VALUE}).")
  String workload;

  @Option(names = "--group", defaultValue = "P-256", paramLabel = "NAME", description = "P-256 or Integer4096.")
  String group;

  @Option(names = "--guardians", defaultValue = "3", paramLabel = "N", description = "Guardians (default ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--quorum", defaultValue = "2", paramLabel = "K", description = "Quorum (default ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--challenged-every", defaultValue = "0", paramLabel = "M",
      description = "Make every M-th ballot CHALLENGED (0: none).")
  int challengedEvery;

  @Option(names = "--ballots-per-device", defaultValue = "10000", paramLabel = "B",
      description = "Ballots per device folder (default ${DEFAULT-VALUE}).")
  int perDevice;

  @Option(names = "--threads", paramLabel = "N", description = "Threads (default: one per core).")
  Integer threads;

  @Option(names = "--no-progress", description = "Do not show a progress bar.")
  boolean quiet;

  @Spec CommandSpec spec;

  /** A step that failed: printed as one line, exit code 1. */
  private static final class Failure extends RuntimeException {
    Failure(String message) {
      super(message, null, false, false);
    }
  }

  /** Runs the command: exit code 0, 1 when a step fails, 2 when the arguments are wrong. */
  static int run(String[] args) {
    CommandLine cl = new CommandLine(new TestDataCommand());
    cl.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println("evote testdata: " + ex.getMessage() + " (see ./evote testdata --help)");
      return 2;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("evote testdata: " + (ex instanceof Failure ? ex.getMessage() : ex.toString()));
      return 1;
    });
    return cl.execute(args);
  }

  private CommandLine.ParameterException badArgument(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (ballots < 0 || perDevice < 1 || challengedEvery < 0) {
      throw badArgument("--ballots and --challenged-every must be non-negative and --ballots-per-device positive");
    }
    Manifest manifest = switch (workload) {
      case "W1" -> Workloads.w1();
      case "W2" -> Workloads.w2();
      default -> throw badArgument("unknown workload " + workload + "; expected W1 or W2");
    };
    Group g;
    try {
      g = Groups.byName(group);
    } catch (IllegalArgumentException e) {
      throw badArgument(e.getMessage());
    }
    if (Files.exists(out.resolve(ElectionRecordFiles.CONSTANTS_FILE))) {
      throw new Failure("there is already a record in " + out);
    }
    PrintWriter o = spec.commandLine().getOut();
    SecureRandom random = new SecureRandom();
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add("guardian" + i);
    }
    CeremonyParameters p;
    try {
      p = CeremonyParameters.create("generated-" + Long.toHexString(seed), g, manifest, ids, k, false);
    } catch (IllegalArgumentException e) {
      throw badArgument(e.getMessage());
    }
    var checked = InProcessKeyCeremony.run(new InMemoryTransport(), p, manifest, random);
    if (!checked.isOk()) {
      throw new Failure("the key ceremony failed: " + checked.summary());
    }
    InProcessKeyCeremony.Result ceremony = checked.value();
    RecordCodec codec = new RecordCodec(g);
    ElectionRecordFiles files = new ElectionRecordFiles(out, codec);
    files.writeConstants(g.constants());
    files.writeManifest(manifest);
    files.writeConfig(p.toConfig());
    files.writeInitialized(ceremony.initialized());
    Path trustees = out.resolve("private_data/trustees");
    for (GuardianState s : ceremony.guardians()) {
      TrusteeSecrets t = new TrusteeSecrets(s.guardianId(), s.xCoordinate(), s.polynomial().unwrapCoefficients(),
          s.keyShare().orElseThrow());
      ElectionRecordFiles.writeAtomically(trustees.resolve("decryptingTrustee-" + s.guardianId() + ".json"),
          codec.writeTrustee(t));
    }
    o.println("key ceremony done: " + n + " guardians, quorum " + k + "; trustee files (secrets in clear) in " + trustees);
    Election election = Election.of(g, manifest, p.toConfig(), ceremony.initialized());
    BallotEncryptor encryptor = new BallotEncryptor(election);
    List<String> slots = new ArrayList<>();
    manifest.contests().forEach(c -> c.selections().forEach(s -> slots.add(c.contestId() + "/" + s.selectionId())));
    AtomicLongArray expected = new AtomicLongArray(slots.size());
    int devices = (ballots + perDevice - 1) / perDevice;
    for (int d = 0; d < devices; d++) {
      Files.createDirectories(files.deviceDir(device(d)));
    }
    ProgressBar progress = quiet || System.console() == null ? null : LoadGenerator.bar("testdata", ballots);
    long t0 = System.nanoTime();
    int parallelism = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    ForkJoinPool pool = new ForkJoinPool(Math.max(1, parallelism));
    try {
      pool.submit(() -> IntStream.range(0, ballots).parallel().forEach(i -> {
        PlaintextBallot b = Workloads.randomBallot(manifest, Workloads.STYLE, String.format("ballot-%08d", i),
            new Random(seed * 0x9E3779B97F4A7C15L + i));
        boolean challenged = challengedEvery > 0 && i % challengedEvery == challengedEvery - 1;
        EncryptedBallot e = encryptor.encrypt(b, BallotNonce.random(random), ByteString.EMPTY, device(i / perDevice),
            1_700_000_000L + i).withState(challenged ? BallotState.CHALLENGED : BallotState.CAST);
        if (!challenged) {
          int slot = 0;
          for (PlaintextBallot.Contest c : b.contests()) {
            for (PlaintextBallot.Selection s : c.selections()) {
              expected.addAndGet(slot++, s.vote());
            }
          }
        }
        try {
          // Generated test data: written without fsync, unlike the record files of a real election.
          Files.write(files.encryptedBallotPath(device(i / perDevice), e.ballotId()), codec.writeEncryptedBallot(e));
        } catch (IOException x) {
          throw new UncheckedIOException(x);
        }
        if (progress != null) {
          progress.step();
        }
      })).get();
    } catch (ExecutionException e) {
      throw new Failure("generating ballots failed: " + e.getCause());
    } finally {
      pool.shutdown();
      if (progress != null) {
        progress.close();
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    ObjectNode exp = JSON.createObjectNode();
    exp.put("workload", workload);
    exp.put("seed", seed);
    exp.put("ballots", ballots);
    exp.put("challenged", challengedEvery == 0 ? 0 : ballots / challengedEvery);
    ObjectNode tally = exp.putObject("tally");
    for (int i = 0; i < slots.size(); i++) {
      tally.put(slots.get(i), expected.get(i));
    }
    ElectionRecordFiles.writeAtomically(out.resolve("private_data/expected_tally.json"), expectedTallyBytes(exp));
    o.printf("%d %s ballots encrypted in %.1f s (%.0f ballots/s) into %s%n", ballots, workload, seconds,
        ballots / Math.max(seconds, 1e-9), files.encryptedBallotsDir());
    o.println("expected tally: " + expectedSummary(slots, expected));
    return 0;
  }

  private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** Pretty-printed UTF-8 with a final newline. */
  private static byte[] expectedTallyBytes(ObjectNode node) throws IOException {
    byte[] b = JSON.writeValueAsBytes(node);
    byte[] withNewline = Arrays.copyOf(b, b.length + 1);
    withNewline[b.length] = '\n';
    return withNewline;
  }

  private static String device(int d) {
    return String.format("device-%04d", d);
  }

  private static String expectedSummary(List<String> slots, AtomicLongArray expected) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < slots.size() && i < 16; i++) {
      sb.append(i == 0 ? "" : ", ").append(slots.get(i)).append('=').append(expected.get(i));
    }
    return slots.size() > 16 ? sb + ", ..." : sb.toString();
  }
}

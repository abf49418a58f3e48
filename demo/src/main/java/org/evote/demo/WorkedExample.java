package org.evote.demo;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.election.BallotEncryptor;
import org.evote.crypto.election.BallotValidation;
import org.evote.crypto.election.BallotValidator;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.election.PlaintextBallot;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.testing.Workloads;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evote example}: a worked W1 example in one process, without a cluster or ceremonies:
 * encrypt ballots from a seed, validate every one, aggregate, decrypt with the single guardian's
 * key, and check the result against the plaintext votes.
 */
@Command(name = "example", mixinStandardHelpOptions = true,
    description = "Worked W1 example: encrypt, validate, aggregate and decrypt ballots.")
public final class WorkedExample implements java.util.concurrent.Callable<Integer> {
  @Option(names = "--ballots", defaultValue = "200", description = "Number of ballots (default ${DEFAULT-VALUE}).")
  int ballots;

  @Option(names = "--group", defaultValue = "P-256", description = "P-256 or Integer4096 (default ${DEFAULT-VALUE}).")
  String groupName;

  @Option(names = "--seed", defaultValue = "1", description = "Seed for the voters' choices (default ${DEFAULT-VALUE}).")
  long seed;

  static int run(String[] args) {
    return new CommandLine(new WorkedExample()).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    if (ballots < 1) {
      System.err.println("example: --ballots must be at least 1");
      return 2;
    }
    Group group;
    try {
      group = Groups.byName(groupName);
    } catch (IllegalArgumentException e) {
      System.err.println("example: " + e.getMessage());
      return 2;
    }
    SecureRandom random = new SecureRandom();
    Manifest manifest = Workloads.w1();
    SecretScalar secret = SecretScalar.of(group.randomScalar(random));
    Workloads.SingleGuardian setup = Workloads.singleGuardian(group, manifest, secret, random);
    BallotEncryptor encryptor = new BallotEncryptor(setup.election());
    BallotValidator validator = new BallotValidator(setup.election());
    Manifest.Contest contest = manifest.contests().get(0);
    Map<String, Integer> expected = new HashMap<>();
    contest.selections().forEach(s -> expected.put(s.selectionId(), 0));
    Random choices = new Random(seed);
    System.out.printf("W1 worked example on %s: %d ballots%n", group.name(), ballots);
    long t0 = System.nanoTime();
    List<EncryptedBallot> encrypted = new ArrayList<>();
    for (int i = 0; i < ballots; i++) {
      PlaintextBallot b = Workloads.randomBallot(manifest, Workloads.STYLE, "ballot-" + i, choices);
      b.contests().get(0).selections().forEach(s -> expected.merge(s.selectionId(), s.vote(), Integer::sum));
      encrypted.add(encryptor.encrypt(b, BallotNonce.random(random), ByteString.EMPTY, "example", 0));
    }
    long t1 = System.nanoTime();
    int invalid = 0;
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    try {
      List<java.util.concurrent.Future<BallotValidation>> results = new ArrayList<>();
      for (EncryptedBallot e : encrypted) {
        results.add(pool.submit(() -> validator.validate(e)));
      }
      for (var r : results) {
        BallotValidation v = r.get();
        if (!v.isValid()) {
          invalid++;
          System.out.println("  invalid: " + v.summary());
        }
      }
    } finally {
      pool.shutdown();
    }
    long t2 = System.nanoTime();
    System.out.printf("  encrypted %d ballots in %.0f ms, validated them in %.0f ms: %d invalid%n",
        ballots, (t1 - t0) / 1e6, (t2 - t1) / 1e6, invalid);
    boolean ok = invalid == 0;
    for (int j = 0; j < contest.selections().size(); j++) {
      final int idx = j;
      List<Ciphertext> column = encrypted.stream()
          .map(e -> e.contests().get(0).selections().get(idx).encryptedVote()).toList();
      Ciphertext sum = Ciphertext.product(group, column);
      Element t = sum.data().divide(sum.pad().exp(secret)); // T = B / A^s = K^t
      int tally = -1;
      Element kt = group.identity();
      for (int v = 0; v <= ballots; v++) {
        if (kt.equals(t)) {
          tally = v;
          break;
        }
        kt = kt.multiply(setup.election().jointKey().element());
      }
      String id = contest.selections().get(j).selectionId();
      boolean match = tally == expected.get(id);
      ok &= match;
      System.out.printf("  %-28s decrypted %5d, expected %5d %s%n", id, tally, expected.get(id), match ? "✓" : "✗");
    }
    System.out.println(ok ? "RESULT: every ballot valid and the tally matches the votes ✓"
        : "RESULT: FAILED ✗");
    return ok ? 0 : 1;
  }
}

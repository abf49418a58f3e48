package org.evote.verifier.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.evote.crypto.election.BallotEncryptor;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.election.Election;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.ChaumPedersenProof;
import org.evote.crypto.proof.DecryptionProofs;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.testing.Workloads;

/**
 * Writes a W1 (P-256) election record of N cast ballots generated from a seed, for the
 * verifier's benchmark: one guardian, ballots encrypted in parallel and written as they are made
 * (memory stays flat), the encrypted tally as the product of all of them, and tally.json
 * decrypted with the guardian's key and proven.
 *
 * <pre>
 * java -cp verifier/target/test-classes:verifier/target/classes:'verifier/target/lib/*' \
 *     org.evote.verifier.bench.GenerateW1Record /tmp/w1-10k 10000 42 [threads]
 * </pre>
 */
public final class GenerateW1Record {
  private GenerateW1Record() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: GenerateW1Record DIR BALLOTS SEED [THREADS]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    long seed = Long.parseLong(args[2]);
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
    long start = System.nanoTime();
    generate(dir, n, seed, threads);
    System.err.printf("wrote %d W1 ballots to %s in %.1f s%n", n, dir, (System.nanoTime() - start) / 1e9);
  }

  static void generate(Path dir, int n, long seed, int threads) throws Exception {
    Group group = Groups.p256();
    Manifest manifest = Workloads.w1();
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(seed);
    SecretScalar secret = SecretScalar.of(group.randomScalar(random));
    Workloads.SingleGuardian sg = Workloads.singleGuardian(group, manifest, secret, random);
    Election election = sg.election();
    ElectionRecordFiles files = new ElectionRecordFiles(dir, new RecordCodec(group));
    files.writeConstants(group.constants());
    files.writeManifest(manifest);
    files.writeConfig(sg.config());
    files.writeInitialized(sg.initialized());
    BallotEncryptor encryptor = new BallotEncryptor(election);
    Manifest.Contest contest = manifest.contests().get(0);
    int options = contest.selections().size();

    final class Sums {
      final Element[] pads = new Element[options];
      final Element[] datas = new Element[options];

      Sums() {
        java.util.Arrays.fill(pads, group.identity());
        java.util.Arrays.fill(datas, group.identity());
      }
    }
    ConcurrentLinkedQueue<Sums> all = new ConcurrentLinkedQueue<>();
    ThreadLocal<Sums> local = ThreadLocal.withInitial(() -> {
      Sums s = new Sums();
      all.add(s);
      return s;
    });
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Semaphore window = new Semaphore(threads * 8);
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String id = String.format("w1-%07d", i);
      ids.add(id);
      long ballotSeed = seed * 1_000_003L + i;
      window.acquire();
      pool.execute(() -> {
        try {
          Random r = new Random(ballotSeed);
          byte[] nonce = new byte[32];
          r.nextBytes(nonce);
          EncryptedBallot b = encryptor.encrypt(Workloads.randomBallot(manifest, Workloads.STYLE, id, r),
              BallotNonce.of(UInt256.of(nonce)), ByteString.EMPTY, "bench", 1_700_000_000L).withState(BallotState.CAST);
          files.writeEncryptedBallot("bench", b);
          Sums s = local.get();
          List<EncryptedBallot.Selection> sels = b.contests().get(0).selections();
          for (int j = 0; j < options; j++) {
            s.pads[j] = s.pads[j].multiply(sels.get(j).encryptedVote().pad());
            s.datas[j] = s.datas[j].multiply(sels.get(j).encryptedVote().data());
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        } finally {
          window.release();
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.DAYS);

    PublicKey k = election.jointKey();
    UInt256 he = election.extendedBaseHash();
    Scalar s = secret.unwrapSecret();
    List<EncryptedTally.Selection> ets = new ArrayList<>();
    List<DecryptedTallyOrBallot.Selection> dts = new ArrayList<>();
    for (int j = 0; j < options; j++) {
      Element pad = group.identity();
      Element data = group.identity();
      for (Sums x : all) {
        pad = pad.multiply(x.pads[j]);
        data = data.multiply(x.datas[j]);
      }
      Ciphertext ab = new Ciphertext(pad, data);
      Manifest.Selection ms = contest.selections().get(j);
      ets.add(new EncryptedTally.Selection(ms.selectionId(), ms.sequenceOrder(), ab));
      Element m = pad.exp(s);
      Element t = data.divide(m);
      int value = discreteLog(k, group, t, n);
      Scalar u = group.randomScalar(random);
      Scalar c = DecryptionProofs.challenge(he, k, ab, group.gExp(u), pad.exp(u), m);
      dts.add(new DecryptedTallyOrBallot.Selection(ms.selectionId(), value, t, ab, new ChaumPedersenProof(c, u.subtract(c.multiply(s)))));
    }
    files.writeEncryptedTally(new EncryptedTally("W1", List.of(
        new EncryptedTally.Contest(contest.contestId(), contest.sequenceOrder(), ets, 0)), ids, he));
    files.writeTally(new DecryptedTallyOrBallot("W1", List.of(
        new DecryptedTallyOrBallot.Contest(contest.contestId(), dts, n, null)), he));
  }

  /** t with K^t = T, by baby-step giant-step up to max. */
  static int discreteLog(PublicKey k, Group group, Element t, int max) {
    int m = (int) Math.ceil(Math.sqrt(max + 1.0));
    Map<Element, Integer> baby = new java.util.HashMap<>();
    Element e = group.identity();
    for (int j = 0; j < m; j++) {
      baby.putIfAbsent(e, j);
      e = e.multiply(k.element());
    }
    Element giant = group.inverse(k.exp(group.scalar(m)));
    Element g = t;
    for (int i = 0; i <= m; i++) {
      Integer j = baby.get(g);
      if (j != null) {
        return i * m + j;
      }
      g = g.multiply(giant);
    }
    throw new IllegalStateException("no tally value up to " + max);
  }
}

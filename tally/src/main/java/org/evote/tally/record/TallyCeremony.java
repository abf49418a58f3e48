package org.evote.tally.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.tally.Checked;
import org.evote.tally.aggregate.AggregationResult;
import org.evote.tally.aggregate.Aggregator;
import org.evote.tally.aggregate.CountingPolicy;
import org.evote.tally.aggregate.Progress;
import org.evote.tally.decrypt.BallotRef;
import org.evote.tally.decrypt.DecryptingGuardian;
import org.evote.tally.decrypt.DecryptingShare;
import org.evote.tally.decrypt.DecryptionCoordinator;
import org.evote.tally.decrypt.DecryptionJob;
import org.evote.tally.decrypt.DecryptionRequest;
import org.evote.tally.decrypt.InProcessGuardian;
import org.evote.tally.decrypt.JointDecryption;

/**
 * The tally ceremony on an election record: aggregation (§3.5) or the record's existing encrypted
 * tally, the decryption job with the challenged ballots (§3.6.5), a joint decryption, and the
 * files it produces in egk-ec's layout.
 */
public final class TallyCeremony {
  private TallyCeremony() {}

  /**
   * The encrypted tally to decrypt and the challenged ballots.
   *
   * @param aggregation the aggregation that produced the tally, or null when the record's
   *     encrypted_tally.json was used
   */
  public record Prepared(EncryptedTally tally, List<BallotRef> challenged, AggregationResult aggregation) {
    public Prepared {
      challenged = List.copyOf(challenged);
    }

    public boolean aggregated() {
      return aggregation != null;
    }
  }

  /**
   * Uses the record's encrypted_tally.json if it has one (and scans the ballots only for the
   * challenged ones), else aggregates the ballots the policy counts.
   */
  public static Checked<Prepared> prepare(
      OpenRecord record, String tallyId, CountingPolicy policy, int threads, Progress progress) {
    Aggregator aggregator = new Aggregator(record.group(), record.manifest(), record.keys().extendedBaseHash(),
        policy, threads);
    if (record.hasEncryptedTally()) {
      Checked<EncryptedTally> tally = record.encryptedTally();
      if (!tally.isOk()) {
        return Checked.failed(tally.reasons());
      }
      Checked<List<BallotRef>> challenged = aggregator.challengedBallots(record.files(), progress);
      if (!challenged.isOk()) {
        return Checked.failed(challenged.reasons());
      }
      return Checked.ok(new Prepared(tally.value(), challenged.value(), null));
    }
    return aggregate(record, aggregator, tallyId, progress);
  }

  /** Aggregates the record's ballots, whether or not it already has an encrypted tally. */
  public static Checked<Prepared> aggregate(
      OpenRecord record, String tallyId, CountingPolicy policy, int threads, Progress progress) {
    return aggregate(record, new Aggregator(record.group(), record.manifest(), record.keys().extendedBaseHash(),
        policy, threads), tallyId, progress);
  }

  private static Checked<Prepared> aggregate(OpenRecord record, Aggregator aggregator, String tallyId, Progress progress) {
    AggregationResult r = aggregator.aggregate(record.files(), tallyId, progress);
    if (!r.tally().isOk()) {
      return Checked.failed(r.tally().reasons());
    }
    return Checked.ok(new Prepared(r.tally().value(), r.challenged(), r));
  }

  /** The decryption job: the tally and the challenged ballots, read in full. */
  public static Checked<DecryptionJob> job(OpenRecord record, EncryptedTally tally, List<BallotRef> challenged) {
    Checked<List<EncryptedBallot>> ballots = record.challengedBallots(challenged);
    if (!ballots.isOk()) {
      return Checked.failed(ballots.reasons());
    }
    return Checked.ok(new DecryptionJob(tally, ballots.value(), challenged));
  }

  /**
   * What was written.
   *
   * @param tally the decrypted tally
   * @param ballotsWritten how many challenged ballots were decrypted and written
   * @param ballotProblems the challenged ballots that could not be decrypted, and why
   */
  public record Written(DecryptedTallyOrBallot tally, int ballotsWritten, List<String> ballotProblems) {
    public Written {
      ballotProblems = List.copyOf(ballotProblems);
    }
  }

  /** Runs the whole decryption in this process with the given guardians' shares and writes it. */
  public static Checked<Written> decryptInProcess(
      OpenRecord record, List<DecryptingShare> shares, Prepared prepared, Path out, SecureRandom random)
      throws IOException {
    Checked<DecryptionJob> job = job(record, prepared.tally(), prepared.challenged());
    if (!job.isOk()) {
      return Checked.failed(job.reasons());
    }
    DecryptionCoordinator coordinator = new DecryptionCoordinator(record.keys());
    Map<String, Integer> xs = record.keys().xCoordinates();
    List<DecryptingGuardian> guardians = new ArrayList<>();
    shares.forEach(s -> guardians.add(new InProcessGuardian(s, xs, random)));
    String session = "in-process-" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
    DecryptionRequest request = coordinator.request(session, prepared.tally().tallyId(), job.value().ballotRefs(),
        job.value().texts());
    Checked<List<JointDecryption>> decrypted = coordinator.runInProcess(request, guardians);
    if (!decrypted.isOk()) {
      return Checked.failed(decrypted.reasons());
    }
    return write(record, out, prepared.aggregated() ? prepared.tally() : null, job.value(), decrypted.value());
  }

  /**
   * Assembles and writes the results into {@code out}: tally.json and challenged_ballots/, plus
   * encrypted_tally.json when it was aggregated now; when {@code out} is not the record itself,
   * also the record's constants, manifest, configuration and election_initialized.json and its
   * encrypted tally, so that {@code out} holds everything a verifier needs except the ballots.
   *
   * @param aggregatedTally the encrypted tally to write, or null to copy the record's (if any)
   */
  public static Checked<Written> write(
      OpenRecord record, Path out, EncryptedTally aggregatedTally, DecryptionJob job, List<JointDecryption> decrypted)
      throws IOException {
    DecryptionJob.Results results = job.assemble(decrypted, record.keys().jointKey(),
        record.keys().extendedBaseHash(), record.manifest());
    if (!results.tally().isOk()) {
      return Checked.failed(results.tally().reasons());
    }
    ElectionRecordFiles target = new ElectionRecordFiles(out, record.files().codec());
    boolean sameDir = Files.exists(out) && Files.isSameFile(out, record.dir());
    if (!sameDir) {
      for (Path p : List.of(record.files().constantsPath(), record.files().manifestPath(), record.files().configPath(),
          record.files().initializedPath())) {
        ElectionRecordFiles.writeAtomically(out.resolve(p.getFileName().toString()), Files.readAllBytes(p));
      }
    }
    if (aggregatedTally != null) {
      target.writeEncryptedTally(aggregatedTally);
    } else if (!sameDir && record.hasEncryptedTally()) {
      ElectionRecordFiles.writeAtomically(target.encryptedTallyPath(), Files.readAllBytes(record.files().encryptedTallyPath()));
    }
    target.writeTally(results.tally().value());
    int written = 0;
    List<String> problems = new ArrayList<>();
    for (Checked<DecryptedTallyOrBallot> b : results.ballots()) {
      if (b.isOk()) {
        target.writeChallengedBallot(b.value());
        written++;
      } else {
        problems.addAll(b.reasons());
      }
    }
    return Checked.ok(new Written(results.tally().value(), written, problems));
  }
}

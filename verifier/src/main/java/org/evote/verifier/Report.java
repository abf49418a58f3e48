package org.evote.verifier;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.evote.crypto.record.RecordProblem;
import org.evote.crypto.util.Require;

/**
 * The verifier's report on one election record: one {@link CheckResult} per check in report
 * order, the parts of the record that could not be read, and the verdict.
 *
 * @param recordDir the record folder as given
 * @param group the record's group ("P-256", "Integer4096"), or "unknown" if constants.json could
 *     not be read
 * @param summary what the record holds
 * @param checks every check, in report order; empty when the record's core files could not be read
 * @param unreadable the first problems with files that could not be read, each naming the file,
 *     the JSON path and the reason
 * @param unreadableCount how many problems there were in all
 * @param elapsed the wall time of the verification
 */
public record Report(
    String recordDir,
    String group,
    Summary summary,
    List<CheckResult> checks,
    List<RecordProblem> unreadable,
    long unreadableCount,
    Duration elapsed) {

  /**
   * What the record holds.
   *
   * @param encryptedBallots encrypted ballot files
   * @param cast ballots in state CAST
   * @param challenged ballots in state CHALLENGED
   * @param unknown ballots in state UNKNOWN
   * @param devices device folders under encrypted_ballots (1 when the ballots sit directly in it)
   * @param decryptedBallots decrypted challenged ballots
   */
  public record Summary(
      long encryptedBallots, long cast, long challenged, long unknown, int devices, long decryptedBallots) {
    /** Nothing read. */
    public static final Summary EMPTY = new Summary(0, 0, 0, 0, 0, 0);
  }

  public Report {
    Require.nonNull("recordDir", recordDir, "group", group, "summary", summary, "elapsed", elapsed);
    checks = List.copyOf(checks);
    unreadable = List.copyOf(unreadable);
    if (unreadableCount < unreadable.size()) {
      throw new IllegalArgumentException("unreadableCount is less than the problems listed");
    }
  }

  /**
   * UNREADABLE if any part of the record could not be read, else FAILED if any check failed,
   * else VERIFIED. A report without checks is never VERIFIED.
   */
  public Verdict verdict() {
    if (unreadableCount > 0 || checks.isEmpty()) {
      return Verdict.UNREADABLE;
    }
    return checks.stream().anyMatch(c -> c.status() == Status.FAILED) ? Verdict.FAILED : Verdict.VERIFIED;
  }

  /** The exit code of {@code evote verify}: 0 verified, 1 failed, 2 unreadable. */
  public int exitCode() {
    return verdict().exitCode();
  }

  /** The check with this id, if the report has it. */
  public Optional<CheckResult> check(String id) {
    return checks.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  /** The ids of the failed checks, in report order. */
  public List<String> failedChecks() {
    return checks.stream().filter(c -> c.status() == Status.FAILED).map(CheckResult::id).toList();
  }
}

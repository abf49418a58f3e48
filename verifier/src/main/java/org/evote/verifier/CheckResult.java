package org.evote.verifier;

import java.util.List;
import org.evote.crypto.util.Require;

/**
 * The result of one check: a verification step of the spec's §6 (id "1" to "18", or a group of
 * sub-steps such as "7.D-G"), one of this verifier's record checks ("B.1" to "B.3") or an
 * extension check ("E.1" ...).
 *
 * @param id the check's number, as printed in the report
 * @param name the check's name; the spec's name for its verification steps
 * @param status passed, failed or not applicable
 * @param detail what was checked (counts), or why the check does not apply
 * @param checked how many items were checked
 * @param failures the first failures, in a deterministic order; at most the verifier's limit
 * @param failureCount how many items failed in all
 */
public record CheckResult(
    String id,
    String name,
    Status status,
    String detail,
    long checked,
    List<Failure> failures,
    long failureCount) {
  public CheckResult {
    Require.nonNull("id", id, "name", name, "status", status, "detail", detail);
    failures = List.copyOf(failures);
    if (failureCount < failures.size()) {
      throw new IllegalArgumentException(
          "failureCount " + failureCount + " is less than the " + failures.size() + " failures listed");
    }
    if ((status == Status.FAILED) != (failureCount > 0)) {
      throw new IllegalArgumentException(
          "a check fails exactly when it has failures; status " + status + " with " + failureCount);
    }
  }

  /** A check that passed. */
  public static CheckResult passed(String id, String name, long checked, String detail) {
    return new CheckResult(id, name, Status.PASSED, detail, checked, List.of(), 0);
  }

  /** A check that does not apply to this record, with the reason. */
  public static CheckResult notApplicable(String id, String name, String reason) {
    return new CheckResult(id, name, Status.NOT_APPLICABLE, reason, 0, List.of(), 0);
  }

  /** A check that failed with the given failures (all of them listed). */
  public static CheckResult failed(String id, String name, long checked, String detail, List<Failure> failures) {
    if (failures.isEmpty()) {
      throw new IllegalArgumentException("a failed check needs at least one failure");
    }
    return new CheckResult(id, name, Status.FAILED, detail, checked, failures, failures.size());
  }

  /** The failures not listed in {@link #failures()}. */
  public long moreFailures() {
    return failureCount - failures.size();
  }
}

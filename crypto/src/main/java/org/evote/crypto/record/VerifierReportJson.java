package org.evote.crypto.record;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.evote.crypto.util.Require;

/**
 * The verifier's report as JSON ({@code ./evote verify --json FILE}), read here for the published
 * results: the verdict and each check's number, name, outcome and detail. Every member the
 * verifier writes is required and no other is allowed. (The verifier writes it with its own
 * {@code ReportJson}, member for member what this reads.)
 */
public final class VerifierReportJson {
  private static final Set<String> VERDICTS = Set.of("VERIFIED", "FAILED", "UNREADABLE");
  private static final Set<String> STATUSES = Set.of("PASSED", "FAILED", "NOT_APPLICABLE");

  private VerifierReportJson() {}

  /**
   * One check of the report.
   *
   * @param id its number, such as "7.A-B" or "E.2"
   * @param name what it checks
   * @param status PASSED, FAILED or NOT_APPLICABLE
   * @param detail what was found, in words
   * @param checked how many items it checked
   * @param failureCount how many failures it found
   */
  public record Check(String id, String name, String status, String detail, long checked, long failureCount) {
    public Check {
      Require.nonNull("id", id, "name", name, "detail", detail);
      if (!STATUSES.contains(status)) {
        throw new IllegalArgumentException("status must be one of " + STATUSES + ", got " + status);
      }
    }
  }

  /**
   * The report.
   *
   * @param verdict VERIFIED, FAILED or UNREADABLE
   * @param verdictLine the verdict in words
   * @param checks every check, in the verifier's order
   * @param unreadableCount how many record files could not be read
   */
  public record Report(String verdict, String verdictLine, List<Check> checks, long unreadableCount) {
    public Report {
      if (!VERDICTS.contains(verdict)) {
        throw new IllegalArgumentException("verdict must be one of " + VERDICTS + ", got " + verdict);
      }
      Objects.requireNonNull(verdictLine, "verdictLine");
      checks = List.copyOf(checks);
    }
  }

  /** Reads a report the verifier wrote with {@code --json}. */
  public static Parsed<Report> parse(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> {
      in.onlyFields("record", "group", "verdict", "exit_code", "verdict_line", "elapsed_ms", "summary", "checks",
          "unreadable_count", "unreadable");
      in.field("record").string();
      in.field("group").string();
      in.field("exit_code").intIn(0, 255);
      in.field("elapsed_ms").nonNegativeLong();
      JsonIn summary = in.field("summary");
      summary.onlyFields("encrypted_ballots", "cast", "challenged", "unknown", "device_folders", "decrypted_challenged_ballots");
      for (String f : List.of("encrypted_ballots", "cast", "challenged", "unknown", "device_folders", "decrypted_challenged_ballots")) {
        summary.field(f).nonNegativeLong();
      }
      JsonIn verdict = in.field("verdict");
      if (!VERDICTS.contains(verdict.string())) {
        throw verdict.bad("expected VERIFIED, FAILED or UNREADABLE, got \"" + JsonIn.clip(verdict.string()) + "\"");
      }
      List<Check> checks = in.field("checks").list(c -> {
        c.onlyFields("id", "name", "status", "detail", "checked", "failure_count", "failures");
        JsonIn status = c.field("status");
        if (!STATUSES.contains(status.string())) {
          throw status.bad("expected PASSED, FAILED or NOT_APPLICABLE, got \"" + JsonIn.clip(status.string()) + "\"");
        }
        c.field("failures").list(f -> {
          f.onlyFields("location", "reason");
          return f.field("location").string() + f.field("reason").string();
        });
        return new Check(c.field("id").string(), c.field("name").string(), status.string(), c.field("detail").string(),
            c.field("checked").nonNegativeLong(), c.field("failure_count").nonNegativeLong());
      });
      in.field("unreadable").list(u -> {
        u.onlyFields("file", "json_path", "message");
        return u.field("file").string() + u.field("json_path").string() + u.field("message").string();
      });
      return new Report(verdict.string(), in.field("verdict_line").string(), checks, in.field("unreadable_count").nonNegativeLong());
    });
  }
}

package org.evote.verifier.internal;

import java.io.PrintWriter;
import java.util.Locale;
import org.evote.crypto.record.RecordProblem;
import org.evote.verifier.CheckResult;
import org.evote.verifier.Failure;
import org.evote.verifier.Report;
import org.evote.verifier.Status;

/** The report for people: one line per check with ✓, ✗ or –, the failures under it, and the verdict. */
public final class ReportText {
  private ReportText() {}

  public static void write(Report r, PrintWriter out) {
    out.println("ElectionGuard 2.0 record verification");
    out.println("  record   " + r.recordDir());
    out.println("  group    " + r.group());
    Report.Summary s = r.summary();
    if (!r.checks().isEmpty()) {
      out.println("  ballots  " + s.encryptedBallots() + " encrypted (" + s.cast() + " cast, " + s.challenged()
          + " challenged, " + s.unknown() + " unknown) in " + s.devices() + " device folder"
          + (s.devices() == 1 ? "" : "s") + "; " + s.decryptedBallots() + " decrypted challenged ballots");
    }
    out.println();
    int width = 0;
    for (CheckResult c : r.checks()) {
      width = Math.max(width, c.id().length());
    }
    for (CheckResult c : r.checks()) {
      String mark = switch (c.status()) {
        case PASSED -> "✓";
        case FAILED -> "✗";
        case NOT_APPLICABLE -> "–";
      };
      StringBuilder line = new StringBuilder();
      line.append(mark).append(' ').append(pad(c.id(), width)).append("  ").append(c.name());
      if (c.status() == Status.FAILED) {
        line.append(": ").append(c.failureCount()).append(" failure").append(c.failureCount() == 1 ? "" : "s");
        if (c.checked() > 0) {
          line.append(" (").append(c.checked()).append(" checked)");
        }
      } else if (!c.detail().isEmpty()) {
        line.append(": ").append(c.detail());
      }
      out.println(line);
      String indent = " ".repeat(width + 4);
      for (Failure f : c.failures()) {
        out.println(indent + "- " + f.location() + ": " + f.reason());
      }
      if (c.moreFailures() > 0) {
        out.println(indent + "... and " + c.moreFailures() + " more");
      }
    }
    if (r.unreadableCount() > 0) {
      out.println();
      out.println("Unreadable input (" + r.unreadableCount() + "):");
      for (RecordProblem p : r.unreadable()) {
        out.println("  - " + p);
      }
      long more = r.unreadableCount() - r.unreadable().size();
      if (more > 0) {
        out.println("  ... and " + more + " more");
      }
    }
    out.println();
    out.println(verdictLine(r));
    out.flush();
  }

  /** The last line: the verdict, what it rests on, and the time taken. */
  public static String verdictLine(Report r) {
    long passed = r.checks().stream().filter(c -> c.status() == Status.PASSED).count();
    long na = r.checks().stream().filter(c -> c.status() == Status.NOT_APPLICABLE).count();
    String time = String.format(Locale.ROOT, "%.1f s", r.elapsed().toMillis() / 1000.0);
    return switch (r.verdict()) {
      case VERIFIED -> "VERDICT: VERIFIED: all " + passed + " applicable checks passed (" + na
          + " not applicable) in " + time;
      case FAILED -> "VERDICT: FAILED: " + r.failedChecks().size() + " of " + (passed + r.failedChecks().size())
          + " applicable checks failed (" + String.join(", ", r.failedChecks()) + ") in " + time;
      case UNREADABLE -> "VERDICT: CANNOT VERIFY: " + r.unreadableCount() + " part"
          + (r.unreadableCount() == 1 ? "" : "s") + " of the record could not be read"
          + (r.failedChecks().isEmpty() ? "" : "; failed checks: " + String.join(", ", r.failedChecks()))
          + " (" + time + ")";
    };
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}

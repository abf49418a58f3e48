package org.evote.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.evote.crypto.record.RecordProblem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The public value types reject inconsistent values with exact messages, and the verdict follows the checks. */
class ValueTypesTest {

  @Nested
  @DisplayName("a check result")
  class Results {
    @Test
    @DisplayName("cannot fail without failures")
    void failedNeedsFailures() {
      assertThatThrownBy(() -> CheckResult.failed("5", "x", 1, "", List.of()))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("a failed check needs at least one failure");
      assertThatThrownBy(() -> new CheckResult("5", "x", Status.FAILED, "", 1, List.of(), 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a check fails exactly when it has failures; status FAILED with 0");
    }

    @Test
    @DisplayName("cannot pass with failures")
    void passedWithoutFailures() {
      assertThatThrownBy(() -> new CheckResult("5", "x", Status.PASSED, "", 1, List.of(new Failure("a", "b")), 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a check fails exactly when it has failures; status PASSED with 1");
    }

    @Test
    @DisplayName("cannot count fewer failures than it lists")
    void countAtLeastListed() {
      assertThatThrownBy(() -> new CheckResult("5", "x", Status.FAILED, "", 1, List.of(new Failure("a", "b")), 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("failureCount 0 is less than the 1 failures listed");
    }
  }

  @Nested
  @DisplayName("a report's verdict")
  class Verdicts {
    Report report(List<CheckResult> checks, long unreadable) {
      List<RecordProblem> problems = unreadable == 0 ? List.of() : List.of(new RecordProblem("tally.json", "$", "file is missing"));
      return new Report("r", "P-256", Report.Summary.EMPTY, checks, problems, unreadable, Duration.ZERO);
    }

    @Test
    @DisplayName("is VERIFIED (0) only when every check passed or does not apply")
    void verified() {
      Report r = report(List.of(CheckResult.passed("1", "a", 1, ""), CheckResult.notApplicable("11", "b", "none")), 0);
      assertThat(r.verdict()).isEqualTo(Verdict.VERIFIED);
      assertThat(r.exitCode()).isZero();
    }

    @Test
    @DisplayName("is FAILED (1) when a check failed")
    void failed() {
      Report r = report(List.of(CheckResult.passed("1", "a", 1, ""),
          CheckResult.failed("8", "b", 1, "", List.of(new Failure("x", "y")))), 0);
      assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
      assertThat(r.failedChecks()).containsExactly("8");
      assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    @DisplayName("is UNREADABLE (2) when part of the record could not be read, whatever the checks say")
    void unreadable() {
      assertThat(report(List.of(CheckResult.passed("1", "a", 1, "")), 1).exitCode()).isEqualTo(2);
    }

    @Test
    @DisplayName("is never VERIFIED without checks")
    void noChecks() {
      assertThat(report(List.of(), 0).verdict()).isEqualTo(Verdict.UNREADABLE);
    }
  }

  @Nested
  @DisplayName("the verifier's options")
  class Options {
    @Test
    @DisplayName("need at least one thread")
    void threads() {
      assertThatThrownBy(() -> Verifier.Options.defaults().withThreads(0))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be at least 1, got 0");
    }

    @Test
    @DisplayName("need a non-negative failure limit")
    void maxFailures() {
      assertThatThrownBy(() -> Verifier.Options.defaults().withMaxFailures(-2))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("maxFailures must be at least 0, got -2");
    }

    @Test
    @DisplayName("run the extension checks E.1 to E.6 by default")
    void extensions() {
      assertThat(Verifier.Options.defaults().extensions()).extracting(ExtensionCheck::id)
          .containsExactly("E.1", "E.2", "E.3", "E.4", "E.5", "E.6");
    }
  }
}

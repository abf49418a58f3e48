package org.evote.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** What the mutation suites share: a changed copy of a record, verified, and the checks it must fail. */
final class Mutations {
  private Mutations() {}

  /** A change to a copied record folder; an IOException fails the test. */
  @FunctionalInterface
  interface Change {
    void apply(Path record) throws IOException;
  }

  /** Copies {@code record} (without its private_data) into {@code target}, applies the change, verifies the copy. */
  static Cli.Run verifyChanged(Path record, Path target, Change change) {
    Path copy = RecordEdits.copy(record, target);
    try {
      change.apply(copy);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Cli.verify(copy);
  }

  /** Exactly {@code checks} failed (all others passed), the exit code is 1 and the verdict FAILED. */
  static void assertFails(Cli.Run run, String... checks) {
    assertThat(run.failed()).as(run.toString()).containsExactlyInAnyOrder(checks);
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out()).contains("VERDICT: FAILED");
  }
}

package org.evote.verifier;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A test class whose record is verified once, through the real command line, before its tests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class VerifiedOnce {
  private final Path record;
  private Cli.Run run;

  /** A class about {@code record}, the record folder to verify. */
  VerifiedOnce(Path record) {
    this.record = record;
  }

  @BeforeAll
  void verify() {
    run = Cli.verify(record);
  }

  /** The verification of the record. */
  Cli.Run run() {
    return run;
  }
}

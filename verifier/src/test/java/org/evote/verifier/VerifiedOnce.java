package org.evote.verifier;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A test class whose record is verified once, through the real command line, before its tests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class VerifiedOnce {
  private Cli.Run run;

  /** The record folder to verify. */
  abstract Path record();

  @BeforeAll
  void verify() {
    run = Cli.verify(record());
  }

  /** The verification of {@link #record()}. */
  Cli.Run run() {
    return run;
  }
}

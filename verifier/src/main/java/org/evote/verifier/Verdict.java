package org.evote.verifier;

/** The overall outcome of a verification, with the command's exit code. */
public enum Verdict {
  /** Every applicable check passed and every file could be read. Exit code 0. */
  VERIFIED(0),
  /** At least one check failed; every file could be read. Exit code 1. */
  FAILED(1),
  /**
   * Part of the record could not be read (a missing file, bad JSON, an invalid group element):
   * the verification is incomplete, whatever the checks say. Exit code 2.
   */
  UNREADABLE(2);

  private final int exitCode;

  Verdict(int exitCode) {
    this.exitCode = exitCode;
  }

  /** The exit code of {@code evote verify} for this verdict. */
  public int exitCode() {
    return exitCode;
  }
}

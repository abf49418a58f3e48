package org.evote.crypto.record;

import java.util.Objects;

/** An election-record file that cannot be read or a value that cannot be written; see {@link #problem()}. */
public final class RecordFormatException extends RuntimeException {
  private final RecordProblem problem;

  public RecordFormatException(RecordProblem problem) {
    super(Objects.requireNonNull(problem, "problem").toString());
    this.problem = problem;
  }

  /** The file, the JSON path and the reason. */
  public RecordProblem problem() {
    return problem;
  }
}

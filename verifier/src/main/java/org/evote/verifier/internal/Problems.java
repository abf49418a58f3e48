package org.evote.verifier.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.evote.crypto.record.RecordProblem;

/**
 * The record's unreadable parts, collected from every thread: all counted, the first ones (by
 * file name, then path) kept for the report.
 */
public final class Problems {
  private static final Comparator<RecordProblem> ORDER = Comparator.comparing(RecordProblem::source)
      .thenComparing(RecordProblem::jsonPath)
      .thenComparing(RecordProblem::message);

  private final int maxKept;
  private final LongAdder count = new LongAdder();
  private final List<RecordProblem> kept = new ArrayList<>();

  public Problems(int maxKept) {
    this.maxKept = Math.max(1, maxKept);
  }

  /** Records a problem. */
  public void add(RecordProblem problem) {
    count.increment();
    synchronized (kept) {
      kept.add(problem);
      if (kept.size() > maxKept * 4) {
        trim();
      }
    }
  }

  private void trim() {
    kept.sort(ORDER);
    while (kept.size() > maxKept) {
      kept.remove(kept.size() - 1);
    }
  }

  public long count() {
    return count.sum();
  }

  public boolean isEmpty() {
    return count.sum() == 0;
  }

  /** The first problems, in order. */
  public List<RecordProblem> kept() {
    synchronized (kept) {
      trim();
      return List.copyOf(kept);
    }
  }
}

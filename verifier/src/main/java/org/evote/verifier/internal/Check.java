package org.evote.verifier.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.evote.verifier.CheckResult;
import org.evote.verifier.Failure;
import org.evote.verifier.Status;

/**
 * Collects one check's outcome while the verification runs: how many items were checked, every
 * failure counted, and the first {@code maxKept} failures kept in a deterministic order (by the
 * order key the caller gives, such as a ballot's position in the record), whatever the order in
 * which worker threads report them. Thread-safe.
 */
public final class Check {
  /** No ballot ordinal. */
  static final int NONE = -1;

  private static final Comparator<Kept> ORDER = Comparator.comparingLong(Kept::order)
      .thenComparingInt(Kept::locationOrdinal)
      .thenComparing(Kept::location)
      .thenComparing(Kept::reason)
      .thenComparingInt(Kept::otherOrdinal);

  /**
   * A kept failure. A location or a reference given as a ballot ordinal is resolved to the
   * ballot's name when the result is built.
   */
  private record Kept(long order, String location, int locationOrdinal, String reason, int otherOrdinal) {}

  private final String id;
  private final String name;
  private final int maxKept;
  private final LongAdder checked = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final PriorityQueue<Kept> kept; // a max-heap: the head is the last one kept
  private volatile String notApplicable;
  private volatile String detail = "";

  Check(String id, String name, int maxKept) {
    this.id = Objects.requireNonNull(id, "id");
    this.name = Objects.requireNonNull(name, "name");
    if (maxKept < 0) {
      throw new IllegalArgumentException("maxKept must be >= 0, got " + maxKept);
    }
    this.maxKept = maxKept;
    this.kept = new PriorityQueue<>(ORDER.reversed());
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  /** Counts n more items checked. */
  void checked(long n) {
    checked.add(n);
  }

  long checkedCount() {
    return checked.sum();
  }

  long failureCount() {
    return failures.sum();
  }

  /** Sets what the report line says about the items checked. */
  void detail(String text) {
    this.detail = Objects.requireNonNull(text, "text");
  }

  /** Marks the check as not applicable, with the reason; failures still make it fail. */
  void notApplicable(String reason) {
    this.notApplicable = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Records a failure.
   *
   * @param order the sort key: failures with the smallest keys are the ones listed
   */
  void fail(long order, String location, String reason) {
    keep(new Kept(order, location, NONE, reason, NONE));
  }

  /** Records a failure whose reason ends with a reference to another ballot, by ordinal. */
  void failReferring(long order, String location, String reason, int otherOrdinal) {
    keep(new Kept(order, location, NONE, reason, otherOrdinal));
  }

  /**
   * Records that two ballots, given by their ordinals, share something they must not: the
   * failure sits at the later ballot and names the earlier one, whichever was seen first.
   *
   * @param what what the later ballot repeats, such as "confirmation code"
   */
  void failPair(int ordinalA, int ordinalB, String what) {
    int later = Math.max(ordinalA, ordinalB);
    int earlier = Math.min(ordinalA, ordinalB);
    if (later == earlier) {
      keep(new Kept(later, "", later, what + " appears twice in this ballot", NONE));
    } else {
      keep(new Kept(later, "", later, what + " is also in", earlier));
    }
  }

  private void keep(Kept k) {
    failures.increment();
    if (maxKept == 0) {
      return;
    }
    synchronized (kept) {
      if (kept.size() < maxKept) {
        kept.add(k);
      } else if (ORDER.compare(k, kept.peek()) < 0) {
        kept.poll();
        kept.add(k);
      }
    }
  }

  /** The ordinals of ballots the kept failures refer to, to be resolved to names. */
  List<Integer> referencedOrdinals() {
    List<Integer> out = new ArrayList<>();
    synchronized (kept) {
      for (Kept k : kept) {
        if (k.locationOrdinal() != NONE) {
          out.add(k.locationOrdinal());
        }
        if (k.otherOrdinal() != NONE) {
          out.add(k.otherOrdinal());
        }
      }
    }
    return out;
  }

  /** The result, with ballot ordinals resolved by {@code ballotName}. */
  CheckResult result(IntFunction<String> ballotName) {
    List<Kept> sorted;
    synchronized (kept) {
      sorted = new ArrayList<>(kept);
    }
    sorted.sort(ORDER);
    List<Failure> list = new ArrayList<>(sorted.size());
    for (Kept k : sorted) {
      String location = k.locationOrdinal() == NONE ? k.location() : ballotName.apply(k.locationOrdinal());
      String reason = k.otherOrdinal() == NONE ? k.reason() : k.reason() + " " + ballotName.apply(k.otherOrdinal());
      list.add(new Failure(location, reason));
    }
    long failed = failures.sum();
    Status status = failed > 0 ? Status.FAILED : notApplicable != null ? Status.NOT_APPLICABLE : Status.PASSED;
    String text = status == Status.NOT_APPLICABLE ? notApplicable : detail;
    return new CheckResult(id, name, status, text, checked.sum(), list, failed);
  }
}

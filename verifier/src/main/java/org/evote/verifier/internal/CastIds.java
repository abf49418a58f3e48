package org.evote.verifier.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The encrypted tally's {@code cast_ballot_ids}, as fingerprints, with a mark for each id that
 * the ballot scan found in the record. Thread-safe.
 */
final class CastIds {
  private final List<String> ids;
  private final FingerprintSet index;
  private final AtomicLongArray seen;

  /** Indexes the ids; an id listed twice is a failure of Verification 8. */
  CastIds(List<String> ids, Check aggregation) {
    this.ids = ids;
    this.index = new FingerprintSet(ids.size());
    this.seen = new AtomicLongArray((ids.size() + 63) / 64);
    for (int i = 0; i < ids.size(); i++) {
      Fingerprint f = Fingerprint.ofId(ids.get(i));
      int first = index.putIfAbsent(f.hi(), f.lo(), i);
      if (first != FingerprintSet.ABSENT) {
        aggregation.fail(-1_000_000L + i, "encrypted_tally.json $.cast_ballot_ids[" + i + "]",
            "ballot " + ids.get(i) + " is listed twice in cast_ballot_ids (also at [" + first + "]): it would be counted twice");
      }
    }
  }

  int size() {
    return ids.size();
  }

  /** The position of this id in cast_ballot_ids, or -1. */
  int indexOf(String ballotId) {
    Fingerprint f = Fingerprint.ofId(ballotId);
    return index.get(f.hi(), f.lo());
  }

  /** Marks the id at this position as found in the record. */
  void mark(int i) {
    long bit = 1L << (i & 63);
    seen.getAndAccumulate(i >>> 6, bit, (a, b) -> a | b);
  }

  /** The positions of ids that no ballot file of the record carries. */
  List<Integer> unmarked() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if ((seen.get(i >>> 6) & (1L << (i & 63))) == 0) {
        out.add(i);
      }
    }
    return out;
  }

  String id(int i) {
    return ids.get(i);
  }
}

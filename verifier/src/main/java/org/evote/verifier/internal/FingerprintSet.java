package org.evote.verifier.internal;

/**
 * A set of 128-bit fingerprints (the first 16 bytes of a SHA-256 digest), each with an int
 * payload such as the ordinal of the ballot it came from. Open addressing over primitive arrays:
 * 20 bytes a slot, at most 70% full, so 29 to 57 bytes an entry. Sharded by the fingerprint's
 * top bits, each shard under its own lock, so worker threads rarely contend. Thread-safe.
 *
 * <p>A fingerprint set never misses a true repeat (equal inputs give equal fingerprints); two
 * different inputs share a fingerprint with probability about n²/2^129, which can only make a
 * check fail, never pass.
 */
final class FingerprintSet {
  /** Returned by {@link #putIfAbsent} and {@link #get} when the key is absent. */
  static final int ABSENT = -1;

  private static final int SHARD_BITS = 6;
  private static final int SHARDS = 1 << SHARD_BITS;
  private static final double MAX_LOAD = 0.7;

  private final Shard[] shards = new Shard[SHARDS];

  /** A set sized for about {@code expected} entries (it grows as needed). */
  FingerprintSet(long expected) {
    int perShard = (int) Math.min(1 << 28, Math.max(16, expected / SHARDS + 1));
    for (int i = 0; i < SHARDS; i++) {
      shards[i] = new Shard(perShard);
    }
  }

  /**
   * Adds the key with this payload (&ge; 0) unless it is present.
   *
   * @return the payload already stored under the key, or {@link #ABSENT} if it was added now
   */
  int putIfAbsent(long hi, long lo, int payload) {
    if (payload < 0) {
      throw new IllegalArgumentException("payload must be >= 0, got " + payload);
    }
    return shard(hi).putIfAbsent(hi, lo, payload);
  }

  /** The payload stored under the key, or {@link #ABSENT}. */
  int get(long hi, long lo) {
    return shard(hi).get(hi, lo);
  }

  /** The number of keys. */
  long size() {
    long n = 0;
    for (Shard s : shards) {
      synchronized (s) {
        n += s.size;
      }
    }
    return n;
  }

  /** The bytes held by the tables, for the report's memory figures. */
  long tableBytes() {
    long n = 0;
    for (Shard s : shards) {
      synchronized (s) {
        n += (long) s.values.length * 20;
      }
    }
    return n;
  }

  private Shard shard(long hi) {
    return shards[(int) (hi >>> (64 - SHARD_BITS))];
  }

  private static final class Shard {
    private long[] his;
    private long[] los;
    private int[] values; // payload + 1; 0 marks an empty slot
    private int size;

    Shard(int expected) {
      int capacity = Integer.highestOneBit((int) Math.min(1 << 30, (long) (expected / MAX_LOAD) + 1)) << 1;
      allocate(Math.max(16, capacity));
    }

    private void allocate(int capacity) {
      his = new long[capacity];
      los = new long[capacity];
      values = new int[capacity];
    }

    synchronized int putIfAbsent(long hi, long lo, int payload) {
      int i = slot(hi, lo);
      if (values[i] != 0) {
        return values[i] - 1;
      }
      his[i] = hi;
      los[i] = lo;
      values[i] = payload + 1;
      size++;
      if (size > values.length * MAX_LOAD) {
        grow();
      }
      return ABSENT;
    }

    synchronized int get(long hi, long lo) {
      int i = slot(hi, lo);
      return values[i] == 0 ? ABSENT : values[i] - 1;
    }

    /** The slot that holds (hi, lo), or the empty slot where linear probing would put it. */
    private int slot(long hi, long lo) {
      int mask = values.length - 1;
      int i = (int) mix(lo) & mask;
      while (values[i] != 0 && !(his[i] == hi && los[i] == lo)) {
        i = (i + 1) & mask;
      }
      return i;
    }

    private void grow() {
      long[] oldHis = his;
      long[] oldLos = los;
      int[] oldValues = values;
      if (oldValues.length >= 1 << 30) {
        throw new IllegalStateException("fingerprint shard is full");
      }
      allocate(oldValues.length << 1);
      int mask = values.length - 1;
      for (int j = 0; j < oldValues.length; j++) {
        if (oldValues[j] != 0) {
          int i = (int) mix(oldLos[j]) & mask;
          while (values[i] != 0) {
            i = (i + 1) & mask;
          }
          his[i] = oldHis[j];
          los[i] = oldLos[j];
          values[i] = oldValues[j];
        }
      }
    }

    /** The keys are hash outputs already; mixing only guards against a bad low half. */
    private static long mix(long x) {
      x ^= x >>> 33;
      x *= 0xff51afd7ed558ccdL;
      x ^= x >>> 33;
      return x;
    }
  }
}

package org.evote.ballotserver.node;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per key (a client address, or a voter): {@code rate} requests per second with
 * bursts of {@code burst}. Per node; idle buckets are dropped.
 */
public final class RateLimiter {
  private final double rate;
  private final double burst;
  private final ConcurrentHashMap<String, double[]> buckets = new ConcurrentHashMap<>();

  public RateLimiter(double rate, double burst) {
    this.rate = rate;
    this.burst = burst;
  }

  /** Takes one token for the key; false when the key is over its limit. */
  public boolean tryAcquire(String key) {
    long now = System.nanoTime();
    boolean[] ok = new boolean[1];
    buckets.compute(key, (k, b) -> {
      if (b == null) {
        b = new double[] {burst, now};
      }
      double tokens = Math.min(burst, b[0] + (now - b[1]) / 1e9 * rate);
      ok[0] = tokens >= 1;
      return new double[] {ok[0] ? tokens - 1 : tokens, now};
    });
    if (buckets.size() > 100_000) {
      buckets.entrySet().removeIf(e -> now - (long) e.getValue()[1] > 60_000_000_000L);
    }
    return ok[0];
  }
}

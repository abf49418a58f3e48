package org.evote.verifier.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The fingerprint set behaves like a map from 128-bit keys to the first payload stored, across
 * growth and shards, and from many threads at once: every repeat of a key is reported, and only
 * repeats.
 */
class FingerprintSetProperties {

  record Key(long hi, long lo) {}

  @Property(tries = 200)
  void behavesLikeAMapOfFirstPayloads(
      @ForAll @Size(max = 3000) List<@IntRange(min = 0, max = 400) Integer> keys, @ForAll boolean smallStart) {
    FingerprintSet set = new FingerprintSet(smallStart ? 1 : keys.size());
    Map<Key, Integer> model = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      // keys that share a shard (hi) or a home slot (lo) as well as distinct ones
      Key k = new Key(((long) keys.get(i) % 7) << 58, keys.get(i) * 0x9E3779B97F4A7C15L);
      Integer expected = model.putIfAbsent(k, i);
      int got = set.putIfAbsent(k.hi(), k.lo(), i);
      assertThat(got).isEqualTo(expected == null ? FingerprintSet.ABSENT : expected);
    }
    assertThat(set.size()).isEqualTo(model.size());
    for (Map.Entry<Key, Integer> e : model.entrySet()) {
      assertThat(set.get(e.getKey().hi(), e.getKey().lo())).isEqualTo(e.getValue());
    }
    assertThat(set.get(-1L, -1L)).isEqualTo(model.containsKey(new Key(-1L, -1L)) ? 0 : FingerprintSet.ABSENT);
  }

  @Property(tries = 20)
  void concurrentInsertsReportEachRepeatOnce(@ForAll @IntRange(min = 1, max = 20000) int distinct, @ForAll @IntRange(min = 1, max = 4) int copies)
      throws Exception {
    FingerprintSet set = new FingerprintSet(16);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < copies; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          int repeats = 0;
          for (int i = 0; i < distinct; i++) {
            Fingerprint f = Fingerprint.ofId("ballot-" + i);
            if (set.putIfAbsent(f.hi(), f.lo(), thread) != FingerprintSet.ABSENT) {
              repeats++;
            }
          }
          return repeats;
        }));
      }
      int repeats = 0;
      for (Future<Integer> f : futures) {
        repeats += f.get();
      }
      assertThat(repeats).isEqualTo(distinct * (copies - 1));
      assertThat(set.size()).isEqualTo(distinct);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("a negative payload is a caller's mistake, named in the message")
  void negativePayload() {
    assertThatThrownBy(() -> new FingerprintSet(1).putIfAbsent(1, 2, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("payload must be >= 0, got -1");
  }

  @Test
  @DisplayName("fingerprints are domain-separated: the same bytes as an id and as a code differ")
  void domains() {
    byte[] b = "id-1".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(Fingerprint.of(Fingerprint.BALLOT_ID, b)).isEqualTo(Fingerprint.ofId("id-1"))
        .isNotEqualTo(Fingerprint.of(Fingerprint.CONFIRMATION_CODE, b));
  }
}

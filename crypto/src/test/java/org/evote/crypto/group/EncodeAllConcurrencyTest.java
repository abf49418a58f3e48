package org.evote.crypto.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Batch encoding must not depend on other threads leaving shared elements alone. */
class EncodeAllConcurrencyTest {
  @Test
  @DisplayName("threads batch-encoding lists that share not-yet-encoded P-256 points all get the right bytes")
  void sharedElements() throws Exception {
    Group g = Groups.p256();
    SecureRandom r = new SecureRandom();
    int threads = 4;
    int rounds = 300;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < rounds; round++) {
        // Fresh points in projective form, shared by every thread this round.
        Element a = g.multiply(g.gExp(g.randomScalar(r)), g.gExp(g.randomScalar(r)));
        Element b = g.multiply(g.gExp(g.randomScalar(r)), g.gExp(g.randomScalar(r)));
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<List<byte[]>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          Element own = g.multiply(g.gExp(g.randomScalar(r)), g.gExp(g.randomScalar(r)));
          results.add(pool.submit(() -> {
            start.await();
            return g.encodeAll(List.of(a, own, b));
          }));
        }
        byte[] ea = g.encode(a);
        byte[] eb = g.encode(b);
        for (Future<List<byte[]>> f : results) {
          List<byte[]> enc = f.get();
          assertThat(enc.get(0)).isEqualTo(ea);
          assertThat(enc.get(2)).isEqualTo(eb);
          assertThat(g.decodeElement(enc.get(1))).isNotNull();
        }
      }
    } finally {
      pool.shutdown();
    }
  }
}

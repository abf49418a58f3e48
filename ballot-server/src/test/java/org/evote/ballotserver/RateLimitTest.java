package org.evote.ballotserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-address and per-voter token buckets of a real node, over real HTTPS. */
class RateLimitTest {
  @TempDir Path dir;

  /** Sends {@code n} GET /health requests on one connection, as fast as they go; returns the statuses. */
  private static int[] burst(TestCluster c, int n) throws Exception {
    int[] statuses = new int[n];
    try (HttpClient client = c.client(0)) {
      for (int i = 0; i < n; i++) {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(c.url(0, "/health")))
            .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        statuses[i] = r.statusCode();
        if (r.statusCode() == 429) {
          assertThat(r.body()).contains("rate_limited");
        }
      }
    }
    return statuses;
  }

  @Test
  @DisplayName("one address over its limit gets 429 rate_limited after its burst; the node stays healthy")
  void perAddressLimit() throws Exception {
    try (TestCluster c = new TestCluster(dir, 1, new TestElection(), 1)) {
      int[] s = burst(c, 12);
      // a rate of 1/s allows a burst of 4: the first requests pass, and a quick dozen cannot all pass
      assertThat(s[0]).isEqualTo(200);
      assertThat(java.util.Arrays.stream(s).filter(x -> x == 429).count()).isGreaterThanOrEqualTo(6);
      assertThat(java.util.Arrays.stream(s).filter(x -> x != 200 && x != 429).count()).isZero();
      // the bucket refills at 1/s: the address is served again within a few seconds
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
      int status;
      do {
        java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(200));
        status = c.get(0, "/health").status();
      } while (status == 429 && System.nanoTime() < deadline);
      assertThat(status).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("a limit of 0 turns the per-address limit off")
  void limitOff() throws Exception {
    try (TestCluster c = new TestCluster(dir, 1, new TestElection(), 0)) {
      assertThat(burst(c, 300)).containsOnly(200);
    }
  }

  @Test
  @DisplayName("per voter: more than the burst of submissions for one voter gets 429, another voter is not affected")
  void perVoterLimit() throws Exception {
    try (TestCluster c = new TestCluster(dir, 1, new TestElection(), 0)) {
      int limited = 0;
      for (int i = 0; i < 14; i++) {
        TestCluster.Response r = postAs(c, "alice");
        if (r.status() == 429) {
          assertThat(r.body()).contains("rate_limited");
          limited++;
        }
      }
      assertThat(limited).isGreaterThanOrEqualTo(2);
      assertThat(postAs(c, "bob").status()).isNotEqualTo(429);
    }
  }

  /** An empty JSON submission for an unknown election, as the given voter: rejected, never stored. */
  private static TestCluster.Response postAs(TestCluster c, String voter) throws Exception {
    try (HttpClient client = c.client(0)) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(c.url(0, "/api/elections/none/ballots")))
          .timeout(Duration.ofSeconds(30)).header("content-type", "application/json").header("x-evote-voter", voter)
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      return new TestCluster.Response(r.statusCode(), r.body());
    }
  }

  @Test
  @DisplayName("a negative limit in a config file is refused with a clear message")
  void negativeLimitRefused() throws Exception {
    Path f = dir.resolve("node.json");
    Files.writeString(f, "{\"node_id\":\"n1\",\"address_rate_limit\":-5}");
    assertThatThrownBy(() -> NodeConfig.read(f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate limit");
    Files.writeString(f, "{\"node_id\":\"n1\",\"address_rate_limit\":0,\"members\":" + List.of() + "}");
    assertThat(NodeConfig.read(f).addressRateLimit()).isZero();
  }
}

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
  @DisplayName("per voter, keyed by the verified token: more than the burst of submissions gets 429, another voter is not affected, nothing is stored")
  void perVoterLimit() throws Exception {
    TestElection election = new TestElection();
    try (TestCluster c = new TestCluster(dir, 1, election, 0)) {
      assertThat(c.postAsOfficial(0, "/api/elections", election.definition(), election).status()).isEqualTo(201);
      assertThat(c.postAsOfficial(0, "/api/elections/" + election.id + "/open", "", election).status()).isEqualTo(200);
      String ballots = "/api/elections/" + election.id + "/ballots";
      TestElection.Voter alice = election.voter("alice");
      int limited = 0;
      for (int i = 0; i < 14; i++) {
        // a real token with an unreadable ballot: past the token and the limit, then refused
        TestCluster.Response r = c.post(0, ballots, unreadable(alice), null);
        if (r.status() == 429) {
          assertThat(r.body()).contains("rate_limited");
          limited++;
        } else {
          assertThat(r.status()).as(r.body()).isEqualTo(400);
        }
      }
      assertThat(limited).isGreaterThanOrEqualTo(2);
      // another voter is served; a header cannot name someone else, the token decides
      TestCluster.Response bob = c.post(0, ballots, unreadable(election.voter("bob")), null);
      assertThat(bob.status()).as(bob.body()).isEqualTo(400);
      // and a valid ballot of a third voter is still accepted, the only one stored
      TestElection.Voter carol = election.voter("carol");
      TestCluster.Response ok = c.post(0, ballots,
          election.envelope(election.ballot("carol-1", 1, org.evote.crypto.election.BallotState.CAST), carol).toString(), null);
      assertThat(ok.status()).as(ok.body()).isEqualTo(201);
      assertThat(c.postAsOfficial(0, "/api/elections/" + election.id + "/close", "", election).status()).isEqualTo(200);
      TestCluster.Response export = c.postAsOfficial(0, "/api/elections/" + election.id + "/export", "", election);
      assertThat(export.status()).as(export.body()).isEqualTo(200);
      assertThat(TestElection.JSON.readTree(export.body()).get("ballots").asInt()).isEqualTo(1);
    }
  }

  /** An envelope with the voter's real token and an empty ballot object. */
  private static String unreadable(TestElection.Voter v) {
    return "{\"ballot\":{},\"token\":\"" + v.token() + "\",\"signature\":\"AA\"}";
  }

  @Test
  @DisplayName("a negative address or voter limit in a config file is refused with a clear message; 0 turns each off")
  void negativeLimitRefused() throws Exception {
    Path f = dir.resolve("node.json");
    Files.writeString(f, "{\"node_id\":\"n1\",\"address_rate_limit\":-5}");
    assertThatThrownBy(() -> NodeConfig.read(f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate limit");
    Files.writeString(f, "{\"node_id\":\"n1\",\"voter_rate_limit\":-1}");
    assertThatThrownBy(() -> NodeConfig.read(f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("per-voter rate limit");
    Files.writeString(f, "{\"node_id\":\"n1\",\"address_rate_limit\":0,\"voter_rate_limit\":0,\"members\":" + List.of() + "}");
    assertThat(NodeConfig.read(f).addressRateLimit()).isZero();
    assertThat(NodeConfig.read(f).voterRateLimit()).isZero();
    Files.writeString(f, "{\"node_id\":\"n1\"}");
    assertThat(NodeConfig.read(f).voterRateLimit()).isEqualTo(NodeConfig.DEFAULT_VOTER_RATE_LIMIT);
  }
}

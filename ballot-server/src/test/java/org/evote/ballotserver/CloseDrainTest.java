package org.evote.ballotserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.EncryptedBallot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing while ballots are in flight on every node: each node logs the close once, after the
 * ballots it let through and before none, so nothing is acknowledged after the close in any log.
 */
class CloseDrainTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  @DisplayName("ballots sent to three nodes while one closes: every node logs the close, and every acknowledged ballot lies before it")
  void closeDrainsInFlightBallots() throws Exception {
    TestElection e = new TestElection();
    try (TestCluster c = new TestCluster(dir, 3, e, 0, 0)) {
      String base = c.createAndOpen(e);
      List<String> envelopes = new ArrayList<>();
      for (int i = 0; i < 90; i++) {
        EncryptedBallot b = e.ballot("q-" + i, i % 4, BallotState.CAST);
        envelopes.add(e.envelope(b, e.voter("q-" + i)).toString());
      }
      Map<String, JsonNode> acknowledged = new ConcurrentHashMap<>();
      AtomicBoolean closed = new AtomicBoolean();
      ExecutorService senders = Executors.newFixedThreadPool(3);
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int node = t;
        running.add(senders.submit(() -> {
          for (int i = node; i < envelopes.size(); i += 3) {
            TestCluster.Response r = c.post(node, base + "/ballots", envelopes.get(i), null);
            if (r.status() == 201) {
              acknowledged.put("q-" + i, JSON.readTree(r.body()));
            } else {
              assertThat(r.status()).as(r.body()).isEqualTo(409);
              assertThat(closed.get() || r.body().contains("election_not_open")).isTrue();
            }
          }
          return null;
        }));
      }
      while (acknowledged.size() < 15) {
        Thread.sleep(20);
      }
      assertThat(c.postAsOfficial(0, base + "/close", "", e).status()).isEqualTo(200);
      closed.set(true);
      for (Future<?> f : running) {
        f.get(5, TimeUnit.MINUTES);
      }
      senders.shutdown();

      for (int n = 0; n < 3; n++) {
        String nodeId = "node" + (n + 1);
        long closeAt = -1;
        for (int i = 0; i < 300 && closeAt < 0; i++) { // the other nodes log the close as they learn of it
          closeAt = closePosition(c, base, nodeId);
          if (closeAt < 0) {
            Thread.sleep(100);
          }
        }
        assertThat(closeAt).as(nodeId + " logged the close").isNotNegative();
        JsonNode board = JSON.readTree(c.get(0, base + "/board?node=" + nodeId + "&limit=1000").body());
        for (JsonNode en : board.get("entries")) {
          if ("ballot".equals(en.get("type").asText())) {
            assertThat(en.get("position").asLong()).as(nodeId + " ballot " + en.get("ballot_id")).isLessThan(closeAt);
          }
        }
        for (JsonNode receipt : acknowledged.values()) {
          if (receipt.get("node_id").asText().equals(nodeId)) {
            assertThat(receipt.get("log_position").asLong()).isLessThan(closeAt);
          }
        }
      }
      assertThat(acknowledged.size()).isBetween(15, 89);
    }
  }

  /** The position of the CLOSED record in a node's log, as its board shows it; -1 if none yet. */
  private static long closePosition(TestCluster c, String base, String nodeId) throws Exception {
    JsonNode board = JSON.readTree(c.get(0, base + "/board?node=" + nodeId + "&limit=1000").body());
    for (JsonNode en : board.get("entries")) {
      if ("status".equals(en.get("type").asText())
          && "CLOSED".equals(JSON.readTree(en.get("payload").asText()).path("status").asText())) {
        return en.get("position").asLong();
      }
    }
    return -1;
  }
}

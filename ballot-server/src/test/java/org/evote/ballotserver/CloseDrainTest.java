package org.evote.ballotserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.evote.ballotserver.ClusterExtension.Nodes;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.EncryptedBallot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Closing while ballots are in flight on every node: each node logs the close once, after the
 * ballots it let through and before none, so nothing is acknowledged after the close in any log.
 */
@ExtendWith(ClusterExtension.class)
class CloseDrainTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @DisplayName("ballots sent to three nodes while one closes: every node logs the close, and every acknowledged ballot lies before it")
  void closeDrainsInFlightBallots(TestElection e, @Nodes(value = 3, addressRateLimit = 0, voterRateLimit = 0) TestCluster c) throws Exception {
    String base = c.createAndOpen(e);
    List<String> envelopes = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      EncryptedBallot b = e.ballot("q-" + i, i % 4, BallotState.CAST);
      envelopes.add(e.envelope(b, e.voter("q-" + i)).toString());
    }
    Map<String, JsonNode> acknowledged = new ConcurrentHashMap<>();
    java.util.concurrent.CountDownLatch fifteenTaken = new java.util.concurrent.CountDownLatch(15);
    AtomicBoolean closed = new AtomicBoolean();
    // Each node's close record as it reaches the board (the others relay the close when the cluster tells them).
    Map<String, java.util.concurrent.CountDownLatch> closeLogged = new ConcurrentHashMap<>();
    for (int n = 1; n <= 3; n++) {
      closeLogged.put("node" + n, new java.util.concurrent.CountDownLatch(1));
    }
    org.evote.ballotserver.cluster.ElectionMaps.board(c.nodes.get(0).hazelcast()).addEntryListener(
        (com.hazelcast.map.listener.EntryAddedListener<String, String>) ev -> {
          if (ev.getValue().contains("\"type\":\"status\"") && ev.getValue().contains("CLOSED")) {
            closeLogged.get(ev.getKey().substring(0, ev.getKey().indexOf(':'))).countDown();
          }
        }, true);
    ExecutorService senders = Executors.newFixedThreadPool(3);
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      int node = t;
      running.add(senders.submit(() -> {
        for (int i = node; i < envelopes.size(); i += 3) {
          TestCluster.Response r = c.post(node, base + "/ballots", envelopes.get(i), null);
          if (r.status() == 201) {
            acknowledged.put("q-" + i, JSON.readTree(r.body()));
            fifteenTaken.countDown();
          } else {
            assertThat(r.status()).as(r.body()).isEqualTo(409);
            assertThat(closed.get() || r.body().contains("election_not_open")).isTrue();
          }
        }
        return null;
      }));
    }
    assertThat(fifteenTaken.await(2, TimeUnit.MINUTES)).isTrue();
    assertThat(c.postAsOfficial(0, base + "/close", "", e).status()).isEqualTo(200);
    closed.set(true);
    for (Future<?> f : running) {
      f.get(5, TimeUnit.MINUTES);
    }
    senders.shutdown();

    for (int n = 0; n < 3; n++) {
      String nodeId = "node" + (n + 1);
      assertThat(closeLogged.get(nodeId).await(30, TimeUnit.SECONDS)).as(nodeId + " logged the close").isTrue();
      long closeAt = closePosition(c, base, nodeId);
      assertThat(closeAt).as(nodeId + " shows the close on its board").isNotNegative();
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

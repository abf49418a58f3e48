package org.evote.ballotserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.evote.ballotserver.ClusterExtension.Nodes;
import org.evote.ballotserver.cluster.ElectionMaps;
import org.evote.ballotserver.node.HeadSigner;
import org.evote.crypto.casting.LogHead;
import org.evote.crypto.casting.LogHeads;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.record.EvoteHeadsJson;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Nodes sign their log's head (position and chain hash), keep it beside the log and in the
 * cluster, and check their log against it when they start; the export takes each node's log up
 * to its signed head and names a node whose log the cluster lost.
 */
@ExtendWith(ClusterExtension.class)
class LogHeadTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @DisplayName("a node's log cut at a record boundary is noticed when it starts: it refuses, naming the missing records")
  void cutLogRefusedAtStart(TestElection e, TestCluster c) throws Exception {
    String base = c.createAndOpen(e);
    for (int i = 0; i < 3; i++) {
      cast(c, 0, e, "voter" + i, "b" + i);
    }
    long size = c.nodes.get(0).log().size();
    c.stop(0); // signs the head on the way out
    LogHead head = EvoteHeadsJson.parseHead(Files.readAllBytes(c.dir.resolve("node1").resolve(HeadSigner.FILE)), "head").orElseThrow();
    assertThat(head.position()).isEqualTo(size - 1);
    assertThat(LogHeads.verify(head, EcKeys.loadOrCreate(c.dir.resolve("node1/node-signing.key")).getPublic())).isTrue();

    cutLastRecord(c.dir.resolve("node1/ballot.log"));
    assertThatThrownBy(() -> c.start(0))
        .hasStackTraceContaining("holds " + (size - 1) + " records, but this node signed its head at position " + (size - 1))
        .hasStackTraceContaining("are missing");
    assertThat(base).isNotEmpty();
  }

  @Test
  @DisplayName("the cluster remembers a stopped node's head: its log cut and its head file deleted, it still refuses to start")
  void clusterAnchorsTheHead(TestElection e, @Nodes(3) TestCluster c) throws Exception {
    c.createAndOpen(e);
    for (int i = 0; i < 3; i++) {
      cast(c, 1, e, "voter" + i, "b" + i);
    }
    long size = c.nodes.get(1).log().size();
    awaitHead(c, "node2", size - 1);
    // anyone can read the heads, as signed, from any node
    JsonNode heads = JSON.readTree(c.get(0, "/api/heads").body()).get("heads");
    LogHead seen = EvoteHeadsJson.parseHead(heads.get("node2").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), "heads")
        .orElseThrow();
    assertThat(seen.position()).isEqualTo(size - 1);
    String key = JSON.readTree(c.get(0, "/api/elections/" + e.id).body()).get("node_keys").get("node2").asText();
    assertThat(LogHeads.verify(seen, EcKeys.parsePublicKey(key).orElseThrow())).isTrue();
    c.stop(1);
    cutLastRecord(c.dir.resolve("node2/ballot.log"));
    Files.delete(c.dir.resolve("node2").resolve(HeadSigner.FILE));
    assertThatThrownBy(() -> c.start(1)).hasStackTraceContaining("(kept in the cluster)").hasStackTraceContaining("are missing");
  }

  @Test
  @DisplayName("a node whose log the cluster lost while it is down makes the export incomplete: refused, or marked and failing E.3")
  void exportNamesANodeWhoseLogIsLost(TestElection e, @Nodes(3) TestCluster c) throws Exception {
    String base = c.createAndOpen(e);
    for (int i = 0; i < 3; i++) {
      cast(c, 1, e, "voter" + i, "b" + i);
    }
    assertThat(c.postAsOfficial(0, base + "/close", "", e).status()).isEqualTo(200);
    awaitHead(c, "node2", c.nodes.get(1).log().size() - 1);
    c.stop(1);
    // what two nodes dying at once does to the board copy of a third node's log: gone from the maps
    var board = ElectionMaps.board(c.nodes.get(0).hazelcast());
    board.keySet().stream().filter(k -> k.startsWith("node2:")).toList().forEach(board::delete);

    TestCluster.Response refused = c.post(0, base + "/export", "", e.officialToken());
    assertThat(refused.status()).as(refused.body()).isEqualTo(503);
    assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo("export_incomplete");
    assertThat(JSON.readTree(refused.body()).get("message").asText()).contains("node node2 signed its log's head at position")
        .contains("allow_incomplete");

    TestCluster.Response marked = c.post(0, base + "/export?allow_incomplete=true", "", e.officialToken());
    assertThat(marked.status()).as(marked.body()).isEqualTo(200);
    JsonNode summary = JSON.readTree(marked.body());
    assertThat(summary.get("incomplete").get("node2").asText()).contains("is it down?");
    StringWriter out = new StringWriter();
    int code = org.evote.verifier.Main.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "verify",
        summary.get("record").asText());
    // no tally yet, so the verdict is "cannot verify" (2); the point is E.3
    assertThat(code).as(out.toString()).isNotZero();
    assertThat(out.toString()).contains("✗ E.3").contains("the export is incomplete");
  }

  @Test
  @DisplayName("an export while another node still logs takes every node's log up to a head signed after its records, and verifies")
  void exportWaitsForFreshHeads(TestElection e, @Nodes(3) TestCluster c) throws Exception {
    String base = c.createAndOpen(e);
    for (int i = 0; i < 6; i++) {
      cast(c, i % 3, e, "voter" + i, "b" + i);
    }
    TestCluster.Response closed = c.transitionAsOfficial(2, base + "/close", e);
    assertThat(closed.status()).as(closed.body()).isEqualTo(200);
    TestCluster.Response ex = c.post(0, base + "/export", "", e.officialToken());
    assertThat(ex.status()).as(ex.body()).isEqualTo(200);
    Path record = Path.of(JSON.readTree(ex.body()).get("record").asText());
    JsonNode heads = JSON.readTree(record.resolve("evote/heads.json").toFile());
    assertThat(heads.get("heads").size()).isEqualTo(3);
    assertThat(heads.get("incomplete").size()).isZero();
    TwoElectionsExportTest.assertVerifies(record);
  }

  static void cast(TestCluster c, int node, TestElection e, String voter, String ballotId) throws Exception {
    TestCluster.Response r = c.post(node, "/api/elections/" + e.id + "/ballots",
        e.envelope(e.ballot(ballotId, 1, BallotState.CAST), e.voter(voter)).toString(), null);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  /** Waits until the cluster holds a head of {@code node} at {@code position} (heads are signed every second). */
  static void awaitHead(TestCluster c, String node, long position) throws Exception {
    var heads = ElectionMaps.heads(c.nodes.get(0).hazelcast());
    java.util.concurrent.CountDownLatch reached = new java.util.concurrent.CountDownLatch(1);
    java.util.function.Consumer<String> check = h -> {
      try {
        if (h != null && JSON.readTree(h).get("position").asLong() >= position) {
          reached.countDown();
        }
      } catch (java.io.IOException ex) {
        throw new java.io.UncheckedIOException(ex);
      }
    };
    var listener = heads.addEntryListener((com.hazelcast.map.listener.EntryAddedListener<String, String>) ev -> check.accept(ev.getValue()), node, true);
    var updates = heads.addEntryListener((com.hazelcast.map.listener.EntryUpdatedListener<String, String>) ev -> check.accept(ev.getValue()), node, true);
    try {
      check.accept(heads.get(node));
      assertThat(reached.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("node " + node + " signs its head at " + position).isTrue();
    } finally {
      heads.removeEntryListener(listener);
      heads.removeEntryListener(updates);
    }
  }

  /** Cuts a ballot log's last record off at its record boundary (length ∥ payload ∥ 32-byte hash). */
  static void cutLastRecord(Path log) throws Exception {
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long pos = 0;
      long last = 0;
      ByteBuffer len = ByteBuffer.allocate(4);
      while (pos < ch.size()) {
        len.clear();
        ch.read(len, pos);
        last = pos;
        pos += 4 + len.flip().getInt() + 32;
      }
      ch.truncate(last);
    }
  }
}

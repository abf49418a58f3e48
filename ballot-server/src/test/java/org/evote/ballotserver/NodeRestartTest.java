package org.evote.ballotserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.casting.Receipts;
import org.evote.crypto.record.ReceiptJson;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.EncryptedBallot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A single node with a data directory is stopped and a new node is started on the same
 * directory and cluster settings. Its Hazelcast member starts empty, so everything it serves
 * afterwards comes from replaying its log.
 */
@ExtendWith(ClusterExtension.class)
class NodeRestartTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @DisplayName("after a restart the election, its status, ballots, voter records, receipts and board are rebuilt from the log")
  void restart(TestElection e, TestCluster c) throws Exception {
    String base = "/api/elections/" + e.id;
    assertThat(c.postAsOfficial(0, "/api/elections", e.definition(), e).status()).isEqualTo(201);
    assertThat(c.postAsOfficial(0, base + "/open", "", e).status()).isEqualTo(200);

    TestElection.Voter alice = e.voter("alice");
    TestElection.Voter bob = e.voter("bob");
    TestElection.Voter carol = e.voter("carol");
    TestElection.Voter dave = e.voter("dave");
    Map<String, EncryptedBallot> ballots = new LinkedHashMap<>();
    ballots.put("alice-1", e.ballot("alice-1", 1, BallotState.CAST));
    ballots.put("bob-1", e.ballot("bob-1", 2, BallotState.CAST));
    ballots.put("bob-2", e.ballot("bob-2", 3, BallotState.CAST));
    ballots.put("carol-c", e.ballot("carol-c", 4, BallotState.CHALLENGED));
    ballots.put("dave-1", e.ballot("dave-1", 5, BallotState.CAST));
    Map<String, TestElection.Voter> owner = Map.of("alice-1", alice, "bob-1", bob, "bob-2", bob, "carol-c", carol, "dave-1", dave);
    Map<String, JsonNode> receipts = new LinkedHashMap<>();
    Map<String, String> envelopes = new LinkedHashMap<>();
    for (var b : ballots.entrySet()) {
      String env = e.envelope(b.getValue(), owner.get(b.getKey())).toString();
      envelopes.put(b.getKey(), env);
      TestCluster.Response r = c.post(0, base + "/ballots", env, null);
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      receipts.put(b.getKey(), JSON.readTree(r.body()));
    }
    assertThat(c.postAsOfficial(0, base + "/in-person", "{\"voter_id\":\"dave\"}", e).status()).isEqualTo(200);
    // while voting is open a code shows only "recorded" (or "challenged"); the final states are
    // checked after the close, at the end
    Map<String, String> expectedState = Map.of(
        "alice-1", "recorded", "bob-1", "recorded", "bob-2", "recorded", "carol-c", "challenged", "dave-1", "recorded");

    Map<String, JsonNode> statusBefore = statuses(c, base, ballots);
    statusBefore.forEach((id, s) -> assertThat(s.get("state").asText()).as(id).isEqualTo(expectedState.get(id)));
    JsonNode boardBefore = JSON.readTree(c.get(0, base + "/board?limit=1000").body());
    JsonNode electionBefore = JSON.readTree(c.get(0, base).body());
    ClusterState stateBefore = ClusterState.of(c);
    long logSize = c.nodes.get(0).log().size();
    assertThat(logSize).isEqualTo(2 + ballots.size() + 1); // election, open, ballots, in-person

    c.stop(0);
    c.start(0);

    BallotNode node = c.nodes.get(0);
    assertThat(node.log().truncatedBytes()).isZero();
    assertThat(node.log().size()).isEqualTo(logSize);
    // the node's address is not state: the restarted node listens on a new port (port 0) and publishes it
    com.fasterxml.jackson.databind.node.ObjectNode electionAfter = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(c.get(0, base).body());
    assertThat(electionAfter.remove("node_urls").get("node1").asText()).isEqualTo("https://127.0.0.1:" + node.httpPort());
    ((com.fasterxml.jackson.databind.node.ObjectNode) electionBefore).remove("node_urls");
    assertThat(electionAfter).isEqualTo(electionBefore);
    assertThat(JSON.readTree(c.get(0, base).body()).get("status").asText()).isEqualTo("OPEN");

    // ballots by code, with their policy state and receipt: the receipt is the very one the voter
    // holds (signed again on replay, deterministic ECDSA gives the same bytes), so `vote check` agrees
    String nodeKey = electionBefore.get("node_keys").get("node1").asText();
    Map<String, JsonNode> statusAfter = statuses(c, base, ballots);
    for (String id : ballots.keySet()) {
      JsonNode after = statusAfter.get(id);
      assertThat(after.get("state").asText()).as(id).isEqualTo(expectedState.get(id));
      assertThat(after).as(id).isEqualTo(statusBefore.get(id));
      assertThat(after.get("receipt")).as(id).isEqualTo(receipts.get(id));
      assertSigned(nodeKey, after.get("receipt"));
    }

    // the board: same entries, same chain head
    JsonNode boardAfter = JSON.readTree(c.get(0, base + "/board?limit=1000").body());
    assertThat(boardAfter).isEqualTo(boardBefore);

    // every map is back: ballots, weeding keys, voter records (with the superseded order), codes, board
    ClusterState stateAfter = ClusterState.of(c);
    assertThat(normalised(stateAfter)).isEqualTo(normalised(stateBefore));

    // a client's retry after the restart gets its receipt back and stores nothing twice
    TestCluster.Response retry = c.post(0, base + "/ballots", envelopes.get("alice-1"), null);
    assertThat(retry.status()).as(retry.body()).isEqualTo(200);
    assertThat(JSON.readTree(retry.body())).isEqualTo(receipts.get("alice-1"));
    assertThat(node.log().size()).isEqualTo(logSize);

    // new ballots chain on, and the re-vote and in-person policy carry on
    EncryptedBallot bob3 = e.ballot("bob-3", 6, BallotState.CAST);
    TestCluster.Response r = c.post(0, base + "/ballots", e.envelope(bob3, bob).toString(), null);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode receipt = JSON.readTree(r.body());
    assertThat(receipt.get("log_position").asLong()).isEqualTo(logSize);
    JsonNode entry = JSON.readTree(c.get(0, base + "/board?from=" + logSize + "&limit=1").body()).get("entries").get(0);
    assertThat(entry.get("previous_hash").asText()).isEqualTo(boardBefore.get("chain_head").asText());
    assertThat(status(c, base, bob3).get("state").asText()).isEqualTo("recorded");
    TestCluster.Response late = c.post(0, base + "/ballots", e.envelope(e.ballot("dave-2", 7, BallotState.CAST), dave).toString(), null);
    assertThat(late.status()).isEqualTo(403);
    assertThat(JSON.readTree(late.body()).get("error").asText()).isEqualTo("voted_in_person");
    TestCluster.Response replay = c.post(0, base + "/ballots", e.envelope(ballots.get("carol-c"), e.voter("mallory")).toString(), null);
    assertThat(replay.status()).isEqualTo(409);
    assertThat(JSON.readTree(replay.body()).get("error").asText()).isEqualTo("replayed_ballot");

    // and a second restart replays the longer log just as well
    ClusterState beforeSecond = ClusterState.of(c);
    c.stop(0);
    c.start(0);
    assertThat(normalised(ClusterState.of(c))).isEqualTo(normalised(beforeSecond));

    // closed: the policy carried across both restarts decides each ballot's final state
    assertThat(c.postAsOfficial(0, base + "/close", "", e).status()).isEqualTo(200);
    Map<String, String> finalState = Map.of("alice-1", "cast", "bob-1", "superseded", "bob-2", "superseded",
        "carol-c", "challenged", "dave-1", "overridden");
    finalState.forEach((id, st) -> {
      try {
        assertThat(status(c, base, ballots.get(id)).get("state").asText()).as(id).isEqualTo(st);
      } catch (Exception ex) {
        throw new AssertionError(ex);
      }
    });
    assertThat(status(c, base, bob3).get("state").asText()).isEqualTo("cast");
    assertThat(status(c, base, bob3).get("counted").asBoolean()).isTrue();
  }

  static Map<String, JsonNode> statuses(TestCluster c, String base, Map<String, EncryptedBallot> ballots) throws Exception {
    Map<String, JsonNode> out = new TreeMap<>();
    for (var b : ballots.entrySet()) {
      out.put(b.getKey(), status(c, base, b.getValue()));
    }
    return out;
  }

  static JsonNode status(TestCluster c, String base, EncryptedBallot b) throws Exception {
    TestCluster.Response r = c.get(0, base + "/ballots/" + b.confirmationCode().toHex());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** A receipt, or a status holding one, without the (randomised) node signature. */
  /** A stored ballot with its receipt's signature removed (a re-made receipt has a new ECDSA signature). */
  static JsonNode withoutReceiptSignature(JsonNode stored) {
    ObjectNode copy = stored.deepCopy();
    if (copy.get("receipt") instanceof ObjectNode r) {
      r.remove("signature");
    }
    return copy;
  }

  static void assertSigned(String nodeKey, JsonNode receipt) {
    byte[] sig = Base64.getUrlDecoder().decode(receipt.get("signature").asText());
    assertThat(EcKeys.verify(EcKeys.parsePublicKey(nodeKey).orElseThrow(), Receipts.signedBytes(ReceiptJson.parse(receipt, "receipt").orElseThrow()), sig)).isTrue();
  }

  /**
   * Map contents as JSON trees (key order does not matter), receipts without their signature.
   * Weeding keys hold plain "voter|code" strings.
   */
  static Map<String, Map<String, Object>> normalised(ClusterState s) {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    s.maps().forEach((name, contents) -> {
      Map<String, Object> m = new TreeMap<>();
      contents.forEach((k, v) -> {
        Object value;
        try {
          JsonNode tree = JSON.readTree(v);
          value = tree != null && tree.isObject() ? (name.startsWith("evote.ballots.") ? withoutReceiptSignature(tree) : tree) : v;
        } catch (java.io.IOException notJson) {
          value = v;
        }
        m.put(k, value);
      });
      out.put(name, m);
    });
    List<Long> logs = new ArrayList<>(s.logSizes());
    out.put("log sizes", Map.of("sizes", logs));
    return out;
  }
}

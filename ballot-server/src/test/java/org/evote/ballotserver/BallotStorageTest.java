package org.evote.ballotserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.evote.ballotserver.cluster.ElectionMaps;
import org.evote.ballotserver.cluster.StoredBallot;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.record.ReceiptJson;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Where a ballot lives once acknowledged: its record once in the node's log and once in the cluster
 * (the board), the ballots map holding only the receipt that points at that record; and what a
 * node does when what the cluster holds there was changed behind its back.
 */
@ExtendWith(ClusterExtension.class)
class BallotStorageTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @DisplayName("the ballots map holds the receipt, voter, style and device; the board holds the log record the receipt's hash names; a retry on another node finds it there")
  void oneCopyInTheCluster(TestElection e, @ClusterExtension.Nodes(2) TestCluster c) throws Exception {
    Cast cast = castFirst(e, c, "nina");
    EncryptedBallot b = cast.ballot();
    String env = cast.envelope();
    JsonNode receipt = cast.receipt();

    var hz = c.nodes.get(1).hazelcast();
    String value = ElectionMaps.of(hz, e.id).ballots().get("nina-1");
    assertThat(JSON.readTree(value).fieldNames()).toIterable()
        .containsExactlyInAnyOrder("voter", "ballot_style_id", "encrypting_device", "receipt");
    StoredBallot stored = StoredBallot.fromJson(value);
    assertThat(stored.voter()).isEqualTo("nina");
    assertThat(stored.style()).isEqualTo(b.ballotStyleId());
    assertThat(stored.device()).isEqualTo(b.encryptingDevice());
    assertThat(JSON.readTree(ReceiptJson.write(stored.receipt()))).isEqualTo(receipt);

    JsonNode entry = JSON.readTree(ElectionMaps.board(hz).get(stored.boardKey()));
    String payload = entry.get("payload").asText();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(HexFormat.of().parseHex(entry.get("previous_hash").asText()));
    assertThat(HexFormat.of().formatHex(sha.digest(payload.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(receipt.get("log_hash").asText()).isEqualTo(entry.get("hash").asText());
    JsonNode logged = JSON.readTree(payload);
    assertThat(logged.get("envelope")).isEqualTo(JSON.readTree(env));
    assertThat(logged.get("voter").asText()).isEqualTo("nina");

    TestCluster.Response again = c.post(1, cast.ballots(), env, null);
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(JSON.readTree(again.body())).isEqualTo(receipt);
  }

  @Test
  @DisplayName("a ballot's record rewritten on the board: a retry read through the receipt is refused as tampering, and /health says so")
  void boardRecordRewritten(TestElection e, @ClusterExtension.Nodes(2) TestCluster c) throws Exception {
    Cast cast = castFirst(e, c, "omar");

    var hz = c.nodes.get(1).hazelcast();
    String key = StoredBallot.fromJson(ElectionMaps.of(hz, e.id).ballots().get("omar-1")).boardKey();
    ObjectNode entry = (ObjectNode) JSON.readTree(ElectionMaps.board(hz).get(key));
    ObjectNode payload = (ObjectNode) JSON.readTree(entry.get("payload").asText());
    payload.put("voter", "someone-else");
    entry.put("payload", payload.toString());
    ElectionMaps.board(hz).set(key, entry.toString());

    TestCluster.Response retry = c.post(1, cast.ballots(), cast.envelope(), null);
    assertThat(retry.status()).as(retry.body()).isEqualTo(503);
    assertThat(JSON.readTree(retry.body()).get("error").asText()).isEqualTo("cluster_untrusted");
    TestCluster.Response health = c.get(1, "/health");
    assertThat(health.status()).isEqualTo(503);
    assertThat(JSON.readTree(health.body()).get("problem").asText()).contains("omar-1").contains("does not chain");
  }

  @Test
  @DisplayName("a ballots map entry an insider replaced with something else: a retry is refused as tampering, not answered with it")
  void ballotsEntryReplaced(TestElection e, TestCluster c) throws Exception {
    Cast cast = castFirst(e, c, "pia");

    ElectionMaps.of(c.nodes.get(0).hazelcast(), e.id).ballots().set("pia-1", "{\"receipt\":{}}");
    TestCluster.Response retry = c.post(0, cast.ballots(), cast.envelope(), null);
    assertThat(retry.status()).as(retry.body()).isEqualTo(503);
    assertThat(JSON.readTree(retry.body()).get("error").asText()).isEqualTo("cluster_untrusted");
    assertThat(JSON.readTree(c.get(0, "/health").body()).get("problem").asText()).contains("pia-1");
  }

  /** A ballot cast through node 0: the election's ballots path, the ballot, its envelope and receipt. */
  private record Cast(String ballots, EncryptedBallot ballot, String envelope, JsonNode receipt) {}

  /** Creates and opens the election, and casts the voter's first ballot through node 0. */
  private static Cast castFirst(TestElection e, TestCluster c, String voter) throws Exception {
    String ballots = c.createAndOpen(e) + "/ballots";
    EncryptedBallot b = e.ballot(voter + "-1", 1, BallotState.CAST);
    String env = e.envelope(b, e.voter(voter)).toString();
    TestCluster.Response r = c.post(0, ballots, env, null);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return new Cast(ballots, b, env, JSON.readTree(r.body()));
  }
}

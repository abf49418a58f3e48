package org.evote.ballotserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.evote.ballotserver.auth.TokenIssuer;
import org.evote.ballotserver.cluster.ElectionMaps;
import org.evote.ballotserver.cluster.ElectionStatus;
import org.evote.ballotserver.cluster.VoterRecord;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.election.BallotState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an insider with write access to the cluster's maps (a rogue member, or a node's operator)
 * tried: reopening a closed election and cancelling a voter's online vote with a fake in-person
 * flag. Every change that affects the count must carry an official's signed request, so each
 * attempt is noticed: the node refuses to acknowledge and says why in /health.
 */
@ExtendWith(ClusterExtension.class)
class InsiderTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @DisplayName("a closed election set back to OPEN in the cluster (plain, or with the old signed 'open' request) accepts no ballot and makes /health 503")
  void reopenClosedElection(TestElection e, TestCluster c) throws Exception {
    String base = "/api/elections/" + e.id;
    assertThat(c.postAsOfficial(0, "/api/elections", e.definition(), e).status()).isEqualTo(201);
    String openRequest = e.official(base + "/open", "");
    assertThat(c.post(0, base + "/open", "", openRequest).status()).isEqualTo(200);
    assertThat(c.postAsOfficial(0, base + "/close", "", e).status()).isEqualTo(200);
    TestCluster.Response refused = cast(c, e, "kim");
    assertThat(refused.status()).isEqualTo(409);

    var statuses = ElectionMaps.statuses(c.nodes.get(0).hazelcast());
    statuses.set(e.id, new ElectionStatus("OPEN", openRequest).toJson()); // a real, signed, older request
    TestCluster.Response replayed = cast(c, e, "lee");
    assertThat(replayed.status()).as(replayed.body()).isEqualTo(503);
    assertThat(JSON.readTree(replayed.body()).get("error").asText()).isEqualTo("cluster_untrusted");
    TestCluster.Response health = c.get(0, "/health");
    assertThat(health.status()).isEqualTo(503);
    assertThat(JSON.readTree(health.body()).get("problem").asText()).contains("went back from CLOSED to OPEN");
  }

  @Test
  @DisplayName("a state written without an official's request (as a Hazelcast client did) is refused, and /health names it")
  void unsignedState(TestElection e, TestCluster c) throws Exception {
    assertThat(c.postAsOfficial(0, "/api/elections", e.definition(), e).status()).isEqualTo(201);
    ElectionMaps.statuses(c.nodes.get(0).hazelcast()).set(e.id, "OPEN");
    TestCluster.Response r = cast(c, e, "max");
    assertThat(r.status()).as(r.body()).isEqualTo(503);
    JsonNode h = JSON.readTree(c.get(0, "/health").body());
    assertThat(h.get("problem").asText()).contains("the state of election " + e.id).contains("is not a state record");
  }

  @Test
  @DisplayName("a forged in-person flag (another key's request) on a voter's record is noticed instead of silently blocking the voter")
  void forgedInPerson(TestElection e, TestCluster c) throws Exception {
    c.createAndOpen(e);
    assertThat(cast(c, e, "ned").status()).isEqualTo(201);
    TokenIssuer mallory = new TokenIssuer(EcKeys.generate(), "mallory");
    String forged = mallory.officialToken("official-1", e.id, "in_person", "ned", Instant.now().plus(Duration.ofHours(1)));
    var voters = ElectionMaps.of(c.nodes.get(0).hazelcast(), e.id).voters();
    VoterRecord r = VoterRecord.fromJson(voters.get("ned"));
    voters.set("ned", new VoterRecord(r.cast(), r.seqs(), forged).toJson());
    TestCluster.Response again = cast(c, e, "ned", 2);
    assertThat(again.status()).as(again.body()).isEqualTo(503);
    JsonNode h = JSON.readTree(c.get(0, "/health").body());
    assertThat(h.get("problem").asText()).contains("in-person vote of voter ned").contains("officials' key");
  }

  @Test
  @DisplayName("a genuine in-person vote blocks the voter's later ballots with 403 voted_in_person")
  void genuineInPerson(TestElection e, TestCluster c) throws Exception {
    String base = c.createAndOpen(e);
    assertThat(cast(c, e, "ola").status()).isEqualTo(201);
    assertThat(c.postAsOfficial(0, base + "/in-person", "{\"voter_id\":\"ola\"}", e).status()).isEqualTo(200);
    TestCluster.Response again = cast(c, e, "ola", 2);
    assertThat(again.status()).as(again.body()).isEqualTo(403);
    assertThat(JSON.readTree(again.body()).get("error").asText()).isEqualTo("voted_in_person");
    assertThat(c.get(0, "/health").status()).isEqualTo(200);
  }

  private static TestCluster.Response cast(TestCluster c, TestElection e, String voter) throws Exception {
    return cast(c, e, voter, 1);
  }

  /** The voter's n-th ballot (id voter-n), sent to node 0. */
  private static TestCluster.Response cast(TestCluster c, TestElection e, String voter, int n) throws Exception {
    return c.post(0, "/api/elections/" + e.id + "/ballots",
        e.envelope(e.ballot(voter + "-" + n, n, BallotState.CAST), e.voter(voter)).toString(), null);
  }
}

package org.evote.ballotserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.evote.ballotserver.ClusterExtension.Nodes;
import org.evote.crypto.election.BallotState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node left without a majority says so: /health is 503 with majority false, and a ballot sent
 * to it is refused with 503 and Retry-After (never 500), so that clients try another node.
 */
@ExtendWith(ClusterExtension.class)
class MajorityLossTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @DisplayName("two of three nodes stop: the survivor's /health turns 503 (majority false) and a ballot gets 503 with Retry-After")
  void survivorWithoutMajority(TestElection e, @Nodes(3) TestCluster c) throws Exception {
    String base = c.createAndOpen(e);
    for (BallotNode n : c.nodes) { // partitions settle after the start
      assertThat(n.hazelcast().getPartitionService().forceLocalMemberToBeSafe(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
    TestCluster.Response before = c.get(0, "/health");
    assertThat(before.status()).as(before.body()).isEqualTo(200);
    assertThat(JSON.readTree(before.body()).get("majority").asBoolean()).isTrue();
    java.util.concurrent.CountDownLatch left = new java.util.concurrent.CountDownLatch(2);
    c.nodes.get(0).hazelcast().getCluster().addMembershipListener(new com.hazelcast.cluster.MembershipListener() {
      @Override
      public void memberAdded(com.hazelcast.cluster.MembershipEvent ev) {
        // not waited for
      }

      @Override
      public void memberRemoved(com.hazelcast.cluster.MembershipEvent ev) {
        left.countDown();
      }
    });
    c.stop(1);
    c.stop(2);
    assertThat(left.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    TestCluster.Response health = c.get(0, "/health");
    assertThat(health.status()).as(health.body()).isEqualTo(503);
    JsonNode h = JSON.readTree(health.body());
    assertThat(h.get("majority").asBoolean()).isFalse();
    assertThat(h.get("ok").asBoolean()).isFalse();
    for (int i = 0; i < 3; i++) {
      TestCluster.Response r = c.post(0, base + "/ballots",
          e.envelope(e.ballot("pat-" + i, 1, BallotState.CAST), e.voter("pat-" + i)).toString(), null);
      assertThat(r.status()).as(r.body()).isEqualTo(503);
      assertThat(r.retryAfter()).isEqualTo("2");
      assertThat(JSON.readTree(r.body()).get("error").asText()).isIn("cluster_unavailable", "replication_failed");
    }
  }
}

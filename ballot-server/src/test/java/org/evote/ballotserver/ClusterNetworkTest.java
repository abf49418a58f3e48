package org.evote.ballotserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.nio.file.Path;
import java.util.List;
import org.evote.ballotserver.ClusterExtension.Nodes;
import org.evote.crypto.election.BallotState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster network as an insider would attack it: a Hazelcast client and a Hazelcast member
 * started here, on loopback, against a real node. The client cannot connect at all; the member
 * can join (Hazelcast Community authenticates no member), and the node notices it, reports itself
 * unsafe and acknowledges nothing more.
 */
@ExtendWith(ClusterExtension.class)
class ClusterNetworkTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  @DisplayName("a Hazelcast client pointed at a node's cluster port cannot connect (no client endpoint)")
  void noClientEndpoint(TestElection e, TestCluster c) throws Exception {
    NodeConfig node = c.configs.get(0);
    ClientConfig cc = new ClientConfig();
    cc.setClusterName(node.clusterName());
    cc.getNetworkConfig().addAddress(node.clusterHost() + ":" + node.clusterPort());
    cc.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(4000);
    cc.setProperty("hazelcast.logging.type", "jdk");
    assertThatThrownBy(() -> HazelcastClient.newHazelcastClient(cc).shutdown())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Unable to connect");
    assertThat(c.get(0, "/health").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a member that is not configured joins: /health turns 503 naming it, and a valid ballot is refused 503 cluster_untrusted")
  void rogueMember(TestElection e, TestCluster c) throws Exception {
    String ballots = c.createAndOpen(e) + "/ballots";
    TestCluster.Response before = c.post(0, ballots,
        e.envelope(e.ballot("ivy-1", 1, BallotState.CAST), e.voter("ivy")).toString(), null);
    assertThat(before.status()).as(before.body()).isEqualTo(201);
    JsonNode healthy = JSON.readTree(c.get(0, "/health").body());
    assertThat(healthy.get("cluster_trusted").asBoolean()).isTrue();

    NodeConfig node = c.configs.get(0);
    int roguePort = TestCluster.freePort();
    Config rc = new Config();
    rc.setClusterName(node.clusterName());
    rc.setProperty("hazelcast.logging.type", "jdk");
    rc.setProperty("hazelcast.phone.home.enabled", "false");
    rc.getNetworkConfig().setPort(roguePort).setPortAutoIncrement(false);
    rc.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    rc.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    rc.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    rc.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true)
        .setMembers(List.of(node.clusterHost() + ":" + node.clusterPort()));
    HazelcastInstance rogue = Hazelcast.newHazelcastInstance(rc);
    try {
      assertThat(rogue.getCluster().getMembers()).hasSize(2);
      TestCluster.Response health = c.get(0, "/health");
      assertThat(health.status()).isEqualTo(503);
      JsonNode h = JSON.readTree(health.body());
      assertThat(h.get("cluster_trusted").asBoolean()).isFalse();
      assertThat(h.get("ok").asBoolean()).isFalse();
      assertThat(h.get("problem").asText()).contains("127.0.0.1:" + roguePort).contains("not among the configured members");
      TestCluster.Response after = c.post(0, ballots,
          e.envelope(e.ballot("jay-1", 2, BallotState.CAST), e.voter("jay")).toString(), null);
      assertThat(after.status()).as(after.body()).isEqualTo(503);
      assertThat(JSON.readTree(after.body()).get("error").asText()).isEqualTo("cluster_untrusted");
    } finally {
      rogue.shutdown();
    }
    // the intruder left, but it could have written: the node stays unsafe until an operator restarts it
    assertThat(c.get(0, "/health").status()).isEqualTo(503);
  }

  @Test
  @DisplayName("members on another machine without a cluster address are refused: the cluster never binds to the public address by default")
  void clusterHostRequiredForRemoteMembers() {
    assertThatThrownBy(() -> new NodeConfig("node1", dir, "203.0.113.7", 8443, "evote", 5701,
        List.of("10.0.0.1:5701", "10.0.0.2:5701"), false, null, 0, 50, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--cluster-host");
    NodeConfig ok = new NodeConfig("node1", dir, "203.0.113.7", 8443, "evote", 5701,
        List.of("10.0.0.1:5701", "10.0.0.2:5701"), false, null, 0, 50, 2, "10.0.0.1");
    assertThat(ok.clusterHost()).isEqualTo("10.0.0.1");
    NodeConfig single = new NodeConfig("node1", dir, "203.0.113.7", 8443, "evote", 5701, List.of(), false, null, 0, 50, 2);
    assertThat(single.clusterHost()).isEqualTo("127.0.0.1");
  }

  @Test
  @DisplayName("a public URL that is not an origin (a path, a quote, a semicolon, another scheme, plain http on a TLS node) is refused; a good one is kept, and a node on every address publishes none by default")
  void publicUrl() {
    for (String bad : List.of("https://vote.example/path", "https://vote.example; script-src *", "ftp://vote.example",
        "http://vote.example", "https://'self'", "https://vote.example:99999", "https://", "vote.example")) {
      assertThatThrownBy(() -> publicUrlConfig("0.0.0.0", bad, false)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("public URL must be an origin");
    }
    assertThat(publicUrlConfig("0.0.0.0", "https://vote.example:8443/", false).publishedOrigin(8443))
        .hasValue("https://vote.example:8443");
    assertThat(publicUrlConfig("0.0.0.0", "http://127.0.0.1:8080", true).publishedOrigin(8080)).hasValue("http://127.0.0.1:8080");
    assertThat(publicUrlConfig("0.0.0.0", null, false).publishedOrigin(8443)).isEmpty();
    assertThat(publicUrlConfig("192.0.2.4", null, false).publishedOrigin(9443)).hasValue("https://192.0.2.4:9443");
    assertThat(publicUrlConfig("::1", null, false).publishedOrigin(9443)).hasValue("https://[::1]:9443");
  }

  private NodeConfig publicUrlConfig(String host, String url, boolean plainHttp) {
    return new NodeConfig("node1", dir, host, 8443, "evote", 5701, List.of(), plainHttp, null, 0, 50, 2, null,
        org.evote.ballotserver.http.ServerLimits.DEFAULTS, org.evote.ballotserver.tls.TlsSettings.DEFAULT, url);
  }

  @Test
  @DisplayName("an exception thrown on another member comes back through the deserialisation allow-list instead of hanging the caller")
  void remoteExceptionCrossesTheFilter(TestElection e, @Nodes(2) TestCluster c) throws Exception {
    HazelcastInstance here = c.nodes.get(0).hazelcast();
    HazelcastInstance there = c.nodes.get(1).hazelcast();
    String key = null;
    for (int i = 0; key == null; i++) {
      if (here.getPartitionService().getPartition("voter-" + i).getOwner().getUuid()
          .equals(there.getCluster().getLocalMember().getUuid())) {
        key = "voter-" + i;
      }
    }
    var voters = org.evote.ballotserver.cluster.ElectionMaps.of(here, e.id).voters();
    voters.set(key, "not a voter record");
    String k = key;
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () ->
        assertThatThrownBy(() -> voters.executeOnKey(k, new org.evote.ballotserver.cluster.CastProcessor("b-1")))
            .hasStackTraceContaining("corrupt voter record"));
  }
}

package org.evote.ballotserver.cluster;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import java.util.List;

/**
 * The Hazelcast configuration of a node: a member endpoint only, bound to the node's cluster
 * address (never a client endpoint, so no Hazelcast client can connect); TCP-IP join with an
 * explicit member list (multicast, auto-detection and phone-home off); one synchronous backup for
 * every map (two for the small maps of nodes, heads and states), a write that cannot reach its
 * backup failing instead of being acknowledged;
 * split-brain protection requiring a majority of the configured members; and Java
 * deserialisation limited to an allow-list (our own cluster types use numeric ids, never class
 * names). Membership itself is not authenticated by Hazelcast Community: {@link MemberGuard}
 * notices a member that is not configured, and the cluster network must be private.
 */
public final class ClusterConfig {
  private ClusterConfig() {}

  /** The name of the split-brain protection rule our maps use. */
  public static final String MAJORITY = "evote-majority";

  /**
   * @param clusterName a name no other cluster on the network uses
   * @param host the cluster address to bind and advertise (a private interface, loopback for a
   *     single node), never the public HTTPS address unless the operator says so
   * @param port the Hazelcast member port
   * @param members every member "host:port", this one included; a single-node default when it
   *     has at most one entry
   */
  public static Config build(String clusterName, String host, int port, List<String> members) {
    System.setProperty("hazelcast.phone.home.enabled", "false");
    Config c = new Config();
    c.setClusterName(clusterName);
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.operation.fail.on.indeterminate.state", "true");
    c.setProperty("hazelcast.logging.type", "jdk");
    c.setProperty("hazelcast.shutdownhook.enabled", "false");
    c.setProperty("hazelcast.socket.bind.any", "false");
    c.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    AdvancedNetworkConfig network = c.getAdvancedNetworkConfig().setEnabled(true);
    ServerSocketEndpointConfig member = new ServerSocketEndpointConfig();
    member.setPort(port).setPortAutoIncrement(false);
    member.getInterfaces().setEnabled(true).addInterface(host);
    member.setPublicAddress(host + ":" + port);
    network.setMemberEndpointConfig(member);
    JoinConfig j = network.getJoin();
    j.getMulticastConfig().setEnabled(false);
    j.getAutoDetectionConfig().setEnabled(false);
    j.getTcpIpConfig().setEnabled(true).setMembers(members.isEmpty() ? List.of(host + ":" + port) : members);
    MapConfig maps = new MapConfig("evote.*").setBackupCount(1).setAsyncBackupCount(0);
    // The small maps that say which nodes exist, how far their logs reach and what state each
    // election is in keep a copy on every node of a cluster of three, so that they survive two
    // nodes dying at once; the ballots are rebuilt from the logs ({@code LogReplay}).
    List<MapConfig> all = new java.util.ArrayList<>(List.of(maps));
    for (String small : List.of("evote.nodes", "evote.urls", "evote.replayed", "evote.heads", "evote.status", "evote.elections")) {
      all.add(new MapConfig(small).setBackupCount(2).setAsyncBackupCount(0));
    }
    if (members.size() > 1) {
      int majority = members.size() / 2 + 1;
      c.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(MAJORITY, true, majority));
      // All but evote.replayed: a node left alone after a double failure must be able to clear it
      // at once, before the restarted nodes rejoin (see node.ReplayedLogs). It holds no ballot.
      all.stream().filter(m -> !m.getName().equals("evote.replayed")).forEach(m -> m.setSplitBrainProtectionName(MAJORITY));
    }
    all.forEach(c::addMapConfig);
    c.getSerializationConfig().addDataSerializableFactory(ClusterSerialization.FACTORY_ID, new ClusterSerialization());
    JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig().setDefaultsDisabled(true);
    // Hazelcast's own types and the JDK's value and exception types only (an exception thrown on
    // another member comes back with its stack trace, an array of StackTraceElement), and arrays of
    // those; nothing of ours (our types cross by numeric id), no library's.
    filter.getWhitelist()
        .addPrefixes("com.hazelcast.", "java.lang.", "java.util.", "java.math.", "java.time.", "java.io.",
            "[Lcom.hazelcast.", "[Ljava.lang.", "[Ljava.util.")
        .addClasses("[B", "[C", "[S", "[I", "[J", "[F", "[D", "[Z");
    c.getSerializationConfig().setJavaSerializationFilterConfig(filter);
    return c;
  }
}

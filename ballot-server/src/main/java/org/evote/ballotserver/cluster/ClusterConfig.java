package org.evote.ballotserver.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import java.util.List;

/**
 * The Hazelcast configuration of a node: TCP-IP join with an explicit member list (multicast,
 * auto-detection and phone-home off), one synchronous backup for every map, a write that cannot
 * reach its backup failing instead of being acknowledged, and split-brain protection requiring a
 * majority of the configured members.
 */
public final class ClusterConfig {
  private ClusterConfig() {}

  /** The name of the split-brain protection rule our maps use. */
  public static final String MAJORITY = "evote-majority";

  /**
   * @param clusterName a name no other cluster on the network uses
   * @param host the address to bind and advertise
   * @param port the Hazelcast member port
   * @param members every member "host:port", this one included; a single-node default when it
   *     has at most one entry
   */
  public static Config build(String clusterName, String host, int port, List<String> members) {
    System.setProperty("hazelcast.phone.home.enabled", "false");
    Config c = new Config();
    c.setClusterName(clusterName);
    // Vert.x's cluster manager finds its node id in this member attribute.
    c.getMemberAttributeConfig().setAttribute("__vertx.nodeId", java.util.UUID.randomUUID().toString());
    c.setProperty("hazelcast.phone.home.enabled", "false");
    c.setProperty("hazelcast.operation.fail.on.indeterminate.state", "true");
    c.setProperty("hazelcast.logging.type", "jdk");
    c.setProperty("hazelcast.shutdownhook.enabled", "false");
    c.setProperty("hazelcast.socket.bind.any", "false");
    c.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    NetworkConfig n = c.getNetworkConfig();
    n.setPort(port).setPortAutoIncrement(false);
    n.getInterfaces().setEnabled(true).addInterface(host);
    n.setPublicAddress(host + ":" + port);
    JoinConfig j = n.getJoin();
    j.getMulticastConfig().setEnabled(false);
    j.getAutoDetectionConfig().setEnabled(false);
    j.getTcpIpConfig().setEnabled(true).setMembers(members.isEmpty() ? List.of(host + ":" + port) : members);
    MapConfig maps = new MapConfig("evote.*").setBackupCount(1).setAsyncBackupCount(0);
    if (members.size() > 1) {
      int majority = members.size() / 2 + 1;
      c.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(MAJORITY, true, majority));
      maps.setSplitBrainProtectionName(MAJORITY);
    }
    c.addMapConfig(maps);
    c.getSerializationConfig().addDataSerializableFactory(ClusterSerialization.FACTORY_ID, new ClusterSerialization());
    c.getSerializationConfig().setJavaSerializationFilterConfig(
        new JavaSerializationFilterConfig().setDefaultsDisabled(false));
    return c;
  }
}

package org.evote.ballotserver;

import com.hazelcast.core.HazelcastInstance;

/** A node's insides for tests in other packages, such as an insider's write into the cluster's maps. */
public final class NodeInternals {
  private NodeInternals() {}

  /** The node's Hazelcast member, as a rogue member or an operator with cluster access sees it. */
  public static HazelcastInstance hazelcast(BallotNode node) {
    return node.hazelcast();
  }

  /** Makes the node re-read the published origins now instead of at its next 2 s refresh. */
  public static void refreshOrigins(BallotNode node) {
    node.refreshOrigins();
  }
}

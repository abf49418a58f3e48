package org.evote.ballotserver;

import com.hazelcast.core.DistributedObject;
import com.hazelcast.map.IMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a cluster stores, for tests that assert that a request changed nothing: the contents
 * of every non-empty {@code evote.*} map (ballots, weeding keys, voter records, codes, receipts,
 * board, elections, their status, node keys; not the nodes' signed heads nor the origins they
 * publish, their addresses) and each node's log size.
 */
record ClusterState(Map<String, Map<String, String>> maps, List<Long> logSizes) {

  static ClusterState of(TestCluster cluster) {
    Map<String, Map<String, String>> maps = new TreeMap<>();
    for (DistributedObject o : cluster.nodes.get(0).hazelcast().getDistributedObjects()) {
      // evote.heads is left out: a node signs its head a moment after its log grew, on its own;
      // the log sizes below say whether a request changed a log.
      if (o instanceof IMap<?, ?> m && o.getName().startsWith("evote.") && !o.getName().equals("evote.heads")
          && !o.getName().equals("evote.urls") && !m.isEmpty()) {
        Map<String, String> copy = new TreeMap<>();
        m.forEach((k, v) -> copy.put((String) k, (String) v));
        maps.put(o.getName(), copy);
      }
    }
    List<Long> logs = new ArrayList<>();
    for (BallotNode n : cluster.nodes) {
      logs.add(n.log().size());
    }
    return new ClusterState(maps, logs);
  }

  /** The contents of one map, empty when it does not exist. */
  Map<String, String> map(String name) {
    return maps.getOrDefault(name, Map.of());
  }
}

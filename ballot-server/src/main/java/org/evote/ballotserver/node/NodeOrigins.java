package org.evote.ballotserver.node;

import com.hazelcast.core.HazelcastInstance;
import java.util.Map;
import java.util.TreeMap;
import org.evote.ballotserver.PublicOrigin;
import org.evote.ballotserver.cluster.ElectionMaps;

/**
 * The origins voters' browsers reach the nodes at. Each node publishes its own in the cluster
 * ({@code evote.urls}) and keeps a checked copy of everyone's, refreshed in the background, so
 * that the voter page can cast through another node when its own is down: the page's
 * Content-Security-Policy lets it connect to them, and the nodes answer its cross-origin requests.
 *
 * <p>What the cluster holds is untrusted: an origin of any other shape than
 * {@link PublicOrigin} allows is dropped. A forged origin of the right shape can at worst send a
 * voter's encrypted, signed ballot to a server that cannot answer with a receipt the page accepts
 * (receipts are checked against the nodes' signing keys), so the page says the ballot was not cast.
 */
public final class NodeOrigins {
  private final HazelcastInstance hz;
  private final String nodeId;
  private final boolean plainHttp;
  private volatile String mine;
  private volatile Map<String, String> known = Map.of();

  public NodeOrigins(HazelcastInstance hz, String nodeId, boolean plainHttp) {
    this.hz = hz;
    this.nodeId = nodeId;
    this.plainHttp = plainHttp;
  }

  /** Publishes this node's origin (none: the node binds every address and has no public URL). */
  public void publish(String origin) {
    mine = origin;
    read();
  }

  /**
   * Puts this node's origin back if the cluster lost or changed it, and re-reads everyone's; keeps
   * what it knew while the cluster cannot answer (no majority).
   */
  public void refresh() {
    try {
      read();
    } catch (RuntimeException e) {
      // the next refresh, two seconds on, tries again
    }
  }

  private void read() {
    var map = ElectionMaps.urls(hz);
    String own = mine;
    if (own != null && !own.equals(map.get(nodeId))) {
      map.set(nodeId, own);
    }
    Map<String, String> checked = new TreeMap<>();
    map.forEach((id, origin) -> {
      if (origin != null && PublicOrigin.valid(origin, plainHttp)) {
        checked.put(id, origin);
      }
    });
    if (own != null) {
      checked.put(nodeId, own);
    }
    known = java.util.Collections.unmodifiableMap(checked); // in node id order
  }

  /** Node id → checked origin, this node's included. */
  public Map<String, String> known() {
    return known;
  }

  /** Whether a browser's Origin header names one of the nodes. */
  public boolean isNode(String origin) {
    return origin != null && known.containsValue(origin);
  }
}

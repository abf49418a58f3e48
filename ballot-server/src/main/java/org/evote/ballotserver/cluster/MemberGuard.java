package org.evote.ballotserver.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Watches the cluster's members. Hazelcast Community lets anyone who reaches the member port and
 * knows the cluster name join; such a member holds partitions and can write every map. A node
 * that sees a member whose address is not among the configured members therefore reports itself
 * unsafe from then on (its maps may hold the intruder's writes), stops acknowledging ballots, and
 * says why in its log. Until a restart, on purpose: an operator must look.
 */
public final class MemberGuard implements MembershipListener {
  private static final Logger LOG = Logger.getLogger(MemberGuard.class.getName());

  private final String nodeId;
  private final Set<String> allowed = new HashSet<>();
  private final AtomicReference<String> problem = new AtomicReference<>();

  /**
   * @param nodeId this node's id, for the log
   * @param members the configured members "host:port" (this one included)
   */
  public MemberGuard(String nodeId, List<String> members) {
    this.nodeId = nodeId;
    for (String m : members) {
      int colon = m.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("a member is host:port, got '" + m + "'");
      }
      String host = m.substring(0, colon);
      String port = m.substring(colon + 1);
      allowed.add(host + ":" + port);
      try {
        for (InetAddress a : InetAddress.getAllByName(host)) {
          allowed.add(a.getHostAddress() + ":" + port);
        }
      } catch (UnknownHostException e) {
        LOG.warning("node " + nodeId + ": member host " + host + " does not resolve now; it is allowed by name only");
      }
    }
  }

  /** Starts watching; checks the members already there. */
  public void watch(HazelcastInstance hz) {
    hz.getCluster().addMembershipListener(this);
    hz.getCluster().getMembers().forEach(this::check);
  }

  @Override
  public void memberAdded(MembershipEvent e) {
    check(e.getMember());
  }

  @Override
  public void memberRemoved(MembershipEvent e) {
    // an intruder that left may have written already: the node stays unsafe
  }

  private void check(Member m) {
    String host = m.getAddress().getHost();
    String address = host + ":" + m.getAddress().getPort();
    String ip;
    try {
      ip = m.getAddress().getInetAddress().getHostAddress() + ":" + m.getAddress().getPort();
    } catch (UnknownHostException e) {
      ip = address;
    }
    if (!allowed.contains(address) && !allowed.contains(ip)) {
      String why = "a cluster member at " + address + " is not among the configured members " + allowed.stream().sorted().toList()
          + ": the cluster network is not private; this node acknowledges no ballot until an operator restarts it";
      if (problem.compareAndSet(null, why)) {
        LOG.severe("node " + nodeId + ": " + why);
      }
    }
  }

  /** Why the cluster cannot be trusted, or empty while every member seen was configured. */
  public Optional<String> problem() {
    return Optional.ofNullable(problem.get());
  }
}

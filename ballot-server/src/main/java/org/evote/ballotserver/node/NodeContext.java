package org.evote.ballotserver.node;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.evote.ballotserver.cluster.ElectionMaps;
import org.evote.ballotserver.election.LoadedElection;
import org.evote.ballotserver.log.BallotLog;

/**
 * What every service of one node shares: its id and data folder, its clock, the cluster, its
 * fsync'd log, its signing key, its metrics and the elections it has loaded. It holds state and
 * answers lookups; the services ({@link CastService}, {@link OfficialActions}, {@link PublicReads},
 * {@link BoardPublisher}, {@link LogReplay}) act on it.
 */
public final class NodeContext {
  private static final Logger LOG = Logger.getLogger(NodeContext.class.getName());

  private final String nodeId;
  private final Path dataDir;
  private final Clock clock;
  private final HazelcastInstance hz;
  private final BallotLog log;
  private final KeyPair signingKey;
  private final NodeMetrics metrics;
  private final Supplier<Optional<String>> clusterProblem;
  private final ConcurrentHashMap<String, LoadedElection> loaded = new ConcurrentHashMap<>();

  /**
   * @param nodeId this node's id, unique in the cluster
   * @param dataDir where its log, keys and exports live
   * @param clock the clock that stamps log records and receipts
   * @param hz the Hazelcast member this node runs
   * @param log this node's log, open and recovered
   * @param signingKey the key that signs this node's receipts
   * @param metrics the counters the services update
   * @param clusterProblem why the cluster cannot be trusted (a member that is not configured), or
   *     empty
   */
  public NodeContext(String nodeId, Path dataDir, Clock clock, HazelcastInstance hz, BallotLog log, KeyPair signingKey,
      NodeMetrics metrics, Supplier<Optional<String>> clusterProblem) {
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.hz = Objects.requireNonNull(hz, "hz");
    this.log = Objects.requireNonNull(log, "log");
    this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clusterProblem = Objects.requireNonNull(clusterProblem, "clusterProblem");
  }

  /** Why the cluster cannot be trusted, or empty: while it is present, nothing is acknowledged. */
  public Optional<String> clusterProblem() {
    return clusterProblem.get();
  }

  public String nodeId() {
    return nodeId;
  }

  public Path dataDir() {
    return dataDir;
  }

  public Clock clock() {
    return clock;
  }

  public BallotLog log() {
    return log;
  }

  /** The private key that signs this node's receipts. */
  public PrivateKey signingKey() {
    return signingKey.getPrivate();
  }

  /** This node's receipt-signing public key. */
  public java.security.PublicKey signingPublicKey() {
    return signingKey.getPublic();
  }

  public NodeMetrics metrics() {
    return metrics;
  }

  HazelcastInstance hazelcast() {
    return hz;
  }

  /**
   * The election with this id, loaded from the cluster's definitions on first use and kept; null
   * when the id is malformed or unknown, or when its stored definition no longer loads.
   */
  public LoadedElection election(String electionId) {
    if (electionId == null || !electionId.matches("[0-9a-f]{64}")) {
      return null;
    }
    LoadedElection e = loaded.get(electionId);
    if (e != null) {
      return e;
    }
    String def = ElectionMaps.elections(hz).get(electionId);
    if (def == null) {
      return null;
    }
    LoadedElection.Load l = LoadedElection.parse(def, clock);
    if (l.election() == null) {
      LOG.severe("stored election " + electionId + " no longer loads: " + l.problem());
      return null;
    }
    loaded.put(electionId, l.election());
    return l.election();
  }

  /** Keeps an election this node has just created, so that it is not parsed again. */
  void remember(LoadedElection election) {
    loaded.put(election.id(), election);
  }

  /** "CREATED", "OPEN" or "CLOSED"; null when unknown. */
  public String status(String electionId) {
    return statuses().get(electionId);
  }

  /** Election id → status, for every election. */
  IMap<String, String> statuses() {
    return ElectionMaps.statuses(hz);
  }

  /** Every node's log records, all elections: "node:position" → board entry. */
  public IMap<String, String> board() {
    return ElectionMaps.board(hz);
  }

  /** The replicated maps of one election. */
  public ElectionMaps maps(String electionId) {
    return ElectionMaps.of(hz, electionId);
  }
}

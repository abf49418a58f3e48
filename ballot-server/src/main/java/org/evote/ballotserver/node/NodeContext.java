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
import org.evote.ballotserver.cluster.ElectionStatus;
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
  private final OfficialRequests officials;
  private final int majority;
  /** The first forged value this node read from the cluster, if any. */
  private final java.util.concurrent.atomic.AtomicReference<String> tampering = new java.util.concurrent.atomic.AtomicReference<>();
  /**
   * Set while the cluster has lost data (a partition with all its copies, when two nodes die at
   * once) and this node has not yet put its log back into it; no ballot is acknowledged meanwhile,
   * since the cluster may have forgotten a voter's earlier ballot.
   */
  private final java.util.concurrent.atomic.AtomicBoolean rebuilding = new java.util.concurrent.atomic.AtomicBoolean();
  /** Which members' logs the maps hold; ballots wait until all do (see {@link ReplayedLogs}). */
  private final ReplayedLogs replayedLogs;
  /** The furthest verified state of each election this node has seen: a state never goes back. */
  private final ConcurrentHashMap<String, ElectionStatus> furthest = new ConcurrentHashMap<>();
  /**
   * Per election: held shared by a ballot from its last look at the state to its log append,
   * taken exclusively to log the election's close, so that no ballot lands in this node's log
   * after the close.
   */
  private final ConcurrentHashMap<String, java.util.concurrent.locks.ReentrantReadWriteLock> gates = new ConcurrentHashMap<>();
  /** Elections whose close this node's log holds. */
  private final java.util.Set<String> closeLogged = ConcurrentHashMap.newKeySet();
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
   * @param officials the check of officials' signed requests
   * @param majority how many members, this one included, make a majority of the configured ones
   *     (1 for a node alone)
   * @param members how many members are configured, this one included (1 for a node alone)
   */
  public NodeContext(String nodeId, Path dataDir, Clock clock, HazelcastInstance hz, BallotLog log, KeyPair signingKey,
      NodeMetrics metrics, Supplier<Optional<String>> clusterProblem, OfficialRequests officials, int majority,
      int members) {
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.hz = Objects.requireNonNull(hz, "hz");
    this.log = Objects.requireNonNull(log, "log");
    this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clusterProblem = Objects.requireNonNull(clusterProblem, "clusterProblem");
    this.officials = Objects.requireNonNull(officials, "officials");
    this.majority = majority;
    this.replayedLogs = new ReplayedLogs(hz, nodeId, members);
  }

  /** Which members' logs the cluster's maps hold since they last lost data. */
  public ReplayedLogs replayedLogs() {
    return replayedLogs;
  }

  /**
   * Whether a majority of the configured members is in the cluster now, by the member list (the
   * split-brain rule that guards the maps learns of a departure a moment later).
   */
  public boolean hasMajority() {
    return hz.getCluster().getMembers().size() >= majority;
  }

  /**
   * Why the cluster cannot be trusted (a member that is not configured, or a forged value read
   * from it), or empty: while it is present, nothing is acknowledged.
   */
  public Optional<String> clusterProblem() {
    Optional<String> member = clusterProblem.get();
    return member.isPresent() ? member : Optional.ofNullable(tampering.get());
  }

  /** Whether this node still has to put its log back into a cluster that lost data. */
  public boolean rebuilding() {
    return rebuilding.get();
  }

  /** Marks that the cluster lost data this node must replay, or that the replay is done. */
  public void rebuilding(boolean value) {
    rebuilding.set(value);
  }

  /** Records that a value read from the cluster is forged; the node is unsafe from then on. */
  public void reportTampering(String what) {
    if (tampering.compareAndSet(null, what + ": someone with access to the cluster network changed it; "
        + "this node acknowledges no ballot until an operator restarts it")) {
      LOG.severe("node " + nodeId + ": " + tampering.get());
    }
  }

  /** The check of officials' signed requests. */
  public OfficialRequests officials() {
    return officials;
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

  /** The election with this id if this node has loaded it already, else null; never blocks. */
  public LoadedElection loadedElection(String electionId) {
    return electionId == null ? null : loaded.get(electionId);
  }

  /** Keeps an election this node has just created, so that it is not parsed again. */
  void remember(LoadedElection election) {
    loaded.put(election.id(), election);
  }

  /**
   * "CREATED", "OPEN" or "CLOSED"; null when unknown. The state read from the cluster counts only
   * with an official's request for it, and never goes back behind one this node has seen: a
   * forged or rolled-back state is reported ({@link #reportTampering}) and the last good one is
   * used.
   */
  public String status(String electionId) {
    String raw = statuses().get(electionId);
    ElectionStatus seen = furthest.get(electionId);
    if (raw == null) {
      return seen == null ? null : seen.status();
    }
    Optional<ElectionStatus> s = ElectionStatus.fromJson(raw);
    String problem = s.isEmpty() ? "is not a state record"
        : officials.problemWithStored(s.get().request(), electionId, ElectionStatus.actionFor(s.get().status()), null).orElse(null);
    if (problem != null) {
      reportTampering("the state of election " + electionId + " in the cluster " + problem);
      return seen == null ? null : seen.status();
    }
    if (seen != null && s.get().rank() < seen.rank()) {
      reportTampering("the state of election " + electionId + " in the cluster went back from " + seen.status()
          + " to " + s.get().status());
      return seen.status();
    }
    furthest.merge(electionId, s.get(), (a, b) -> b.rank() > a.rank() ? b : a);
    return s.get().status();
  }

  /** The state this node last verified for an election, without asking the cluster; null if none. */
  String knownStatus(String electionId) {
    ElectionStatus s = knownState(electionId);
    return s == null ? null : s.status();
  }

  /** The state, with its official's request, this node last verified for an election; null if none. */
  ElectionStatus knownState(String electionId) {
    return furthest.get(electionId);
  }

  /** The append gate of an election (see the field). */
  java.util.concurrent.locks.ReentrantReadWriteLock gate(String electionId) {
    return gates.computeIfAbsent(electionId, id -> new java.util.concurrent.locks.ReentrantReadWriteLock());
  }

  /** Marks that this node's log holds the election's close; false if it already did. */
  boolean markCloseLogged(String electionId) {
    return closeLogged.add(electionId);
  }

  /** Election id → {@link ElectionStatus} JSON, for every election. */
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

package org.evote.ballotserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.evote.crypto.casting.EcKeys;
import org.evote.ballotserver.cast.CastService;
import org.evote.crypto.casting.Receipts;
import org.evote.ballotserver.cast.Reply;
import org.evote.ballotserver.cluster.ClusterConfig;
import org.evote.ballotserver.cluster.ElectionMaps;
import org.evote.ballotserver.cluster.WeedProcessor;
import org.evote.ballotserver.cluster.InPersonProcessor;
import org.evote.ballotserver.cluster.ReplayProcessor;
import org.evote.ballotserver.cluster.VoterRecord;
import org.evote.ballotserver.http.ApiVerticle;
import org.evote.ballotserver.http.NodeMetrics;
import org.evote.ballotserver.log.BallotLog;
import org.evote.ballotserver.tls.SelfSignedTls;

/**
 * One ballot-server node: a Hazelcast member, a clustered Vert.x instance with the HTTP API, a
 * worker pool for ballot checks, its signing key and its local log. Every node accepts ballots;
 * none is special.
 */
public final class BallotNode implements CastService.NodeContext {
  private static final Logger LOG = Logger.getLogger(BallotNode.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NodeConfig config;
  private final Clock clock;
  private final HazelcastInstance hz;
  private final Vertx vertx;
  private final BallotLog log;
  private final KeyPair signingKey;
  private final NodeMetrics metrics;
  private final WorkerExecutor workers;
  private final AtomicInteger pendingWork = new AtomicInteger();
  private final ConcurrentHashMap<String, LoadedElection> loaded = new ConcurrentHashMap<>();
  private final CastService castService;
  private final SelfSignedTls.Material tls;
  private final java.security.interfaces.ECPublicKey officialsKey;
  private volatile int httpPort;

  private BallotNode(NodeConfig config, Clock clock, HazelcastInstance hz, Vertx vertx, BallotLog log,
      KeyPair signingKey, SelfSignedTls.Material tls, java.security.interfaces.ECPublicKey officialsKey) {
    this.config = config;
    this.clock = clock;
    this.hz = hz;
    this.vertx = vertx;
    this.log = log;
    this.signingKey = signingKey;
    this.tls = tls;
    this.officialsKey = officialsKey;
    int threads = config.workerThreads() > 0 ? config.workerThreads() : Runtime.getRuntime().availableProcessors();
    this.workers = vertx.createSharedWorkerExecutor("evote-ballot-checks-" + config.nodeId(), threads, 60, TimeUnit.SECONDS);
    this.metrics = new NodeMetrics(config.nodeId(), log::queueDepth, pendingWork::get);
    this.castService = new CastService(this, config.voterRateLimit());
  }

  /** The system property that sizes the JDK's common fork-join pool. */
  static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  /**
   * Call first thing in a main method. On one or two cores the JDK sizes its common pool to one
   * thread and then runs every asynchronous completion, Hazelcast's included, on a new thread of
   * its own: one thread started per replicated write. Two threads avoid that. Does nothing if the
   * property is set, or on more cores.
   */
  public static void preferPooledCallbacks() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(COMMON_POOL_PARALLELISM, "2");
    }
  }

  /**
   * Starts a node: opens and recovers its log, joins the cluster, replays its log into the
   * cluster, and listens. The future fails if any step fails, including the HTTP bind.
   */
  public static Future<BallotNode> start(NodeConfig config) {
    try {
      Path data = config.dataDir();
      java.nio.file.Files.createDirectories(data);
      BallotLog log = BallotLog.open(data.resolve("ballot.log"), config.nodeId());
      KeyPair key = EcKeys.loadOrCreate(data.resolve("node-signing.key"));
      SelfSignedTls.Material tls = config.insecureDev() ? null : SelfSignedTls.ensure(data, config.nodeId());
      java.security.interfaces.ECPublicKey officials = officialsKey(config);
      if (!config.clustered()) {
        LOG.warning("node " + config.nodeId() + " runs alone: ballots have NO replica on another node "
            + "(configure members for a cluster)");
      }
      if (config.insecureDev()) {
        LOG.warning("node " + config.nodeId() + " serves plain HTTP (--insecure-dev): never use this in an election");
      }
      HazelcastInstance hz = Hazelcast.newHazelcastInstance(
          ClusterConfig.build(config.clusterName(), config.host(), config.clusterPort(), config.members()));
      VertxOptions options = new VertxOptions()
          .setEventBusOptions(new EventBusOptions().setHost(config.host()).setPort(0).setClusterPublicHost(config.host()));
      return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hz)).buildClustered()
          .compose(vertx -> {
            BallotNode node = new BallotNode(config, Clock.systemUTC(), hz, vertx, log, key, tls, officials);
            return vertx.executeBlocking(() -> {
              node.awaitMajority();
              node.replay();
              ElectionMaps.nodes(hz).set(config.nodeId(), EcKeys.publicKeyBase64(key.getPublic()));
              return node;
            }).compose(n -> vertx.deployVerticle(new ApiVerticle(n)).map(id -> {
              vertx.setPeriodic(2000, t -> n.workers().executeBlocking(() -> {
                n.republishMissing();
                return null;
              }, true));
              return n;
            }));
          })
          .onFailure(t -> {
            hz.shutdown();
            closeQuietly(log);
          });
    } catch (IOException | RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static java.security.interfaces.ECPublicKey officialsKey(NodeConfig config) throws IOException {
    if (config.officialsKey() != null) {
      return EcKeys.parsePublicKey(config.officialsKey())
          .orElseThrow(() -> new IOException("officials_key is not a base64 P-256 public key"));
    }
    Path dev = config.dataDir().resolve("officials-idp.key");
    KeyPair kp = EcKeys.loadOrCreate(dev);
    LOG.warning("no officials key configured: officials' tokens are checked against the development key " + dev
        + " (issue one with: ./evote idp official --key " + dev + ")");
    return (java.security.interfaces.ECPublicKey) kp.getPublic();
  }

  private static void closeQuietly(BallotLog log) {
    try {
      log.close();
    } catch (IOException e) {
      LOG.warning("closing the log failed: " + e.getMessage());
    }
  }

  /**
   * Waits until a majority of the configured members have joined, since writes need it (split-
   * brain protection); a single node needs nobody.
   */
  void awaitMajority() throws InterruptedException {
    if (!config.clustered()) {
      return;
    }
    int majority = config.members().size() / 2 + 1;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    long nextLog = 0;
    Object joined = new Object();
    java.util.UUID listener = hz.getCluster().addMembershipListener(new com.hazelcast.cluster.MembershipListener() {
      @Override
      public void memberAdded(com.hazelcast.cluster.MembershipEvent e) {
        synchronized (joined) {
          joined.notifyAll();
        }
      }

      @Override
      public void memberRemoved(com.hazelcast.cluster.MembershipEvent e) {
        // nothing to wake up for
      }
    });
    try {
      // The split-brain rule learns of a new member a moment after the member list does, so the
      // wait is on membership events with a short timeout to re-read the rule.
      while (hz.getCluster().getMembers().size() < majority
          || !hz.getSplitBrainProtectionService().getSplitBrainProtection(ClusterConfig.MAJORITY).hasMinimumSize()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("only " + hz.getCluster().getMembers().size() + " of the " + majority
              + " members needed have joined after 10 minutes");
        }
        if (System.nanoTime() > nextLog) {
          LOG.info("node " + config.nodeId() + " waits for " + majority + " of " + config.members().size() + " members");
          nextLog = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        }
        synchronized (joined) {
          joined.wait(100);
        }
      }
    } finally {
      hz.getCluster().removeMembershipListener(listener);
    }
  }

  /** Stops the node: stops listening, leaves the cluster and closes the log. */
  public Future<Void> stop() {
    return vertx.close().andThen(x -> {
      hz.shutdown();
      closeQuietly(log);
    });
  }

  // ---- NodeContext --------------------------------------------------------------------------

  @Override
  public String nodeId() {
    return config.nodeId();
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
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

  @Override
  public String status(String electionId) {
    return hz.<String, String>getMap("evote.status").get(electionId);
  }

  @Override
  public ElectionMaps maps(String electionId) {
    return ElectionMaps.of(hz, electionId);
  }

  @Override
  public BallotLog log() {
    return log;
  }

  /** Log positions whose board entry could not be written yet; {@link #republishMissing} retries them. */
  private final java.util.concurrent.ConcurrentSkipListMap<Long, String> unpublished = new java.util.concurrent.ConcurrentSkipListMap<>();

  /** Puts a log record on the board without waiting; a failure is retried by {@link #republishMissing}. */
  @Override
  public void publish(String electionId, BallotLog.Entry entry) {
    try {
      maps(electionId).board().setAsync(config.nodeId() + ":" + entry.position(), boardEntryOf(entry).toString())
          .whenComplete((v, ex) -> {
            if (ex != null) {
              publishLater(electionId, entry, ex);
            }
          });
    } catch (RuntimeException e) {
      publishLater(electionId, entry, e);
    }
  }

  private void publishLater(String electionId, BallotLog.Entry entry, Throwable why) {
    unpublished.put(entry.position(), electionId);
    LOG.warning("log record " + entry.position() + " is not on the board yet (" + why.getClass().getSimpleName()
        + "); it will be published again");
  }

  /**
   * Publishes the log records whose board entry could not be written: a node that failed to
   * publish a record while the cluster was changing catches up here (a restarted node publishes
   * its whole log in {@link #replay}). Runs every few seconds.
   */
  void republishMissing() {
    for (Long pos : unpublished.keySet()) {
      try {
        for (BallotLog.Entry entry : log.read(pos, 1)) {
          maps(unpublished.get(pos)).board().putIfAbsent(config.nodeId() + ":" + entry.position(), boardEntryOf(entry).toString());
        }
        unpublished.remove(pos);
      } catch (RuntimeException e) {
        LOG.warning("publishing the log on the board failed (" + e.getClass().getSimpleName() + "); retrying later");
        return;
      }
    }
  }

  /** The board entry of a log record: its type, hashes and payload, and a ballot's id, code and state. */
  static ObjectNode boardEntryOf(BallotLog.Entry entry) {
    String payload = new String(entry.payload(), StandardCharsets.UTF_8);
    JsonNode p;
    try {
      p = JSON.readTree(payload);
    } catch (IOException e) {
      throw new IllegalStateException("log record " + entry.position() + " is not JSON", e);
    }
    String type = p.path("type").asText();
    ObjectNode o = JSON.createObjectNode();
    o.put("type", type);
    if ("ballot".equals(type)) {
      o.put("ballot_id", p.path("ballot_id").asText());
      o.put("confirmation_code", p.path("confirmation_code").asText());
    }
    o.put("previous_hash", HexFormat.of().formatHex(entry.previousHash()));
    o.put("hash", HexFormat.of().formatHex(entry.hash()));
    o.put("payload", payload);
    if ("ballot".equals(type)) {
      o.put("state", p.path("state").asText());
    }
    return o;
  }

  @Override
  public PrivateKey signingKey() {
    return signingKey.getPrivate();
  }

  @Override
  public CastService.Metrics metrics() {
    return metrics;
  }

  // ---- for the HTTP layer -------------------------------------------------------------------

  public NodeConfig config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  public WorkerExecutor workers() {
    return workers;
  }

  public AtomicInteger pendingWork() {
    return pendingWork;
  }

  public NodeMetrics nodeMetrics() {
    return metrics;
  }

  public CastService castService() {
    return castService;
  }

  public SelfSignedTls.Material tls() {
    return tls;
  }

  public java.security.interfaces.ECPublicKey officialsKey() {
    return officialsKey;
  }

  /** The port the API listens on, once started. */
  public int httpPort() {
    return httpPort;
  }

  public void setHttpPort(int port) {
    this.httpPort = port;
  }

  /** Whether the cluster is safe (every partition has its replicas) and the log is writable. */
  public Map<String, Object> health() {
    boolean safe = hz.getPartitionService().isClusterSafe();
    int members = hz.getCluster().getMembers().size();
    boolean writable = log.writable();
    return Map.of("node", config.nodeId(), "cluster_safe", safe, "members", members,
        "log_writable", writable, "log_size", log.size(), "ok", safe && writable);
  }

  // ---- officials ----------------------------------------------------------------------------

  /** Creates an election from an uploaded definition; logged so that it survives restarts. */
  public Reply createElection(byte[] body) {
    String def = new String(body, StandardCharsets.UTF_8);
    LoadedElection.Load l = LoadedElection.parse(def, clock);
    if (l.election() == null) {
      return Reply.reject(400, "invalid_election", l.problem());
    }
    String id = l.election().id();
    String prev = ElectionMaps.elections(hz).putIfAbsent(id, def);
    if (prev != null) {
      return Reply.reject(409, "election_exists", "election " + id + " already exists");
    }
    hz.<String, String>getMap("evote.status").set(id, "CREATED");
    logEvent("election", id, Map.of("definition", def));
    loaded.put(id, l.election());
    return Reply.ok(201, JSON.createObjectNode().put("election_id", id).put("status", "CREATED").toString());
  }

  /** Opens or closes an election. */
  public Reply setStatus(String electionId, String newStatus) {
    if (election(electionId) == null) {
      return Reply.reject(404, "unknown_election", "no election with id " + electionId);
    }
    String current = status(electionId);
    boolean allowed = ("OPEN".equals(newStatus) && "CREATED".equals(current))
        || ("CLOSED".equals(newStatus) && "OPEN".equals(current));
    if (!allowed) {
      return Reply.reject(409, "invalid_transition", "cannot go from " + current + " to " + newStatus);
    }
    hz.<String, String>getMap("evote.status").set(electionId, newStatus);
    logEvent("status", electionId, Map.of("status", newStatus));
    return Reply.ok(200, JSON.createObjectNode().put("election_id", electionId).put("status", newStatus).toString());
  }

  /** Records an in-person vote: the voter's online ballots no longer count. */
  public Reply inPerson(String electionId, byte[] body) {
    if (election(electionId) == null) {
      return Reply.reject(404, "unknown_election", "no election with id " + electionId);
    }
    String voter;
    try {
      JsonNode n = JSON.readTree(body);
      voter = n.path("voter_id").asText("");
    } catch (IOException e) {
      return Reply.reject(400, "malformed_json", "the request body is not valid JSON");
    }
    if (voter.isBlank() || voter.length() > 200) {
      return Reply.reject(400, "malformed_request", "voter_id is required");
    }
    String after = maps(electionId).voters().executeOnKey(voter, new InPersonProcessor());
    logEvent("in_person", electionId, Map.of("voter", voter));
    VoterRecord r = VoterRecord.fromJson(after);
    ObjectNode o = JSON.createObjectNode().put("voter_id", voter).put("in_person", true);
    ArrayNode a = o.putArray("overridden_ballots");
    r.cast().forEach(a::add);
    return Reply.ok(200, o.toString());
  }

  private void logEvent(String type, String electionId, Map<String, String> fields) {
    ObjectNode o = JSON.createObjectNode().put("type", type).put("election_id", electionId)
        .put("time", clock.instant().toString());
    fields.forEach(o::put);
    String payload = o.toString();
    BallotLog.Entry entry;
    try {
      entry = log.append(payload.getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the node could not log an official action", e);
    }
    publish(electionId, entry);
  }

  // ---- public reads -------------------------------------------------------------------------

  /** The election as the public sees it: its record files, status and the nodes' keys. */
  public Reply describe(String electionId) {
    LoadedElection e = election(electionId);
    if (e == null) {
      return Reply.reject(404, "unknown_election", "no election with id " + electionId);
    }
    try {
      ObjectNode o = (ObjectNode) JSON.readTree(e.definition());
      o.put("election_id", electionId);
      o.put("status", status(electionId));
      ObjectNode nodes = o.putObject("node_keys");
      ElectionMaps.nodes(hz).forEach(nodes::put);
      return Reply.ok(200, o.toString());
    } catch (IOException ex) {
      return Reply.reject(500, "internal", "stored election unreadable");
    }
  }

  /**
   * The voter's latest cast ballot that is stored. A ballot that got its place in the voter's
   * record but was never logged (its node stopped in between, and it was never acknowledged) is
   * not a ballot, and does not supersede the one before it.
   */
  static String latestStored(VoterRecord r, java.util.function.Predicate<String> isStored) {
    for (int i = r.cast().size() - 1; i >= 0; i--) {
      if (isStored.test(r.cast().get(i))) {
        return r.cast().get(i);
      }
    }
    return null;
  }

  /** A ballot's state by confirmation code: cast (counted), superseded, overridden or challenged. */
  public Reply ballotStatus(String electionId, String code) {
    if (election(electionId) == null) {
      return Reply.reject(404, "unknown_election", "no election with id " + electionId);
    }
    if (code == null || !code.matches("[0-9a-f]{64}")) {
      return Reply.reject(400, "malformed_code", "a confirmation code is 64 lower-case hex digits");
    }
    ElectionMaps m = maps(electionId);
    String ballotId = m.codes().get(code);
    if (ballotId == null) {
      return Reply.reject(404, "unknown_ballot", "no ballot with that confirmation code is on the board");
    }
    String stored = m.ballots().get(ballotId);
    if (stored == null) {
      return Reply.reject(404, "unknown_ballot", "no ballot with that confirmation code is on the board");
    }
    try {
      JsonNode s = JSON.readTree(stored);
      String state = s.get("state").asText();
      String shown;
      if ("CHALLENGED".equals(state)) {
        shown = "challenged";
      } else {
        VoterRecord r = VoterRecord.fromJson(m.voters().get(s.get("voter").asText()));
        shown = r.inPerson() ? "overridden" : ballotId.equals(latestStored(r, m.ballots()::containsKey)) ? "cast" : "superseded";
      }
      ObjectNode o = JSON.createObjectNode().put("ballot_id", ballotId).put("confirmation_code", code)
          .put("state", shown).put("counted", "cast".equals(shown));
      if (s.has("receipt")) {
        o.set("receipt", s.get("receipt"));
      }
      return Reply.ok(200, o.toString());
    } catch (IOException ex) {
      return Reply.reject(500, "internal", "stored ballot unreadable");
    }
  }

  /** A page of a node's log as published on the board, with the chain head. */
  public Reply board(String electionId, String nodeId, long from, int limit) {
    if (election(electionId) == null) {
      return Reply.reject(404, "unknown_election", "no election with id " + electionId);
    }
    String n = nodeId == null ? config.nodeId() : nodeId;
    ElectionMaps m = maps(electionId);
    ObjectNode o = JSON.createObjectNode().put("node_id", n).put("from", from);
    ArrayNode entries = o.putArray("entries");
    long pos = from;
    String last = null;
    for (int i = 0; i < limit; i++, pos++) {
      String e = m.board().get(n + ":" + pos);
      if (e == null) {
        if (n.equals(config.nodeId()) && pos < log.size()) {
          continue; // a non-ballot entry (official action) of this node's log
        }
        break;
      }
      try {
        ObjectNode en = (ObjectNode) JSON.readTree(e);
        en.put("position", pos);
        entries.add(en);
        last = en.get("hash").asText();
      } catch (IOException ex) {
        return Reply.reject(500, "internal", "board entry unreadable");
      }
    }
    o.put("next", pos);
    if (n.equals(config.nodeId())) {
      o.put("chain_head", HexFormat.of().formatHex(log.head()));
      o.put("log_size", log.size());
    } else if (last != null) {
      o.put("last_hash", last);
    }
    return Reply.ok(200, o.toString());
  }

  // ---- recovery -----------------------------------------------------------------------------

  /**
   * Replays this node's log into the cluster: election definitions and states, ballots, voter
   * records (in the order the cluster gave them), weeding keys, receipts and the board. Every
   * step is idempotent, so replaying into a cluster that already holds the data changes nothing.
   */
  void replay() {
    long n = log.size();
    int ballots = 0;
    for (long from = 0; from < n; from += 1000) {
      for (BallotLog.Entry entry : log.read(from, 1000)) {
        try {
          JsonNode p = JSON.readTree(new String(entry.payload(), StandardCharsets.UTF_8));
          String eid = p.path("election_id").asText();
          String type = p.path("type").asText();
          switch (type) {
            case "election" -> ElectionMaps.elections(hz).putIfAbsent(eid, p.get("definition").asText());
            case "status" -> replayStatus(eid, p.get("status").asText());
            case "in_person" -> maps(eid).voters().executeOnKey(p.get("voter").asText(), new ReplayProcessor(null, 0));
            case "ballot" -> {
              replayBallot(eid, p, entry);
              ballots++;
            }
            default -> LOG.warning("log entry " + entry.position() + " has an unknown type");
          }
          if (!"ballot".equals(type)) {
            maps(eid).board().putIfAbsent(config.nodeId() + ":" + entry.position(), boardEntryOf(entry).toString());
          }
        } catch (IOException | RuntimeException e) {
          throw new IllegalStateException("cannot replay log entry " + entry.position() + ": " + e.getMessage(), e);
        }
      }
    }
    if (n > 0) {
      LOG.info("node " + config.nodeId() + " replayed " + n + " log entries (" + ballots + " ballots)");
    }
  }

  private void replayStatus(String eid, String status) {
    var map = hz.<String, String>getMap("evote.status");
    String cur = map.get(eid);
    int rank = List.of("CREATED", "OPEN", "CLOSED").indexOf(status);
    if (cur == null || List.of("CREATED", "OPEN", "CLOSED").indexOf(cur) < rank) {
      map.set(eid, status);
    }
  }

  private void replayBallot(String eid, JsonNode p, BallotLog.Entry entry) throws IOException {
    ElectionMaps m = maps(eid);
    hz.<String, String>getMap("evote.status").putIfAbsent(eid, "CREATED");
    String ballotId = p.get("ballot_id").asText();
    String code = p.get("confirmation_code").asText();
    String voter = p.get("voter").asText();
    LoadedElection e = election(eid);
    if (e != null) {
      var parsed = e.codec().parseEncryptedBallot(JSON.writeValueAsBytes(p.get("envelope").get("ballot")), "log");
      if (parsed.isOk()) {
        m.weeds().executeOnKeys(CastService.weedKeysOf(parsed.value()), WeedProcessor.claim(voter + "|" + code));
      }
    }
    if ("CAST".equals(p.get("state").asText())) {
      m.voters().executeOnKey(voter, new ReplayProcessor(ballotId, p.get("voter_seq").asInt()));
    }
    m.board().putIfAbsent(config.nodeId() + ":" + entry.position(), boardEntryOf(entry).toString());
    if (!m.ballots().containsKey(ballotId)) {
      ObjectNode stored = (ObjectNode) p.deepCopy();
      stored.set("receipt", CastService.receipt(eid, ballotId, code, p.get("state").asText(), config.nodeId(), entry,
          p.get("received").asText(), signingKey.getPrivate()));
      m.ballots().putIfAbsent(ballotId, stored.toString());
    }
    m.codes().putIfAbsent(code, ballotId);
  }

  /** Writes the election record (egk-ec layout plus our evote/ extension files) under the data directory. */
  public Reply export(String electionId) {
    LoadedElection e = election(electionId);
    if (e == null) {
      return Reply.reject(404, "unknown_election", "no election with id " + electionId);
    }
    try {
      Path dir = config.dataDir().resolve("exports").resolve(electionId + "-" + clock.millis());
      RecordExport.Summary s = new RecordExport(hz, e, maps(electionId)).write(dir);
      ObjectNode o = JSON.createObjectNode().put("record", dir.toAbsolutePath().toString())
          .put("ballots", s.ballots()).put("counted", s.counted()).put("superseded", s.superseded())
          .put("overridden", s.overridden()).put("challenged", s.challenged());
      return Reply.ok(200, o.toString());
    } catch (IOException ex) {
      return Reply.reject(500, "export_failed", "the record could not be written: " + ex.getMessage());
    }
  }

  HazelcastInstance hazelcast() {
    return hz;
  }
}

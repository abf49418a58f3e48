package org.evote.ballotserver;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.evote.ballotserver.cluster.ClusterConfig;
import org.evote.ballotserver.cluster.ElectionMaps;
import org.evote.ballotserver.cluster.MemberGuard;
import org.evote.ballotserver.http.ApiVerticle;
import org.evote.ballotserver.log.BallotLog;
import org.evote.ballotserver.node.BoardPublisher;
import org.evote.ballotserver.node.CastService;
import org.evote.ballotserver.node.HeadSigner;
import org.evote.ballotserver.node.LogReplay;
import org.evote.ballotserver.node.NodeContext;
import org.evote.ballotserver.node.NodeMetrics;
import org.evote.ballotserver.node.OfficialActions;
import org.evote.ballotserver.node.OfficialRequests;
import org.evote.ballotserver.node.NodeOrigins;
import org.evote.ballotserver.node.PublicReads;
import org.evote.ballotserver.signin.CredentialService;
import org.evote.ballotserver.tls.NodeTls;
import org.evote.crypto.casting.EcKeys;

/**
 * One ballot-server node, the composition root: it opens the log, joins the cluster, builds the
 * {@link NodeContext} and the services on it, replays the log, and deploys the HTTP API with
 * those services. Every node accepts ballots; none is special.
 */
public final class BallotNode {
  private static final Logger LOG = Logger.getLogger(BallotNode.class.getName());

  private final NodeConfig config;
  private final HazelcastInstance hz;
  private final Vertx vertx;
  private final NodeContext context;
  private final WorkerExecutor workers;
  private final BoardPublisher board;
  private final NodeTls.Material tls;
  private final ApiVerticle api;
  private final OfficialActions officials;
  private final HeadSigner heads;
  private final NodeOrigins origins;

  private BallotNode(NodeConfig config, HazelcastInstance hz, Vertx vertx, BallotLog log, KeyPair signingKey,
      NodeTls.Material tls, ECPublicKey officialsKey, MemberGuard guard, KeyPair credentialKey) {
    this.config = config;
    this.hz = hz;
    this.vertx = vertx;
    this.tls = tls;
    int threads = config.workerThreads() > 0 ? config.workerThreads() : Runtime.getRuntime().availableProcessors();
    this.workers = vertx.createSharedWorkerExecutor("evote-ballot-checks-" + config.nodeId(), threads, 60, TimeUnit.SECONDS);
    // /health and the officials' requests get threads of their own, so that they answer while
    // ballots saturate the workers above.
    WorkerExecutor control = vertx.createSharedWorkerExecutor("evote-control-" + config.nodeId(), 2, 10, TimeUnit.MINUTES);
    NodeMetrics metrics = new NodeMetrics(config.nodeId(), log::queueDepth);
    this.context = new NodeContext(config.nodeId(), config.dataDir(), Clock.systemUTC(), hz, log, signingKey, metrics,
        guard::problem, new OfficialRequests(officialsKey, Clock.systemUTC()),
        config.majority(), config.clustered() ? config.members().size() : 1);
    this.board = new BoardPublisher(context);
    this.heads = new HeadSigner(context);
    this.officials = new OfficialActions(context, board);
    this.origins = new NodeOrigins(hz, config.nodeId(), config.insecureDev());
    this.api = new ApiVerticle(
        new ApiVerticle.Settings(config.host(), config.httpPort(), config.addressRateLimit(), tls, config.limits()),
        new ApiVerticle.Services(new CastService(context, board, config.voterRateLimit()),
            officials, new PublicReads(context, origins), metrics, workers, control, origins,
            credentialKey == null ? null : new CredentialService(credentialKey, Clock.systemUTC(), Duration.ofHours(1),
                context::election, context::status,
                uri -> CredentialService.isVoterPage(uri, origins.known().values()))));
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
      Files.createDirectories(data);
      BallotLog log = BallotLog.open(data.resolve("ballot.log"), config.nodeId());
      KeyPair key = EcKeys.loadOrCreate(data.resolve("node-signing.key"));
      NodeTls.Material tls = config.insecureDev() ? null : NodeTls.load(config.tls(), data, config.nodeId());
      ECPublicKey officials = officialsKey(config);
      KeyPair credentialKey = config.credentialKey() == null ? null : credentialKey(config.credentialKey());
      if (!config.clustered()) {
        LOG.warning("node " + config.nodeId() + " runs alone: ballots have NO replica on another node "
            + "(configure members for a cluster)");
      }
      if (config.insecureDev()) {
        LOG.warning("node " + config.nodeId() + " serves plain HTTP (--insecure-dev): never use this in an election");
      }
      MemberGuard guard = new MemberGuard(config.nodeId(), config.members().isEmpty()
          ? List.of(config.clusterHost() + ":" + config.clusterPort()) : config.members());
      HazelcastInstance hz = Hazelcast.newHazelcastInstance(
          ClusterConfig.build(config.clusterName(), config.clusterHost(), config.clusterPort(), config.members()));
      guard.watch(hz);
      // Vert.x runs unclustered: nodes share state through Hazelcast's maps only, so no event-bus
      // port is opened.
      return Future.succeededFuture(Vertx.vertx())
          .compose(vertx -> {
            BallotNode node = new BallotNode(config, hz, vertx, log, key, tls, officials, guard, credentialKey);
            return vertx.executeBlocking(() -> {
              node.awaitMajority();
              retryingClusterHiccups("checking its log against its signed head", node.heads::anchor);
              node.rebuildWhenPartitionsAreLost();
              node.context.replayedLogs().listen();
              retryingClusterHiccups("replaying its log", () -> new LogReplay(node.context, node.board).replay());
              retryingClusterHiccups("marking its log replayed", () -> node.context.replayedLogs().markReplayed());
              retryingClusterHiccups("publishing its signing key",
                  () -> ElectionMaps.nodes(hz).set(config.nodeId(), EcKeys.publicKeyBase64(key.getPublic())));
              node.drainOnClose();
              return node;
            }).compose(n -> vertx.deployVerticle(n.api).compose(id -> n.workers.executeBlocking(() -> {
              // Known only now that the port is bound (port 0 picks one).
              var origin = config.publishedOrigin(n.api.actualPort());
              if (origin.isPresent()) {
                retryingClusterHiccups("publishing its public origin", () -> n.origins.publish(origin.get()));
              }
              return id;
            })).map(id -> {
              vertx.setPeriodic(2000, t -> n.workers.executeBlocking(() -> {
                n.board.republishMissing();
                n.origins.refresh();
                n.context.replayedLogs().clearIfPending(); // before the replay marks this node again
                n.replayIfRebuilding();
                n.context.replayedLogs().remarkIfCleared(n.context.rebuilding());
                return null;
              }, true));
              vertx.setPeriodic(1000, t -> n.workers.executeBlocking(() -> {
                n.heads.signIfMoved();
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

  /**
   * Runs an idempotent start-up step again when the cluster was not ready for it: while members
   * connect to each other, a write can miss its backup's acknowledgement (and fail, since writes
   * must reach their backup). Five tries, a second apart; other failures fail at once.
   */
  static void retryingClusterHiccups(String what, Runnable step) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        step.run();
        return;
      } catch (RuntimeException e) {
        if (attempt >= 5 || !org.evote.ballotserver.cluster.ClusterFailures.isClusterFailure(e)) {
          throw e;
        }
        LOG.warning("the cluster was not ready for " + what + " (" + e.getClass().getSimpleName() + "); trying again");
        Thread.sleep(1000);
      }
    }
  }

  /** The credential service's key pair (a key file of {@code idp keygen}); never made here. */
  private static KeyPair credentialKey(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("the credential key " + file + " does not exist (make it with ./evote idp keygen --key " + file + ")");
    }
    try {
      var perms = Files.getPosixFilePermissions(file);
      if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
        throw new IOException("the credential key " + file + " is readable by other users (" + java.nio.file.attribute
            .PosixFilePermissions.toString(perms) + "): make it readable by the node's user only (chmod 600)");
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing to check
    }
    return EcKeys.loadOrCreate(file);
  }

  private static ECPublicKey officialsKey(NodeConfig config) throws IOException {
    if (config.officialsKey() != null) {
      return EcKeys.parsePublicKey(config.officialsKey())
          .orElseThrow(() -> new IOException("officials_key is not a base64 P-256 public key"));
    }
    Path dev = config.dataDir().resolve("officials-idp.key");
    KeyPair kp = EcKeys.loadOrCreate(dev);
    LOG.warning("no officials key configured: officials' tokens are checked against the development key " + dev
        + " (issue one with: ./evote idp official --key " + dev + ")");
    return (ECPublicKey) kp.getPublic();
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
    int majority = config.majority();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    long nextLog = 0;
    Object joined = new Object();
    UUID listener = hz.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent e) {
        synchronized (joined) {
          joined.notifyAll();
        }
      }

      @Override
      public void memberRemoved(MembershipEvent e) {
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

  /**
   * When Hazelcast reports a partition lost with every copy (two nodes died at once), the maps
   * have forgotten ballots that only the logs still hold: this node refuses ballots (the cluster
   * may have forgotten a voter's earlier one) until it has put its whole log back, which waits
   * for a majority. The restarted nodes replay their own logs as they start.
   */
  private void rebuildWhenPartitionsAreLost() {
    hz.getPartitionService().addPartitionLostListener(ev -> {
      // 0 lost backups means the primary copy is gone and a backup took over: every map keeps at
      // least one backup, so nothing is lost then.
      if (ev.getLostBackupCount() < 1 || context.rebuilding()) {
        return;
      }
      context.rebuilding(true);
      // At once, alone if need be (the map is exempt from the majority rule): a node restarted
      // before this node has replayed must find its old mark gone.
      Thread.ofPlatform().name("evote-clear-replayed").start(() -> context.replayedLogs().clearAll());
      LOG.severe("node " + config.nodeId() + ": the cluster lost partition " + ev.getPartitionId()
          + " with all its copies; this node refuses ballots until it has replayed its log into the cluster");
    });
  }

  /** Replays the log into the cluster after a partition loss, once a majority is back; tried every 2 s. */
  private void replayIfRebuilding() {
    if (!context.rebuilding() || !context.hasMajority()) {
      return;
    }
    try {
      new LogReplay(context, board).replay();
      context.rebuilding(false);
      context.replayedLogs().markReplayed();
      LOG.warning("node " + config.nodeId() + " put its log back into the cluster after the partition loss");
    } catch (RuntimeException e) {
      LOG.warning("node " + config.nodeId() + " could not replay its log yet (" + e.getClass().getSimpleName() + "); trying again");
    }
  }

  /** Stops the node: stops listening, signs its log's head, leaves the cluster and closes the log. */
  public Future<Void> stop() {
    return vertx.close().andThen(x -> {
      heads.signIfMoved();
      hz.shutdown();
      closeQuietly(context.log());
    });
  }

  // ---- what callers and tests may look at --------------------------------------------------

  public String nodeId() {
    return config.nodeId();
  }

  public NodeConfig config() {
    return config;
  }

  /** This node's log. */
  public BallotLog log() {
    return context.log();
  }

  /** The node's TLS material, or null when it serves plain HTTP. */
  public NodeTls.Material tls() {
    return tls;
  }

  /** The port the API listens on, once started. */
  public int httpPort() {
    return api.actualPort();
  }

  /**
   * Whenever an election's state changes in the cluster, this node checks it and, on a close,
   * lets its in-flight ballots reach the log and then logs the close itself (off Hazelcast's
   * event thread). Also done once for every election already closed, for a node that restarts
   * after a close it missed.
   */
  private void drainOnClose() {
    var statuses = ElectionMaps.statuses(hz);
    statuses.addEntryListener((com.hazelcast.map.listener.EntryUpdatedListener<String, String>) ev ->
        workers.executeBlocking(() -> {
          officials.closeSeen(ev.getKey());
          return null;
        }, false), false);
    for (String eid : statuses.keySet()) {
      officials.closeSeen(eid);
    }
  }

  HazelcastInstance hazelcast() {
    return hz;
  }

  /** Re-reads the origins the nodes published now, as the node does every 2 s (for tests). */
  void refreshOrigins() {
    origins.refresh();
  }
}

package org.evote.ballotserver.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.evote.ballotserver.cluster.ElectionMaps;
import org.evote.ballotserver.log.BallotLog;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.casting.LogHead;
import org.evote.crypto.casting.LogHeads;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.EvoteHeadsJson;
import org.evote.crypto.record.Parsed;

/**
 * Signs this node's log head ({@link LogHead}: the last record's position and chain hash) while
 * the log grows, keeps it in a file beside the log and in the cluster, and, when the node starts,
 * checks the log against the newest head it signed before, so that a log cut at a record boundary
 * is noticed instead of served. Each receipt is a signed head as well; these cover the records
 * that are not ballots (states, in-person votes) and let the verifier tell a cut or extended log.
 */
public final class HeadSigner {
  private static final Logger LOG = Logger.getLogger(HeadSigner.class.getName());
  /** The file beside the log that holds the newest head this node signed. */
  public static final String FILE = "log-head.json";

  private final NodeContext node;
  private final Path file;
  /** The position of the newest head written to the file, and to the cluster; -1 for none. */
  private long written = -1;
  private long published = -1;
  private LogHead newest;

  public HeadSigner(NodeContext node) {
    this.node = node;
    this.file = node.dataDir().resolve(FILE);
  }

  /**
   * Checks the log against the newest head this node signed before, from its file and from the
   * cluster (whichever reaches further; a head that does not verify with this node's key is
   * ignored and reported). The log must hold that head's record with that hash.
   *
   * @throws IllegalStateException naming the missing records when the log does not reach it
   */
  public void anchor() {
    LogHead best = null;
    String where = null;
    Optional<LogHead> local = readLocal();
    if (local.isPresent()) {
      best = local.get();
      where = "its file " + file;
    }
    String inCluster = ElectionMaps.heads(node.hazelcast()).get(node.nodeId());
    if (inCluster != null) {
      Optional<LogHead> h = mine(EvoteHeadsJson.parseHead(inCluster.getBytes(java.nio.charset.StandardCharsets.UTF_8), "cluster"));
      if (h.isEmpty()) {
        LOG.warning("node " + node.nodeId() + ": the cluster holds a head for this node that it did not sign; ignored");
      } else if (best == null || h.get().position() > best.position()) {
        best = h.get();
        where = "the cluster";
      }
    }
    if (best == null) {
      return;
    }
    BallotLog log = node.log();
    if (best.position() >= log.size()) {
      throw new IllegalStateException("the ballot log of node " + node.nodeId() + " holds " + log.size()
          + " records, but this node signed its head at position " + best.position() + " (kept in " + where
          + "): records " + log.size() + " to " + best.position() + " are missing, so acknowledged ballots may be lost. "
          + "The node will not start: restore ballot.log from a backup, or start a new node under another node id.");
    }
    String hash = HexFormat.of().formatHex(log.read(best.position(), 1).get(0).hash());
    if (!hash.equals(best.hash())) {
      throw new IllegalStateException("the ballot log of node " + node.nodeId() + " differs from the head this node signed "
          + "at position " + best.position() + " (kept in " + where + "): the log was replaced or rewritten. "
          + "The node will not start: restore ballot.log from a backup, or start a new node under another node id.");
    }
    newest = best;
    written = best.position();
  }

  /**
   * Signs the head if the log grew since the last one, writes it to the file (fsync'd) and puts it
   * in the cluster; a cluster that cannot take it now gets it on the next call. Also checks that
   * the cluster still lists this node's own key. Runs every second, and when the node stops.
   */
  public synchronized void signIfMoved() {
    BallotLog log = node.log();
    long size = log.size();
    if (size > 0 && (newest == null || newest.position() < size - 1)) {
      List<BallotLog.Entry> last = log.read(size - 1, 1);
      newest = LogHeads.sign(new LogHead(node.nodeId(), size - 1, HexFormat.of().formatHex(last.get(0).hash()),
          node.clock().instant().toString(), ""), node.signingKey());
    }
    if (newest == null) {
      return;
    }
    byte[] json = EvoteHeadsJson.writeHead(newest);
    if (written < newest.position()) {
      try {
        ElectionRecordFiles.writeAtomically(file, json);
        written = newest.position();
      } catch (IOException e) {
        LOG.warning("node " + node.nodeId() + " could not write its log head to " + file + ": " + e.getMessage());
      }
    }
    if (published < newest.position()) {
      try {
        ElectionMaps.heads(node.hazelcast()).set(node.nodeId(), new String(json, java.nio.charset.StandardCharsets.UTF_8));
        published = newest.position();
      } catch (RuntimeException e) {
        // the cluster is changing: the next call publishes it
      }
    }
    checkOwnKey();
  }

  /** The newest head this node signed, if any. */
  public synchronized Optional<LogHead> newest() {
    return Optional.ofNullable(newest);
  }

  /** A node whose key the cluster no longer lists could not have its receipts checked: that is tampering. */
  private void checkOwnKey() {
    String mine = EcKeys.publicKeyBase64(node.signingPublicKey());
    try {
      String listed = ElectionMaps.nodes(node.hazelcast()).get(node.nodeId());
      if (listed != null && !listed.equals(mine)) {
        node.reportTampering("the cluster lists another signing key for this node");
        ElectionMaps.nodes(node.hazelcast()).set(node.nodeId(), mine);
      }
    } catch (RuntimeException e) {
      // the cluster is changing: checked again on the next call
    }
  }

  private Optional<LogHead> readLocal() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      Optional<LogHead> h = mine(EvoteHeadsJson.parseHead(Files.readAllBytes(file), file.toString()));
      if (h.isEmpty()) {
        LOG.warning("node " + node.nodeId() + ": " + file + " holds no head this node signed; ignored");
      }
      return h;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The parsed head if it is this node's and its signature verifies with this node's key. */
  private Optional<LogHead> mine(Parsed<LogHead> p) {
    PublicKey key = node.signingPublicKey();
    return p.isOk() && p.value().nodeId().equals(node.nodeId()) && LogHeads.verify(p.value(), key)
        ? Optional.of(p.value()) : Optional.empty();
  }
}

package org.evote.ballotserver.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.logging.Logger;
import org.evote.ballotserver.log.BallotLog;

/**
 * Puts this node's log records on the board, the replicated mirror of every node's log that
 * the public reads and the export copies. A record that cannot be published at once (the
 * cluster is changing) is kept and published again by {@link #republishMissing}.
 */
public final class BoardPublisher {
  private static final Logger LOG = Logger.getLogger(BoardPublisher.class.getName());
  private static final ObjectMapper JSON = org.evote.crypto.record.StrictJson.mapper();

  private final NodeContext node;
  /** Log positions whose board entry could not be written yet, with their election. */
  private final ConcurrentSkipListMap<Long, String> unpublished = new ConcurrentSkipListMap<>();

  public BoardPublisher(NodeContext node) {
    this.node = node;
  }

  /** The board key of one of this node's log records. */
  String keyOf(BallotLog.Entry entry) {
    return node.nodeId() + ":" + entry.position();
  }

  /**
   * Puts a log record on the board; the stage completes when the board has it, or exceptionally
   * when it could not be written now, and then {@link #republishMissing} writes it later.
   */
  public java.util.concurrent.CompletionStage<Void> publish(String electionId, BallotLog.Entry entry) {
    return put(electionId, entry, () -> entryOf(entry));
  }

  /** {@link #publish(String, BallotLog.Entry)} of a ballot's record, its entry made from the typed record. */
  java.util.concurrent.CompletionStage<Void> publish(LoggedBallot ballot, BallotLog.Entry entry) {
    return put(ballot.electionId(), entry, () -> entryOf(entry, LoggedBallot.TYPE, ballot.electionId(), ballot));
  }

  private java.util.concurrent.CompletionStage<Void> put(String electionId, BallotLog.Entry entry,
      java.util.function.Supplier<ObjectNode> boardEntry) {
    try {
      return node.board().setAsync(keyOf(entry), boardEntry.get().toString())
          .whenComplete((v, ex) -> {
            if (ex != null) {
              publishLater(electionId, entry, ex);
            }
          });
    } catch (RuntimeException e) {
      publishLater(electionId, entry, e);
      return java.util.concurrent.CompletableFuture.failedFuture(e);
    }
  }

  /**
   * The ballot record a receipt points at: read from this node's own log when it logged it,
   * otherwise from the board, where its entry must carry the receipt's hash and its payload must
   * chain to that hash (SHA-256 of the previous hash and the payload). Null when the board does not
   * hold it (yet); an IllegalStateException when what it holds is not that record.
   */
  LoggedBallot logged(org.evote.crypto.casting.Receipt r) {
    String where = "the log record of ballot " + r.ballotId() + " (" + r.nodeId() + ":" + r.logPosition() + ")";
    if (r.nodeId().equals(node.nodeId()) && r.logPosition() < node.log().size()) {
      for (BallotLog.Entry e : node.log().read(r.logPosition(), 1)) {
        if (!HexFormat.of().formatHex(e.hash()).equals(r.logHash())) {
          throw new IllegalStateException(where + " does not have the receipt's hash");
        }
        return LoggedBallot.read(e.payload(), where);
      }
    }
    String raw = node.board().get(r.nodeId() + ":" + r.logPosition());
    if (raw == null) {
      return null;
    }
    JsonNode o;
    try {
      o = JSON.readTree(raw);
    } catch (IOException e) {
      throw new IllegalStateException(where + " on the board is not JSON");
    }
    String payload = o.path("payload").asText();
    byte[] hash;
    try {
      hash = BallotLog.chain(HexFormat.of().parseHex(o.path("previous_hash").asText()), payload.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(where + " on the board has no previous hash");
    }
    if (!r.logHash().equals(o.path("hash").asText()) || !r.logHash().equals(HexFormat.of().formatHex(hash))) {
      throw new IllegalStateException(where + " on the board does not chain to the receipt's hash");
    }
    return LoggedBallot.read(payload.getBytes(StandardCharsets.UTF_8), where);
  }

  /** Puts a log record on the board unless it is there already, and waits (log replay). */
  void publishIfAbsent(String electionId, BallotLog.Entry entry) {
    node.board().putIfAbsent(keyOf(entry), entryOf(entry).toString());
  }

  private void publishLater(String electionId, BallotLog.Entry entry, Throwable why) {
    unpublished.put(entry.position(), electionId);
    LOG.warning("log record " + entry.position() + " is not on the board yet (" + why.getClass().getSimpleName()
        + "); it will be published again");
  }

  /**
   * Publishes the log records whose board entry could not be written: a node that failed to
   * publish a record while the cluster was changing catches up here (a restarted node publishes
   * its whole log in {@link LogReplay}). Runs every few seconds.
   */
  public void republishMissing() {
    for (Long pos : unpublished.keySet()) {
      try {
        for (BallotLog.Entry entry : node.log().read(pos, 1)) {
          publishIfAbsent(unpublished.get(pos), entry);
        }
        unpublished.remove(pos);
      } catch (RuntimeException e) {
        LOG.warning("publishing the log on the board failed (" + e.getClass().getSimpleName() + "); retrying later");
        return;
      }
    }
  }

  /** The board entry of a log record read back from the log (replay, a late publication). */
  static ObjectNode entryOf(BallotLog.Entry entry) {
    JsonNode p;
    try {
      p = JSON.readTree(entry.payload());
    } catch (IOException e) {
      throw new IllegalStateException("log record " + entry.position() + " is not JSON", e);
    }
    String type = p.path("type").asText();
    return entryOf(entry, type, p.path("election_id").asText(),
        LoggedBallot.TYPE.equals(type) ? LoggedBallot.read(p, "log record " + entry.position()) : null);
  }

  /**
   * The board entry of a log record: its type, election, hashes and payload, and a ballot's id,
   * code and state ({@code ballot} is null for other records).
   */
  private static ObjectNode entryOf(BallotLog.Entry entry, String type, String electionId, LoggedBallot ballot) {
    ObjectNode o = JSON.createObjectNode();
    o.put("type", type);
    o.put("election_id", electionId);
    if (ballot != null) {
      o.put("ballot_id", ballot.ballotId());
      o.put("confirmation_code", ballot.code());
    }
    o.put("previous_hash", HexFormat.of().formatHex(entry.previousHash()));
    o.put("hash", HexFormat.of().formatHex(entry.hash()));
    o.put("payload", new String(entry.payload(), StandardCharsets.UTF_8));
    if (ballot != null) {
      o.put("state", ballot.state());
    }
    return o;
  }
}

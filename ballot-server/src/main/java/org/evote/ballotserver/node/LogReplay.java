package org.evote.ballotserver.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Logger;
import org.evote.ballotserver.cluster.ElectionMaps;
import org.evote.ballotserver.cluster.ElectionStatus;
import org.evote.ballotserver.cluster.ReplayProcessor;
import org.evote.ballotserver.cluster.StoredBallot;
import org.evote.ballotserver.cluster.WeedProcessor;
import org.evote.ballotserver.election.LoadedElection;
import org.evote.ballotserver.log.BallotLog;
import org.evote.crypto.election.EncryptedBallot;

/**
 * Replays this node's log into the cluster when the node starts: election definitions and
 * states, published results, ballots, voter records (in the order the cluster gave them), weeding keys, receipts and
 * the board. Every step is idempotent, so replaying into a cluster that already holds the data
 * changes nothing.
 */
public final class LogReplay {
  private static final Logger LOG = Logger.getLogger(LogReplay.class.getName());
  private static final ObjectMapper JSON = org.evote.crypto.record.StrictJson.mapper();

  private final NodeContext node;
  private final BoardPublisher board;

  public LogReplay(NodeContext node, BoardPublisher board) {
    this.node = node;
    this.board = board;
  }

  /** Replays the whole log; fails on the first record it cannot replay, naming it. */
  public void replay() {
    BallotLog log = node.log();
    long n = log.size();
    int ballots = 0;
    for (long from = 0; from < n; from += 1000) {
      for (BallotLog.Entry entry : log.read(from, 1000)) {
        try {
          JsonNode p = JSON.readTree(new String(entry.payload(), StandardCharsets.UTF_8));
          String eid = p.path("election_id").asText();
          String type = p.path("type").asText();
          switch (type) {
            case "election" -> {
              ElectionMaps.elections(node.hazelcast()).putIfAbsent(eid, p.get("definition").asText());
              replayStatus(eid, "CREATED", p.path("request").asText());
            }
            case "status" -> {
              replayStatus(eid, p.get("status").asText(), p.path("request").asText());
              if ("CLOSED".equals(p.get("status").asText())) {
                node.markCloseLogged(eid);
              }
            }
            case "results" -> ElectionMaps.results(node.hazelcast()).putIfAbsent(eid,
                new org.evote.ballotserver.cluster.PublishedResults(p.get("results").asText(), p.path("request").asText()).toJson());
            case "in_person" -> node.maps(eid).voters().executeOnKey(p.get("voter").asText(),
                ReplayProcessor.inPerson(p.path("request").asText()));
            case LoggedBallot.TYPE -> {
              replayBallot(eid, LoggedBallot.read(p, "log entry " + entry.position()), entry);
              ballots++;
            }
            default -> LOG.warning("log entry " + entry.position() + " has an unknown type");
          }
          if (!"ballot".equals(type)) {
            board.publishIfAbsent(eid, entry);
          }
        } catch (IOException | RuntimeException e) {
          throw new IllegalStateException("cannot replay log entry " + entry.position() + ": " + e.getMessage(), e);
        }
      }
    }
    if (n > 0) {
      LOG.info("node " + node.nodeId() + " replayed " + n + " log entries (" + ballots + " ballots)");
    }
  }

  /** Moves the election's state forward to the logged one (with its official's request), never back. */
  private void replayStatus(String eid, String status, String request) {
    var map = node.statuses();
    ElectionStatus logged = new ElectionStatus(status, request);
    // Compare and set: nodes replay at the same time (after every node restarted), and a node
    // whose log holds only the election's creation must not put CREATED back over another
    // node's OPEN (found by ReliabilityTest: a close then failed with "cannot go from CREATED").
    for (int attempt = 0; attempt < 100; attempt++) {
      String curJson = map.get(eid);
      if (curJson == null) {
        if (map.putIfAbsent(eid, logged.toJson()) == null) {
          break;
        }
        continue;
      }
      ElectionStatus cur = ElectionStatus.fromJson(curJson).orElse(null);
      if ((cur != null && cur.rank() >= logged.rank()) || map.replace(eid, curJson, logged.toJson())) {
        break;
      }
    }
    node.status(eid); // checks the request, and remembers the state
  }

  private void replayBallot(String eid, LoggedBallot b, BallotLog.Entry entry) {
    ElectionMaps m = node.maps(eid);
    LoadedElection e = node.election(eid);
    // The election is unknown here only while the node that logged its creation has not replayed
    // yet (every node restarted at once): the ballot's weeding keys are then not claimed again,
    // and its style and device are read from the logged envelope.
    var parsed = e == null ? null : e.codec().parseEncryptedBallot(b.ballot(), "log entry " + entry.position());
    String style = b.style();
    String device = b.device();
    if (parsed != null && parsed.isOk()) {
      EncryptedBallot ballot = parsed.value();
      m.weeds().executeOnKeys(CastService.weedKeysOf(ballot, e.election().config()),
          WeedProcessor.claim(CastService.ownerOf(b.voter(), b.code(), b.state(), b.ballotId())));
      style = ballot.ballotStyleId();
      device = ballot.encryptingDevice();
    }
    if ("CAST".equals(b.state())) {
      m.voters().executeOnKey(b.voter(), new ReplayProcessor(b.ballotId(), b.voterSeq()));
    }
    board.publishIfAbsent(eid, entry);
    if (!m.ballots().containsKey(b.ballotId())) {
      m.ballots().putIfAbsent(b.ballotId(), new StoredBallot(b.voter(), style, device,
          CastService.receipt(b, node.nodeId(), entry, node.signingKey())).toJson());
    }
    m.codes().putIfAbsent(b.code(), b.ballotId());
  }
}

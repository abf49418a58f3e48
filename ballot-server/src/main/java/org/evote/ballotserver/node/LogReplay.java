package org.evote.ballotserver.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Logger;
import org.evote.ballotserver.cluster.ElectionMaps;
import org.evote.ballotserver.cluster.ElectionStatus;
import org.evote.ballotserver.cluster.ReplayProcessor;
import org.evote.ballotserver.cluster.WeedProcessor;
import org.evote.ballotserver.election.LoadedElection;
import org.evote.ballotserver.log.BallotLog;

/**
 * Replays this node's log into the cluster when the node starts: election definitions and
 * states, published results, ballots, voter records (in the order the cluster gave them), weeding keys, receipts and
 * the board. Every step is idempotent, so replaying into a cluster that already holds the data
 * changes nothing.
 */
public final class LogReplay {
  private static final Logger LOG = Logger.getLogger(LogReplay.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

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
            case "ballot" -> {
              replayBallot(eid, p, entry);
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

  private void replayBallot(String eid, JsonNode p, BallotLog.Entry entry) throws IOException {
    ElectionMaps m = node.maps(eid);
    String ballotId = p.get("ballot_id").asText();
    String code = p.get("confirmation_code").asText();
    String voter = p.get("voter").asText();
    LoadedElection e = node.election(eid);
    if (e != null) {
      var parsed = e.codec().parseEncryptedBallot(JSON.writeValueAsBytes(p.get("envelope").get("ballot")), "log");
      if (parsed.isOk()) {
        m.weeds().executeOnKeys(CastService.weedKeysOf(parsed.value(), e.election().config()), WeedProcessor.claim(CastService.ownerOf(voter, code, p.get("state").asText(), ballotId)));
      }
    }
    if ("CAST".equals(p.get("state").asText())) {
      m.voters().executeOnKey(voter, new ReplayProcessor(ballotId, p.get("voter_seq").asInt()));
    }
    board.publishIfAbsent(eid, entry);
    if (!m.ballots().containsKey(ballotId)) {
      ObjectNode stored = (ObjectNode) p.deepCopy();
      stored.set("receipt", CastService.receipt(eid, ballotId, code, p.get("state").asText(), node.nodeId(), entry,
          p.get("received").asText(), node.signingKey()));
      m.ballots().putIfAbsent(ballotId, stored.toString());
    }
    m.codes().putIfAbsent(code, ballotId);
  }
}

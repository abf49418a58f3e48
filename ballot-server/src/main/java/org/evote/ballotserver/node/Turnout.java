package org.evote.ballotserver.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.evote.ballotserver.cluster.ElectionMaps;

/**
 * Live turnout, counted from the board (every node's log as published): the ballots cast (each
 * ballot id once, however many nodes logged it), the distinct voters who cast one, the voters an
 * official recorded as voting in person, and the challenged ballots. It reads each node's board
 * from where it stopped the last time, so a request costs only what was logged since; a node's
 * board is read up to its first entry not published yet (it comes within seconds).
 *
 * <p>Only totals leave this class: no voter id and no ballot id is ever published from here.
 */
final class Turnout {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Board entries fetched per cluster call. */
  private static final int BATCH = 256;

  /** What one election's board holds so far. */
  private static final class Counts {
    final Set<String> castBallots = new HashSet<>();
    final Set<String> onlineVoters = new HashSet<>();
    final Set<String> inPersonVoters = new HashSet<>();
    final Set<String> challenged = new HashSet<>();
  }

  /** The totals of one election. */
  record Totals(long ballotsCast, long votersOnline, long votersInPerson, long votersTotal, long challenged) {}

  private final NodeContext node;
  /** Node id to the next board position to read. */
  private final Map<String, Long> next = new HashMap<>();
  private final Map<String, Counts> counts = new HashMap<>();

  Turnout(NodeContext node) {
    this.node = node;
  }

  /** The totals of an election, after reading what every node logged since the last call. */
  synchronized Totals of(String electionId) {
    Set<String> nodes = new TreeSet<>(ElectionMaps.nodes(node.hazelcast()).keySet());
    nodes.add(node.nodeId());
    for (String n : nodes) {
      readFrom(n);
    }
    Counts c = counts.getOrDefault(electionId, new Counts());
    Set<String> all = new HashSet<>(c.onlineVoters);
    all.addAll(c.inPersonVoters);
    return new Totals(c.castBallots.size(), c.onlineVoters.size(), c.inPersonVoters.size(), all.size(), c.challenged.size());
  }

  private void readFrom(String nodeId) {
    long pos = next.getOrDefault(nodeId, 0L);
    while (true) {
      Set<String> keys = new LinkedHashSet<>();
      for (long p = pos; p < pos + BATCH; p++) {
        keys.add(nodeId + ":" + p);
      }
      Map<String, String> got = node.board().getAll(keys);
      long read = 0;
      for (String k : keys) {
        String e = got.get(k);
        if (e == null) {
          break;
        }
        count(e);
        read++;
      }
      pos += read;
      next.put(nodeId, pos);
      if (read < BATCH) {
        return;
      }
    }
  }

  private void count(String entry) {
    JsonNode e;
    JsonNode p;
    try {
      e = JSON.readTree(entry);
      p = JSON.readTree(e.path("payload").asText());
    } catch (IOException ex) {
      return; // an unreadable entry counts for nothing; the verifier reports it from the record
    }
    String type = e.path("type").asText();
    Counts c = counts.computeIfAbsent(e.path("election_id").asText(), k -> new Counts());
    if ("ballot".equals(type)) {
      String id = p.path("ballot_id").asText();
      if ("CAST".equals(p.path("state").asText())) {
        c.castBallots.add(id);
        c.onlineVoters.add(p.path("voter").asText());
      } else if ("CHALLENGED".equals(p.path("state").asText())) {
        c.challenged.add(id);
      }
    } else if ("in_person".equals(type)) {
      c.inPersonVoters.add(p.path("voter").asText());
    }
  }
}

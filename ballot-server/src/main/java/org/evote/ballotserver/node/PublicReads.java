package org.evote.ballotserver.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Map;
import org.evote.ballotserver.cluster.ElectionMaps;
import org.evote.ballotserver.cluster.StoredBallot;
import org.evote.ballotserver.cluster.VoterRecord;
import org.evote.ballotserver.election.LoadedElection;

/**
 * What anyone may read: the node's health, an election's definition and state, its turnout, a
 * ballot's state by confirmation code, and pages of the board.
 *
 * <p>Until the election closes, nothing here links a ballot to its voter or to the voter's other
 * ballots: a ballot's state by code is only "recorded" (or "challenged"), never "superseded" or
 * "overridden", and board entries show their code, state and hashes but not their payload (the
 * voter's id, token and signature, the voter's sequence number) nor the ballot id. Someone who
 * took a voter's code therefore cannot learn whether the voter voted again or in person. Once the
 * election is closed, everything is shown, as the published record shows it.
 */
public final class PublicReads {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NodeContext node;
  private final NodeOrigins origins;
  private final Turnout turnout;

  private final ResultsStore results;

  public PublicReads(NodeContext node, NodeOrigins origins) {
    this.node = node;
    this.origins = origins;
    this.turnout = new Turnout(node);
    this.results = new ResultsStore(node);
  }

  /**
   * The results the officials published after the tally, for the public site: per contest (in
   * the manifest's order) each option's votes as the guardians decrypted and proved them, the
   * ballots the contest counted and its blank votes (the votes its ballots could have given and
   * did not: L × ballots − Σ votes, for a one-of-m contest the blank ballots); the ballots
   * counted; the verifier's report, check by check; and where to download the whole record.
   * 404 {@code no_results} until they are published.
   */
  public Reply results(String electionId) {
    ResultsStore.Found f = results.find(electionId);
    if (f.refusal() != null) {
      return f.refusal();
    }
    var r = f.results();
    var manifest = node.election(electionId).election().manifest();
    ObjectNode o = JSON.createObjectNode().put("election_id", electionId).put("official", f.claims().subject())
        .put("ballots_counted", r.encryptedTally().castBallotIds().size());
    ArrayNode contests = o.putArray("contests");
    for (var mc : manifest.contests()) {
      var dc = r.tally().contests().stream().filter(c -> c.contestId().equals(mc.contestId())).findFirst().orElseThrow();
      var ec = r.encryptedTally().contests().stream().filter(c -> c.contestId().equals(mc.contestId())).findFirst().orElseThrow();
      ObjectNode c = contests.addObject().put("contest_id", mc.contestId()).put("votes_allowed", mc.contestLimit());
      ArrayNode sels = c.putArray("selections");
      long sum = 0;
      for (var ms : mc.selections()) {
        int votes = dc.selections().stream().filter(s -> s.selectionId().equals(ms.selectionId())).findFirst().orElseThrow().tally();
        sum += votes;
        sels.addObject().put("selection_id", ms.selectionId()).put("votes", votes);
      }
      Integer ballots = dc.ballotCount() != null && dc.ballotCount() > 0 ? dc.ballotCount()
          : ec.ballotCount() > 0 ? Integer.valueOf(ec.ballotCount()) : null;
      long blank = ballots == null ? -1 : (long) mc.contestLimit() * ballots - sum;
      if (ballots != null && blank >= 0) {
        c.put("ballots", ballots).put("blank", blank);
      } else {
        c.putNull("ballots").putNull("blank");
      }
    }
    ObjectNode report = o.putObject("report").put("verdict", r.report().verdict()).put("verdict_line", r.report().verdictLine());
    ArrayNode checks = report.putArray("checks");
    for (var ch : r.report().checks()) {
      checks.addObject().put("id", ch.id()).put("name", ch.name()).put("status", ch.status()).put("detail", ch.detail())
          .put("checked", ch.checked()).put("failure_count", ch.failureCount());
    }
    o.put("record", "/api/elections/" + electionId + "/record.zip");
    return Reply.ok(200, o.toString());
  }

  /** Whether everything about an election's ballots may be shown: only once it is closed. */
  private boolean closed(String electionId) {
    return "CLOSED".equals(node.status(electionId));
  }

  /**
   * Every election the cluster holds, with its state: {@code {"elections": [{"election_id",
   * "status"}]}}, sorted by id. The public site lists them when no election is named.
   */
  public Reply elections() {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("elections");
    for (String id : new java.util.TreeSet<>(ElectionMaps.elections(node.hazelcast()).keySet())) {
      if (node.election(id) != null) {
        list.addObject().put("election_id", id).put("status", node.status(id));
      }
    }
    return Reply.ok(200, out.toString());
  }

  /**
   * An election's live turnout for the public site: its state, the ballots cast (challenged ones
   * apart), the voters who cast one online, those recorded as voting in person and the voters in
   * all. Totals only. Unlike {@link #turnout}, which reads the whole ballots map for an official's
   * status check, this reads only what the nodes logged since the last request ({@link Turnout}),
   * so that many readers refreshing the site cost the cluster little.
   */
  public Reply liveTurnout(String electionId) {
    if (node.election(electionId) == null) {
      return Reply.unknownElection(electionId);
    }
    String status = node.status(electionId);
    Turnout.Totals t = turnout.of(electionId);
    ObjectNode o = JSON.createObjectNode().put("election_id", electionId).put("status", status)
        .put("ballots_cast", t.ballotsCast()).put("voters", t.votersTotal()).put("voters_online", t.votersOnline())
        .put("voters_in_person", t.votersInPerson()).put("challenged", t.challenged());
    return Reply.ok(200, o.toString());
  }

  /**
   * Whether a majority of the members is up, the cluster is safe (every partition has its
   * replicas) and trusted (no member that is not configured was seen, nothing forged read from
   * it), the log is writable, the disk has room for the largest ballot and no lost cluster data
   * waits for this node's log (see {@link NodeContext#rebuilding}) or for another member's
   * (see {@link ReplayedLogs}): only then does the
   * node acknowledge, so only then is it 200.
   */
  public Map<String, Object> health() {
    var hz = node.hazelcast();
    boolean safe = hz.getPartitionService().isClusterSafe();
    int members = hz.getCluster().getMembers().size();
    boolean writable = node.log().writable();
    var problem = node.clusterProblem();
    boolean majority = node.hasMajority();
    long free = freeBytes();
    Map<String, Object> h = new java.util.LinkedHashMap<>();
    h.put("node", node.nodeId());
    h.put("majority", majority);
    h.put("cluster_safe", safe);
    h.put("cluster_trusted", problem.isEmpty());
    problem.ifPresent(p -> h.put("problem", p));
    h.put("members", members);
    h.put("log_writable", writable);
    h.put("log_size", node.log().size());
    h.put("rebuilding", node.rebuilding());
    boolean logsIn;
    try {
      logsIn = node.replayedLogs().complete();
      h.put("logs_replayed", node.replayedLogs().marked().size() + " of " + node.replayedLogs().required());
    } catch (RuntimeException e) {
      logsIn = false; // the cluster cannot answer: majority or safety says why
    }
    h.put("disk_free_bytes", free);
    h.put("ok", majority && safe && writable && free >= MIN_FREE_BYTES && problem.isEmpty() && !node.rebuilding() && logsIn);
    return h;
  }

  /** Below this much free space in the data folder the node cannot promise to log the largest ballot. */
  static final long MIN_FREE_BYTES = 8L * 1024 * 1024;

  private long freeBytes() {
    try {
      return java.nio.file.Files.getFileStore(node.dataDir()).getUsableSpace();
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  /**
   * The election as the public sees it: its record files, status, the nodes' keys and the
   * origins the nodes published (checked; see {@link NodeOrigins}).
   */
  public Reply describe(String electionId) {
    LoadedElection e = node.election(electionId);
    if (e == null) {
      return Reply.unknownElection(electionId);
    }
    try {
      ObjectNode o = (ObjectNode) JSON.readTree(e.definition());
      o.put("election_id", electionId);
      if (o.remove("roll") != null) {
        o.put("roll_size", e.roll().size()); // the roll itself goes into the record, not into every page load
      }
      o.put("status", node.status(electionId));
      ObjectNode nodes = o.putObject("node_keys");
      ElectionMaps.nodes(node.hazelcast()).forEach(nodes::put);
      ObjectNode urls = o.putObject("node_urls");
      origins.known().forEach(urls::put);
      return Reply.ok(200, o.toString());
    } catch (IOException ex) {
      return Reply.reject(500, "internal", "stored election unreadable");
    }
  }

  /**
   * The election's turnout as the cluster holds it: ballots and voters in all, per ballot style,
   * per node that acknowledged them and per hour (UTC) of receipt; challenged ballots and
   * in-person votes apart. "Ballots" are the cast ballots acknowledged (re-votes included),
   * "voters" the voters with at least one. Public: the board shows every ballot anyway. It reads
   * the whole ballots map, so it is for officials' status checks, not for polling many times a second.
   */
  public Reply turnout(String electionId) {
    if (node.election(electionId) == null) {
      return Reply.unknownElection(electionId);
    }
    ElectionMaps m = node.maps(electionId);
    java.util.Map<String, long[]> styles = new java.util.TreeMap<>();
    java.util.Map<String, java.util.Set<String>> styleVoters = new java.util.TreeMap<>();
    java.util.Map<String, Long> nodes = new java.util.TreeMap<>();
    java.util.Map<String, Long> hours = new java.util.TreeMap<>();
    java.util.Set<String> voters = new java.util.HashSet<>();
    long ballots = 0;
    long challenged = 0;
    for (String stored : m.ballots().values()) {
      StoredBallot s;
      try {
        s = StoredBallot.fromJson(stored);
      } catch (IllegalStateException ex) {
        return Reply.reject(500, "internal", "stored ballot unreadable");
      }
      String style = s.style();
      if ("CHALLENGED".equals(s.receipt().state())) {
        challenged++;
        styles.computeIfAbsent(style, k -> new long[2])[1]++;
        continue;
      }
      ballots++;
      String voter = s.voter();
      voters.add(voter);
      styles.computeIfAbsent(style, k -> new long[2])[0]++;
      styleVoters.computeIfAbsent(style, k -> new java.util.HashSet<>()).add(voter);
      nodes.merge(s.receipt().nodeId(), 1L, Long::sum);
      String received = s.receipt().time();
      hours.merge(received.length() >= 13 ? received.substring(0, 13) + ":00Z" : "?", 1L, Long::sum);
    }
    long inPerson = 0;
    for (String v : m.voters().values()) {
      if (VoterRecord.fromJson(v).inPerson()) {
        inPerson++;
      }
    }
    ObjectNode o = JSON.createObjectNode().put("election_id", electionId).put("status", node.status(electionId))
        .put("ballots", ballots).put("voters", voters.size()).put("challenged", challenged).put("in_person", inPerson);
    ObjectNode ps = o.putObject("per_style");
    styles.forEach((k, v) -> ps.putObject(k).put("ballots", v[0])
        .put("voters", styleVoters.getOrDefault(k, java.util.Set.of()).size()).put("challenged", v[1]));
    ObjectNode pn = o.putObject("per_node");
    nodes.forEach(pn::put);
    ObjectNode ph = o.putObject("per_hour");
    hours.forEach(ph::put);
    return Reply.ok(200, o.toString());
  }

  /**
   * A ballot's state by confirmation code, with its receipt. Once the election is closed: cast
   * (counted), superseded, overridden or challenged, and {@code counted}. Before: recorded or
   * challenged only, and no {@code counted} (see the class comment); {@code final} says which.
   */
  public Reply ballotStatus(String electionId, String code) {
    if (node.election(electionId) == null) {
      return Reply.unknownElection(electionId);
    }
    if (code == null || !code.matches("[0-9a-f]{64}")) {
      return Reply.reject(400, "malformed_code", "a confirmation code is 64 lower-case hex digits");
    }
    ElectionMaps m = node.maps(electionId);
    String ballotId = m.codes().get(code);
    String stored = ballotId == null ? null : m.ballots().get(ballotId);
    if (stored == null) {
      return Reply.reject(404, "unknown_ballot", "no ballot with that confirmation code is on the board");
    }
    try {
      StoredBallot s = StoredBallot.fromJson(stored);
      String state = s.receipt().state();
      boolean closed = closed(electionId);
      String shown;
      if ("CHALLENGED".equals(state)) {
        shown = "challenged";
      } else if (!closed) {
        shown = "recorded";
      } else {
        VoterRecord r = VoterRecord.fromJson(m.voters().get(s.voter()));
        shown = r.inPerson() ? "overridden" : ballotId.equals(r.latestStored(m.ballots()::containsKey)) ? "cast" : "superseded";
      }
      ObjectNode o = JSON.createObjectNode().put("ballot_id", ballotId).put("confirmation_code", code)
          .put("state", shown).put("final", closed);
      if (closed || "challenged".equals(shown)) {
        o.put("counted", "cast".equals(shown));
      }
      o.set("receipt", org.evote.crypto.record.ReceiptJson.tree(s.receipt()));
      return Reply.ok(200, o.toString());
    } catch (IllegalStateException ex) {
      return Reply.reject(500, "internal", "stored ballot unreadable");
    }
  }

  /**
   * Every node's newest signed log head as the cluster holds it ({@code {"heads": {node: head}}}),
   * for auditors to keep during the election: an exported log that ends before a head seen here,
   * or holds another hash at its position, was cut or rewritten. The heads are shown as the nodes
   * signed them; whoever reads them checks the signatures with the nodes' keys.
   */
  public Reply heads() {
    ObjectNode out = JSON.createObjectNode();
    ObjectNode heads = out.putObject("heads");
    for (var e : new java.util.TreeMap<>(ElectionMaps.heads(node.hazelcast())).entrySet()) {
      try {
        heads.set(e.getKey(), JSON.readTree(e.getValue()));
      } catch (IOException ex) {
        heads.put(e.getKey(), e.getValue());
      }
    }
    return Reply.ok(200, out.toString());
  }

  /**
   * A page of a node's log as published on the board, with the chain head. Until the election
   * closes, entries carry no payload and no ballot id ({@code "redacted": true}; see the class
   * comment); their hashes still match the receipts and the signed heads.
   */
  public Reply board(String electionId, String nodeId, long from, int limit) {
    if (node.election(electionId) == null) {
      return Reply.unknownElection(electionId);
    }
    boolean redacted = !closed(electionId);
    boolean own = nodeId == null || nodeId.equals(node.nodeId());
    String n = own ? node.nodeId() : nodeId;
    ObjectNode o = JSON.createObjectNode().put("node_id", n).put("from", from);
    ArrayNode entries = o.putArray("entries");
    long pos = from;
    String last = null;
    for (int i = 0; i < limit; i++, pos++) {
      String e = node.board().get(n + ":" + pos);
      if (e == null) {
        if (own && pos < node.log().size()) {
          continue; // not published yet: published again within seconds
        }
        break;
      }
      try {
        ObjectNode en = (ObjectNode) JSON.readTree(e);
        if (!electionId.equals(en.path("election_id").asText())) {
          continue; // a record of another election in the same node log
        }
        en.put("position", pos);
        if (redacted) {
          en.remove("payload");
          en.remove("ballot_id");
        }
        entries.add(en);
        last = en.get("hash").asText();
      } catch (IOException ex) {
        return Reply.reject(500, "internal", "board entry unreadable");
      }
    }
    o.put("next", pos);
    o.put("redacted", redacted);
    if (own) {
      o.put("chain_head", HexFormat.of().formatHex(node.log().head()));
      o.put("log_size", node.log().size());
    } else if (last != null) {
      o.put("last_hash", last);
    }
    return Reply.ok(200, o.toString());
  }
}

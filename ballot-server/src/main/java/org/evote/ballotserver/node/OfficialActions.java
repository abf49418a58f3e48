package org.evote.ballotserver.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.evote.ballotserver.cluster.ElectionMaps;
import org.evote.ballotserver.cluster.ElectionStatus;
import org.evote.ballotserver.cluster.InPersonProcessor;
import org.evote.ballotserver.cluster.VoterRecord;
import org.evote.ballotserver.election.LoadedElection;
import org.evote.ballotserver.log.BallotLog;

/**
 * What only an election official may do, once the HTTP layer has checked the official's token:
 * create an election, open or close it, record an in-person vote, export the record, publish the
 * results; and the public record once the results are published. Each
 * change is written to this node's log (so that it survives restarts) and put on the board.
 */
public final class OfficialActions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final NodeContext node;
  private final BoardPublisher board;

  private final ResultsStore results;
  /** The public record of each election with published results, as a zip, made once per node. */
  private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.CompletableFuture<Path>> publicRecords =
      new java.util.concurrent.ConcurrentHashMap<>();

  public OfficialActions(NodeContext node, BoardPublisher board) {
    this.node = node;
    this.board = board;
    this.results = new ResultsStore(node);
  }

  /**
   * Creates an election from an uploaded definition; logged with the official's request so that
   * it survives restarts and anyone can check who asked.
   *
   * @param bearer the official's signed request (action create, this election's id)
   */
  /**
   * The refusal of an official's request judged by its bearer token alone (signature, expiry,
   * role, and the election and action the token names), before its body is read; empty when the
   * request may go on to be buffered and checked in full.
   *
   * @param electionId the election of the endpoint, or null for the upload of a new one
   * @param action create, open, close, in_person, export or results
   */
  public java.util.Optional<Reply> refusalBeforeBody(String bearer, String electionId, String action) {
    return java.util.Optional.ofNullable(node.officials().authorize(bearer, electionId, action, null).refusal());
  }

  public Reply createElection(String bearer, byte[] body) {
    OfficialRequests.Outcome auth = node.officials().authorize(bearer, null, "create", null);
    if (auth.refusal() != null) {
      return auth.refusal();
    }
    String def = new String(body, StandardCharsets.UTF_8);
    LoadedElection.Load l = LoadedElection.parse(def, node.clock());
    if (l.election() == null) {
      return Reply.reject(400, "invalid_election", l.problem());
    }
    String id = l.election().id();
    if (!id.equals(auth.request().claims().election())) {
      return Reply.reject(403, "token_wrong_election", "the official's request is for another election than the one uploaded ("
          + id + ")");
    }
    String prev = ElectionMaps.elections(node.hazelcast()).putIfAbsent(id, def);
    if (prev != null) {
      return Reply.reject(409, "election_exists", "election " + id + " already exists");
    }
    node.statuses().set(id, new ElectionStatus("CREATED", bearer).toJson());
    logEvent("election", id, auth.request(), Map.of("definition", def));
    node.remember(l.election());
    return Reply.ok(201, JSON.createObjectNode().put("election_id", id).put("status", "CREATED").toString());
  }

  /**
   * Opens or closes an election; logged with the official's request.
   *
   * @param bearer the official's signed request (action open or close, this election)
   */
  public Reply setStatus(String bearer, String electionId, String newStatus) {
    OfficialRequests.Outcome auth = node.officials().authorize(bearer, electionId, ElectionStatus.actionFor(newStatus), null);
    if (auth.refusal() != null) {
      return auth.refusal();
    }
    if (node.election(electionId) == null) {
      return Reply.unknownElection(electionId);
    }
    String current = node.status(electionId);
    boolean allowed = ("OPEN".equals(newStatus) && "CREATED".equals(current))
        || ("CLOSED".equals(newStatus) && "OPEN".equals(current));
    if (!allowed) {
      return Reply.reject(409, "invalid_transition", "cannot go from " + current + " to " + newStatus);
    }
    node.statuses().set(electionId, new ElectionStatus(newStatus, bearer).toJson());
    if ("CLOSED".equals(newStatus)) {
      node.status(electionId); // this node now knows, so no new ballot passes its gate
      logClose(electionId, auth.request(), false);
    } else {
      logEvent("status", electionId, auth.request(), Map.of("status", newStatus));
    }
    return Reply.ok(200, JSON.createObjectNode().put("election_id", electionId).put("status", newStatus).toString());
  }

  /**
   * Records an in-person vote: the voter's online ballots no longer count. Logged, and kept on
   * the voter's record, with the official's request.
   *
   * @param bearer the official's signed request (action in_person, this election, this voter)
   */
  public Reply inPerson(String bearer, String electionId, byte[] body) {
    OfficialRequests.Outcome auth = node.officials().authorize(bearer, electionId, "in_person", null);
    if (auth.refusal() != null) {
      return auth.refusal();
    }
    LoadedElection election = node.election(electionId);
    if (election == null) {
      return Reply.unknownElection(electionId);
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
    if (!voter.equals(auth.request().claims().voter())) {
      return Reply.reject(403, "token_wrong_voter", "the official's request names voter '" + auth.request().claims().voter()
          + "', not '" + voter + "'");
    }
    if (election.roll() != null && !election.roll().containsKey(voter)) {
      return Reply.reject(403, "not_on_roll", "voter " + voter + " is not on the electoral roll of this election: "
          + "no in-person vote can be recorded for them");
    }
    String after = node.maps(electionId).voters().executeOnKey(voter, new InPersonProcessor(bearer));
    logEvent("in_person", electionId, auth.request(), Map.of("voter", voter));
    VoterRecord r = VoterRecord.fromJson(after);
    ObjectNode o = JSON.createObjectNode().put("voter_id", voter).put("in_person", true);
    ArrayNode a = o.putArray("overridden_ballots");
    r.cast().forEach(a::add);
    return Reply.ok(200, o.toString());
  }

  /**
   * Writes the election record (egk-ec layout plus our evote/ extension files) under the data
   * directory, from the nodes' logs; before the close it is marked provisional
   * ({@code evote/provisional.json}). Refused with 503 {@code export_incomplete}, naming the nodes,
   * when a node's log cannot be taken whole (see {@link RecordExport}), unless {@code
   * allowIncomplete}: then the record names them in {@code evote/heads.json} and fails
   * verification.
   *
   * @param bearer the official's signed request (action export, this election)
   */
  public Reply export(String bearer, String electionId, boolean allowIncomplete) {
    OfficialRequests.Outcome auth = node.officials().authorize(bearer, electionId, "export", null);
    if (auth.refusal() != null) {
      return auth.refusal();
    }
    return writeRecord(electionId, allowIncomplete);
  }

  /** {@link #export} once the official's request is checked (or for the public record). */
  private Reply writeRecord(String electionId, boolean allowIncomplete) {
    LoadedElection e = node.election(electionId);
    if (e == null) {
      return Reply.unknownElection(electionId);
    }
    try {
      Path dir = node.dataDir().resolve("exports").resolve(electionId + "-" + node.clock().millis());
      String status = node.status(electionId);
      RecordExport.Summary s = new RecordExport(node, e).write(dir, allowIncomplete);
      boolean closed = "CLOSED".equals(status);
      if (!closed) {
        // A record taken before the close is not the election's result: it says so, and the
        // verifier says so above and below its report.
        byte[] marker = org.evote.crypto.record.EvoteProvisionalJson.write(
            new org.evote.crypto.record.EvoteProvisionalJson.Provisional(status, node.clock().instant().toString()));
        org.evote.crypto.record.ElectionRecordFiles.writeAtomically(
            dir.resolve("evote").resolve(org.evote.crypto.record.EvoteProvisionalJson.FILE), marker);
      }
      ObjectNode o = JSON.createObjectNode().put("record", dir.toAbsolutePath().toString()).put("provisional", !closed)
          .put("ballots", s.ballots()).put("counted", s.counted()).put("superseded", s.superseded())
          .put("overridden", s.overridden()).put("challenged", s.challenged());
      if (!s.incomplete().isEmpty()) {
        s.incomplete().forEach(o.putObject("incomplete")::put);
      }
      return Reply.ok(200, o.toString());
    } catch (RecordExport.Incomplete ex) {
      StringBuilder why = new StringBuilder("the record would miss part of a node's log, so it was not written: ");
      ex.nodes.forEach((n, reason) -> why.append(reason).append("; "));
      why.append("export again when every node runs, or add ?allow_incomplete=true to write a record marked incomplete");
      return Reply.reject(503, "export_incomplete", why.toString());
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return Reply.reject(503, "export_interrupted", "the node is stopping; export again");
    } catch (IOException ex) {
      return Reply.reject(500, "export_failed", "the record could not be written: " + ex.getMessage());
    }
  }

  /**
   * What {@link #exportArchive} answers: the refusal, or the zip of the record written on this
   * node, to be sent to the official.
   *
   * @param refusal the answer refusing the request, or null
   * @param zip the record as a zip file, or null when refused
   * @param summary the export's counts as JSON (ballots, counted, ...), or null when refused
   */
  public record Archive(Reply refusal, Path zip, String summary) {}

  /**
   * Writes the record as {@link #export} does and zips it for the official's machine. Refused with
   * 409 {@code election_not_closed} while the election is not closed, unless {@code provisional}:
   * then the record carries {@code evote/provisional.json}, which the verifier reports.
   *
   * @param bearer the official's signed request (action export, this election)
   */
  public Archive exportArchive(String bearer, String electionId, boolean provisional, boolean allowIncomplete) {
    OfficialRequests.Outcome auth = node.officials().authorize(bearer, electionId, "export", null);
    if (auth.refusal() != null) {
      return new Archive(auth.refusal(), null, null);
    }
    if (node.election(electionId) == null) {
      return new Archive(Reply.unknownElection(electionId), null, null);
    }
    String status = node.status(electionId);
    boolean closed = "CLOSED".equals(status);
    if (!closed && !provisional) {
      return new Archive(Reply.reject(409, "election_not_closed", "the election is " + status
          + ": its record is final only once it is closed; close it first, or ask for a provisional record "
          + "(provisional=true), which says so in evote/" + org.evote.crypto.record.EvoteProvisionalJson.FILE), null, null);
    }
    Reply written = export(bearer, electionId, allowIncomplete);
    if (written.reason() != null) {
      return new Archive(written, null, null);
    }
    try {
      ObjectNode o = (ObjectNode) JSON.readTree(written.body()); // provisional when not closed, marked by export
      Path dir = Path.of(o.get("record").asText());
      Path zip = dir.resolveSibling(dir.getFileName() + ".zip");
      zipFolder(dir, zip);
      o.remove("record");
      return new Archive(null, zip, o.toString());
    } catch (IOException ex) {
      return new Archive(Reply.reject(500, "export_failed", "the record could not be packed: " + ex.getMessage()), null, null);
    }
  }

  /**
   * Publishes the results after the tally: the officials' results ({@link
   * org.evote.crypto.record.EvoteResultsJson}: the decrypted and encrypted tallies and the
   * verifier's report), once the election is closed, when they are this election's proven tally.
   * The official's request must sign the body's SHA-256. Stored in the cluster with the request,
   * logged (so that it survives restarts) and put on the board; publishing the same results again
   * changes nothing, other results are refused.
   *
   * @param bearer the official's signed request (action results, this election, the body's SHA-256)
   */
  public Reply publishResults(String bearer, String electionId, byte[] body) {
    OfficialRequests.Outcome auth = node.officials().authorize(bearer, electionId, "results", null);
    if (auth.refusal() != null) {
      return auth.refusal();
    }
    String sha = ResultsStore.sha256Hex(body);
    if (!sha.equals(auth.request().claims().bodySha256())) {
      return Reply.reject(403, "token_wrong_body", "the official's request signs other results than the ones sent "
          + "(its body_sha256 is not the SHA-256 of the body)");
    }
    LoadedElection e = node.election(electionId);
    if (e == null) {
      return Reply.unknownElection(electionId);
    }
    String status = node.status(electionId);
    if (!"CLOSED".equals(status)) {
      return Reply.reject(409, "election_not_closed", "the election is " + status
          + ": results are published only once it is closed (./evote election close)");
    }
    var parsed = org.evote.crypto.record.EvoteResultsJson.parse(body, "results", e.codec());
    if (!parsed.isOk()) {
      return Reply.reject(400, "invalid_results", "the results cannot be read: " + parsed.problem());
    }
    java.util.List<String> problems = org.evote.crypto.record.EvoteResultsJson.problemsAgainst(parsed.value(), e.election());
    if (!problems.isEmpty()) {
      return Reply.reject(400, "invalid_results", "the results are not this election's proven tally: " + problems.get(0)
          + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
    }
    String text = new String(body, StandardCharsets.UTF_8);
    String stored = new org.evote.ballotserver.cluster.PublishedResults(text, bearer).toJson();
    String prev = ElectionMaps.results(node.hazelcast()).putIfAbsent(electionId, stored);
    ObjectNode ok = JSON.createObjectNode().put("election_id", electionId).put("status", "PUBLISHED")
        .put("verdict", parsed.value().report().verdict());
    if (prev != null) {
      var was = org.evote.ballotserver.cluster.PublishedResults.fromJson(prev);
      if (was.isPresent() && was.get().results().equals(text)) {
        return Reply.ok(200, ok.put("already", true).toString());
      }
      return Reply.reject(409, "results_exist", "other results are already published for this election");
    }
    logEvent("results", electionId, auth.request(), Map.of("results", text));
    return Reply.ok(200, ok.toString());
  }

  /**
   * The election's whole record for anyone, once its results are published: the record as {@link
   * #export} writes it from the nodes' logs, with the published {@code tally.json} and {@code
   * encrypted_tally.json}, as a zip. Made once per node; later requests get the same file.
   *
   * @return the zip, or the answer refusing it (no results yet: 404)
   */
  public Archive publicRecord(String electionId) {
    ResultsStore.Found found = results.find(electionId);
    if (found.refusal() != null) {
      return new Archive(found.refusal(), null, null);
    }
    java.util.concurrent.CompletableFuture<Path> mine = new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.CompletableFuture<Path> zip = publicRecords.putIfAbsent(electionId, mine);
    if (zip == null) {
      zip = mine;
      try {
        Reply written = writeRecord(electionId, false);
        if (written.reason() != null) {
          publicRecords.remove(electionId, mine);
          mine.complete(null);
          return new Archive(written, null, null);
        }
        Path dir = Path.of(JSON.readTree(written.body()).get("record").asText());
        var files = new org.evote.crypto.record.ElectionRecordFiles(dir, node.election(electionId).codec());
        org.evote.crypto.record.ElectionRecordFiles.writeAtomically(files.tallyPath(), found.results().tallyJson());
        org.evote.crypto.record.ElectionRecordFiles.writeAtomically(files.encryptedTallyPath(),
            found.results().encryptedTallyJson());
        Path z = dir.resolveSibling(dir.getFileName() + ".zip");
        zipFolder(dir, z);
        mine.complete(z);
      } catch (IOException | RuntimeException ex) {
        publicRecords.remove(electionId, mine);
        mine.complete(null);
        return new Archive(Reply.reject(500, "export_failed", "the record could not be written: " + ex.getMessage()), null, null);
      }
    }
    Path z = zip.join();
    if (z == null) {
      return new Archive(Reply.reject(503, "export_failed", "the record could not be written just now; try again"), null, null);
    }
    return new Archive(null, z, JSON.createObjectNode().put("election_id", electionId).toString());
  }

  /** Zips every file under {@code dir}, named by its path relative to it ('/' separated), in path order. */
  private static void zipFolder(Path dir, Path zip) throws IOException {
    Path tmp = zip.resolveSibling(zip.getFileName() + ".tmp");
    try (var files = java.nio.file.Files.walk(dir);
        var out = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(tmp))) {
      for (Path f : (Iterable<Path>) files.filter(java.nio.file.Files::isRegularFile).sorted()::iterator) {
        String name = dir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
        out.putNextEntry(new java.util.zip.ZipEntry(name));
        java.nio.file.Files.copy(f, out);
        out.closeEntry();
      }
    }
    java.nio.file.Files.move(tmp, zip, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Logs the close of an election in this node's log once, after every ballot already past its
   * last state check has been logged (the gate), so that no ballot follows it. The closing node
   * does it at once; every other node does it when it learns of the close from the cluster
   * ({@link #closeSeen}), with the same official's request.
   */
  private void logClose(String electionId, OfficialRequests.Request request, boolean relayed) {
    var gate = node.gate(electionId).writeLock();
    gate.lock();
    try {
      if (node.markCloseLogged(electionId)) {
        logEvent("status", electionId, request,
            relayed ? Map.of("status", "CLOSED", "relayed", "true") : Map.of("status", "CLOSED"));
      }
    } finally {
      gate.unlock();
    }
  }

  /**
   * Called when the cluster's state of an election changed: on a checked close this node has not
   * logged yet, it drains and logs it. A forged state is reported by {@link NodeContext#status}.
   */
  public void closeSeen(String electionId) {
    if (!"CLOSED".equals(node.status(electionId))) {
      return;
    }
    ElectionStatus s = node.knownState(electionId); // the close just checked, with its request
    node.officials().storedClaims(s.request())
        .ifPresent(claims -> logClose(electionId, new OfficialRequests.Request(s.request(), claims), true));
  }

  /** Logs an official's action with the official's name and signed request, and puts it on the board. */
  private void logEvent(String type, String electionId, OfficialRequests.Request request, Map<String, String> fields) {
    ObjectNode o = JSON.createObjectNode().put("type", type).put("election_id", electionId)
        .put("time", node.clock().instant().toString());
    fields.forEach(o::put);
    o.put("official", request.claims().subject());
    o.put("request", request.token());
    BallotLog.Entry entry;
    try {
      entry = node.log().append(o.toString().getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the node could not log an official action", e);
    }
    board.publish(electionId, entry);
  }
}

package org.evote.ballotserver.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.evote.ballotserver.cluster.ElectionMaps;
import org.evote.ballotserver.cluster.StoredBallot;
import org.evote.ballotserver.election.LoadedElection;
import org.evote.ballotserver.log.BallotLog;
import org.evote.crypto.casting.CountingRule;
import org.evote.crypto.casting.LogHead;
import org.evote.crypto.casting.Receipt;
import org.evote.crypto.election.BallotChain;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.ConfirmationCodes;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.EvoteEnvelopeJson;
import org.evote.crypto.record.EvoteHeadsJson;
import org.evote.crypto.record.EvoteKeysJson;
import org.evote.crypto.record.EvoteLabelsJson;
import org.evote.crypto.record.EvoteLogJson;
import org.evote.crypto.record.EvotePolicyJson;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.StrictJson;

/**
 * Writes an election's record from the nodes' logs, the truth of what was acknowledged; the
 * cluster's maps only supply what a log does not hold (other nodes' receipts). The egk-ec files
 * (constants, manifest, config, initialized, every cast and challenged ballot in its device
 * folder, with the state an ElectionGuard verifier reads as the policy outcome: see
 * {@link #recordState}) and our extension folder {@code evote/}: {@code policy.json} (which ballots count, by
 * the rule applied to the logs), {@code envelopes/<ballot>.json} (token, voter signature,
 * receipt), {@code nodes.json} (node signing keys), {@code heads.json} (each node's newest signed
 * log head), {@code idp.json} (the identity provider key), {@code officials.json} (the key that
 * signs officials' requests), {@code labels.json} (the labels in several languages, when the
 * election has them) and {@code logs/<node>.jsonl} (each node's hash-chained log up to its
 * signed head, every election's records). docs/PROTOCOL.md describes the layout.
 *
 * <p>Each node's log is taken from the board up to the newest head that node signed, once that
 * head covers every record of this election the board shows. A node whose log cannot be taken so
 * (it is down and the cluster lost part of its log, or it signed no head) makes the export
 * {@link Incomplete}, naming it: refused, or written with the node named in {@code heads.json} when
 * the official asks for it, and then the verifier fails it.
 */
final class RecordExport {
  private static final ObjectMapper JSON = StrictJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** How long the export waits for the nodes' heads and board copies to catch up. */
  static final long WAIT_SECONDS = 10;

  record Summary(int ballots, int counted, int superseded, int overridden, int challenged, Map<String, String> incomplete) {}

  /** The nodes whose log the export could not take whole, with why. */
  static final class Incomplete extends Exception {
    final Map<String, String> nodes;

    Incomplete(Map<String, String> nodes) {
      super("the record would be incomplete: " + nodes);
      this.nodes = nodes;
    }
  }

  /**
   * One ballot record of this election as a node logged it: where it is and what the counting
   * rule and the receipts need. The ballot itself stays in the log's text until it is written.
   */
  private record Logged(String node, EvoteLogJson.Line line, String ballotId, String code, String state, String voter,
      String received, int voterSeq) {
    static Logged of(String node, EvoteLogJson.Line line, LoggedBallot b) {
      return new Logged(node, line, b.ballotId(), b.code(), b.state(), b.voter(), b.received(), b.voterSeq());
    }

    /** The whole record, the envelope with the ballot included, read again from the log's text. */
    LoggedBallot read() {
      return LoggedBallot.read(line.payload().getBytes(StandardCharsets.UTF_8), "node " + node + "'s log at " + line.position());
    }
  }

  private final NodeContext node;
  private final HazelcastInstance hz;
  private final LoadedElection election;
  private final ElectionMaps maps;
  private final Object changed = new Object();

  RecordExport(NodeContext node, LoadedElection election) {
    this.node = node;
    this.hz = node.hazelcast();
    this.election = election;
    this.maps = node.maps(election.id());
  }

  Summary write(Path dir, boolean allowIncomplete) throws IOException, Incomplete, InterruptedException {
    // The waits below end when a node signs a head, publishes a log record or stores a receipt.
    com.hazelcast.core.EntryAdapter<String, String> wake = new com.hazelcast.core.EntryAdapter<>() {
      @Override
      public void onEntryEvent(com.hazelcast.core.EntryEvent<String, String> event) {
        synchronized (changed) {
          changed.notifyAll();
        }
      }
    };
    List<com.hazelcast.map.IMap<String, String>> watched = List.of(ElectionMaps.heads(hz), ElectionMaps.board(hz), maps.ballots());
    List<java.util.UUID> listeners = new ArrayList<>();
    for (var m : watched) {
      listeners.add(m.addEntryListener(wake, false));
    }
    try {
      return writeWatched(dir, allowIncomplete);
    } finally {
      for (int i = 0; i < watched.size(); i++) {
        watched.get(i).removeEntryListener(listeners.get(i));
      }
    }
  }

  /** Waits until the cluster changes (see {@link #write}), at most until the deadline. */
  private void awaitChange(long deadline) throws InterruptedException {
    long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (ms > 0) {
      synchronized (changed) {
        changed.wait(ms);
      }
    }
  }

  private Summary writeWatched(Path dir, boolean allowIncomplete) throws IOException, Incomplete, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    Map<String, String> nodeKeys = new TreeMap<>(ElectionMaps.nodes(hz));
    Map<String, String> incomplete = new TreeMap<>();
    Map<String, List<EvoteLogJson.Line>> logs = new TreeMap<>();
    Map<String, LogHead> heads = new TreeMap<>();
    for (String n : nodeKeys.keySet()) {
      takeLog(n, deadline, logs, heads, incomplete);
    }

    String eid = election.id();
    // Ballot id → every log record of it: one, unless a client's retry reached a second node while
    // the cluster had lost the first one's weeding keys (two nodes down at once); the copies are
    // the same ballot, and the first one in node order stands for it, as the verifier reads it.
    Map<String, List<Logged>> copies = new LinkedHashMap<>();
    Set<String> inPerson = new TreeSet<>();
    for (Map.Entry<String, List<EvoteLogJson.Line>> e : logs.entrySet()) {
      for (EvoteLogJson.Line l : e.getValue()) {
        JsonNode p = JSON.readTree(l.payload());
        if (!eid.equals(p.path("election_id").asText())) {
          continue;
        }
        switch (p.path("type").asText()) {
          case LoggedBallot.TYPE -> {
            LoggedBallot b = LoggedBallot.read(p, "node " + e.getKey() + "'s log at " + l.position());
            copies.computeIfAbsent(b.ballotId(), id -> new ArrayList<>()).add(Logged.of(e.getKey(), l, b));
          }
          case "in_person" -> {
            String voter = p.path("voter").asText();
            String forged = node.officials().problemWithStored(p.path("request").asText(null), eid, "in_person", voter).orElse(null);
            if (forged == null) {
              inPerson.add(voter);
            } else {
              node.reportTampering("the in-person vote of voter " + voter + " in node " + e.getKey() + "'s log " + forged);
            }
          }
          default -> { }
        }
      }
    }
    Map<String, Receipt> receipts = receipts(copies, deadline, incomplete);
    List<Logged> ballots = copies.values().stream().map(c -> c.get(0)).toList();
    if (!incomplete.isEmpty() && !allowIncomplete) {
      throw new Incomplete(incomplete);
    }

    ElectionRecordFiles files = new ElectionRecordFiles(dir, election.codec());
    JsonNode def = JSON.readTree(election.definition());
    var codec = election.codec();
    files.writeConstants(election.election().group().constants());
    ElectionRecordFiles.writeAtomically(files.manifestPath(), Base64.getDecoder().decode(def.get("manifest_base64").asText()));
    files.writeConfig(election.election().config());
    files.writeInitialized(codec.parseInitialized(JSON.writeValueAsBytes(def.get("election_initialized")), "definition").orElseThrow());
    Path ext = dir.resolve("evote");
    Files.createDirectories(ext.resolve(EvoteEnvelopeJson.DIR));
    Files.createDirectories(ext.resolve(EvoteLogJson.DIR));

    // The rule, applied to the logs: each voter's last cast ballot (by the order the cluster gave
    // them) counts, unless an official recorded an in-person vote; challenged ballots never count.
    Map<String, TreeMap<Integer, String>> byVoter = new TreeMap<>();
    List<String> challenged = new ArrayList<>();
    for (Logged b : ballots) {
      if ("CHALLENGED".equals(b.state())) {
        challenged.add(b.ballotId());
      } else {
        byVoter.computeIfAbsent(b.voter(), v -> new TreeMap<>()).put(b.voterSeq(), b.ballotId());
      }
    }
    CountingRule.Outcome outcome = CountingRule.apply(byVoter, inPerson);
    List<String> counted = outcome.counted();
    List<String> superseded = outcome.superseded();
    List<String> overridden = outcome.overridden();
    Set<String> countedIds = Set.copyOf(counted);

    int n = 0;
    boolean chained = election.election().config().chainConfirmationCodes();
    Map<String, List<EncryptedBallot>> byDevice = new TreeMap<>();
    for (Logged logged : ballots) {
      // One ballot decoded at a time, from the log's text.
      LoggedBallot b = logged.read();
      String id = b.ballotId();
      Parsed<EncryptedBallot> parsed = codec.parseEncryptedBallot(b.ballot(), id);
      EncryptedBallot ballot = parsed.orElseThrow();
      String state = b.state();
      files.writeEncryptedBallot(deviceFolder(ballot.encryptingDevice()), ballot.withState(recordState(state, countedIds.contains(id))));
      if (chained) {
        byDevice.computeIfAbsent(ballot.encryptingDevice(), d -> new ArrayList<>()).add(ballot);
      }
      EvoteEnvelopeJson.Envelope e = new EvoteEnvelopeJson.Envelope(id, b.voter(), state, b.token(), b.signature(),
          b.received(), b.node(), receipts.get(id));
      ElectionRecordFiles.writeAtomically(ext.resolve(EvoteEnvelopeJson.DIR).resolve(id + ".json"), EvoteEnvelopeJson.write(e));
      n++;
    }
    if (chained) {
      boolean closed = "CLOSED".equals(node.status(eid));
      for (Map.Entry<String, List<EncryptedBallot>> d : byDevice.entrySet()) {
        files.writeBallotChain(chainOf(d.getKey(), d.getValue(), closed));
      }
    }
    EvotePolicyJson.Policy policy = new EvotePolicyJson.Policy(
        "last cast ballot per voter counts; an in-person vote overrides all online ballots; challenged ballots never count",
        sorted(counted), sorted(superseded), sorted(overridden), sorted(challenged), sorted(new ArrayList<>(inPerson)));
    ElectionRecordFiles.writeAtomically(ext.resolve(EvotePolicyJson.FILE), EvotePolicyJson.write(policy));
    if (election.labels().isPresent()) {
      ElectionRecordFiles.writeAtomically(ext.resolve(EvoteLabelsJson.FILE), EvoteLabelsJson.write(election.labels().get()));
    }
    ElectionRecordFiles.writeAtomically(ext.resolve(EvoteKeysJson.NODES_FILE), EvoteKeysJson.writeNodes(nodeKeys));
    ElectionRecordFiles.writeAtomically(ext.resolve(EvoteKeysJson.OFFICIALS_FILE),
        EvoteKeysJson.writeIdp(node.officials().publicKeyBase64()));
    ElectionRecordFiles.writeAtomically(ext.resolve(EvoteKeysJson.IDP_FILE),
        EvoteKeysJson.writeIdp(def.get("idp_public_key").asText()));
    for (Map.Entry<String, List<EvoteLogJson.Line>> e : logs.entrySet()) {
      ElectionRecordFiles.writeAtomically(ext.resolve(EvoteLogJson.DIR).resolve(e.getKey() + ".jsonl"), EvoteLogJson.write(e.getValue()));
    }
    ElectionRecordFiles.writeAtomically(ext.resolve(EvoteHeadsJson.FILE),
        EvoteHeadsJson.write(new EvoteHeadsJson.Heads(heads, incomplete)));
    return new Summary(n, counted.size(), superseded.size(), overridden.size(), challenged.size(), incomplete);
  }

  /**
   * Takes a node's log from the board up to the furthest position the node signed (its newest
   * head, or a receipt after it), waiting until that covers every record of this election the
   * board shows and the board reaches it; records after it (other elections' ballots still
   * arriving) are left out.
   */
  private void takeLog(String n, long deadline, Map<String, List<EvoteLogJson.Line>> logs, Map<String, LogHead> heads,
      Map<String, String> incomplete) throws IOException, InterruptedException {
    while (true) {
      String raw = ElectionMaps.heads(hz).get(n);
      LogHead head = raw == null ? null
          : EvoteHeadsJson.parseHead(raw.getBytes(StandardCharsets.UTF_8), "the head of " + n).orElse(null);
      List<EvoteLogJson.Line> board = readBoard(n);
      long lastOfElection = -1;
      long reach = head == null ? -1 : head.position();
      for (EvoteLogJson.Line l : board) {
        if (!l.payload().contains(election.id())) {
          continue;
        }
        JsonNode p = JSON.readTree(l.payload());
        if (election.id().equals(p.path("election_id").asText())) {
          lastOfElection = l.position();
          if (l.position() > reach && "ballot".equals(p.path("type").asText()) && hasReceipt(n, l, p.path("ballot_id").asText())) {
            reach = l.position(); // a receipt is a signed head too
          }
        }
      }
      String why;
      if (reach < 0) {
        why = board.isEmpty() ? null : "node " + n + " has signed no head for the " + board.size() + " records of its log";
      } else if (reach >= board.size()) {
        why = "node " + n + " signed its log's head at position " + reach + ", but the cluster holds its log only to position "
            + (board.size() - 1) + ": the rest is on its disk only (is it down?)";
      } else if (reach < lastOfElection) {
        why = "node " + n + " has signed its log only to position " + reach + ", not yet its record at position "
            + lastOfElection + " (is it down?)";
      } else {
        why = null;
      }
      if (why == null || System.nanoTime() > deadline) {
        long end = reach < 0 ? board.size() : Math.min(board.size(), reach + 1);
        if (end > 0) {
          logs.put(n, List.copyOf(board.subList(0, (int) end)));
        }
        if (head != null) {
          heads.put(n, head);
        }
        if (why != null) {
          incomplete.put(n, why);
        }
        return;
      }
      awaitChange(deadline);
    }
  }

  /** Whether the cluster holds node {@code n}'s receipt for the ballot logged at this line. */
  private boolean hasReceipt(String n, EvoteLogJson.Line l, String ballotId) throws IOException {
    String stored = maps.ballots().get(ballotId);
    Receipt r = stored == null ? null : receiptOf(stored);
    return r != null && r.nodeId().equals(n) && r.logPosition() == l.position() && r.logHash().equals(l.hash());
  }

  /** A node's records on the board, from position 0 to the first one missing. */
  private List<EvoteLogJson.Line> readBoard(String n) throws IOException {
    List<EvoteLogJson.Line> lines = new ArrayList<>();
    for (long pos = 0; ; pos++) {
      String e = ElectionMaps.board(hz).get(n + ":" + pos);
      if (e == null) {
        return lines;
      }
      JsonNode o = JSON.readTree(e);
      lines.add(new EvoteLogJson.Line(pos, o.get("previous_hash").asText(), o.get("hash").asText(), o.get("payload").asText()));
    }
  }

  /**
   * The receipt of every logged ballot: signed again when this node logged it (the signature is
   * deterministic, so it is the one the voter holds), otherwise read from the cluster, where it
   * must point at one of the ballot's log records. A receipt the cluster has lost makes the export
   * incomplete once the wait is over.
   */
  private Map<String, Receipt> receipts(Map<String, List<Logged>> copies, long deadline, Map<String, String> incomplete)
      throws IOException, InterruptedException {
    Map<String, Receipt> out = new LinkedHashMap<>();
    List<String> pending = new ArrayList<>();
    copies.forEach((id, logged) -> {
      Logged own = logged.stream().filter(b -> b.node().equals(node.nodeId())).findFirst().orElse(null);
      if (own == null) {
        pending.add(id);
        return;
      }
      EvoteLogJson.Line l = own.line();
      BallotLog.Entry entry = new BallotLog.Entry(l.position(), l.payload().getBytes(StandardCharsets.UTF_8),
          HexFormat.of().parseHex(l.previousHash()), HexFormat.of().parseHex(l.hash()));
      out.put(id, CastService.receipt(own.read(), node.nodeId(), entry, node.signingKey()));
    });
    while (true) {
      List<String> missing = new ArrayList<>();
      for (String id : pending) {
        String stored = maps.ballots().get(id);
        Receipt r = stored == null ? null : receiptOf(stored);
        boolean matches = r != null && copies.get(id).stream().anyMatch(b ->
            r.nodeId().equals(b.node()) && r.logPosition() == b.line().position() && r.logHash().equals(b.line().hash()));
        if (matches) {
          out.put(id, r);
        } else {
          missing.add(id);
        }
      }
      if (missing.isEmpty() || System.nanoTime() > deadline) {
        Map<String, List<String>> byNode = new TreeMap<>();
        missing.forEach(id -> byNode.computeIfAbsent(copies.get(id).get(0).node(), k -> new ArrayList<>()).add(id));
        byNode.forEach((n, ids) -> incomplete.merge(n, "the cluster has lost the receipts of " + ids.size()
            + " ballots node " + n + " logged (the first: " + ids.get(0) + "); the node puts them back when it runs again",
            (a, c) -> a + "; " + c));
        return out;
      }
      pending.clear();
      pending.addAll(missing);
      awaitChange(deadline);
    }
  }

  /** The receipt of a ballots map entry; null when the entry is unreadable (it counts as missing). */
  private static Receipt receiptOf(String stored) {
    try {
      return StoredBallot.fromJson(stored).receipt();
    } catch (IllegalStateException e) {
      return null;
    }
  }

  /**
   * A ballot's state in {@code encrypted_ballots/} (docs/PROTOCOL.md, "Ballot states"): what an
   * ElectionGuard verifier aggregates must be exactly what the policy counts. A counted ballot is
   * CAST, a challenged one CHALLENGED, and a superseded or overridden one UNKNOWN, which
   * ElectionGuard neither aggregates nor decrypts. The envelope keeps the state the voter signed.
   *
   * @param submitted the state the voter submitted and signed, CAST or CHALLENGED
   * @param counted whether the policy counts the ballot
   */
  static BallotState recordState(String submitted, boolean counted) {
    if ("CHALLENGED".equals(submitted)) {
      return BallotState.CHALLENGED;
    }
    return counted ? BallotState.CAST : BallotState.UNKNOWN;
  }

  /**
   * A device's {@code ballot_chain.json} (spec §3.4.3; egk-ec's layout): its ballots in chain order,
   * found by following each ballot's B_aux = H_j-1 ∥ B_aux,0 from H_0, the last code, and, once the
   * election is closed, the closing hash H(H_E; 0x24, H(B_ℓ) ∥ B_aux,0 ∥ "CLOSE") (eq. 61). The
   * nodes accept only ballots that continue a chain without a fork (CastService), so the links
   * make one path; a ballot off it (which a node would not have taken) is listed after it, where
   * the verifier reports it (7.E).
   *
   * @param closed whether the election is closed; a provisional record's chains stay open
   */
  private BallotChain chainOf(String device, List<EncryptedBallot> ballots, boolean closed) {
    UInt256 he = election.election().extendedBaseHash();
    ByteString baux0 = ConfirmationCodes.deviceBaux0(election.election().config().baux0(), device);
    Map<UInt256, EncryptedBallot> byPrevious = new LinkedHashMap<>();
    for (EncryptedBallot b : ballots) {
      UInt256 previous = ConfirmationCodes.chainedPrevious(b.codeBaux(), baux0);
      if (previous != null) {
        byPrevious.putIfAbsent(previous, b);
      }
    }
    List<String> order = new ArrayList<>();
    Set<String> placed = new java.util.HashSet<>();
    UInt256 last = ConfirmationCodes.chainStart(he, baux0);
    for (EncryptedBallot next = byPrevious.get(last); next != null && placed.add(next.ballotId()); next = byPrevious.get(last)) {
      order.add(next.ballotId());
      last = next.confirmationCode();
    }
    for (EncryptedBallot b : ballots) {
      if (placed.add(b.ballotId())) {
        order.add(b.ballotId());
        last = b.confirmationCode();
      }
    }
    return new BallotChain(device, baux0, he, order, last, closed ? ConfirmationCodes.chainClose(he, last, baux0) : null,
        Map.of());
  }

  private static List<String> sorted(List<String> values) {
    return values.stream().sorted().toList();
  }

  private static String deviceFolder(String device) {
    String d = device.replace(' ', '_');
    return ElectionRecordFiles.fileNameProblem(d).isEmpty() ? d : "device";
  }
}

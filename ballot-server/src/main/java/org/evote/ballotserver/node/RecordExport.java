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
   * rule and the receipts need. The ballot itself is read again from the board when it is written.
   */
  private record Logged(String node, long position, String hash, String ballotId, String code, String state,
      String voter, String received, int voterSeq) {
    static Logged of(String node, EvoteLogJson.Line line, LoggedBallot b) {
      return new Logged(node, line.position(), line.hash(), b.ballotId(), b.code(), b.state(), b.voter(), b.received(),
          b.voterSeq());
    }
  }

  /** What a scan of a node's records on the board found: how many, and how far they are signed. */
  private record Scan(long size, long lastOfElection, long reach) {}

  /** A consumer of a node's log records, one at a time. */
  @FunctionalInterface
  private interface LineConsumer {
    void accept(EvoteLogJson.Line line) throws IOException;
  }

  /** How many board entries the export reads in one cluster call. */
  private static final int BATCH = 500;

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
    Map<String, Long> ends = new TreeMap<>();
    Map<String, LogHead> heads = new TreeMap<>();
    for (String n : nodeKeys.keySet()) {
      takeLog(n, deadline, ends, heads, incomplete);
    }

    String eid = election.id();
    // Ballot id → every log record of it: one, unless a client's retry reached a second node while
    // the cluster had lost the first one's weeding keys (two nodes down at once); the copies are
    // the same ballot, and the first one in node order stands for it, as the verifier reads it.
    // Only where each record is and what the rule needs are kept: the logs are read again, a batch
    // at a time, when the files are written.
    Map<String, List<Logged>> copies = new LinkedHashMap<>();
    Set<String> inPerson = new TreeSet<>();
    for (Map.Entry<String, Long> e : ends.entrySet()) {
      String n = e.getKey();
      forEachLine(n, e.getValue(), l -> {
        JsonNode p = ofElection(l);
        if (p == null) {
          return;
        }
        switch (p.path("type").asText()) {
          case LoggedBallot.TYPE -> {
            LoggedBallot b = LoggedBallot.read(p, "node " + n + "'s log at " + l.position());
            copies.computeIfAbsent(b.ballotId(), id -> new ArrayList<>()).add(Logged.of(n, l, b));
          }
          case "in_person" -> {
            String voter = p.path("voter").asText();
            String forged = node.officials().problemWithStored(p.path("request").asText(null), eid, "in_person", voter).orElse(null);
            if (forged == null) {
              inPerson.add(voter);
            } else {
              node.reportTampering("the in-person vote of voter " + voter + " in node " + n + "'s log " + forged);
            }
          }
          default -> { }
        }
      });
    }
    Map<String, Receipt> receipts = receipts(copies, deadline, incomplete);
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
    for (List<Logged> c : copies.values()) {
      Logged b = c.get(0);
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

    // Each node's log file and, from the same pass, the ballots whose first copy it holds: one
    // ballot decoded and written at a time.
    int[] n = {0};
    boolean chained = election.election().config().chainConfirmationCodes();
    Map<String, List<EncryptedBallot>> byDevice = new TreeMap<>();
    for (Map.Entry<String, Long> e : ends.entrySet()) {
      String nodeId = e.getKey();
      ElectionRecordFiles.writeAtomically(ext.resolve(EvoteLogJson.DIR).resolve(nodeId + ".jsonl"), out ->
          forEachLine(nodeId, e.getValue(), l -> {
            out.write(EvoteLogJson.line(l).getBytes(StandardCharsets.UTF_8));
            JsonNode p = ofElection(l);
            if (p == null || !LoggedBallot.TYPE.equals(p.path("type").asText())) {
              return;
            }
            LoggedBallot b = LoggedBallot.read(p, "node " + nodeId + "'s log at " + l.position());
            Logged first = copies.get(b.ballotId()).get(0);
            if (!first.node().equals(nodeId) || first.position() != l.position()) {
              return; // a second copy of a ballot (see copies above)
            }
            if (!first.hash().equals(l.hash())) {
              throw new IOException("node " + nodeId + "'s log record at " + l.position() + " changed on the board while "
                  + "the record was written; export again");
            }
            String id = b.ballotId();
            EncryptedBallot ballot = codec.parseEncryptedBallot(b.ballot(), id).orElseThrow();
            files.writeEncryptedBallot(deviceFolder(ballot.encryptingDevice()),
                ballot.withState(recordState(b.state(), countedIds.contains(id))));
            if (chained) {
              byDevice.computeIfAbsent(ballot.encryptingDevice(), d -> new ArrayList<>()).add(ballot);
            }
            EvoteEnvelopeJson.Envelope env = new EvoteEnvelopeJson.Envelope(id, b.voter(), b.state(), b.token(),
                b.signature(), b.received(), b.node(), receipts.get(id));
            ElectionRecordFiles.writeAtomically(ext.resolve(EvoteEnvelopeJson.DIR).resolve(id + ".json"), EvoteEnvelopeJson.write(env));
            n[0]++;
          }));
    }
    if (n[0] != copies.size()) {
      throw new IOException("the cluster lost " + (copies.size() - n[0]) + " ballot records while the record was written; export again");
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
    ElectionRecordFiles.writeAtomically(ext.resolve(EvoteHeadsJson.FILE),
        EvoteHeadsJson.write(new EvoteHeadsJson.Heads(heads, incomplete)));
    return new Summary(n[0], counted.size(), superseded.size(), overridden.size(), challenged.size(), incomplete);
  }

  /** A log record's payload when it is a record of this election, else null. */
  private JsonNode ofElection(EvoteLogJson.Line l) throws IOException {
    if (!l.payload().contains(election.id())) {
      return null;
    }
    JsonNode p = JSON.readTree(l.payload());
    return election.id().equals(p.path("election_id").asText()) ? p : null;
  }

  /**
   * Takes a node's log from the board up to the furthest position the node signed (its newest
   * head, or a receipt after it), waiting until that covers every record of this election the
   * board shows and the board reaches it; records after it (other elections' ballots still
   * arriving) are left out. Puts how many records are taken in {@code ends}.
   */
  private void takeLog(String n, long deadline, Map<String, Long> ends, Map<String, LogHead> heads,
      Map<String, String> incomplete) throws IOException, InterruptedException {
    while (true) {
      String raw = ElectionMaps.heads(hz).get(n);
      LogHead head = raw == null ? null
          : EvoteHeadsJson.parseHead(raw.getBytes(StandardCharsets.UTF_8), "the head of " + n).orElse(null);
      Scan scan = scan(n, head == null ? -1 : head.position());
      long size = scan.size();
      long reach = scan.reach();
      String why;
      if (reach < 0) {
        why = size == 0 ? null : "node " + n + " has signed no head for the " + size + " records of its log";
      } else if (reach >= size) {
        why = "node " + n + " signed its log's head at position " + reach + ", but the cluster holds its log only to position "
            + (size - 1) + ": the rest is on its disk only (is it down?)";
      } else if (reach < scan.lastOfElection()) {
        why = "node " + n + " has signed its log only to position " + reach + ", not yet its record at position "
            + scan.lastOfElection() + " (is it down?)";
      } else {
        why = null;
      }
      if (why == null || System.nanoTime() > deadline) {
        long end = reach < 0 ? size : Math.min(size, reach + 1);
        if (end > 0) {
          ends.put(n, end);
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

  /**
   * Reads node {@code n}'s records on the board from position 0 to the first one missing: how
   * many, the last of this election, and how far the node signed them (its head's position, or a
   * later ballot whose receipt the cluster holds: a receipt is a signed head too).
   */
  private Scan scan(String n, long headPosition) throws IOException {
    long[] last = {-1};
    long[] reach = {headPosition};
    long size = forEachLine(n, Long.MAX_VALUE, l -> {
      JsonNode p = ofElection(l);
      if (p != null) {
        last[0] = l.position();
        if (l.position() > reach[0] && LoggedBallot.TYPE.equals(p.path("type").asText())
            && hasReceipt(n, l, p.path("ballot_id").asText())) {
          reach[0] = l.position();
        }
      }
    });
    return new Scan(size, last[0], reach[0]);
  }

  /** Whether the cluster holds node {@code n}'s receipt for the ballot logged at this line. */
  private boolean hasReceipt(String n, EvoteLogJson.Line l, String ballotId) {
    String stored = maps.ballots().get(ballotId);
    Receipt r = stored == null ? null : receiptOf(stored);
    return r != null && r.nodeId().equals(n) && r.logPosition() == l.position() && r.logHash().equals(l.hash());
  }

  /**
   * Hands node {@code n}'s records on the board, from position 0, to {@code each}, a batch of
   * board entries at a time, until {@code end} or the first one missing; returns how many it read.
   * A caller that asks for records it found before gets an IOException if one is gone.
   */
  private long forEachLine(String n, long end, LineConsumer each) throws IOException {
    var board = ElectionMaps.board(hz);
    long pos = 0;
    while (pos < end) {
      Set<String> keys = new java.util.LinkedHashSet<>();
      for (long p = pos; p < Math.min(end, pos + BATCH); p++) {
        keys.add(n + ":" + p);
      }
      Map<String, String> got = board.getAll(keys);
      for (String k : keys) {
        String e = got.get(k);
        if (e == null) {
          if (end != Long.MAX_VALUE) {
            throw new IOException("the cluster lost node " + n + "'s log record " + k + " while the record was written; export again");
          }
          return pos;
        }
        JsonNode o = JSON.readTree(e);
        each.accept(new EvoteLogJson.Line(pos, o.path("previous_hash").asText(), o.path("hash").asText(),
            o.path("payload").asText()));
        pos++;
      }
    }
    return pos;
  }

  /**
   * The receipt of every logged ballot: signed again when this node logged it (the signature is
   * deterministic, so it is the one the voter holds), otherwise read from the cluster, where it
   * must point at one of the ballot's log records. A receipt the cluster has lost makes the export
   * incomplete once the wait is over.
   */
  private Map<String, Receipt> receipts(Map<String, List<Logged>> copies, long deadline, Map<String, String> incomplete)
      throws InterruptedException {
    Map<String, Receipt> out = new LinkedHashMap<>();
    List<String> pending = new ArrayList<>();
    copies.forEach((id, logged) -> {
      Logged own = logged.stream().filter(b -> b.node().equals(node.nodeId())).findFirst().orElse(null);
      if (own == null) {
        pending.add(id);
        return;
      }
      out.put(id, CastService.receipt(election.id(), id, own.code(), own.state(), own.received(), node.nodeId(),
          own.position(), own.hash(), node.signingKey()));
    });
    while (true) {
      List<String> missing = new ArrayList<>();
      for (String id : pending) {
        String stored = maps.ballots().get(id);
        Receipt r = stored == null ? null : receiptOf(stored);
        boolean matches = r != null && copies.get(id).stream().anyMatch(b ->
            r.nodeId().equals(b.node()) && r.logPosition() == b.position() && r.logHash().equals(b.hash()));
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

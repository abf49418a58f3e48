package org.evote.ballotserver.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.evote.ballotserver.cluster.ElectionMaps;
import org.evote.ballotserver.cluster.VoterRecord;
import org.evote.ballotserver.election.LoadedElection;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.EvoteEnvelopeJson;
import org.evote.crypto.record.EvoteKeysJson;
import org.evote.crypto.record.EvoteLogJson;
import org.evote.crypto.record.EvotePolicyJson;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.ReceiptJson;
import org.evote.crypto.record.StrictJson;

/**
 * Writes an election's record: the egk-ec files (constants, manifest, config, initialized, every
 * cast and challenged ballot in its device folder) and our extension folder {@code evote/}:
 * {@code policy.json} (which ballots count), {@code envelopes/<ballot>.json} (token, voter
 * signature, receipt), {@code nodes.json} (node signing keys), {@code idp.json} (the identity
 * provider key), {@code officials.json} (the key that signs officials' requests) and
 * {@code logs/<node>.jsonl} (each node's whole hash-chained log, every election's records). docs/PROTOCOL.md
 * describes the layout.
 */
final class RecordExport {
  private static final ObjectMapper JSON = StrictJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);

  record Summary(int ballots, int counted, int superseded, int overridden, int challenged) {}

  private final NodeContext node;
  private final HazelcastInstance hz;
  private final LoadedElection election;
  private final ElectionMaps maps;

  RecordExport(NodeContext node, LoadedElection election) {
    this.node = node;
    this.hz = node.hazelcast();
    this.election = election;
    this.maps = node.maps(election.id());
  }

  Summary write(Path dir) throws IOException {
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

    List<String> counted = new ArrayList<>();
    List<String> superseded = new ArrayList<>();
    List<String> overridden = new ArrayList<>();
    List<String> challenged = new ArrayList<>();
    List<String> inPerson = new ArrayList<>();
    Map<String, String> voters = new TreeMap<>(maps.voters());
    Map<String, String> ballots = new TreeMap<>(maps.ballots());
    for (Map.Entry<String, String> v : voters.entrySet()) {
      VoterRecord r = VoterRecord.fromJson(v.getValue());
      String forged = r.inPerson()
          ? node.officials().problemWithStored(r.inPersonRequest(), election.id(), "in_person", v.getKey()).orElse(null)
          : null;
      if (forged != null) {
        node.reportTampering("the in-person vote of voter " + v.getKey() + " in the cluster " + forged);
      }
      if (r.inPerson() && forged == null) {
        inPerson.add(v.getKey());
        overridden.addAll(r.cast());
      } else {
        // Only stored ballots count: one that got its place in the record but was never logged
        // was never acknowledged either (see VoterRecord.latestStored).
        String latest = r.latestStored(ballots::containsKey);
        if (latest != null) {
          counted.add(latest);
          superseded.addAll(r.cast().subList(0, r.cast().indexOf(latest)));
        }
      }
    }
    int n = 0;
    for (Map.Entry<String, String> b : ballots.entrySet()) {
      JsonNode stored = JSON.readTree(b.getValue());
      JsonNode env = stored.get("envelope");
      Parsed<EncryptedBallot> p = codec.parseEncryptedBallot(JSON.writeValueAsBytes(env.get("ballot")), b.getKey());
      EncryptedBallot ballot = p.orElseThrow();
      files.writeEncryptedBallot(deviceFolder(ballot.encryptingDevice()), ballot);
      if ("CHALLENGED".equals(stored.get("state").asText())) {
        challenged.add(ballot.ballotId());
      }
      JsonNode receipt = stored.get("receipt");
      EvoteEnvelopeJson.Envelope e = new EvoteEnvelopeJson.Envelope(ballot.ballotId(), stored.get("voter").asText(),
          stored.get("state").asText(), env.get("token").asText(), env.get("signature").asText(),
          stored.get("received").asText(), stored.get("node").asText(),
          receipt == null ? null : ReceiptJson.parse(receipt, "the receipt of " + ballot.ballotId()).orElseThrow());
      ElectionRecordFiles.writeAtomically(
          ext.resolve(EvoteEnvelopeJson.DIR).resolve(ballot.ballotId() + ".json"), EvoteEnvelopeJson.write(e));
      n++;
    }
    EvotePolicyJson.Policy policy = new EvotePolicyJson.Policy(
        "last cast ballot per voter counts; an in-person vote overrides all online ballots; challenged ballots never count",
        sorted(counted), sorted(superseded), sorted(overridden), sorted(challenged), sorted(inPerson));
    ElectionRecordFiles.writeAtomically(ext.resolve(EvotePolicyJson.FILE), EvotePolicyJson.write(policy));
    Map<String, String> nodes = new TreeMap<>(ElectionMaps.nodes(hz));
    ElectionRecordFiles.writeAtomically(ext.resolve(EvoteKeysJson.NODES_FILE), EvoteKeysJson.writeNodes(nodes));
    ElectionRecordFiles.writeAtomically(ext.resolve(EvoteKeysJson.OFFICIALS_FILE),
        EvoteKeysJson.writeIdp(node.officials().publicKeyBase64()));
    ElectionRecordFiles.writeAtomically(ext.resolve(EvoteKeysJson.IDP_FILE),
        EvoteKeysJson.writeIdp(def.get("idp_public_key").asText()));
    writeLogs(ext.resolve(EvoteLogJson.DIR), nodes.keySet());
    return new Summary(n, counted.size(), superseded.size(), overridden.size(), challenged.size());
  }

  private void writeLogs(Path dir, Iterable<String> nodes) throws IOException {
    for (String node : nodes) {
      List<EvoteLogJson.Line> lines = new ArrayList<>();
      for (long pos = 0; ; pos++) {
        String e = ElectionMaps.board(hz).get(node + ":" + pos);
        if (e == null) {
          break;
        }
        JsonNode o = JSON.readTree(e);
        lines.add(new EvoteLogJson.Line(
            pos, o.get("previous_hash").asText(), o.get("hash").asText(), o.get("payload").asText()));
      }
      ElectionRecordFiles.writeAtomically(dir.resolve(node + ".jsonl"), EvoteLogJson.write(lines));
    }
  }

  private static List<String> sorted(List<String> values) {
    return values.stream().sorted().toList();
  }

  private static String deviceFolder(String device) {
    String d = device.replace(' ', '_');
    return ElectionRecordFiles.fileNameProblem(d).isEmpty() ? d : "device";
  }
}

package org.evote.verifier.extension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.record.EvotePolicyJson;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.StrictJson;

/**
 * The {@code evote/} extension files of a record, read once: envelopes, node keys, the identity
 * provider key, every node's log, and the published policy outcome. Reading problems are kept as
 * findings, never thrown.
 */
final class EvoteRecord {
  static final ObjectMapper JSON = StrictJson.mapper();

  /** An envelope file. */
  record Envelope(String ballotId, String voter, String state, String token, String signature, String received,
      String node, JsonNode receipt) {}

  /** One line of a node's log. */
  record LogLine(long position, String previousHash, String hash, String payload) {}

  final Path dir;
  final Map<String, Envelope> envelopes = new TreeMap<>();
  final Map<String, java.security.interfaces.ECPublicKey> nodeKeys = new TreeMap<>();
  final Map<String, List<LogLine>> logs = new TreeMap<>();
  java.security.interfaces.ECPublicKey idpKey;
  EvotePolicyJson.Policy policy;
  final List<String> problems = new ArrayList<>();

  private EvoteRecord(Path dir) {
    this.dir = dir;
  }

  static EvoteRecord read(Path dir) {
    EvoteRecord r = new EvoteRecord(dir);
    r.readAll();
    return r;
  }

  private void readAll() {
    JsonNode idp = json(dir.resolve("idp.json"));
    if (idp != null) {
      idpKey = EcKeys.parsePublicKey(idp.path("public_key").asText("")).orElse(null);
      if (idpKey == null) {
        problems.add("evote/idp.json: public_key is not a base64 P-256 public key");
      }
    }
    JsonNode nodes = json(dir.resolve("nodes.json"));
    if (nodes != null) {
      nodes.fields().forEachRemaining(e -> {
        Optional<java.security.interfaces.ECPublicKey> k = EcKeys.parsePublicKey(e.getValue().asText(""));
        if (k.isPresent()) {
          nodeKeys.put(e.getKey(), k.get());
        } else {
          problems.add("evote/nodes.json: the key of node " + e.getKey() + " is not a P-256 public key");
        }
      });
    }
    byte[] policyBytes = bytes(dir.resolve(EvotePolicyJson.FILE));
    if (policyBytes != null) {
      Parsed<EvotePolicyJson.Policy> p = EvotePolicyJson.parse(policyBytes, "evote/" + EvotePolicyJson.FILE);
      if (p.isOk()) {
        policy = p.value();
      } else {
        problems.add(p.problem().toString());
      }
    }
    Path envDir = dir.resolve("envelopes");
    if (Files.isDirectory(envDir)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(envDir, "*.json")) {
        for (Path p : s) {
          JsonNode e = json(p);
          if (e == null) {
            continue;
          }
          String id = e.path("ballot_id").asText("");
          if (!p.getFileName().toString().equals(id + ".json")) {
            problems.add("evote/envelopes/" + p.getFileName() + ": ballot_id '" + id + "' does not match the file name");
            continue;
          }
          envelopes.put(id, new Envelope(id, e.path("voter").asText(""), e.path("state").asText(""),
              e.path("token").asText(""), e.path("signature").asText(""), e.path("received").asText(""),
              e.path("node").asText(""), e.get("receipt")));
        }
      } catch (IOException ex) {
        problems.add("evote/envelopes: cannot be listed: " + ex.getMessage());
      }
    } else {
      problems.add("evote/envelopes/ is missing");
    }
    Path logDir = dir.resolve("logs");
    if (Files.isDirectory(logDir)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(logDir, "*.jsonl")) {
        for (Path p : s) {
          String node = p.getFileName().toString().replaceFirst("\\.jsonl$", "");
          List<LogLine> lines = new ArrayList<>();
          int n = 0;
          for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
              continue;
            }
            try {
              JsonNode l = JSON.readTree(line);
              lines.add(new LogLine(l.path("position").asLong(-1), l.path("previous_hash").asText(""),
                  l.path("hash").asText(""), l.path("payload").asText(null)));
            } catch (IOException ex) {
              problems.add("evote/logs/" + p.getFileName() + " line " + n + ": not JSON");
            }
          }
          logs.put(node, lines);
        }
      } catch (IOException ex) {
        problems.add("evote/logs: cannot be read: " + ex.getMessage());
      }
    } else {
      problems.add("evote/logs/ is missing");
    }
  }

  private JsonNode json(Path p) {
    byte[] b = bytes(p);
    if (b == null) {
      return null;
    }
    try {
      return JSON.readTree(b);
    } catch (IOException e) {
      problems.add("evote/" + dir.relativize(p) + ": not valid JSON");
      return null;
    }
  }

  /** The bytes of a file, or null (and a problem) when it is missing or cannot be read. */
  private byte[] bytes(Path p) {
    if (!Files.exists(p)) {
      problems.add("evote/" + dir.relativize(p) + " is missing");
      return null;
    }
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      problems.add("evote/" + dir.relativize(p) + ": cannot be read: " + e.getMessage());
      return null;
    }
  }

  /** The parsed payloads of every ballot entry in every log, by ballot id (the first seen). */
  Map<String, JsonNode> loggedBallots() {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (List<LogLine> lines : logs.values()) {
      for (LogLine l : lines) {
        JsonNode p = payload(l);
        if (p != null && "ballot".equals(p.path("type").asText())) {
          out.putIfAbsent(p.path("ballot_id").asText(), p);
        }
      }
    }
    return out;
  }

  /** The voters an official recorded as having voted in person, from the logs. */
  java.util.Set<String> inPersonVoters() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (List<LogLine> lines : logs.values()) {
      for (LogLine l : lines) {
        JsonNode p = payload(l);
        if (p != null && "in_person".equals(p.path("type").asText())) {
          out.add(p.path("voter").asText());
        }
      }
    }
    return out;
  }

  static JsonNode payload(LogLine l) {
    if (l.payload() == null) {
      return null;
    }
    try {
      return JSON.readTree(l.payload());
    } catch (IOException e) {
      return null;
    }
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}

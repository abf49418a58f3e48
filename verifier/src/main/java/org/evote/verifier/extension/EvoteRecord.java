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
import org.evote.crypto.record.EvoteEnvelopeJson;
import org.evote.crypto.record.EvoteHeadsJson;
import org.evote.crypto.record.EvoteKeysJson;
import org.evote.crypto.record.EvoteLabelsJson;
import org.evote.crypto.record.EvoteLogJson;
import org.evote.crypto.record.EvotePolicyJson;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.StrictJson;

/**
 * The {@code evote/} extension files of a record, read once: envelopes, node keys, the identity
 * provider key, every node's log, the published policy outcome and the labels (optional). Reading problems are kept as
 * findings, never thrown.
 */
final class EvoteRecord {
  static final ObjectMapper JSON = StrictJson.mapper();

  final Path dir;
  final Map<String, EvoteEnvelopeJson.Envelope> envelopes = new TreeMap<>();
  final Map<String, java.security.interfaces.ECPublicKey> nodeKeys = new TreeMap<>();
  final Map<String, List<EvoteLogJson.Line>> logs = new TreeMap<>();
  java.security.interfaces.ECPublicKey idpKey;
  java.security.interfaces.ECPublicKey officialsKey;
  EvotePolicyJson.Policy policy;
  /** The nodes' signed log heads and the export's incompleteness, or null when unreadable (see {@link #headsProblem}). */
  EvoteHeadsJson.Heads heads;
  /** Why evote/heads.json could not be read; a finding of E.3 only. */
  String headsProblem;
  final List<String> problems = new ArrayList<>();
  /** Whether the record has evote/labels.json, which is optional. */
  boolean labelsPresent;
  /** The labels, or null when absent or unreadable (see {@link #labelProblems}). */
  EvoteLabelsJson.Labels labels;
  /** Every problem of evote/labels.json, each with its JSON path; a finding of E.6 only. */
  final List<org.evote.crypto.record.RecordProblem> labelProblems = new ArrayList<>();

  private EvoteRecord(Path dir) {
    this.dir = dir;
  }

  static EvoteRecord read(Path dir) {
    EvoteRecord r = new EvoteRecord(dir);
    r.readAll();
    return r;
  }

  private void readAll() {
    String idp = parsed(EvoteKeysJson.IDP_FILE, EvoteKeysJson::parseIdp);
    if (idp != null) {
      idpKey = EcKeys.parsePublicKey(idp).orElse(null);
      if (idpKey == null) {
        problems.add("evote/idp.json: public_key is not a base64 P-256 public key");
      }
    }
    String officials = parsed(EvoteKeysJson.OFFICIALS_FILE, EvoteKeysJson::parseIdp);
    if (officials != null) {
      officialsKey = EcKeys.parsePublicKey(officials).orElse(null);
      if (officialsKey == null) {
        problems.add("evote/officials.json: public_key is not a base64 P-256 public key");
      }
    }
    Map<String, String> nodes = parsed(EvoteKeysJson.NODES_FILE, EvoteKeysJson::parseNodes);
    if (nodes != null) {
      nodes.forEach((node, key) -> {
        Optional<java.security.interfaces.ECPublicKey> k = EcKeys.parsePublicKey(key);
        if (k.isPresent()) {
          nodeKeys.put(node, k.get());
        } else {
          problems.add("evote/nodes.json: the key of node " + node + " is not a P-256 public key");
        }
      });
    }
    policy = parsed(EvotePolicyJson.FILE, EvotePolicyJson::parse);
    Path labelsFile = dir.resolve(EvoteLabelsJson.FILE);
    if (Files.exists(labelsFile)) {
      labelsPresent = true;
      String source = "evote/" + EvoteLabelsJson.FILE;
      try {
        byte[] b = Files.readAllBytes(labelsFile);
        labelProblems.addAll(EvoteLabelsJson.check(b, source));
        if (labelProblems.isEmpty()) {
          labels = EvoteLabelsJson.parse(b, source).value();
        }
      } catch (IOException e) {
        labelProblems.add(new org.evote.crypto.record.RecordProblem(source, "$", "cannot be read: " + e.getMessage()));
      }
    }
    Path headsFile = dir.resolve(EvoteHeadsJson.FILE);
    if (!Files.exists(headsFile)) {
      headsProblem = "evote/" + EvoteHeadsJson.FILE + " is missing: no node's signed log head";
    } else {
      try {
        Parsed<EvoteHeadsJson.Heads> h = EvoteHeadsJson.parse(Files.readAllBytes(headsFile), "evote/" + EvoteHeadsJson.FILE);
        if (h.isOk()) {
          heads = h.value();
        } else {
          headsProblem = h.problem().toString();
        }
      } catch (IOException e) {
        headsProblem = "evote/" + EvoteHeadsJson.FILE + ": cannot be read: " + e.getMessage();
      }
    }
    Path envDir = dir.resolve(EvoteEnvelopeJson.DIR);
    if (Files.isDirectory(envDir)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(envDir, "*.json")) {
        for (Path p : s) {
          EvoteEnvelopeJson.Envelope e = parsed(EvoteEnvelopeJson.DIR + "/" + p.getFileName(), EvoteEnvelopeJson::parse);
          if (e == null) {
            continue;
          }
          String id = e.ballotId();
          if (!p.getFileName().toString().equals(id + ".json")) {
            problems.add("evote/envelopes/" + p.getFileName() + ": ballot_id '" + id + "' does not match the file name");
            continue;
          }
          envelopes.put(id, e);
        }
      } catch (IOException ex) {
        problems.add("evote/envelopes: cannot be listed: " + ex.getMessage());
      }
    } else {
      problems.add("evote/envelopes/ is missing");
    }
    Path logDir = dir.resolve(EvoteLogJson.DIR);
    if (Files.isDirectory(logDir)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(logDir, "*.jsonl")) {
        for (Path p : s) {
          String node = p.getFileName().toString().replaceFirst("\\.jsonl$", "");
          List<EvoteLogJson.Line> lines = new ArrayList<>();
          int n = 0;
          for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
              continue;
            }
            Parsed<EvoteLogJson.Line> l = EvoteLogJson.parseLine(
                line.getBytes(StandardCharsets.UTF_8), "evote/logs/" + p.getFileName() + " line " + n);
            if (l.isOk()) {
              lines.add(l.value());
            } else {
              problems.add(l.problem().toString());
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

  /** A file of the folder read by {@code reader}, or null (and a problem) when it is missing or malformed. */
  private <T> T parsed(String name, java.util.function.BiFunction<byte[], String, Parsed<T>> reader) {
    byte[] b = bytes(dir.resolve(name));
    if (b == null) {
      return null;
    }
    Parsed<T> p = reader.apply(b, "evote/" + name);
    if (!p.isOk()) {
      problems.add(p.problem().toString());
      return null;
    }
    return p.value();
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
  Map<String, JsonNode> loggedBallots(String electionId) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (List<EvoteLogJson.Line> lines : logs.values()) {
      for (EvoteLogJson.Line l : lines) {
        JsonNode p = payload(l);
        if (p != null && "ballot".equals(p.path("type").asText()) && electionId.equals(p.path("election_id").asText())) {
          out.putIfAbsent(p.path("ballot_id").asText(), p);
        }
      }
    }
    return out;
  }

  /**
   * The electoral roll (voter id or pseudonym to ballot style) the election was created with, as
   * the officials' logged create request carries it; null when the election has no roll.
   * Unreadable when the logged definition's {@code roll} is not an object of strings: then the
   * returned map is empty, so that every ballot fails the roll check rather than none.
   */
  Map<String, String> roll(String electionId) {
    for (List<EvoteLogJson.Line> lines : logs.values()) {
      for (EvoteLogJson.Line l : lines) {
        JsonNode p = payload(l);
        if (p == null || !"election".equals(p.path("type").asText()) || !electionId.equals(p.path("election_id").asText())) {
          continue;
        }
        JsonNode def;
        try {
          def = JSON.readTree(p.path("definition").asText());
        } catch (IOException e) {
          return Map.of();
        }
        JsonNode roll = def == null ? null : def.get("roll");
        if (roll == null) {
          return null;
        }
        Map<String, String> out = new TreeMap<>();
        if (roll.isObject()) {
          for (var f : (Iterable<Map.Entry<String, JsonNode>>) roll::fields) {
            if (!f.getValue().isTextual()) {
              return Map.of();
            }
            out.put(f.getKey(), f.getValue().textValue());
          }
        }
        return out;
      }
    }
    return null;
  }

  /** The voters an official recorded as having voted in person, from the logs. */
  java.util.Set<String> inPersonVoters(String electionId) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (List<EvoteLogJson.Line> lines : logs.values()) {
      for (EvoteLogJson.Line l : lines) {
        JsonNode p = payload(l);
        if (p != null && "in_person".equals(p.path("type").asText()) && electionId.equals(p.path("election_id").asText())) {
          out.add(p.path("voter").asText());
        }
      }
    }
    return out;
  }

  static JsonNode payload(EvoteLogJson.Line l) {
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

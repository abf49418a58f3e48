package org.evote.verifier.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.RecordProblem;
import org.evote.crypto.record.StrictJson;

/**
 * {@code constants.json} as the record states it, read leniently. The codec's own reader refuses
 * a file whose constants differ from the group's; the verifier reads the values as they are, so
 * that a wrong constant is a failure of Verification 1.B to 1.E, not an unreadable record. Only a
 * missing file, malformed JSON or a group name that names no standard group make it unreadable.
 *
 * @param name the group name as written
 * @param type the group type as written, or null if absent or not a string
 * @param protocolVersion the protocol version as written, or null if absent or not a string
 * @param constants each constant as written: its value, or empty when it is not a hexadecimal
 *     integer (JSON key order)
 * @param group the standard group the name selects
 */
record RawConstants(
    String name, String type, String protocolVersion, Map<String, Optional<BigInteger>> constants, Group group) {

  private static final JsonMapper JSON = StrictJson.mapper();

  RawConstants {
    constants = Collections.unmodifiableMap(new LinkedHashMap<>(constants));
  }

  /** Reads {@code dir/constants.json}. */
  static Parsed<RawConstants> read(Path dir) {
    return ElectionRecordFiles.read(dir.resolve(ElectionRecordFiles.CONSTANTS_FILE), RawConstants::parse);
  }

  static Parsed<RawConstants> parse(byte[] json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      return Parsed.invalid(new RecordProblem(source, "$", "not valid JSON: " + e.getOriginalMessage()));
    } catch (java.io.IOException e) {
      return Parsed.invalid(new RecordProblem(source, "$", "cannot read: " + e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      return Parsed.invalid(new RecordProblem(source, "$", "expected a JSON object"));
    }
    JsonNode nameNode = root.get("name");
    if (nameNode == null || !nameNode.isTextual()) {
      return Parsed.invalid(new RecordProblem(source, "$.name", "the group name is missing or not a string"));
    }
    String name = nameNode.asText();
    Group group;
    try {
      group = Groups.byName(name);
    } catch (IllegalArgumentException e) {
      return Parsed.invalid(new RecordProblem(source, "$.name",
          "unknown group \"" + clip(name) + "\"; this verifier knows " + Groups.names()));
    }
    Map<String, Optional<BigInteger>> constants = new LinkedHashMap<>();
    JsonNode c = root.get("constants");
    if (c != null && c.isObject()) {
      for (Map.Entry<String, JsonNode> e : c.properties()) {
        constants.put(e.getKey(), hex(e.getValue()));
      }
    }
    return Parsed.ok(new RawConstants(name, text(root.get("type")), text(root.get("protocolVersion")), constants, group));
  }

  private static String text(JsonNode n) {
    return n != null && n.isTextual() ? n.asText() : null;
  }

  private static Optional<BigInteger> hex(JsonNode n) {
    if (n == null || !n.isTextual()) {
      return Optional.empty();
    }
    String s = n.asText();
    if (s.isEmpty() || s.length() > 2048 || !s.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 && ch < 128)) {
      return Optional.empty();
    }
    return Optional.of(new BigInteger(s, 16));
  }

  static String clip(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }
}

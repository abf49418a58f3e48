package org.evote.crypto.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** JSON tree helpers for tests: parse, and list the differences between two trees by path. */
final class JsonTrees {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonTrees() {}

  static JsonNode tree(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The differences of {@code written} from {@code original}, ignoring key order, each with its JSON path. */
  static List<String> diff(JsonNode original, JsonNode written) {
    List<String> out = new ArrayList<>();
    diff("$", original, written, out);
    return out;
  }

  private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
    if (a.isObject() && b.isObject()) {
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        JsonNode other = b.get(e.getKey());
        if (other == null) {
          out.add(path + "." + e.getKey() + ": missing from the written JSON (original " + clip(e.getValue()) + ")");
        } else {
          diff(path + "." + e.getKey(), e.getValue(), other, out);
        }
      }
      for (Map.Entry<String, JsonNode> e : b.properties()) {
        if (!a.has(e.getKey())) {
          out.add(path + "." + e.getKey() + ": not in the original (written " + clip(e.getValue()) + ")");
        }
      }
    } else if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        out.add(path + ": original has " + a.size() + " elements, written has " + b.size());
      }
      for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
        diff(path + "[" + i + "]", a.get(i), b.get(i), out);
      }
    } else if (!a.equals(b)) {
      out.add(path + ": original " + clip(a) + ", written " + clip(b));
    }
  }

  private static String clip(JsonNode n) {
    String s = n.toString();
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}

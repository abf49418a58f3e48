package org.evote.crypto.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.evote.crypto.casting.LogHead;

/**
 * {@code evote/heads.json}: the newest head each node signed for its log ({@link LogHead}) when
 * the record was exported, and the nodes whose log the export could not take whole, with why:
 * {@code {"heads": {node: head}, "incomplete": {node: reason}}}. One head alone, as a node keeps
 * it beside its log and in the cluster, is {@code {"node_id", "position", "hash", "time",
 * "signature"}}, compact.
 */
public final class EvoteHeadsJson {
  /** The file's name in the {@code evote/} folder. */
  public static final String FILE = "heads.json";

  /**
   * The file's content.
   *
   * @param heads node id → the newest head that node signed
   * @param incomplete node id → why the export could not take that node's log whole
   */
  public record Heads(Map<String, LogHead> heads, Map<String, String> incomplete) {
    public Heads {
      heads = Map.copyOf(heads);
      incomplete = Map.copyOf(incomplete);
    }
  }

  private EvoteHeadsJson() {}

  public static Parsed<Heads> parse(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> {
      in.onlyFields("heads", "incomplete");
      Map<String, LogHead> heads = in.field("heads").map(EvoteHeadsJson::read);
      heads.forEach((node, h) -> {
        if (!node.equals(h.nodeId())) {
          throw in.field("heads").field(node).bad("is the head of node '" + h.nodeId() + "', not of '" + node + "'");
        }
      });
      return new Heads(heads, in.field("incomplete").stringMap());
    });
  }

  public static byte[] write(Heads h) {
    ObjectNode o = ExtensionJson.object();
    ObjectNode heads = o.putObject("heads");
    new TreeMap<>(h.heads()).forEach((node, head) -> heads.set(node, tree(head)));
    ObjectNode inc = o.putObject("incomplete");
    new TreeMap<>(h.incomplete()).forEach(inc::put);
    return ExtensionJson.indented(o);
  }

  /** One head, as a node stores it. */
  public static Parsed<LogHead> parseHead(byte[] json, String source) {
    return JsonIn.parse(json, source, EvoteHeadsJson::read);
  }

  public static byte[] writeHead(LogHead h) {
    return tree(h).toString().getBytes(StandardCharsets.UTF_8);
  }

  private static LogHead read(JsonIn in) {
    in.onlyFields("node_id", "position", "hash", "time", "signature");
    return new LogHead(
        in.field("node_id").string(),
        in.field("position").nonNegativeLong(),
        in.field("hash").string(),
        in.field("time").string(),
        in.field("signature").string());
  }

  private static ObjectNode tree(LogHead h) {
    ObjectNode o = ExtensionJson.object();
    o.put("node_id", h.nodeId());
    o.put("position", h.position());
    o.put("hash", h.hash());
    o.put("time", h.time());
    o.put("signature", h.signature());
    return o;
  }
}

package org.evote.crypto.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.evote.crypto.util.Require;

/**
 * {@code evote/logs/<node>.jsonl}: a node's hash-chained log, one compact JSON object per line,
 * each entry's payload being the JSON text the node logged.
 */
public final class EvoteLogJson {
  /** The logs' folder in the {@code evote/} folder. */
  public static final String DIR = "logs";

  private EvoteLogJson() {}

  /**
   * One line of a node's log.
   *
   * @param position the entry's position, from 0
   * @param previousHash the previous entry's hash in hex
   * @param hash this entry's hash in hex
   * @param payload the logged JSON text
   */
  public record Line(long position, String previousHash, String hash, String payload) {
    public Line {
      Require.nonNull("previousHash", previousHash, "hash", hash, "payload", payload);
    }
  }

  /** Reads one line of a log file. */
  public static Parsed<Line> parseLine(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> {
      in.onlyFields("position", "previous_hash", "hash", "payload");
      return new Line(
          in.field("position").nonNegativeLong(),
          in.field("previous_hash").string(),
          in.field("hash").string(),
          in.field("payload").string());
    });
  }

  /** The log file: each line compact JSON followed by a newline. */
  public static byte[] write(List<Line> lines) {
    StringBuilder sb = new StringBuilder();
    for (Line l : lines) {
      sb.append(line(l));
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** One line of the log file, with its newline, for a file written a line at a time. */
  public static String line(Line l) {
    ObjectNode o = ExtensionJson.object();
    o.put("position", l.position());
    o.put("previous_hash", l.previousHash());
    o.put("hash", l.hash());
    o.put("payload", l.payload());
    return o + "\n";
  }
}

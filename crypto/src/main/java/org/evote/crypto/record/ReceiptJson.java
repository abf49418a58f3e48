package org.evote.crypto.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.evote.crypto.casting.Receipt;

/**
 * A node's receipt, as the server answers a cast and as {@code evote/envelopes/*.json} hold it:
 * {@code {"election_id", "ballot_id", "confirmation_code", "state", "node_id", "log_position",
 * "log_hash", "time", "signature"}}, compact, in this order.
 */
public final class ReceiptJson {
  private ReceiptJson() {}

  /** Reads a receipt: every member present with its type, no other member. */
  public static Parsed<Receipt> parse(byte[] json, String source) {
    return JsonIn.parse(json, source, ReceiptJson::read);
  }

  /** Reads a receipt already parsed as JSON, such as a member of a reply or of an envelope file. */
  public static Parsed<Receipt> parse(JsonNode json, String source) {
    return JsonIn.parse(json, source, ReceiptJson::read);
  }

  /** A receipt as a member of another document. */
  static Receipt read(JsonIn in) {
    in.onlyFields("election_id", "ballot_id", "confirmation_code", "state", "node_id", "log_position", "log_hash",
        "time", "signature");
    return new Receipt(
        in.field("election_id").string(),
        in.field("ballot_id").string(),
        in.field("confirmation_code").string(),
        in.field("state").string(),
        in.field("node_id").string(),
        in.field("log_position").nonNegativeLong(),
        in.field("log_hash").string(),
        in.field("time").string(),
        in.field("signature").string());
  }

  /** The receipt as compact JSON. */
  public static byte[] write(Receipt r) {
    return tree(r).toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The receipt as a member of another document (a reply, an envelope file, a cluster value). */
  public static ObjectNode tree(Receipt r) {
    ObjectNode o = ExtensionJson.object();
    o.put("election_id", r.electionId());
    o.put("ballot_id", r.ballotId());
    o.put("confirmation_code", r.confirmationCode());
    o.put("state", r.state());
    o.put("node_id", r.nodeId());
    o.put("log_position", r.logPosition());
    o.put("log_hash", r.logHash());
    o.put("time", r.time());
    o.put("signature", r.signature());
    return o;
  }
}

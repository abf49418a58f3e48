package org.evote.crypto.record;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.evote.crypto.casting.Receipt;

/**
 * A node's receipt, as the server answers a cast and as {@code evote/envelopes/*.json} hold it:
 * {@code {"election_id", "ballot_id", "confirmation_code", "state", "node_id", "log_position",
 * "log_hash", "time", "signature"}}, compact, in this order.
 */
public final class ReceiptJson {
  private static final JsonFactory FACTORY = StrictJson.mapper().getFactory();

  private ReceiptJson() {}

  /** Reads a receipt: every member present with its type, no other member. */
  public static Parsed<Receipt> parse(byte[] json, String source) {
    return JsonIn.parse(json, source, ReceiptJson::read);
  }

  /** Reads a receipt already parsed as JSON, such as a member of a reply or of an envelope file. */
  public static Parsed<Receipt> parse(JsonNode json, String source) {
    return JsonIn.parse(json, source, ReceiptJson::read);
  }

  private static Receipt read(JsonIn in) {
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
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("election_id", r.electionId());
      g.writeStringField("ballot_id", r.ballotId());
      g.writeStringField("confirmation_code", r.confirmationCode());
      g.writeStringField("state", r.state());
      g.writeStringField("node_id", r.nodeId());
      g.writeNumberField("log_position", r.logPosition());
      g.writeStringField("log_hash", r.logHash());
      g.writeStringField("time", r.time());
      g.writeStringField("signature", r.signature());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}

package org.evote.crypto.casting;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a node signs in a receipt: the receipt's fields joined in a fixed order, so that a
 * client or the verifier checks the same bytes whatever the JSON layout.
 */
public final class Receipts {
  private Receipts() {}

  public static byte[] signedBytes(JsonNode r) {
    String s = String.join("\n",
        "evote-receipt-v1",
        r.path("election_id").asText(),
        r.path("ballot_id").asText(),
        r.path("confirmation_code").asText(),
        r.path("state").asText(),
        r.path("node_id").asText(),
        Long.toString(r.path("log_position").asLong()),
        r.path("log_hash").asText(),
        r.path("time").asText());
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

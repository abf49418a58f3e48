package org.evote.ballotserver.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.evote.crypto.casting.Receipt;
import org.evote.crypto.record.ReceiptJson;
import org.evote.crypto.record.StrictJson;

/**
 * A ballot's entry in the cluster's ballots map: the receipt first issued for it, which names the
 * node and log position of its record (the board holds that record, the one copy of the ballot in
 * the cluster), and the three facts the nodes look up without reading the ballot: its voter,
 * style and device. Stored as a JSON string so that Hazelcast never deserialises a class of ours.
 *
 * @param voter the voter, as the token named them
 * @param style the ballot style
 * @param device the encrypting device
 * @param receipt the node's signed receipt (node, log position and hash, state, time)
 */
public record StoredBallot(String voter, String style, String device, Receipt receipt) {
  private static final ObjectMapper JSON = StrictJson.mapper();

  public StoredBallot {
    Objects.requireNonNull(voter, "voter");
    Objects.requireNonNull(style, "style");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(receipt, "receipt");
  }

  /** The board key of the ballot's log record ({@link ElectionMaps#board}). */
  public String boardKey() {
    return receipt.nodeId() + ":" + receipt.logPosition();
  }

  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("voter", voter);
    o.put("ballot_style_id", style);
    o.put("encrypting_device", device);
    o.set("receipt", ReceiptJson.tree(receipt));
    return o.toString();
  }

  /**
   * Reads a map value; an IllegalStateException when it is not one (a value an insider wrote, or a
   * bug), never a wrong answer.
   */
  public static StoredBallot fromJson(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      Receipt r = ReceiptJson.parse(n.path("receipt"), "stored receipt").orElse(null);
      if (r == null || !n.path("voter").isTextual() || !n.path("ballot_style_id").isTextual()
          || !n.path("encrypting_device").isTextual() || n.size() != 4) {
        throw new IllegalStateException("corrupt ballot entry in the cluster");
      }
      return new StoredBallot(n.get("voter").textValue(), n.get("ballot_style_id").textValue(),
          n.get("encrypting_device").textValue(), r);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalStateException("corrupt ballot entry in the cluster: " + e.getOriginalMessage());
    }
  }
}

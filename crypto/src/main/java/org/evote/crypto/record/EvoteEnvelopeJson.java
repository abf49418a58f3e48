package org.evote.crypto.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.evote.crypto.casting.Receipt;
import org.evote.crypto.util.Require;

/**
 * {@code evote/envelopes/<ballot>.json}: what a voter sent with a ballot (the identity token and
 * the voter's signature), what became of it, and the node's receipt. The ballot itself is in the
 * record's {@code encrypted_ballots/}.
 */
public final class EvoteEnvelopeJson {
  /** The envelopes' folder in the {@code evote/} folder. */
  public static final String DIR = "envelopes";

  private EvoteEnvelopeJson() {}

  /**
   * An envelope file.
   *
   * @param ballotId the ballot's id, also the file's name
   * @param voter the voter, as the token names them
   * @param state CAST or CHALLENGED
   * @param token the identity provider's token the voter sent
   * @param signature the voter's base64url signature over H_E, the confirmation code and the state
   * @param received when the node received it, ISO-8601
   * @param node the node that received it
   * @param receipt the node's receipt, or null when the node gave none
   */
  public record Envelope(String ballotId, String voter, String state, String token, String signature,
      String received, String node, Receipt receipt) {
    public Envelope {
      Require.nonNull(
          "ballotId", ballotId, "voter", voter, "state", state, "token", token, "signature", signature,
          "received", received, "node", node);
    }
  }

  public static Parsed<Envelope> parse(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> {
      in.onlyFields("ballot_id", "voter", "state", "token", "signature", "received", "node", "receipt");
      JsonIn receipt = in.optField("receipt");
      return new Envelope(
          in.field("ballot_id").string(),
          in.field("voter").string(),
          in.field("state").string(),
          in.field("token").string(),
          in.field("signature").string(),
          in.field("received").string(),
          in.field("node").string(),
          receipt == null ? null : ReceiptJson.read(receipt));
    });
  }

  /** The file in Jackson's indented layout; a null receipt is omitted. */
  public static byte[] write(Envelope e) {
    ObjectNode o = ExtensionJson.object();
    o.put("ballot_id", e.ballotId());
    o.put("voter", e.voter());
    o.put("state", e.state());
    o.put("token", e.token());
    o.put("signature", e.signature());
    o.put("received", e.received());
    o.put("node", e.node());
    if (e.receipt() != null) {
      o.set("receipt", ReceiptJson.tree(e.receipt()));
    }
    return ExtensionJson.indented(o);
  }
}

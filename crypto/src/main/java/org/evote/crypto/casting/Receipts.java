package org.evote.crypto.casting;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Base64;

/**
 * The bytes a node signs in a receipt: the receipt's fields joined in a fixed order, so that a
 * client or the verifier checks the same bytes whatever the JSON layout.
 */
public final class Receipts {
  private Receipts() {}

  /** The signed bytes of a receipt; its signature is not among them. */
  public static byte[] signedBytes(Receipt r) {
    String s = String.join("\n",
        "evote-receipt-v1",
        r.electionId(),
        r.ballotId(),
        r.confirmationCode(),
        r.state(),
        r.nodeId(),
        Long.toString(r.logPosition()),
        r.logHash(),
        r.time());
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The receipt with the node's signature over its {@link #signedBytes}. */
  public static Receipt sign(Receipt r, PrivateKey key) {
    String signature = Base64.getUrlEncoder().withoutPadding().encodeToString(EcKeys.sign(key, signedBytes(r)));
    return new Receipt(r.electionId(), r.ballotId(), r.confirmationCode(), r.state(), r.nodeId(), r.logPosition(),
        r.logHash(), r.time(), signature);
  }
}

package org.evote.crypto.casting;

import org.evote.crypto.util.Require;


/**
 * A node's signed statement of how far its log reaches: the position of its last record and that
 * record's chain hash. A node signs its head every second while its log grows and when it stops;
 * each receipt is such a statement too. A log that ends before a signed head was cut; records
 * after the newest signed head are not the node's.
 *
 * @param nodeId the node whose log this is
 * @param position the position of the log's last record, from 0
 * @param hash that record's chain hash in lower-case hex
 * @param time when the node signed, ISO-8601
 * @param signature base64url ECDSA over {@link LogHeads#signedBytes}, "" before signing
 */
public record LogHead(String nodeId, long position, String hash, String time, String signature) {
  public LogHead {
    Require.nonNull("nodeId", nodeId, "hash", hash, "time", time, "signature", signature);
    if (position < 0) {
      throw new IllegalArgumentException("a log head's position is not negative");
    }
  }
}

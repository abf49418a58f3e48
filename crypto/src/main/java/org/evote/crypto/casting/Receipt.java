package org.evote.crypto.casting;

import org.evote.crypto.util.Require;


/**
 * A node's receipt for a logged ballot: which ballot, in which state, where the node logged it,
 * and the node's signature over these fields ({@link Receipts#signedBytes}).
 *
 * @param electionId the election's id
 * @param ballotId the ballot's id
 * @param confirmationCode the ballot's confirmation code H(B) in lower-case hex
 * @param state CAST or CHALLENGED
 * @param nodeId the node that logged the ballot and signs the receipt
 * @param logPosition the ballot's position in that node's log
 * @param logHash the hash of that log entry in lower-case hex
 * @param time when the node logged it, ISO-8601
 * @param signature base64url ECDSA over {@link Receipts#signedBytes}, "" before signing
 */
public record Receipt(String electionId, String ballotId, String confirmationCode, String state, String nodeId,
    long logPosition, String logHash, String time, String signature) {
  public Receipt {
    Require.nonNull(
        "electionId", electionId, "ballotId", ballotId, "confirmationCode", confirmationCode, "state", state,
        "nodeId", nodeId, "logHash", logHash, "time", time, "signature", signature);
  }
}

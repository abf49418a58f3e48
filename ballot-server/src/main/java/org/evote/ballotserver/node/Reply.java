package org.evote.ballotserver.node;

/**
 * An HTTP answer: status, a machine-readable reason (null for success) and a JSON body.
 *
 * @param status the HTTP status
 * @param reason the machine-readable reason of a rejection, or null
 * @param body the JSON body
 */
public record Reply(int status, String reason, String body) {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = org.evote.crypto.record.StrictJson.mapper();

  /** A rejection with {"error": reason, "message": message}. */
  public static Reply reject(int status, String reason, String message) {
    var o = JSON.createObjectNode();
    o.put("error", reason);
    o.put("message", message);
    return new Reply(status, reason, o.toString());
  }

  /** The rejection for an election id that names no election on this cluster. */
  public static Reply unknownElection(String electionId) {
    return reject(404, "unknown_election", "no election with id " + electionId);
  }

  /** The refusal while the node cannot reach enough of its cluster: another node may take the request. */
  public static Reply clusterUnavailable() {
    return reject(503, "cluster_unavailable", "this node cannot reach enough of its cluster now; "
        + "nothing was stored; retry on another node");
  }

  public static Reply ok(int status, String body) {
    return new Reply(status, null, body);
  }
}

package org.evote.voterclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.evote.crypto.record.StrictJson;

/**
 * Reading the nodes' JSON answers: a body must be a JSON object or it is a malformed response
 * (and the next node is tried); an error body {"error": reason, "message": text} becomes a
 * sentence for the voter.
 */
public final class ApiJson {
  private static final ObjectMapper JSON = StrictJson.mapper();

  private ApiJson() {}

  /** The body as a JSON object; a "malformed response" sentence when it is not one. */
  public static JsonNode object(NodeClient.Response r, String what) throws VoterException {
    try {
      JsonNode n = JSON.readTree(r.body());
      if (n != null && n.isObject()) {
        return n;
      }
    } catch (IOException e) {
      // falls through to the sentence below
    }
    throw malformed(r, what + " is not a JSON object");
  }

  /** A "malformed response" sentence about this node. */
  public static VoterException malformed(NodeClient.Response r, String why) {
    return new VoterException("malformed_response",
        "The node " + r.nodeName() + " sent a malformed response (HTTP " + r.status() + ": " + why + ").");
  }

  /** The {@code message} of an error body, or null. */
  static String errorMessage(byte[] body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n != null && n.path("message").isTextual() ? n.path("message").asText() : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The sentence for a node's refusal (status 4xx): an error body with a reason, turned into
   * words the voter can act on; a malformed response when the body is not the API's error.
   */
  public static VoterException refusal(NodeClient.Response r) {
    JsonNode n;
    try {
      n = JSON.readTree(r.body());
    } catch (IOException e) {
      n = null;
    }
    if (n == null || !n.isObject() || !n.path("error").isTextual()) {
      return malformed(r, "an error without the API's {\"error\", \"message\"} body");
    }
    String reason = n.path("error").asText();
    String message = n.path("message").asText("");
    String sentence = switch (reason) {
      case "token_expired" -> "Your identity token has expired (" + message + "); ask your election office for new credentials.";
      case "token_forged", "token_malformed", "token_missing", "token_wrong_audience", "token_not_yet_valid",
           "not_a_voter", "token_wrong_election", "style_not_granted" ->
          "The node did not accept your identity token: " + message + ".";
      case "election_not_open" -> "You cannot vote now: " + message + ".";
      case "unknown_election" -> "The node " + r.nodeName() + " does not know this election (" + message + ").";
      case "voted_in_person" -> "An official recorded that you voted in person, so online ballots are no longer accepted.";
      case "unknown_ballot" -> "No ballot with this confirmation code is on the board.";
      case "rate_limited" -> "The node is receiving too many requests; wait a moment and try again.";
      default -> "The node " + r.nodeName() + " refused the request: " + message + " (" + reason + ").";
    };
    return new VoterException(reason, sentence);
  }
}

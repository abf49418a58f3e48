package org.evote.ballotserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.evote.ballotserver.auth.TokenIssuer;

/**
 * Officials' signed requests for tests: the token an official's client would make for a POST to
 * one of the officials' endpoints, scoped to its election and action (and voter, in person).
 */
public final class Officials {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Officials() {}

  /** The request for POSTing {@code body} to {@code path}. */
  public static String requestFor(TokenIssuer issuer, String path, String body) {
    try {
      String[] parts = path.split("/");
      Instant exp = Instant.now().plus(Duration.ofMinutes(30));
      if (path.equals("/api/elections")) {
        // H_E, which egk-ec's JSON holds in base64, is the election id in lower-case hex
        String id = java.util.HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(
            JSON.readTree(body).path("election_initialized").path("extended_base_hash").asText()));
        return issuer.officialToken("official-1", id, "create", null, exp);
      }
      String election = parts[3];
      String action = parts[4].replace('-', '_');
      String voter = null;
      if (action.equals("in_person")) {
        JsonNode b = JSON.readTree(body);
        voter = b.path("voter_id").asText();
      }
      return issuer.officialToken("official-1", election, action, voter, exp);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not JSON: " + body, e);
    }
  }
}

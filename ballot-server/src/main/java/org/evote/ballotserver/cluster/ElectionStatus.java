package org.evote.ballotserver.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * An election's state as the cluster keeps it: "CREATED", "OPEN" or "CLOSED", with the official's
 * signed request that made it so (a compact JWS). A node checks the request before it acts on a
 * state it read from the cluster. Stored as JSON text.
 *
 * @param status the state
 * @param request the official's signed request for it
 */
public record ElectionStatus(String status, String request) {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The states in the only order they may take. */
  public static final List<String> ORDER = List.of("CREATED", "OPEN", "CLOSED");

  /** The official's action that leads to a state: create, open or close. */
  public static String actionFor(String status) {
    return switch (status) {
      case "CREATED" -> "create";
      case "OPEN" -> "open";
      case "CLOSED" -> "close";
      default -> throw new IllegalArgumentException("no election state '" + status + "'");
    };
  }

  /** The state's place in {@link #ORDER}. */
  public int rank() {
    return ORDER.indexOf(status);
  }

  public String toJson() {
    return JSON.createObjectNode().put("status", status).put("request", request).toString();
  }

  /** The state stored in the cluster, or empty when the text is not one. */
  public static Optional<ElectionStatus> fromJson(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      if (n == null || !n.path("status").isTextual() || !n.path("request").isTextual()
          || !ORDER.contains(n.get("status").asText())) {
        return Optional.empty();
      }
      return Optional.of(new ElectionStatus(n.get("status").asText(), n.get("request").asText()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}

package org.evote.ballotserver.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * An election's results as the cluster keeps them: the results the officials published (the
 * {@code EvoteResultsJson} document, as text) with the official's signed request that publishes
 * them and signs their SHA-256. A node checks both before it shows what it read. Stored as JSON
 * text.
 *
 * @param results the published results document
 * @param request the official's signed request (action results)
 */
public record PublishedResults(String results, String request) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public String toJson() {
    return JSON.createObjectNode().put("results", results).put("request", request).toString();
  }

  /** The record stored in the cluster, or empty when the text is not one. */
  public static Optional<PublishedResults> fromJson(String json) {
    try {
      JsonNode n = JSON.readTree(json);
      if (n == null || !n.path("results").isTextual() || !n.path("request").isTextual()) {
        return Optional.empty();
      }
      return Optional.of(new PublishedResults(n.get("results").asText(), n.get("request").asText()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}

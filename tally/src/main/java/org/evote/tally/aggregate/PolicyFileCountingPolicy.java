package org.evote.tally.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.record.StrictJson;

/**
 * The counting policy of a record exported by evote's ballot server: a CAST ballot counts when
 * {@code evote/policy.json} lists it as counted (each voter's last cast ballot, unless the voter
 * voted in person). The verifier's check E.2 recomputes that list from the node logs.
 */
public final class PolicyFileCountingPolicy implements CountingPolicy {
  private final Map<String, String> outcome;

  private PolicyFileCountingPolicy(Map<String, String> outcome) {
    this.outcome = outcome;
  }

  /**
   * The policy of the record in {@code recordDir}: empty when it has no {@code evote/} folder
   * (an egk-ec record, where every CAST ballot counts).
   *
   * @throws IOException when the folder exists but its policy file cannot be read
   */
  public static Optional<CountingPolicy> of(Path recordDir) throws IOException {
    Path f = recordDir.resolve("evote").resolve("policy.json");
    if (!Files.isDirectory(recordDir.resolve("evote"))) {
      return Optional.empty();
    }
    JsonNode p = StrictJson.mapper().readTree(Files.readAllBytes(f));
    Map<String, String> outcome = new HashMap<>();
    for (String kind : new String[] {"superseded", "overridden", "challenged", "counted"}) {
      JsonNode list = p.get(kind);
      if (list == null || !list.isArray()) {
        throw new IOException(f + ": '" + kind + "' is missing or not a list of ballot ids");
      }
      list.forEach(id -> outcome.put(id.asText(), kind));
    }
    return Optional.of(new PolicyFileCountingPolicy(outcome));
  }

  @Override
  public Decision decide(BallotSummary ballot) {
    if (ballot.state() != BallotState.CAST) {
      return Decision.exclude(ballot.state() == BallotState.CHALLENGED ? "challenged" : "not cast");
    }
    String kind = outcome.get(ballot.ballotId());
    if ("counted".equals(kind)) {
      return Decision.COUNT;
    }
    return Decision.exclude(kind == null ? "not in evote/policy.json" : kind);
  }

  @Override
  public String describe() {
    return "evote/policy.json: each voter's last cast ballot counts unless they voted in person";
  }
}

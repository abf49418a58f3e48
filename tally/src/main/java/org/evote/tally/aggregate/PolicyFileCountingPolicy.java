package org.evote.tally.aggregate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.record.EvotePolicyJson;
import org.evote.crypto.record.Parsed;

/**
 * The counting policy of a record exported by evote's ballot server: the ballots that
 * {@code evote/policy.json} lists as counted (each voter's last cast ballot, unless the voter
 * voted in person). The export marks exactly those CAST, superseded and overridden ones UNKNOWN
 * and challenged ones CHALLENGED, so that an ElectionGuard verifier, which aggregates every CAST
 * ballot, counts the same ballots; a ballot whose state says otherwise is refused, since no tally
 * of that record could verify. The verifier's check E.2 recomputes the outcome from the node logs.
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
   * @throws IOException when the folder exists but its policy file cannot be read or is malformed
   */
  public static Optional<CountingPolicy> of(Path recordDir) throws IOException {
    Path f = recordDir.resolve("evote").resolve("policy.json");
    if (!Files.isDirectory(recordDir.resolve("evote"))) {
      return Optional.empty();
    }
    Parsed<EvotePolicyJson.Policy> parsed = EvotePolicyJson.parse(Files.readAllBytes(f), f.toString());
    if (!parsed.isOk()) {
      throw new IOException(parsed.problem().toString());
    }
    EvotePolicyJson.Policy p = parsed.value();
    Map<String, String> outcome = new HashMap<>();
    p.superseded().forEach(id -> outcome.put(id, "superseded"));
    p.overridden().forEach(id -> outcome.put(id, "overridden"));
    p.challenged().forEach(id -> outcome.put(id, "challenged"));
    p.counted().forEach(id -> outcome.put(id, "counted"));
    return Optional.of(new PolicyFileCountingPolicy(outcome));
  }

  @Override
  public Decision decide(BallotSummary ballot) {
    String kind = outcome.get(ballot.ballotId());
    BallotState expected = kind == null ? null : switch (kind) {
      case "counted" -> BallotState.CAST;
      case "challenged" -> BallotState.CHALLENGED;
      default -> BallotState.UNKNOWN;
    };
    if (ballot.state() != expected) {
      return Decision.refuse("the ballot is " + ballot.state() + ", but evote/policy.json "
          + (kind == null ? "does not list it" : "makes it " + kind + ", which the record marks " + expected)
          + ": the record's states and its policy disagree");
    }
    return "counted".equals(kind) ? Decision.COUNT : Decision.exclude(kind);
  }

  @Override
  public String describe() {
    return "evote/policy.json: each voter's last cast ballot counts unless they voted in person";
  }
}

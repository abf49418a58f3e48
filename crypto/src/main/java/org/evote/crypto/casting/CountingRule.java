package org.evote.crypto.casting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;

/**
 * evote's counting rule on the cast (not challenged) ballots of the logs: each voter's last ballot,
 * in the order the cluster gave them, counts and the earlier ones are superseded, unless an
 * official recorded an in-person vote for the voter, which overrides all of them. The server
 * applies it when it exports the record, and the verifier again to check the policy file.
 */
public final class CountingRule {
  private CountingRule() {}

  /**
   * What the rule makes of the ballots, as ballot ids: voter by voter in the order of the map
   * given to {@link #apply}, and each voter's in sequence order.
   */
  public record Outcome(List<String> counted, List<String> superseded, List<String> overridden) {
    public Outcome {
      counted = List.copyOf(counted);
      superseded = List.copyOf(superseded);
      overridden = List.copyOf(overridden);
    }
  }

  /**
   * @param byVoter each voter's cast ballot ids by their sequence number (voter_seq); none empty
   * @param inPerson the voters for whom an official recorded an in-person vote
   */
  public static Outcome apply(Map<String, ? extends NavigableMap<Integer, String>> byVoter, Set<String> inPerson) {
    Objects.requireNonNull(byVoter, "byVoter");
    Objects.requireNonNull(inPerson, "inPerson");
    List<String> counted = new ArrayList<>();
    List<String> superseded = new ArrayList<>();
    List<String> overridden = new ArrayList<>();
    byVoter.forEach((voter, seq) -> {
      if (inPerson.contains(voter)) {
        overridden.addAll(seq.values());
      } else {
        counted.add(seq.lastEntry().getValue());
        superseded.addAll(seq.headMap(seq.lastKey()).values());
      }
    });
    return new Outcome(counted, superseded, overridden);
  }
}

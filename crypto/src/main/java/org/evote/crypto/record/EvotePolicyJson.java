package org.evote.crypto.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * {@code evote/policy.json}: the outcome of the counting policy of a record made by evote's ballot
 * server, the file that decides which ballots count. The verifier's check E.2 recomputes it from
 * the node logs; the tally and Verification 8 aggregate exactly its counted ballots.
 */
public final class EvotePolicyJson {
  /** The file's name in the {@code evote/} folder. */
  public static final String FILE = "policy.json";

  private EvotePolicyJson() {}

  /**
   * The policy outcome: ballot ids by what became of them, and the voters who voted in person.
   *
   * @param rule the rule in words
   * @param counted the ballots that count
   * @param superseded the cast ballots a later online ballot of the same voter replaced
   * @param overridden the online ballots of voters who voted in person
   * @param challenged the challenged ballots
   * @param inPersonVoters the voters who voted in person
   */
  public record Policy(String rule, List<String> counted, List<String> superseded, List<String> overridden,
      List<String> challenged, List<String> inPersonVoters) {
    public Policy {
      Objects.requireNonNull(rule, "rule");
      counted = List.copyOf(counted);
      superseded = List.copyOf(superseded);
      overridden = List.copyOf(overridden);
      challenged = List.copyOf(challenged);
      inPersonVoters = List.copyOf(inPersonVoters);
    }
  }

  /** Reads the file: every member present, each list an array of strings, no other member. */
  public static Parsed<Policy> parse(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> {
      in.onlyFields("rule", "counted", "superseded", "overridden", "challenged", "in_person_voters");
      return new Policy(
          in.field("rule").string(),
          in.field("counted").stringList(),
          in.field("superseded").stringList(),
          in.field("overridden").stringList(),
          in.field("challenged").stringList(),
          in.field("in_person_voters").stringList());
    });
  }

  /** The file: Jackson's indented layout, the lists in the order given. */
  public static byte[] write(Policy p) {
    ObjectNode o = ExtensionJson.object();
    o.put("rule", p.rule());
    p.counted().forEach(o.putArray("counted")::add);
    p.superseded().forEach(o.putArray("superseded")::add);
    p.overridden().forEach(o.putArray("overridden")::add);
    p.challenged().forEach(o.putArray("challenged")::add);
    p.inPersonVoters().forEach(o.putArray("in_person_voters")::add);
    return ExtensionJson.indented(o);
  }
}

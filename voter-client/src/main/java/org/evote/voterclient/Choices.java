package org.evote.voterclient;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.election.PlaintextBallot;
import org.evote.crypto.election.PlaintextBallotValidation;

/**
 * A voter's choices: for each contest of their ballot style, the options they chose (an option
 * may appear up to its option limit). Contests not mentioned are left blank.
 */
public final class Choices {
  private final Map<String, List<String>> byContest;

  private Choices(Map<String, List<String>> byContest) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    byContest.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.byContest = Collections.unmodifiableMap(copy);
  }

  /** Choices from a map of contest id to chosen option ids. */
  public static Choices of(Map<String, List<String>> byContest) {
    return new Choices(byContest);
  }

  /**
   * Choices from {@code contestId=selectionId} flags, checked against the style's contests: the
   * sentence names the first flag that does not fit.
   */
  public static Choices parse(Manifest manifest, String style, List<String> flags) throws VoterException {
    List<Manifest.Contest> contests = contests(manifest, style);
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (String f : flags) {
      int eq = f.indexOf('=');
      if (eq <= 0 || eq == f.length() - 1) {
        throw new VoterException("bad_choice", "'" + f + "' is not a choice; write it as contestId=selectionId.");
      }
      String contestId = f.substring(0, eq).trim();
      String selectionId = f.substring(eq + 1).trim();
      Manifest.Contest c = contests.stream().filter(x -> x.contestId().equals(contestId)).findFirst()
          .orElseThrow(() -> new VoterException("bad_choice",
              "There is no contest '" + contestId + "' on your ballot; its contests are " + ids(contests) + "."));
      if (c.selection(selectionId).isEmpty()) {
        throw new VoterException("bad_choice", "Contest '" + contestId + "' has no option '" + selectionId
            + "'; its options are " + c.selections().stream().map(Manifest.Selection::selectionId).toList() + ".");
      }
      map.computeIfAbsent(contestId, k -> new ArrayList<>()).add(selectionId);
    }
    Choices choices = new Choices(map);
    choices.check(manifest, style);
    return choices;
  }

  /** The contests of a style, or the voter's sentence when the style is not in the manifest. */
  public static List<Manifest.Contest> contests(Manifest manifest, String style) throws VoterException {
    return manifest.contestsForStyle(style).orElseThrow(() -> new VoterException("unknown_style",
        "Your credentials grant ballot style '" + style + "', which this election does not have."));
  }

  private static String ids(List<Manifest.Contest> contests) {
    return contests.stream().map(Manifest.Contest::contestId).toList().toString();
  }

  /** Refuses over-votes before anything is encrypted. */
  public void check(Manifest manifest, String style) throws VoterException {
    List<String> problems = PlaintextBallotValidation.validate(manifest, toPlaintext(manifest, style, "check"));
    if (!problems.isEmpty()) {
      throw new VoterException("bad_choice", "These choices cannot be cast: " + String.join("; ", problems) + ".");
    }
  }

  /** The options chosen in a contest (empty when blank). */
  public List<String> chosen(String contestId) {
    return byContest.getOrDefault(contestId, List.of());
  }

  /** The plaintext ballot: every contest of the style, every option with its number of votes. */
  public PlaintextBallot toPlaintext(Manifest manifest, String style, String ballotId) {
    List<PlaintextBallot.Contest> contests = new ArrayList<>();
    for (Manifest.Contest c : manifest.contestsForStyle(style).orElseThrow()) {
      List<String> chosen = chosen(c.contestId());
      List<PlaintextBallot.Selection> sels = new ArrayList<>();
      for (Manifest.Selection s : c.selections()) {
        int votes = (int) chosen.stream().filter(s.selectionId()::equals).count();
        sels.add(new PlaintextBallot.Selection(s.selectionId(), s.sequenceOrder(), votes));
      }
      contests.add(new PlaintextBallot.Contest(c.contestId(), c.sequenceOrder(), sels, List.of()));
    }
    // Options that are not on the style were refused by parse; unknown contests cannot get here.
    return new PlaintextBallot(ballotId, style, contests);
  }

  /** Contest id to chosen option ids. */
  public Map<String, List<String>> asMap() {
    return byContest;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Choices c && c.byContest.equals(byContest);
  }

  @Override
  public int hashCode() {
    return byContest.hashCode();
  }
}

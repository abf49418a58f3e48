package org.evote.crypto.election;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a plaintext ballot against the manifest: egk-ec's input rules (Ballot.A, Ballot.B) and
 * the vote limits. The encryptor refuses a ballot that breaks the input rules, and encrypts an
 * over-voted contest as spec §3.3.3 says (every option 0, the over-vote in the contest data); our
 * clients refuse over-votes before that, with {@link #validate}.
 */
public final class PlaintextBallotValidation {
  private PlaintextBallotValidation() {}

  /**
   * All problems found, over-votes included; empty when the voter's choices may be cast. The
   * clients call this before they encrypt.
   */
  public static List<String> validate(Manifest manifest, PlaintextBallot ballot) {
    return check(manifest, ballot, true);
  }

  /**
   * The problems that make a ballot impossible to encrypt: an unknown style, contest or option,
   * a repeated or misnumbered one, a negative vote. Over-votes are not among them (spec §3.3.3).
   */
  public static List<String> structuralProblems(Manifest manifest, PlaintextBallot ballot) {
    return check(manifest, ballot, false);
  }

  private static List<String> check(Manifest manifest, PlaintextBallot ballot, boolean overvotes) {
    List<String> problems = new ArrayList<>();
    Optional<List<Manifest.Contest>> styleContests = manifest.contestsForStyle(ballot.ballotStyle());
    if (styleContests.isEmpty()) {
      problems.add("Ballot.A.1: unknown ballot style '" + ballot.ballotStyle() + "'");
      return problems;
    }
    Set<String> onStyle = new HashSet<>();
    styleContests.get().forEach(c -> onStyle.add(c.contestId()));
    Set<String> seenContests = new HashSet<>();
    for (PlaintextBallot.Contest pc : ballot.contests()) {
      String where = "contest '" + pc.contestId() + "'";
      if (!seenContests.add(pc.contestId())) {
        problems.add("Ballot.B.1: " + where + " appears twice");
        continue;
      }
      Optional<Manifest.Contest> mc = manifest.contest(pc.contestId());
      if (mc.isEmpty()) {
        problems.add("Ballot.A.2: unknown " + where);
        continue;
      }
      Manifest.Contest c = mc.get();
      if (c.sequenceOrder() != pc.sequenceOrder()) {
        problems.add("Ballot.A.2.1: " + where + " has sequence order " + pc.sequenceOrder() + ", the manifest says " + c.sequenceOrder());
      }
      if (!onStyle.contains(pc.contestId())) {
        problems.add("Ballot.A.3: " + where + " is not on ballot style '" + ballot.ballotStyle() + "'");
      }
      Set<String> selIds = new HashSet<>();
      Set<Integer> selSeq = new HashSet<>();
      long total = pc.writeIns().size();
      for (PlaintextBallot.Selection ps : pc.selections()) {
        String sw = where + " selection '" + ps.selectionId() + "'";
        if (!selIds.add(ps.selectionId())) {
          problems.add("Ballot.B.2: " + sw + " appears twice");
          continue;
        }
        if (!selSeq.add(ps.sequenceOrder())) {
          problems.add("Ballot.B.3: " + sw + " repeats sequence order " + ps.sequenceOrder());
        }
        Optional<Manifest.Selection> ms = c.selection(ps.selectionId());
        if (ms.isEmpty()) {
          problems.add("Ballot.A.4: unknown " + sw);
          continue;
        }
        if (ms.get().sequenceOrder() != ps.sequenceOrder()) {
          problems.add("Ballot.A.4.1: " + sw + " has sequence order " + ps.sequenceOrder() + ", the manifest says " + ms.get().sequenceOrder());
        }
        if (ps.vote() < 0) {
          problems.add(sw + " has a negative vote " + ps.vote());
        } else if (overvotes && ps.vote() > c.optionLimit()) {
          problems.add("over-vote: " + sw + " has " + ps.vote() + " votes, the option limit is " + c.optionLimit());
        }
        total += Math.max(0, ps.vote());
      }
      if (overvotes && total > c.contestLimit()) {
        problems.add("over-vote: " + where + " has " + total + " votes, the contest limit is " + c.contestLimit());
      }
    }
    return problems;
  }
}

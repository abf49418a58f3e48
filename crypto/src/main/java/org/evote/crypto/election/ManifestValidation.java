package org.evote.crypto.election;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The manifest rules of egk-ec's input validation document (Manifest.A to Manifest.C). Each
 * problem names its rule, such as "Manifest.B.1".
 */
public final class ManifestValidation {
  private ManifestValidation() {}

  /** All problems found; empty when the manifest is valid. */
  public static List<String> validate(Manifest m) {
    List<String> problems = new ArrayList<>();
    Set<String> units = new HashSet<>();
    m.geopoliticalUnits().forEach(u -> units.add(u.unitId()));
    Set<String> parties = new HashSet<>();
    m.parties().forEach(p -> parties.add(p.partyId()));
    Set<String> candidates = new HashSet<>();
    m.candidates().forEach(c -> candidates.add(c.candidateId()));
    Set<String> styleIds = new HashSet<>();
    Set<String> styleUnits = new HashSet<>();
    for (Manifest.BallotStyle s : m.ballotStyles()) {
      if (!styleIds.add(s.styleId())) {
        problems.add("Manifest.A.6: ballot style '" + s.styleId() + "' is not unique");
      }
      for (String u : s.geopoliticalUnitIds()) {
        styleUnits.add(u);
        if (!units.contains(u)) {
          problems.add(
              "Manifest.A.1: ballot style '" + s.styleId() + "' names unknown geopolitical unit '" + u + "'");
        }
      }
    }
    for (Manifest.Candidate c : m.candidates()) {
      if (c.partyId() != null && !c.partyId().isEmpty() && !parties.contains(c.partyId())) {
        problems.add("Manifest.A.2: candidate '" + c.candidateId() + "' names unknown party '" + c.partyId() + "'");
      }
    }
    Set<String> contestIds = new HashSet<>();
    Set<Integer> contestSeq = new HashSet<>();
    Set<String> allCandidates = new HashSet<>();
    for (Manifest.Contest c : m.contests()) {
      String where = "contest '" + c.contestId() + "'";
      if (!contestIds.add(c.contestId())) {
        problems.add("Manifest.B.1: " + where + " is not unique");
      }
      if (!contestSeq.add(c.sequenceOrder())) {
        problems.add("Manifest.B.2: " + where + " repeats sequence order " + c.sequenceOrder());
      }
      if (c.sequenceOrder() < 0) {
        problems.add("Manifest: " + where + " has a negative sequence order");
      }
      if (!units.contains(c.electoralDistrictId())) {
        problems.add("Manifest.A.3: " + where + " names unknown geopolitical unit '" + c.electoralDistrictId() + "'");
      } else if (!styleUnits.contains(c.electoralDistrictId())) {
        problems.add("Manifest.A.5: " + where + " is on no ballot style");
      }
      Set<String> selIds = new HashSet<>();
      Set<Integer> selSeq = new HashSet<>();
      Set<String> selCands = new HashSet<>();
      for (Manifest.Selection s : c.selections()) {
        String sw = where + " selection '" + s.selectionId() + "'";
        if (!candidates.contains(s.candidateId())) {
          problems.add("Manifest.A.4: " + sw + " names unknown candidate '" + s.candidateId() + "'");
        }
        if (!selIds.add(s.selectionId())) {
          problems.add("Manifest.B.3: " + sw + " is not unique in its contest");
        }
        if (!selSeq.add(s.sequenceOrder())) {
          problems.add("Manifest.B.4: " + sw + " repeats sequence order " + s.sequenceOrder());
        }
        if (!selCands.add(s.candidateId())) {
          problems.add("Manifest.B.5: " + sw + " repeats candidate '" + s.candidateId() + "' in its contest");
        } else if (!allCandidates.add(s.candidateId())) {
          problems.add("Manifest.B.6: " + sw + " repeats candidate '" + s.candidateId() + "' of another contest");
        }
      }
      int n = c.selections().size();
      switch (c.voteVariation()) {
        case "one_of_m" -> {
          if (c.contestLimit() != 1) {
            problems.add("Manifest.C.2: " + where + " is one_of_m but its limit is " + c.contestLimit());
          }
        }
        case "n_of_m" -> {
          if (c.contestLimit() <= 0 || c.contestLimit() > n) {
            problems.add("Manifest.C.3: " + where + " is n_of_m with limit " + c.contestLimit() + " for " + n + " selections");
          }
        }
        case "approval" -> {
          if (c.contestLimit() != n) {
            problems.add("Manifest.C.4: " + where + " is approval with limit " + c.contestLimit() + " for " + n + " selections");
          }
        }
        default -> problems.add("Manifest.C.1: " + where + " has vote variation '" + c.voteVariation() + "'");
      }
      if (c.contestLimit() <= 0) {
        problems.add("Manifest.C.5: " + where + " has contest limit " + c.contestLimit() + ", not > 0");
      }
      if (c.optionLimit() <= 0 || c.optionLimit() > c.contestLimit()) {
        problems.add("Manifest.C.6: " + where + " has option limit " + c.optionLimit() + ", not in 1.." + c.contestLimit());
      }
    }
    return problems;
  }
}

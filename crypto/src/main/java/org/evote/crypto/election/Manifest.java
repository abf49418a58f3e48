package org.evote.crypto.election;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The election manifest (spec §3.1.3) in egk-ec's layout, with the exact bytes of its file: H_M
 * is the hash of those bytes (spec eq. 6), so they are kept as read.
 *
 * <p>Contests are ordered by sequence order, and so are the selections of each contest. A ballot
 * style holds the contests whose electoral district is one of the style's geopolitical units.
 */
public final class Manifest {
  /** A geopolitical unit, such as a district. */
  public record GeopoliticalUnit(String unitId, String name, String type) {}

  /** A party. */
  public record Party(String partyId, String name) {}

  /** A candidate, possibly a write-in. */
  public record Candidate(String candidateId, String name, String partyId, boolean isWriteIn) {}

  /** A ballot style: the geopolitical units whose contests appear on its ballots. */
  public record BallotStyle(String styleId, List<String> geopoliticalUnitIds, List<String> partyIds) {
    public BallotStyle {
      geopoliticalUnitIds = List.copyOf(geopoliticalUnitIds);
      partyIds = List.copyOf(partyIds);
    }
  }

  /**
   * A selectable option of a contest.
   *
   * @param selectionId the option label λ
   * @param sequenceOrder the option index ind_o(λ) egk-ec uses in eq. 25
   * @param candidateId the candidate this option is for
   */
  public record Selection(String selectionId, int sequenceOrder, String candidateId) {}

  /**
   * A contest.
   *
   * @param contestId the contest label Λ
   * @param sequenceOrder the contest index ind_c(Λ) used in eq. 25, 50, 57
   * @param electoralDistrictId the geopolitical unit the contest belongs to
   * @param voteVariation one_of_m, n_of_m, approval, ...
   * @param numberElected how many are elected
   * @param contestLimit the contest selection limit L (egk-ec {@code votes_allowed})
   * @param name the contest name
   * @param selections the options, in sequence order
   * @param ballotTitle optional title
   * @param ballotSubtitle optional subtitle
   * @param optionLimit the option selection limit R (egk-ec {@code option_selection_limit})
   */
  public record Contest(
      String contestId,
      int sequenceOrder,
      String electoralDistrictId,
      String voteVariation,
      int numberElected,
      int contestLimit,
      String name,
      List<Selection> selections,
      String ballotTitle,
      String ballotSubtitle,
      int optionLimit) {
    public Contest {
      List<Selection> sorted = new ArrayList<>(selections);
      sorted.sort(Comparator.comparingInt(Selection::sequenceOrder));
      selections = List.copyOf(sorted);
    }

    /** The selection with this id, if any. */
    public Optional<Selection> selection(String selectionId) {
      for (Selection s : selections) {
        if (s.selectionId().equals(selectionId)) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }

  private final String electionScopeId;
  private final String specVersion;
  private final String type;
  private final List<GeopoliticalUnit> geopoliticalUnits;
  private final List<Party> parties;
  private final List<Candidate> candidates;
  private final List<BallotStyle> ballotStyles;
  private final List<Contest> contests;
  private final byte[] bytes;
  private final Map<String, Contest> contestsById;
  private final Map<String, List<Contest>> contestsByStyle;

  /**
   * A manifest and the file bytes it was read from (or will be written as).
   *
   * @param bytes the exact file bytes, hashed into H_M
   */
  public Manifest(
      String electionScopeId,
      String specVersion,
      String type,
      List<GeopoliticalUnit> geopoliticalUnits,
      List<Party> parties,
      List<Candidate> candidates,
      List<BallotStyle> ballotStyles,
      List<Contest> contests,
      byte[] bytes) {
    this.electionScopeId = Objects.requireNonNull(electionScopeId, "electionScopeId");
    this.specVersion = Objects.requireNonNull(specVersion, "specVersion");
    this.type = Objects.requireNonNull(type, "type");
    this.geopoliticalUnits = List.copyOf(geopoliticalUnits);
    this.parties = List.copyOf(parties);
    this.candidates = List.copyOf(candidates);
    this.ballotStyles = List.copyOf(ballotStyles);
    List<Contest> sorted = new ArrayList<>(contests);
    sorted.sort(Comparator.comparingInt(Contest::sequenceOrder));
    this.contests = List.copyOf(sorted);
    this.bytes = bytes.clone();
    Map<String, Contest> byId = new LinkedHashMap<>();
    for (Contest c : this.contests) {
      byId.putIfAbsent(c.contestId(), c);
    }
    this.contestsById = Collections.unmodifiableMap(byId);
    Map<String, List<Contest>> byStyle = new LinkedHashMap<>();
    for (BallotStyle style : this.ballotStyles) {
      Set<String> units = new LinkedHashSet<>(style.geopoliticalUnitIds());
      List<Contest> list = new ArrayList<>();
      for (Contest c : this.contests) {
        if (units.contains(c.electoralDistrictId())) {
          list.add(c);
        }
      }
      byStyle.putIfAbsent(style.styleId(), List.copyOf(list));
    }
    this.contestsByStyle = Collections.unmodifiableMap(byStyle);
  }

  public String electionScopeId() {
    return electionScopeId;
  }

  public String specVersion() {
    return specVersion;
  }

  public String type() {
    return type;
  }

  public List<GeopoliticalUnit> geopoliticalUnits() {
    return geopoliticalUnits;
  }

  public List<Party> parties() {
    return parties;
  }

  public List<Candidate> candidates() {
    return candidates;
  }

  public List<BallotStyle> ballotStyles() {
    return ballotStyles;
  }

  /** All contests, in sequence order. */
  public List<Contest> contests() {
    return contests;
  }

  /** A copy of the manifest file's bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The contest with this id, if any. */
  public Optional<Contest> contest(String contestId) {
    return Optional.ofNullable(contestsById.get(contestId));
  }

  /** The contests on ballots of this style, in sequence order; empty if the style is unknown. */
  public Optional<List<Contest>> contestsForStyle(String styleId) {
    return Optional.ofNullable(contestsByStyle.get(styleId));
  }

  /** The ballot style with this id, if any. */
  public Optional<BallotStyle> ballotStyle(String styleId) {
    for (BallotStyle s : ballotStyles) {
      if (s.styleId().equals(styleId)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}

package org.evote.ballotserver.office;

import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.record.EvoteLabelsJson;
import org.evote.crypto.record.RecordCodec;

/**
 * Starting manifests for {@code ./evote election new}, in egk-ec's layout, each valid as it is
 * (an official edits names and options, then checks it with {@code election check-manifest}).
 */
final class ManifestTemplates {
  static final int MAX_CANDIDATES = 100;
  static final int MAX_DISTRICTS = 50;

  private ManifestTemplates() {}

  /** One contest, yes or no, on every voter's ballot (ballot style "all-voters"). */
  static byte[] referendum() {
    List<Manifest.Candidate> cands = List.of(new Manifest.Candidate("yes", "Yes", null, false),
        new Manifest.Candidate("no", "No", null, false));
    Manifest.Contest c = new Manifest.Contest("referendum", 1, "whole-area", "one_of_m", 1, 1, "Referendum",
        List.of(new Manifest.Selection("referendum-yes", 1, "yes"), new Manifest.Selection("referendum-no", 2, "no")),
        "Do you approve the proposal?", null, 1);
    return RecordCodec.writeManifestJson("referendum-2026", "v2.0.0", "referendum",
        List.of(new Manifest.GeopoliticalUnit("whole-area", "Whole area", "municipality")), List.of(), cands,
        List.of(new Manifest.BallotStyle("all-voters", List.of("whole-area"), List.of())), List.of(c));
  }

  /** A council of {@code seats} among {@code candidates}: each voter marks up to {@code seats} names. */
  static byte[] council(int seats, int candidates) {
    requireCouncil(seats, candidates);
    List<Manifest.Candidate> cands = new ArrayList<>();
    List<Manifest.Selection> sels = new ArrayList<>();
    for (int i = 1; i <= candidates; i++) {
      cands.add(new Manifest.Candidate("candidate-" + i, "Candidate " + i, null, false));
      sels.add(new Manifest.Selection("council-candidate-" + i, i, "candidate-" + i));
    }
    Manifest.Contest c = new Manifest.Contest("council", 1, "whole-area", "n_of_m", seats, seats, "Council", sels,
        "Choose up to " + seats, null, 1);
    return RecordCodec.writeManifestJson("council-2026", "v2.0.0", "municipal",
        List.of(new Manifest.GeopoliticalUnit("whole-area", "Whole area", "municipality")), List.of(), cands,
        List.of(new Manifest.BallotStyle("all-voters", List.of("whole-area"), List.of())), List.of(c));
  }

  /**
   * A referendum on every ballot and, per district, a council of {@code seats} among {@code
   * candidates}; one ballot style per district ("district-1", ...), which voters' tokens name.
   */
  static byte[] districts(int districts, int seats, int candidates) {
    requireCouncil(seats, candidates);
    if (districts < 2 || districts > MAX_DISTRICTS) {
      throw new IllegalArgumentException("--districts must be from 2 to " + MAX_DISTRICTS + ", got " + districts);
    }
    List<Manifest.GeopoliticalUnit> units = new ArrayList<>();
    List<Manifest.Candidate> cands = new ArrayList<>();
    List<Manifest.Contest> contests = new ArrayList<>();
    List<Manifest.BallotStyle> styles = new ArrayList<>();
    units.add(new Manifest.GeopoliticalUnit("whole-area", "Whole area", "county"));
    cands.add(new Manifest.Candidate("yes", "Yes", null, false));
    cands.add(new Manifest.Candidate("no", "No", null, false));
    contests.add(new Manifest.Contest("referendum", 1, "whole-area", "one_of_m", 1, 1, "Referendum",
        List.of(new Manifest.Selection("referendum-yes", 1, "yes"), new Manifest.Selection("referendum-no", 2, "no")),
        "Do you approve the proposal?", null, 1));
    for (int d = 1; d <= districts; d++) {
      String unit = "district-" + d;
      units.add(new Manifest.GeopoliticalUnit(unit, "District " + d, "district"));
      List<Manifest.Selection> sels = new ArrayList<>();
      for (int i = 1; i <= candidates; i++) {
        String cand = unit + "-candidate-" + i;
        cands.add(new Manifest.Candidate(cand, "Candidate " + i + " of district " + d, null, false));
        sels.add(new Manifest.Selection(unit + "-council-candidate-" + i, i, cand));
      }
      contests.add(new Manifest.Contest(unit + "-council", d + 1, unit, "n_of_m", seats, seats,
          "Council of district " + d, sels, "Choose up to " + seats, null, 1));
      styles.add(new Manifest.BallotStyle(unit, List.of("whole-area", unit), List.of()));
    }
    return RecordCodec.writeManifestJson("districts-2026", "v2.0.0", "general", units, List.of(), cands, styles, contests);
  }

  private static void requireCouncil(int seats, int candidates) {
    if (candidates < 1 || candidates > MAX_CANDIDATES) {
      throw new IllegalArgumentException("--candidates must be from 1 to " + MAX_CANDIDATES + ", got " + candidates);
    }
    if (seats < 1 || seats > candidates) {
      throw new IllegalArgumentException("--seats must be from 1 to --candidates (" + candidates + "), got " + seats);
    }
  }

  /**
   * The starting labels of a template manifest, in English and French: the election's name, and
   * each contest's name and each option's candidate name as the manifest has them, with the
   * template's words put into French (an official edits them, as the manifest).
   *
   * @param manifest a manifest of this class
   * @param shape referendum, council or districts: it names the election
   */
  static EvoteLabelsJson.Labels labels(Manifest manifest, String shape) {
    Map<String, String> candidates = new LinkedHashMap<>();
    manifest.candidates().forEach(c -> candidates.put(c.candidateId(), c.name() == null ? c.candidateId() : c.name()));
    Map<String, EvoteLabelsJson.Contest> contests = new LinkedHashMap<>();
    for (Manifest.Contest c : manifest.contests()) {
      Map<String, Map<String, String>> options = new LinkedHashMap<>();
      for (Manifest.Selection s : c.selections()) {
        String name = candidates.getOrDefault(s.candidateId(), s.selectionId());
        options.put(s.selectionId(), both(name, french(name)));
      }
      contests.put(c.contestId(), new EvoteLabelsJson.Contest(both(c.name(), french(c.name())), options));
    }
    Map<String, String> election = switch (shape) {
      case "referendum" -> both("Referendum 2026", "Référendum 2026");
      case "council" -> both("Council election 2026", "Élection du conseil 2026");
      default -> both("General election 2026", "Élections générales 2026");
    };
    return new EvoteLabelsJson.Labels(List.of("en", "fr"), election, contests);
  }

  private static Map<String, String> both(String en, String fr) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("en", en);
    m.put("fr", fr);
    return m;
  }

  /** The templates' English words in French; any other text as it is. */
  static String french(String en) {
    return switch (en) {
      case "Yes" -> "Oui";
      case "No" -> "Non";
      case "Referendum" -> "Référendum";
      case "Council" -> "Conseil";
      default -> en.replaceFirst("^Council of district (\\d+)$", "Conseil du district $1")
          .replaceFirst("^Candidate (\\d+) of district (\\d+)$", "Candidat·e $1 du district $2")
          .replaceFirst("^Candidate (\\d+)$", "Candidat·e $1");
    };
  }

  /** The short guide written beside a new manifest. */
  static final String GUIDE = """
      The election manifest (ElectionGuard 2.0, egk-ec's JSON layout)
      ===============================================================
      Edit the manifest, then run:  ./evote election check-manifest MANIFEST
      It lists every problem at once, with its JSON path and what to write instead.
      The key ceremony hashes this file (H_M): once the ceremony has started, do not change it.

      Top level
        election_scope_id   your name for the election, e.g. "county-2026"
        spec_version        "v2.0.0"
        type                e.g. "general", "municipal", "referendum"
        start_date/end_date ISO-8601 times such as "2026-06-01T08:00:00Z", or ""
        name                a list of {"value": ..., "language": "en"}; may stay []
        geopolitical_units  the areas contests belong to: {"object_id", "name", "type"}
        ballot_styles       one per kind of ballot: {"object_id", "geopolitical_unit_ids", "party_ids"}.
                            A ballot of a style holds every contest whose electoral_district_id is one
                            of the style's units. The voter roll names one style per voter
                            (roll.csv: voter_id,ballot_style), and ./evote idp issue checks it.
        candidates          every option of every contest: {"object_id", "name", "is_write_in": false};
                            a candidate may be an option of one contest only
        parties             may stay []; a candidate's party_id must name one of them
        contests            see below

      A contest
        object_id              unique, e.g. "council"
        sequence_order         unique number, 1, 2, 3, ...: the order on the ballot
        electoral_district_id  a geopolitical unit listed on at least one ballot style
        vote_variation         "one_of_m" (choose one: votes_allowed 1),
                               "n_of_m" (choose up to votes_allowed of the options),
                               "approval" (any number: votes_allowed = number of options)
        number_elected         how many are elected (informative)
        votes_allowed          the most options a voter may mark in this contest
        option_selection_limit votes per option: keep 1
        name, ballot_title     shown to voters
        ballot_selections      the options: {"object_id", "sequence_order" 1, 2, ..., "candidate_id"}

      Ids travel in file names and tokens: letters, digits, '.', '_', '-' and spaces only.

      labels.json, beside the manifest: what voters read, in every language
        languages   the languages, e.g. ["en", "fr"]
        election    the election's name: {"en": "...", "fr": "..."}
        contests    by contest object_id: {"title": {"en", "fr"}, "options": {selection object_id: {"en", "fr"}}}
        It must label exactly the manifest's contests and options, every label in every language.
        It is not hashed into H_M: it may change until the election is created
        (./evote election create --labels labels.json), then it is part of the published record.
      """;
}

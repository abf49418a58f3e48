package org.evote.crypto.record;

import java.util.List;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.util.Require;

/**
 * {@code manifest.json}. Reading checks every field egk-ec requires and keeps the exact bytes (H_M
 * hashes them); writing a new manifest gives the fields the model lacks empty values.
 */
final class ManifestJson {
  private ManifestJson() {}

  /** Contests and their selections come back in sequence order. */
  static Parsed<Manifest> parse(byte[] json, String source) {
    byte[] bytes = json.clone();
    return JsonIn.parse(bytes, source, in -> {
      String scope = in.field("election_scope_id").string();
      String specVersion = in.field("spec_version").string();
      String type = in.field("type").string();
      in.field("start_date").string();
      in.field("end_date").string();
      List<Manifest.GeopoliticalUnit> units = in.field("geopolitical_units").list(u -> {
        String id = u.field("object_id").string();
        String name = u.field("name").string();
        String t = u.field("type").string();
        u.optString("contact_information");
        return new Manifest.GeopoliticalUnit(id, name, t);
      });
      List<Manifest.BallotStyle> styles = in.field("ballot_styles").list(s -> {
        String id = s.field("object_id").string();
        List<String> gpus = s.field("geopolitical_unit_ids").stringList();
        List<String> parties = s.field("party_ids").stringList();
        s.optString("image_url");
        return new Manifest.BallotStyle(id, gpus, parties);
      });
      List<Manifest.Contest> contests = in.field("contests").list(ManifestJson::contest);
      List<Manifest.Candidate> candidates = in.field("candidates").list(c -> {
        String id = c.field("object_id").string();
        String name = c.optString("name");
        String party = c.optString("party_id");
        c.optString("image_url");
        boolean writeIn = c.field("is_write_in").bool();
        return new Manifest.Candidate(id, name, party, writeIn);
      });
      JsonIn contact = in.optField("contact_information");
      if (contact != null) {
        contact.field("address_line").stringList();
        contact.optString("email");
        contact.optString("phone");
        contact.optString("name");
      }
      in.field("name").list(l -> {
        l.field("value").string();
        return l.field("language").string();
      });
      List<Manifest.Party> parties = in.field("parties").list(p -> {
        String id = p.field("object_id").string();
        String name = p.field("name").string();
        p.optString("abbreviation");
        p.optString("color");
        p.optString("logo_uri");
        return new Manifest.Party(id, name);
      });
      return new Manifest(scope, specVersion, type, units, parties, candidates, styles, contests, bytes);
    });
  }

  private static Manifest.Contest contest(JsonIn c) {
    String id = c.field("object_id").string();
    int seq = c.field("sequence_order").nonNegativeInt();
    String district = c.field("electoral_district_id").string();
    String variation = c.field("vote_variation").string();
    int elected = c.field("number_elected").nonNegativeInt();
    int allowed = c.field("votes_allowed").nonNegativeInt();
    String name = c.field("name").string();
    List<Manifest.Selection> selections = c.field("ballot_selections").list(s -> new Manifest.Selection(
        s.field("object_id").string(),
        s.field("sequence_order").nonNegativeInt(),
        s.field("candidate_id").string()));
    String title = c.optString("ballot_title");
    String subtitle = c.optString("ballot_subtitle");
    JsonIn limitIn = c.optField("option_selection_limit");
    int optionLimit = limitIn == null ? 1 : limitIn.nonNegativeInt();
    return new Manifest.Contest(
        id, seq, district, variation, elected, allowed, name, selections, title, subtitle, optionLimit);
  }

  /** A manifest's model values, without its bytes. */
  record Values(String electionScopeId, String specVersion, String type,
      List<Manifest.GeopoliticalUnit> geopoliticalUnits, List<Manifest.Party> parties,
      List<Manifest.Candidate> candidates, List<Manifest.BallotStyle> ballotStyles, List<Manifest.Contest> contests) {
    Values {
      Require.nonNull("electionScopeId", electionScopeId, "specVersion", specVersion, "type", type);
    }
  }

  /**
   * A manifest file in egk-ec's layout from model values, for a new election: every field egk-ec
   * requires is present; those the model lacks get empty values (start and end dates "", no
   * contact information, an empty name list), and null optional values are omitted.
   */
  static byte[] write(Values m) {
    return JsonOut.document(out -> {
      out.string("election_scope_id", m.electionScopeId());
      out.string("spec_version", m.specVersion());
      out.string("type", m.type());
      out.string("start_date", "");
      out.string("end_date", "");
      out.objects("geopolitical_units", m.geopoliticalUnits(), u -> {
        out.string("object_id", u.unitId());
        out.string("name", u.name());
        out.string("type", u.type());
      });
      out.objects("ballot_styles", m.ballotStyles(), s -> {
        out.string("object_id", s.styleId());
        out.strings("geopolitical_unit_ids", s.geopoliticalUnitIds());
        out.strings("party_ids", s.partyIds());
      });
      out.objects("contests", m.contests(), c -> {
        out.string("object_id", c.contestId());
        out.number("sequence_order", c.sequenceOrder());
        out.string("electoral_district_id", c.electoralDistrictId());
        out.string("vote_variation", c.voteVariation());
        out.number("number_elected", c.numberElected());
        out.number("votes_allowed", c.contestLimit());
        out.string("name", c.name());
        out.objects("ballot_selections", c.selections(), s -> {
          out.string("object_id", s.selectionId());
          out.number("sequence_order", s.sequenceOrder());
          out.string("candidate_id", s.candidateId());
        });
        out.optString("ballot_title", c.ballotTitle());
        out.optString("ballot_subtitle", c.ballotSubtitle());
        out.number("option_selection_limit", c.optionLimit());
      });
      out.objects("candidates", m.candidates(), c -> {
        out.string("object_id", c.candidateId());
        out.optString("name", c.name());
        out.optString("party_id", c.partyId());
        out.bool("is_write_in", c.isWriteIn());
      });
      out.strings("name", List.of());
      out.objects("parties", m.parties(), p -> {
        out.string("object_id", p.partyId());
        out.string("name", p.name());
      });
    });
  }
}

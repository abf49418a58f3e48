package org.evote.crypto.record;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.election.ManifestValidation;
import org.evote.crypto.util.Require;

/**
 * Every problem of a {@code manifest.json} an official is writing, at once: each with its JSON path
 * and what to write instead. {@link ManifestJson} stops at the first field it cannot read, as a
 * reader of untrusted records should; this check walks the whole document instead, first its
 * shape (every field egk-ec requires, with its JSON type), then, when the shape is right, the
 * rules of {@link ManifestValidation} (egk-ec's Manifest.A to Manifest.C) with the path of the
 * object at fault. Whatever {@link ManifestJson} or {@link ManifestValidation} would still refuse
 * is reported too (at {@code $} when this check cannot place it), so a manifest with no finding
 * here is one the key ceremony and the nodes accept.
 */
public final class ManifestCheck {
  private static final JsonMapper MAPPER = StrictJson.mapper();

  /**
   * One problem.
   *
   * @param path the JSON path of the value at fault, {@code $} for the whole document
   * @param problem what is wrong
   * @param fix what to write instead
   * @param warning true when readers accept the document anyway (an unknown field, which egk-ec
   *     ignores: most often a misspelt one)
   */
  public record Finding(String path, String problem, String fix, boolean warning) {
    public Finding {
      Require.nonNull("path", path, "problem", problem, "fix", fix);
    }

    /** {@code path: problem; fix}, with "warning: " first for a warning. */
    @Override
    public String toString() {
      return (warning ? "warning: " : "") + path + ": " + problem + "; " + fix;
    }
  }

  private enum Kind { STRING, INT, BOOL, STRINGS, OBJECTS, OBJECT }

  private record Field(String name, Kind kind, boolean required, String example, Schema nested) {}

  private record Schema(List<Field> fields) {
    Field get(String name) {
      return fields.stream().filter(f -> f.name.equals(name)).findFirst().orElse(null);
    }
  }

  private static Field req(String name, Kind kind, String example) {
    return new Field(name, kind, true, example, null);
  }

  private static Field opt(String name, Kind kind, String example) {
    return new Field(name, kind, false, example, null);
  }

  private static Field list(String name, Schema of) {
    return new Field(name, Kind.OBJECTS, true, "[ ... ]", of);
  }

  private static final Schema UNIT = new Schema(List.of(req("object_id", Kind.STRING, "\"district-1\""),
      req("name", Kind.STRING, "\"District 1\""), req("type", Kind.STRING, "\"county\""),
      opt("contact_information", Kind.STRING, "\"...\"")));
  private static final Schema STYLE = new Schema(List.of(req("object_id", Kind.STRING, "\"style-1\""),
      req("geopolitical_unit_ids", Kind.STRINGS, "[\"district-1\"]"), req("party_ids", Kind.STRINGS, "[]"),
      opt("image_url", Kind.STRING, "\"...\"")));
  private static final Schema SELECTION = new Schema(List.of(req("object_id", Kind.STRING, "\"contest1-yes\""),
      req("sequence_order", Kind.INT, "1"), req("candidate_id", Kind.STRING, "\"yes\"")));
  private static final Schema CONTEST = new Schema(List.of(req("object_id", Kind.STRING, "\"contest1\""),
      req("sequence_order", Kind.INT, "1"), req("electoral_district_id", Kind.STRING, "\"district-1\""),
      req("vote_variation", Kind.STRING, "\"one_of_m\""), req("number_elected", Kind.INT, "1"),
      req("votes_allowed", Kind.INT, "1"), req("name", Kind.STRING, "\"Referendum\""),
      list("ballot_selections", SELECTION), opt("ballot_title", Kind.STRING, "\"...\""),
      opt("ballot_subtitle", Kind.STRING, "\"...\""), opt("option_selection_limit", Kind.INT, "1")));
  private static final Schema CANDIDATE = new Schema(List.of(req("object_id", Kind.STRING, "\"yes\""),
      opt("name", Kind.STRING, "\"Yes\""), opt("party_id", Kind.STRING, "\"party-1\""),
      opt("image_url", Kind.STRING, "\"...\""), req("is_write_in", Kind.BOOL, "false")));
  private static final Schema CONTACT = new Schema(List.of(req("address_line", Kind.STRINGS, "[\"1 Main St\"]"),
      opt("email", Kind.STRING, "\"...\""), opt("phone", Kind.STRING, "\"...\""), opt("name", Kind.STRING, "\"...\"")));
  private static final Schema NAME = new Schema(List.of(req("value", Kind.STRING, "\"Election 2026\""),
      req("language", Kind.STRING, "\"en\"")));
  private static final Schema PARTY = new Schema(List.of(req("object_id", Kind.STRING, "\"party-1\""),
      req("name", Kind.STRING, "\"Party 1\""), opt("abbreviation", Kind.STRING, "\"P1\""),
      opt("color", Kind.STRING, "\"...\""), opt("logo_uri", Kind.STRING, "\"...\"")));
  private static final Schema ROOT = new Schema(List.of(req("election_scope_id", Kind.STRING, "\"county-2026\""),
      req("spec_version", Kind.STRING, "\"v2.0.0\""), req("type", Kind.STRING, "\"general\""),
      req("start_date", Kind.STRING, "\"2026-06-01T08:00:00Z\" or \"\""),
      req("end_date", Kind.STRING, "\"2026-06-01T20:00:00Z\" or \"\""), list("geopolitical_units", UNIT),
      list("ballot_styles", STYLE), list("contests", CONTEST), list("candidates", CANDIDATE),
      new Field("contact_information", Kind.OBJECT, false, "{\"address_line\": []}", CONTACT),
      list("name", NAME), list("parties", PARTY)));

  private ManifestCheck() {}

  /** Every finding of the manifest {@code json}, in document order; empty when it is ready to use. */
  public static List<Finding> check(byte[] json) {
    Objects.requireNonNull(json, "json");
    List<Finding> out = new ArrayList<>();
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JacksonException e) {
      Parsed<Manifest> p = RecordCodec.parseManifestJson(json, "manifest");
      String where = p.isOk() ? "$" : p.problem().jsonPath();
      String why = p.isOk() ? e.getOriginalMessage() : p.problem().message();
      out.add(new Finding(where, "the file is not valid JSON: " + why,
          "fix the JSON syntax there (a missing comma or quote, a repeated field name, or text after the last '}')", false));
      return out;
    } catch (java.io.IOException e) {
      out.add(new Finding("$", "the file cannot be read: " + e.getMessage(), "give a UTF-8 JSON file", false));
      return out;
    }
    if (root == null || !root.isObject()) {
      out.add(new Finding("$", "the document is not a JSON object", "write the manifest as one object { ... } "
          + "(start from ./evote election new)", false));
      return out;
    }
    shape(root, ROOT, "$", out);
    if (out.stream().anyMatch(f -> !f.warning())) {
      return out;
    }
    rules(root, out);
    // What the reader and egk-ec's rules still refuse, so no manifest passes here that they refuse.
    Parsed<Manifest> parsed = RecordCodec.parseManifestJson(json, "manifest");
    if (!parsed.isOk()) {
      out.add(new Finding(parsed.problem().jsonPath(), parsed.problem().message(), "correct this value", false));
      return out;
    }
    Set<String> seen = new HashSet<>();
    out.forEach(f -> seen.add(rule(f.problem())));
    for (String p : ManifestValidation.validate(parsed.value())) {
      if (!seen.contains(rule(p))) {
        out.add(new Finding("$", p, "see egk-ec's input validation rule " + rule(p), false));
      }
    }
    return out;
  }

  /** "Manifest.B.1" of "Manifest.B.1: contest ..."; the whole text when it names no rule. */
  private static String rule(String problem) {
    int colon = problem.indexOf(':');
    return colon > 0 && problem.startsWith("Manifest") ? problem.substring(0, colon) : problem;
  }

  private static void shape(JsonNode obj, Schema schema, String path, List<Finding> out) {
    for (Field f : schema.fields()) {
      JsonNode v = obj.get(f.name);
      String p = path + "." + f.name;
      if (v == null || v.isNull()) {
        if (f.required) {
          out.add(new Finding(p, "missing", "add \"" + f.name + "\": " + f.example, false));
        }
        continue;
      }
      switch (f.kind) {
        case STRING -> {
          if (!v.isTextual()) {
            out.add(new Finding(p, "expected a string, got " + describe(v), "write a string in quotes, e.g. " + f.example, false));
          }
        }
        case INT -> {
          if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
            out.add(new Finding(p, "expected a whole number from 0, got " + describe(v), "write a number without quotes, e.g. "
                + f.example, false));
          }
        }
        case BOOL -> {
          if (!v.isBoolean()) {
            out.add(new Finding(p, "expected true or false, got " + describe(v), "write true or false without quotes", false));
          }
        }
        case STRINGS -> {
          if (!v.isArray()) {
            out.add(new Finding(p, "expected a list of strings, got " + describe(v), "write a list, e.g. " + f.example, false));
          } else {
            for (int i = 0; i < v.size(); i++) {
              if (!v.get(i).isTextual()) {
                out.add(new Finding(p + "[" + i + "]", "expected a string, got " + describe(v.get(i)),
                    "write each entry as a string in quotes", false));
              }
            }
          }
        }
        case OBJECTS -> {
          if (!v.isArray()) {
            out.add(new Finding(p, "expected a list of objects, got " + describe(v), "write a list [ {...}, ... ]", false));
          } else {
            for (int i = 0; i < v.size(); i++) {
              JsonNode e = v.get(i);
              if (!e.isObject()) {
                out.add(new Finding(p + "[" + i + "]", "expected an object, got " + describe(e), "write an object { ... }", false));
              } else {
                shape(e, f.nested, p + "[" + i + "]", out);
              }
            }
          }
        }
        case OBJECT -> {
          if (!v.isObject()) {
            out.add(new Finding(p, "expected an object, got " + describe(v), "write an object, e.g. " + f.example, false));
          } else {
            shape(v, f.nested, p, out);
          }
        }
        default -> throw new IllegalStateException("unreachable");
      }
    }
    for (Iterator<String> names = obj.fieldNames(); names.hasNext(); ) {
      String n = names.next();
      if (schema.get(n) == null) {
        String near = nearest(n, schema);
        out.add(new Finding(path + "." + n, "unknown field, which ElectionGuard readers ignore",
            near != null ? "did you mean \"" + near + "\"?" : "remove it", true));
      }
    }
  }

  /** The schema's field closest to a misspelt name (edit distance at most 3), or null. */
  private static String nearest(String name, Schema schema) {
    String best = null;
    int bestD = 4;
    for (Field f : schema.fields()) {
      int d = distance(name, f.name);
      if (d < bestD) {
        bestD = d;
        best = f.name;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String describe(JsonNode v) {
    if (v.isTextual()) {
      String s = v.textValue();
      return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
    }
    if (v.isNumber()) {
      return "the number " + v.asText();
    }
    if (v.isBoolean()) {
      return v.asText();
    }
    return v.isArray() ? "a list" : v.isObject() ? "an object" : v.getNodeType().toString().toLowerCase();
  }

  /**
   * egk-ec's manifest rules (the same as {@link ManifestValidation}, with the same rule names) on
   * a document whose shape is right, each finding at the path of the object at fault.
   */
  private static void rules(JsonNode root, List<Finding> out) {
    Set<String> units = ids(root.get("geopolitical_units"));
    Set<String> parties = ids(root.get("parties"));
    Set<String> candidates = ids(root.get("candidates"));
    Set<String> styleUnits = new HashSet<>();
    Map<String, Integer> styleIds = new HashMap<>();
    JsonNode styles = root.get("ballot_styles");
    if (styles.isEmpty()) {
      out.add(new Finding("$.ballot_styles", "no ballot style", "add at least one ballot style; each voter's token names one", false));
    }
    for (int i = 0; i < styles.size(); i++) {
      JsonNode s = styles.get(i);
      String p = "$.ballot_styles[" + i + "]";
      String id = s.get("object_id").textValue();
      idProblem(id, p + ".object_id", out);
      Integer first = styleIds.putIfAbsent(id, i);
      if (first != null) {
        out.add(new Finding(p + ".object_id", "Manifest.A.6: ballot style '" + id + "' is not unique (also at $.ballot_styles["
            + first + "])", "give each ballot style its own object_id", false));
      }
      JsonNode gpus = s.get("geopolitical_unit_ids");
      for (int j = 0; j < gpus.size(); j++) {
        String u = gpus.get(j).textValue();
        styleUnits.add(u);
        if (!units.contains(u)) {
          out.add(new Finding(p + ".geopolitical_unit_ids[" + j + "]", "Manifest.A.1: unknown geopolitical unit '" + u + "'",
              "write one of " + units + ", or add a unit with this object_id to $.geopolitical_units", false));
        }
      }
    }
    JsonNode cands = root.get("candidates");
    for (int i = 0; i < cands.size(); i++) {
      JsonNode party = cands.get(i).get("party_id");
      if (party != null && party.isTextual() && !party.textValue().isEmpty() && !parties.contains(party.textValue())) {
        out.add(new Finding("$.candidates[" + i + "].party_id", "Manifest.A.2: unknown party '" + party.textValue() + "'",
            "write one of " + parties + ", add that party to $.parties, or remove party_id", false));
      }
    }
    JsonNode contests = root.get("contests");
    if (contests.isEmpty()) {
      out.add(new Finding("$.contests", "no contest", "add at least one contest", false));
    }
    Map<String, String> contestIds = new HashMap<>();
    Map<Integer, String> contestSeq = new HashMap<>();
    Map<String, String> candidateUse = new HashMap<>();
    for (int i = 0; i < contests.size(); i++) {
      JsonNode c = contests.get(i);
      String p = "$.contests[" + i + "]";
      String id = c.get("object_id").textValue();
      String first = contestIds.putIfAbsent(id, p);
      if (first != null) {
        out.add(new Finding(p + ".object_id", "Manifest.B.1: contest '" + id + "' is not unique (also at " + first + ")",
            "give each contest its own object_id", false));
      }
      int seq = c.get("sequence_order").intValue();
      String seqFirst = contestSeq.putIfAbsent(seq, p);
      if (seqFirst != null) {
        out.add(new Finding(p + ".sequence_order", "Manifest.B.2: sequence order " + seq + " repeats " + seqFirst,
            "give each contest its own sequence_order, e.g. " + (maxSeq(contests) + 1), false));
      }
      String district = c.get("electoral_district_id").textValue();
      if (!units.contains(district)) {
        out.add(new Finding(p + ".electoral_district_id", "Manifest.A.3: unknown geopolitical unit '" + district + "'",
            "write one of " + units, false));
      } else if (!styleUnits.contains(district)) {
        out.add(new Finding(p + ".electoral_district_id", "Manifest.A.5: the contest is on no ballot style (no style lists unit '"
            + district + "')", "add '" + district + "' to the geopolitical_unit_ids of a ballot style", false));
      }
      JsonNode sels = c.get("ballot_selections");
      if (sels.isEmpty()) {
        out.add(new Finding(p + ".ballot_selections", "the contest has no option", "add at least one selection", false));
      }
      Set<String> selIds = new HashSet<>();
      Set<Integer> selSeq = new HashSet<>();
      Set<String> selCands = new HashSet<>();
      for (int j = 0; j < sels.size(); j++) {
        JsonNode s = sels.get(j);
        String sp = p + ".ballot_selections[" + j + "]";
        String sid = s.get("object_id").textValue();
        String cand = s.get("candidate_id").textValue();
        if (!candidates.contains(cand)) {
          out.add(new Finding(sp + ".candidate_id", "Manifest.A.4: unknown candidate '" + cand + "'",
              "add a candidate with this object_id to $.candidates, or write an existing one", false));
        }
        if (!selIds.add(sid)) {
          out.add(new Finding(sp + ".object_id", "Manifest.B.3: selection '" + sid + "' is not unique in its contest",
              "give each selection of the contest its own object_id", false));
        }
        int ss = s.get("sequence_order").intValue();
        if (!selSeq.add(ss)) {
          out.add(new Finding(sp + ".sequence_order", "Manifest.B.4: sequence order " + ss + " repeats in its contest",
              "number the contest's selections 1, 2, 3, ...", false));
        }
        if (!selCands.add(cand)) {
          out.add(new Finding(sp + ".candidate_id", "Manifest.B.5: candidate '" + cand + "' appears twice in the contest",
              "each option of a contest names a different candidate", false));
        } else {
          String other = candidateUse.putIfAbsent(cand, p);
          if (other != null) {
            out.add(new Finding(sp + ".candidate_id", "Manifest.B.6: candidate '" + cand + "' is already an option of " + other,
                "add a separate candidate (e.g. '" + cand + "-" + id + "') for this contest", false));
          }
        }
      }
      int n = sels.size();
      int limit = c.get("votes_allowed").intValue();
      JsonNode optNode = c.get("option_selection_limit");
      int optionLimit = optNode == null || optNode.isNull() ? 1 : optNode.intValue();
      String variation = c.get("vote_variation").textValue();
      switch (variation) {
        case "one_of_m" -> {
          if (limit != 1) {
            out.add(new Finding(p + ".votes_allowed", "Manifest.C.2: a one_of_m contest allows " + limit + " votes",
                "write 1, or make vote_variation \"n_of_m\"", false));
          }
        }
        case "n_of_m" -> {
          if (limit <= 0 || limit > n) {
            out.add(new Finding(p + ".votes_allowed", "Manifest.C.3: an n_of_m contest allows " + limit + " votes for "
                + n + " options", "write a number from 1 to " + Math.max(1, n), false));
          }
        }
        case "approval" -> {
          if (limit != n) {
            out.add(new Finding(p + ".votes_allowed", "Manifest.C.4: an approval contest allows " + limit + " votes for "
                + n + " options", "write " + n, false));
          }
        }
        default -> out.add(new Finding(p + ".vote_variation", "Manifest.C.1: unknown vote variation '" + variation + "'",
            "write \"one_of_m\", \"n_of_m\" or \"approval\"", false));
      }
      if (limit <= 0) {
        out.add(new Finding(p + ".votes_allowed", "Manifest.C.5: the contest limit is " + limit, "write 1 or more", false));
      }
      if (optionLimit <= 0 || optionLimit > Math.max(limit, 0)) {
        out.add(new Finding(p + ".option_selection_limit", "Manifest.C.6: the option limit " + optionLimit
            + " is not in 1.." + limit, "write 1 (one vote per option)", false));
      }
    }
  }

  /** A ballot style id travels in tokens and file names: no path characters. */
  private static void idProblem(String id, String path, List<Finding> out) {
    ElectionRecordFiles.fileNameProblem(id).ifPresent(why -> out.add(new Finding(path, "the id " + why,
        "use letters, digits, '.', '_', '-' and spaces only", false)));
  }

  private static int maxSeq(JsonNode contests) {
    int m = 0;
    for (JsonNode c : contests) {
      m = Math.max(m, c.get("sequence_order").intValue());
    }
    return m;
  }

  private static Set<String> ids(JsonNode list) {
    Set<String> s = new LinkedHashSet<>();
    list.forEach(e -> s.add(e.get("object_id").textValue()));
    return s;
  }
}

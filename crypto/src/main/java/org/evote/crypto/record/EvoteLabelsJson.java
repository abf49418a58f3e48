package org.evote.crypto.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.evote.crypto.election.Manifest;

/**
 * {@code labels.json} beside the manifest, published as {@code evote/labels.json}: what voters read
 * in each language (the election's name, each contest's title, each option's name), while the
 * ElectionGuard manifest keeps its one-language fields, so that H_M and egk-ec's readers do not
 * change.
 *
 * <pre>
 * {"languages": ["en", "fr"],
 *  "election": {"en": "...", "fr": "..."},
 *  "contests": {"&lt;contest id&gt;": {"title": {"en": "...", "fr": "..."},
 *                                "options": {"&lt;selection id&gt;": {"en": "...", "fr": "..."}}}}}
 * </pre>
 *
 * <p>Every label map has exactly the listed languages; every label is a non-blank string of at
 * most {@link #MAX_LABEL_LENGTH} characters without control characters. {@link #check} reports
 * every problem of a document at once, each with its JSON path; {@link #parse} reads one (the
 * first problem refuses it); {@link #againstManifest} says where the labels do not name exactly
 * the manifest's contests and options.
 */
public final class EvoteLabelsJson {
  /** The file's name, beside the manifest and in the record's {@code evote/} folder. */
  public static final String FILE = "labels.json";
  /** The longest label, in UTF-16 characters. */
  public static final int MAX_LABEL_LENGTH = 300;
  /** The most languages a file may list. */
  public static final int MAX_LANGUAGES = 20;
  /** The longest contest or option id a file may name. */
  public static final int MAX_ID_LENGTH = 200;
  /** A BCP 47 language tag, simplified: a primary language and an optional region or script. */
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");
  private static final JsonMapper MAPPER = StrictJson.mapper();

  private EvoteLabelsJson() {}

  /**
   * One contest's labels.
   *
   * @param title the contest's title, language → text
   * @param options each option's name, selection id → (language → text)
   */
  public record Contest(Map<String, String> title, Map<String, Map<String, String>> options) {
    public Contest {
      title = copy(Objects.requireNonNull(title, "title"));
      Map<String, Map<String, String>> o = new LinkedHashMap<>();
      Objects.requireNonNull(options, "options").forEach((k, v) -> o.put(k, copy(v)));
      options = Collections.unmodifiableMap(o);
    }
  }

  /**
   * The labels of one election; made only valid (see the class comment), whatever the source.
   *
   * @param languages the languages, in the order a page offers them
   * @param election the election's name, language → text
   * @param contests each contest's labels, by contest id, in the manifest's order
   */
  public record Labels(List<String> languages, Map<String, String> election, Map<String, Contest> contests) {
    public Labels {
      languages = List.copyOf(languages);
      election = copy(election);
      contests = Collections.unmodifiableMap(new LinkedHashMap<>(contests));
      List<RecordProblem> problems = new ArrayList<>();
      new Walk("labels", problems).labels(write(languages, election, contests));
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(problems.get(0).jsonPath() + ": " + problems.get(0).message());
      }
    }

    /** The label in {@code language} of the contest's option, or null when there is none. */
    public String option(String contestId, String selectionId, String language) {
      Contest c = contests.get(contestId);
      Map<String, String> o = c == null ? null : c.options().get(selectionId);
      return o == null ? null : o.get(language);
    }
  }

  private static Map<String, String> copy(Map<String, String> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** Every problem of the document, in document order; empty when {@link #parse} accepts it. */
  public static List<RecordProblem> check(byte[] json, String source) {
    Objects.requireNonNull(json, "json");
    String src = source == null ? "(bytes)" : source;
    Parsed<JsonNode> tree = JsonIn.readTree(json, src);
    return tree.isOk() ? check(tree.value(), src) : List.of(tree.problem());
  }

  /** {@link #check(byte[], String)} of a document already parsed (a member of an election definition). */
  public static List<RecordProblem> check(JsonNode tree, String source) {
    List<RecordProblem> problems = new ArrayList<>();
    new Walk(source == null ? "(bytes)" : source, problems).labels(tree);
    return problems;
  }

  /** Reads the file; its first problem, if any, refuses it. */
  public static Parsed<Labels> parse(byte[] json, String source) {
    String src = source == null ? "(bytes)" : source;
    List<RecordProblem> problems = check(json, src);
    if (!problems.isEmpty()) {
      return Parsed.invalid(problems.get(0));
    }
    try {
      return parse(MAPPER.readTree(json), src);
    } catch (IOException e) {
      return Parsed.invalid(new RecordProblem(src, "$", "cannot be read: " + e.getMessage()));
    }
  }

  /** Reads a document already parsed; its first problem, if any, refuses it. */
  public static Parsed<Labels> parse(JsonNode tree, String source) {
    String src = source == null ? "(bytes)" : source;
    List<RecordProblem> problems = check(tree, src);
    if (!problems.isEmpty()) {
      return Parsed.invalid(problems.get(0));
    }
    List<String> languages = new ArrayList<>();
    tree.get("languages").forEach(l -> languages.add(l.textValue()));
    Map<String, Contest> contests = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> c : tree.get("contests").properties()) {
      Map<String, Map<String, String>> options = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> o : c.getValue().get("options").properties()) {
        options.put(o.getKey(), strings(o.getValue()));
      }
      contests.put(c.getKey(), new Contest(strings(c.getValue().get("title")), options));
    }
    return Parsed.ok(new Labels(languages, strings(tree.get("election")), contests));
  }

  private static Map<String, String> strings(JsonNode o) {
    Map<String, String> m = new LinkedHashMap<>();
    o.properties().forEach(e -> m.put(e.getKey(), e.getValue().textValue()));
    return m;
  }

  /** The file: Jackson's indented layout, in the order of the value's maps. */
  public static byte[] write(Labels labels) {
    return ExtensionJson.indented(write(labels.languages(), labels.election(), labels.contests()));
  }

  private static ObjectNode write(List<String> languages, Map<String, String> election, Map<String, Contest> contests) {
    ObjectNode o = ExtensionJson.object();
    languages.forEach(o.putArray("languages")::add);
    election.forEach(o.putObject("election")::put);
    ObjectNode cs = o.putObject("contests");
    contests.forEach((id, c) -> {
      ObjectNode co = cs.putObject(id);
      c.title().forEach(co.putObject("title")::put);
      ObjectNode opts = co.putObject("options");
      c.options().forEach((sel, names) -> names.forEach(opts.putObject(sel)::put));
    });
    return o;
  }

  /**
   * Where the labels do not name exactly the manifest's contests and options: a contest or option
   * of the manifest without labels, or labels for one the manifest does not have. Empty when they
   * match.
   *
   * @param source the labels' name in the problems
   */
  public static List<RecordProblem> againstManifest(Labels labels, Manifest manifest, String source) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(manifest, "manifest");
    List<RecordProblem> out = new ArrayList<>();
    Set<String> manifestContests = new HashSet<>();
    for (Manifest.Contest c : manifest.contests()) {
      manifestContests.add(c.contestId());
      String at = JsonIn.fieldPath("$.contests", c.contestId());
      Contest l = labels.contests().get(c.contestId());
      if (l == null) {
        out.add(new RecordProblem(source, at, "the manifest's contest '" + JsonIn.clip(c.contestId())
            + "' has no labels; add its title and the names of its options"));
        continue;
      }
      Set<String> manifestOptions = new HashSet<>();
      for (Manifest.Selection s : c.selections()) {
        manifestOptions.add(s.selectionId());
        if (!l.options().containsKey(s.selectionId())) {
          out.add(new RecordProblem(source, JsonIn.fieldPath(at + ".options", s.selectionId()), "the manifest's option '"
              + JsonIn.clip(s.selectionId()) + "' of contest '" + JsonIn.clip(c.contestId()) + "' has no label"));
        }
      }
      for (String sel : l.options().keySet()) {
        if (!manifestOptions.contains(sel)) {
          out.add(new RecordProblem(source, JsonIn.fieldPath(at + ".options", sel), "'" + JsonIn.clip(sel)
              + "' is not an option of contest '" + JsonIn.clip(c.contestId()) + "' in the manifest"));
        }
      }
    }
    for (String id : labels.contests().keySet()) {
      if (!manifestContests.contains(id)) {
        out.add(new RecordProblem(source, JsonIn.fieldPath("$.contests", id), "'" + JsonIn.clip(id)
            + "' is not a contest of the manifest"));
      }
    }
    return out;
  }

  /** The walk over a document that collects every problem with its path. */
  private static final class Walk {
    private final String source;
    private final List<RecordProblem> out;

    Walk(String source, List<RecordProblem> out) {
      this.source = source;
      this.out = out;
    }

    private void problem(String path, String message) {
      out.add(new RecordProblem(source, path, message));
    }

    void labels(JsonNode root) {
      if (root == null || root.isMissingNode()) {
        problem("$", "invalid JSON: the document is empty");
        return;
      }
      if (!root.isObject()) {
        problem("$", "expected an object, got " + JsonIn.describe(root));
        return;
      }
      for (String name : names(root)) {
        if (!List.of("languages", "election", "contests").contains(name)) {
          problem(JsonIn.fieldPath("$", name), "unknown field; a labels file has languages, election and contests");
        }
      }
      List<String> languages = languages(root.get("languages"));
      JsonNode election = root.get("election");
      if (election == null || election.isNull()) {
        problem("$.election", "required field is missing: the election's name in each language");
      } else {
        labelMap(election, "$.election", languages);
      }
      JsonNode contests = root.get("contests");
      if (contests == null || contests.isNull()) {
        problem("$.contests", "required field is missing: each contest's title and option names, by contest id");
      } else if (!contests.isObject()) {
        problem("$.contests", "expected an object (contest id → labels), got " + JsonIn.describe(contests));
      } else {
        for (Map.Entry<String, JsonNode> c : contests.properties()) {
          contest(c.getKey(), c.getValue(), JsonIn.fieldPath("$.contests", c.getKey()), languages);
        }
      }
    }

    /** The languages, or null when they are not usable to check the label maps. */
    private List<String> languages(JsonNode n) {
      if (n == null || n.isNull()) {
        problem("$.languages", "required field is missing: the list of languages, e.g. [\"en\", \"fr\"]");
        return null;
      }
      if (!n.isArray()) {
        problem("$.languages", "expected an array of language codes, got " + JsonIn.describe(n));
        return null;
      }
      if (n.isEmpty()) {
        problem("$.languages", "no language: list at least one, e.g. [\"en\", \"fr\"]");
        return null;
      }
      if (n.size() > MAX_LANGUAGES) {
        problem("$.languages", "more than " + MAX_LANGUAGES + " languages");
        return null;
      }
      List<String> out = new ArrayList<>();
      boolean ok = true;
      for (int i = 0; i < n.size(); i++) {
        JsonNode l = n.get(i);
        String at = "$.languages[" + i + "]";
        if (!l.isTextual() || !LANGUAGE.matcher(l.textValue()).matches()) {
          problem(at, "expected a language code such as \"en\", \"fr\" or \"fr-CA\", got "
              + (l.isTextual() ? "\"" + JsonIn.clip(l.textValue()) + "\"" : JsonIn.describe(l)));
          ok = false;
        } else if (out.contains(l.textValue())) {
          problem(at, "the language \"" + l.textValue() + "\" is listed twice");
          ok = false;
        } else {
          out.add(l.textValue());
        }
      }
      return ok ? out : null;
    }

    private void contest(String id, JsonNode c, String at, List<String> languages) {
      id(id, at, "contest");
      if (!c.isObject()) {
        problem(at, "expected an object with title and options, got " + JsonIn.describe(c));
        return;
      }
      for (String name : names(c)) {
        if (!List.of("title", "options").contains(name)) {
          problem(JsonIn.fieldPath(at, name), "unknown field; a contest's labels have title and options");
        }
      }
      JsonNode title = c.get("title");
      if (title == null || title.isNull()) {
        problem(at + ".title", "required field is missing: the contest's title in each language");
      } else {
        labelMap(title, at + ".title", languages);
      }
      JsonNode options = c.get("options");
      if (options == null || options.isNull()) {
        problem(at + ".options", "required field is missing: each option's name, by selection id");
      } else if (!options.isObject()) {
        problem(at + ".options", "expected an object (selection id → names), got " + JsonIn.describe(options));
      } else {
        for (Map.Entry<String, JsonNode> o : options.properties()) {
          String oat = JsonIn.fieldPath(at + ".options", o.getKey());
          id(o.getKey(), oat, "option");
          labelMap(o.getValue(), oat, languages);
        }
      }
    }

    private void id(String id, String at, String what) {
      if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
        problem(at, "a " + what + " id must have 1 to " + MAX_ID_LENGTH + " characters");
      }
    }

    /** A map language → text with exactly the languages (when they are known). */
    private void labelMap(JsonNode m, String at, List<String> languages) {
      if (!m.isObject()) {
        problem(at, "expected an object (language → text), got " + JsonIn.describe(m));
        return;
      }
      for (Map.Entry<String, JsonNode> e : m.properties()) {
        String lat = JsonIn.fieldPath(at, e.getKey());
        if (languages != null && !languages.contains(e.getKey())) {
          problem(lat, "a label in \"" + JsonIn.clip(e.getKey()) + "\", which $.languages does not list");
        }
        label(e.getValue(), lat);
      }
      if (languages != null) {
        for (String l : languages) {
          if (!m.has(l)) {
            problem(JsonIn.fieldPath(at, l), "the label in \"" + l + "\" is missing");
          }
        }
      }
    }

    private void label(JsonNode v, String at) {
      if (!v.isTextual()) {
        problem(at, "expected a string, got " + JsonIn.describe(v));
        return;
      }
      String s = v.textValue();
      if (s.isBlank()) {
        problem(at, "the label is blank");
      } else if (s.length() > MAX_LABEL_LENGTH) {
        problem(at, "the label has " + s.length() + " characters, more than " + MAX_LABEL_LENGTH);
      } else if (s.chars().anyMatch(Character::isISOControl)) {
        problem(at, "the label holds a control character (a line break or tab, say)");
      }
    }

    private static List<String> names(JsonNode o) {
      List<String> n = new ArrayList<>();
      o.fieldNames().forEachRemaining(n::add);
      return n;
    }
  }
}

package org.evote.crypto.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.testing.Workloads;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("labels.json, the labels in several languages")
class EvoteLabelsJsonTest {
  private static final String GOOD = """
      {"languages": ["en", "fr"],
       "election": {"en": "Town referendum", "fr": "Référendum communal"},
       "contests": {"referendum": {"title": {"en": "The proposal", "fr": "La proposition"},
                                   "options": {"referendum-yes": {"en": "Yes", "fr": "Oui"},
                                               "referendum-no": {"en": "No", "fr": "Non"}}}}}
      """;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> problems(String json) {
    return EvoteLabelsJson.check(utf8(json), "labels.json").stream().map(RecordProblem::toString).toList();
  }

  @Nested
  @DisplayName("a good file")
  class Good {
    @Test
    @DisplayName("is read with its languages, names and order, and written back to the same value")
    void roundTrip() {
      EvoteLabelsJson.Labels l = EvoteLabelsJson.parse(utf8(GOOD), "labels.json").orElseThrow();
      assertThat(l.languages()).containsExactly("en", "fr");
      assertThat(l.election()).containsEntry("fr", "Référendum communal");
      assertThat(l.contests().get("referendum").options().keySet()).containsExactly("referendum-yes", "referendum-no");
      assertThat(l.option("referendum", "referendum-no", "fr")).isEqualTo("Non");
      assertThat(l.option("referendum", "nothing", "fr")).isNull();
      assertThat(EvoteLabelsJson.parse(EvoteLabelsJson.write(l), "again").orElseThrow()).isEqualTo(l);
      assertThat(EvoteLabelsJson.check(utf8(GOOD), "labels.json")).isEmpty();
    }
  }

  @Nested
  @DisplayName("a bad file")
  class Bad {
    @Test
    @DisplayName("has every problem reported at once, each at its JSON path")
    void everyProblem() {
      assertThat(problems("""
          {"languages": ["en", "fr"],
           "election": {"en": "  ", "de": "Wahl"},
           "contests": {"c1": {"title": {"en": "T", "fr": 3},
                               "options": {"o1": {"en": "One"}, "o2": {"en": "Two", "fr": "Deux\\nlignes"}}},
                        "c2": {"title": {"en": "T", "fr": "T"}}},
           "extra": 1}
          """)).containsExactly(
          "labels.json: $.extra: unknown field; a labels file has languages, election and contests",
          "labels.json: $.election.en: the label is blank",
          "labels.json: $.election.de: a label in \"de\", which $.languages does not list",
          "labels.json: $.election.fr: the label in \"fr\" is missing",
          "labels.json: $.contests.c1.title.fr: expected a string, got the integer 3",
          "labels.json: $.contests.c1.options.o1.fr: the label in \"fr\" is missing",
          "labels.json: $.contests.c1.options.o2.fr: the label holds a control character (a line break or tab, say)",
          "labels.json: $.contests.c2.options: required field is missing: each option's name, by selection id");
    }

    @Test
    @DisplayName("must list at least one language, each a language code, none twice")
    void languages() {
      assertThat(problems("{\"languages\": [], \"election\": {}, \"contests\": {}}"))
          .containsExactly("labels.json: $.languages: no language: list at least one, e.g. [\"en\", \"fr\"]");
      assertThat(problems("{\"languages\": [\"en\", \"English\", \"en\"], \"election\": {\"en\": \"E\"}, \"contests\": {}}"))
          .containsExactly(
              "labels.json: $.languages[1]: expected a language code such as \"en\", \"fr\" or \"fr-CA\", got \"English\"",
              "labels.json: $.languages[2]: the language \"en\" is listed twice");
      assertThat(problems("{\"election\": {\"en\": \"E\"}, \"contests\": {}}"))
          .containsExactly("labels.json: $.languages: required field is missing: the list of languages, e.g. [\"en\", \"fr\"]");
    }

    @Test
    @DisplayName("may not hold a label longer than the bound")
    void bounded() {
      String longName = "x".repeat(EvoteLabelsJson.MAX_LABEL_LENGTH + 1);
      assertThat(problems("{\"languages\": [\"en\"], \"election\": {\"en\": \"" + longName + "\"}, \"contests\": {}}"))
          .containsExactly("labels.json: $.election.en: the label has 301 characters, more than 300");
    }

    @Test
    @DisplayName("is read with the strict configuration: a repeated member refuses it")
    void strict() {
      assertThat(EvoteLabelsJson.parse(utf8("{\"languages\": [\"en\"], \"languages\": [\"fr\"]}"), "labels.json")
          .problem().message()).startsWith("invalid JSON: Duplicate field 'languages'");
      assertThat(EvoteLabelsJson.parse(utf8("[]"), "labels.json").problem())
          .hasToString("labels.json: $: expected an object, got an array");
    }

    @Test
    @DisplayName("cannot be made in code either")
    void constructor() {
      assertThatThrownBy(() -> new EvoteLabelsJson.Labels(List.of("en", "fr"), Map.of("en", "E"), Map.of()))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("$.election.fr: the label in \"fr\" is missing");
      assertThatThrownBy(() -> new EvoteLabelsJson.Labels(List.of(), Map.of(), Map.of()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$.languages: no language");
    }
  }

  @Nested
  @DisplayName("against the manifest")
  class AgainstManifest {
    private final Manifest w1 = Workloads.w1();

    private EvoteLabelsJson.Labels labelsOf(Manifest m) {
      Map<String, EvoteLabelsJson.Contest> contests = new java.util.LinkedHashMap<>();
      for (Manifest.Contest c : m.contests()) {
        Map<String, Map<String, String>> opts = new java.util.LinkedHashMap<>();
        c.selections().forEach(s -> opts.put(s.selectionId(), Map.of("en", s.selectionId())));
        contests.put(c.contestId(), new EvoteLabelsJson.Contest(Map.of("en", c.name()), opts));
      }
      return new EvoteLabelsJson.Labels(List.of("en"), Map.of("en", "W1"), contests);
    }

    @Test
    @DisplayName("labels that name exactly its contests and options match")
    void exact() {
      assertThat(EvoteLabelsJson.againstManifest(labelsOf(w1), w1, "labels.json")).isEmpty();
    }

    @Test
    @DisplayName("a missing option, an extra option and an extra contest are each named")
    void mismatch() {
      EvoteLabelsJson.Labels good = labelsOf(w1);
      Manifest.Contest c = w1.contests().get(0);
      Map<String, Map<String, String>> opts = new java.util.LinkedHashMap<>(good.contests().get(c.contestId()).options());
      String dropped = c.selections().get(0).selectionId();
      opts.remove(dropped);
      opts.put("write-in", Map.of("en", "Someone else"));
      Map<String, EvoteLabelsJson.Contest> contests = new java.util.LinkedHashMap<>(good.contests());
      contests.put(c.contestId(), new EvoteLabelsJson.Contest(Map.of("en", "T"), opts));
      contests.put("mayor", new EvoteLabelsJson.Contest(Map.of("en", "Mayor"), Map.of()));
      List<String> found = EvoteLabelsJson.againstManifest(new EvoteLabelsJson.Labels(List.of("en"), Map.of("en", "W1"),
          contests), w1, "labels.json").stream().map(RecordProblem::toString).toList();
      assertThat(found).containsExactly(
          "labels.json: $.contests." + c.contestId() + ".options['" + dropped + "']: the manifest's option '" + dropped
              + "' of contest '" + c.contestId() + "' has no label",
          "labels.json: $.contests." + c.contestId() + ".options['write-in']: 'write-in' is not an option of contest '"
              + c.contestId() + "' in the manifest",
          "labels.json: $.contests.mayor: 'mayor' is not a contest of the manifest");
    }

    @Test
    @DisplayName("a contest of the manifest without labels is named")
    void missingContest() {
      assertThat(EvoteLabelsJson.againstManifest(new EvoteLabelsJson.Labels(List.of("en"), Map.of("en", "W1"), Map.of()),
          w1, "labels.json")).extracting(RecordProblem::message)
          .containsExactly("the manifest's contest '" + w1.contests().get(0).contestId()
              + "' has no labels; add its title and the names of its options");
    }
  }
}

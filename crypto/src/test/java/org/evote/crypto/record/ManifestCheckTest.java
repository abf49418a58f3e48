package org.evote.crypto.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.evote.crypto.election.ManifestValidation;
import org.evote.crypto.testing.Workloads;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** ManifestCheck reports every problem of a manifest at once, each with its JSON path and a fix. */
class ManifestCheckTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode demo() throws Exception {
    return (ObjectNode) JSON.readTree(Workloads.demo().bytes());
  }

  static List<String> paths(List<ManifestCheck.Finding> f) {
    return f.stream().map(ManifestCheck.Finding::path).toList();
  }

  @Nested
  @DisplayName("A valid manifest")
  class Valid {
    @Test
    @DisplayName("has no finding, and parses and validates as the key ceremony and the nodes read it")
    void noFinding() throws Exception {
      byte[] bytes = Workloads.demo().bytes();
      assertThat(ManifestCheck.check(bytes)).isEmpty();
      assertThat(ManifestValidation.validate(RecordCodec.parseManifestJson(bytes, "m").orElseThrow())).isEmpty();
    }

    @Test
    @DisplayName("with a misspelt extra field gets a warning that suggests the right name, and no problem")
    void unknownFieldIsAWarning() throws Exception {
      ObjectNode m = demo();
      m.put("electon_scope_id", "x");
      List<ManifestCheck.Finding> f = ManifestCheck.check(JSON.writeValueAsBytes(m));
      assertThat(f).hasSize(1);
      assertThat(f.get(0).warning()).isTrue();
      assertThat(f.get(0).path()).isEqualTo("$.electon_scope_id");
      assertThat(f.get(0).fix()).isEqualTo("did you mean \"election_scope_id\"?");
    }
  }

  @Nested
  @DisplayName("A manifest of the wrong shape")
  class Shape {
    @Test
    @DisplayName("gets every missing field and every wrong type in one run, each at its path with what to write")
    void everyShapeProblemAtOnce() throws Exception {
      ObjectNode m = demo();
      m.remove("spec_version");
      ((ObjectNode) m.get("contests").get(0)).put("votes_allowed", "one");
      ((ObjectNode) m.get("contests").get(2)).remove("electoral_district_id");
      ((ObjectNode) m.get("contests").get(3).get("ballot_selections").get(1)).put("sequence_order", -2);
      ((ObjectNode) m.get("candidates").get(5)).put("is_write_in", "no");
      ((ObjectNode) m.get("ballot_styles").get(0)).put("geopolitical_unit_ids", "state");
      List<ManifestCheck.Finding> f = ManifestCheck.check(JSON.writeValueAsBytes(m));
      assertThat(paths(f)).containsExactly("$.spec_version", "$.ballot_styles[0].geopolitical_unit_ids",
          "$.contests[0].votes_allowed", "$.contests[2].electoral_district_id",
          "$.contests[3].ballot_selections[1].sequence_order", "$.candidates[5].is_write_in");
      assertThat(f.get(0).toString()).isEqualTo("$.spec_version: missing; add \"spec_version\": \"v2.0.0\"");
      assertThat(f.get(2).toString()).isEqualTo(
          "$.contests[0].votes_allowed: expected a whole number from 0, got the string \"one\"; write a number without quotes, e.g. 1");
      assertThat(f.get(5).problem()).isEqualTo("expected true or false, got the string \"no\"");
    }

    @Test
    @DisplayName("that is not JSON gets the place of the syntax error")
    void notJson() {
      List<ManifestCheck.Finding> f = ManifestCheck.check("{\"contests\": [1, 2,, ]}".getBytes(StandardCharsets.UTF_8));
      assertThat(f).hasSize(1);
      assertThat(f.get(0).problem()).startsWith("the file is not valid JSON");
      assertThat(f.get(0).problem()).contains("line 1");
    }

    @Test
    @DisplayName("that is a JSON list is told to be one object")
    void notAnObject() {
      assertThat(ManifestCheck.check("[]".getBytes(StandardCharsets.UTF_8)).get(0).problem())
          .isEqualTo("the document is not a JSON object");
    }
  }

  @Nested
  @DisplayName("A manifest that breaks egk-ec's rules")
  class Rules {
    @Test
    @DisplayName("gets every broken rule in one run, at the path of the object at fault, with the rule's name")
    void everyRuleAtOnce() throws Exception {
      ObjectNode m = demo();
      ArrayNode contests = (ArrayNode) m.get("contests");
      ((ObjectNode) contests.get(1)).put("object_id", "contest1");                 // B.1
      ((ObjectNode) contests.get(2)).put("sequence_order", 1);                      // B.2
      ((ObjectNode) contests.get(3)).put("electoral_district_id", "nowhere");       // A.3
      ((ObjectNode) contests.get(4)).put("votes_allowed", 2);                       // C.2
      ((ObjectNode) contests.get(5)).put("vote_variation", "ranked");               // C.1
      ((ObjectNode) contests.get(6).get("ballot_selections").get(0)).put("candidate_id", "ghost"); // A.4
      ((ObjectNode) m.get("ballot_styles").get(1)).put("object_id", "referendum");  // A.6
      List<ManifestCheck.Finding> f = ManifestCheck.check(JSON.writeValueAsBytes(m));
      assertThat(f).extracting(x -> x.path() + " " + x.problem().substring(0, x.problem().indexOf(':'))).containsExactly(
          "$.ballot_styles[1].object_id Manifest.A.6",
          "$.contests[1].object_id Manifest.B.1",
          "$.contests[2].sequence_order Manifest.B.2",
          "$.contests[3].electoral_district_id Manifest.A.3",
          "$.contests[4].votes_allowed Manifest.C.2",
          "$.contests[5].vote_variation Manifest.C.1",
          "$.contests[6].ballot_selections[0].candidate_id Manifest.A.4");
      assertThat(f.get(4).fix()).isEqualTo("write 1, or make vote_variation \"n_of_m\"");
      assertThat(f.get(3).fix()).isEqualTo("write one of [state, county]");
      // the same rules as the validation the nodes run, none missed
      List<String> rules = ManifestValidation.validate(RecordCodec.parseManifestJson(JSON.writeValueAsBytes(m), "m").orElseThrow())
          .stream().map(p -> p.substring(0, p.indexOf(':'))).distinct().sorted().toList();
      assertThat(f.stream().map(x -> x.problem().substring(0, x.problem().indexOf(':'))).distinct().sorted().toList())
          .isEqualTo(rules);
    }

    @Test
    @DisplayName("with no contest and a ballot style id holding a path separator gets both")
    void emptyAndBadIds() throws Exception {
      ObjectNode m = demo();
      m.putArray("contests");
      ((ObjectNode) m.get("ballot_styles").get(0)).put("object_id", "a/b");
      List<ManifestCheck.Finding> f = ManifestCheck.check(JSON.writeValueAsBytes(m));
      assertThat(paths(f)).containsExactly("$.ballot_styles[0].object_id", "$.contests");
      assertThat(f.get(0).problem()).isEqualTo("the id contains a path separator '/' at index 1");
      assertThat(f.get(1).problem()).isEqualTo("no contest");
    }
  }
}

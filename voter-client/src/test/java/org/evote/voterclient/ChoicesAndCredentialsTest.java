package org.evote.voterclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.evote.crypto.election.Manifest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ChoicesAndCredentialsTest {
  final Manifest manifest = TestElections.mixed();

  @Nested
  @DisplayName("Choices from --choose flags")
  class ChoiceFlags {
    @Test
    @DisplayName("are grouped by contest, options repeated for cumulative votes")
    void parse() throws Exception {
      Choices c = Choices.parse(manifest, "north-ballot",
          List.of("budget=budget-sel-1", "budget=budget-sel-1", "council=council-sel-2"));
      assertThat(c.chosen("budget")).containsExactly("budget-sel-1", "budget-sel-1");
      assertThat(c.chosen("referendum")).isEmpty();
    }

    @Test
    @DisplayName("refuse a flag without '='")
    void noEquals() {
      assertThatThrownBy(() -> Choices.parse(manifest, "north-ballot", List.of("council")))
          .hasMessage("'council' is not a choice; write it as contestId=selectionId.");
    }

    @Test
    @DisplayName("refuse a contest that is not on the voter's style")
    void otherStyle() {
      assertThatThrownBy(() -> Choices.parse(manifest, "county-ballot", List.of("council=council-sel-1")))
          .hasMessage("There is no contest 'council' on your ballot; its contests are [referendum].");
    }

    @Test
    @DisplayName("refuse more votes for an option than its limit")
    void optionLimit() {
      assertThatThrownBy(() -> Choices.parse(manifest, "north-ballot", List.of("budget=budget-sel-1", "budget=budget-sel-1", "budget=budget-sel-1")))
          .hasMessageStartingWith("These choices cannot be cast: over-vote: contest 'budget' selection 'budget-sel-1' has 3 votes, the option limit is 2");
    }

    @Test
    @DisplayName("refuse an unknown ballot style")
    void unknownStyle() {
      assertThatThrownBy(() -> Choices.parse(manifest, "south", List.of()))
          .hasMessage("Your credentials grant ballot style 'south', which this election does not have.");
    }
  }

  @Nested
  @DisplayName("Credentials")
  class CredentialsFiles {
    @Test
    @DisplayName("that are not JSON are named in a sentence")
    void notJson() {
      assertThatThrownBy(() -> Credentials.parse("hello".getBytes(StandardCharsets.UTF_8), "alice.json"))
          .hasMessage("The credentials file alice.json is not valid: it is not JSON.");
    }

    @Test
    @DisplayName("without a token are refused")
    void noToken() {
      String json = "{\"voter_id\":\"a\",\"election_id\":\"" + "0".repeat(64) + "\",\"ballot_style\":\"all\",\"private_key\":\"AA==\"}";
      assertThatThrownBy(() -> Credentials.parse(json.getBytes(StandardCharsets.UTF_8), "a.json"))
          .hasMessage("The credentials file a.json is not valid: it has no 'token'.");
    }

    @Test
    @DisplayName("with a key that is not PKCS#8 are refused, and the sentence shows no key material")
    void badKey() {
      String json = "{\"voter_id\":\"a\",\"election_id\":\"" + "0".repeat(64)
          + "\",\"ballot_style\":\"all\",\"token\":\"x.y.z\",\"private_key\":\"c2VjcmV0LWtleS1ieXRlcw==\"}";
      assertThatThrownBy(() -> Credentials.parse(json.getBytes(StandardCharsets.UTF_8), "a.json"))
          .hasMessage("The credentials file a.json is not valid: private_key is not a base64 PKCS#8 P-256 key.");
    }
  }
}

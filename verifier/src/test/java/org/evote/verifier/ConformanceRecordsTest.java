package org.evote.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.evote.crypto.testing.Conformance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Known answers from outside: egk-ec's two conformance records, as egk-ec wrote them, verify with
 * exit code 0 through the real command line, with every check that applies passing and counting
 * what the records hold (42 ballots: 33 cast, 9 challenged; 20 contests, 41 options; n = k = 3).
 * Each record is verified once per class.
 */
class ConformanceRecordsTest {

  /** What both records must show. */
  abstract static class Checks extends VerifiedOnce {
    private final String group;
    private final String version;

    /** The checks of {@code record}, whose group is {@code group} with protocol version {@code version}. */
    Checks(Path record, String group, String version) {
      super(record);
      this.group = group;
      this.version = version;
    }

    @Test
    @DisplayName("the verdict is VERIFIED with exit code 0 and no unreadable file")
    void verified() {
      assertThat(run().exitCode()).as(run().toString()).isEqualTo(0);
      assertThat(run().report().get("verdict").asText()).isEqualTo("VERIFIED");
      assertThat(run().report().get("unreadable_count").asLong()).isZero();
      assertThat(run().out()).contains("VERDICT: VERIFIED: all 17 applicable checks passed (13 not applicable)");
    }

    @Test
    @DisplayName("every ElectionGuard check that applies passes, with a ✓ line naming its spec number")
    void everyCheckPasses() {
      for (String id : List.of("1", "2", "3", "4", "B.1", "5", "6", "7.A-B", "7.C", "B.2", "B.3", "8", "9", "10",
          "12", "13", "14")) {
        assertThat(run().status(id)).as("check " + id).isEqualTo("PASSED");
        assertThat(run().line(id)).startsWith("✓ " + id + " ");
      }
    }

    @Test
    @DisplayName("chaining, tally contest data, pre-encrypted ballots and extensions are not applicable, with the reason")
    void notApplicable() {
      assertThat(run().line("7.D-G")).startsWith("– 7.D-G").contains("chain_confirmation_codes is false");
      assertThat(run().line("11")).contains("not applicable: tally.json decrypts no contest data");
      for (String id : List.of("15", "16", "17.A-C", "17.D", "18")) {
        assertThat(run().line(id)).startsWith("– " + id).contains("not applicable: no pre-encrypted ballots");
      }
      for (String id : List.of("E.1", "E.2", "E.3", "E.4", "E.5", "E.6")) {
        assertThat(run().line(id)).startsWith("– " + id).contains("not applicable: no extension files");
      }
    }

    @Test
    @DisplayName("the counts are the record's: 42 ballots, 9 guardian proofs, 41 options, 9 challenged decryptions")
    void counts() {
      assertThat(run().out()).contains("42 encrypted (33 cast, 9 challenged, 0 unknown) in 1 device folder; 9 decrypted");
      assertThat(run().check("2").get("checked").asLong()).isEqualTo(9);
      assertThat(run().check("B.1").get("checked").asLong()).isEqualTo(42);
      assertThat(run().check("B.2").get("checked").asLong()).isEqualTo(42);
      assertThat(run().check("7.C").get("checked").asLong()).isEqualTo(42);
      assertThat(run().check("8").get("checked").asLong()).isEqualTo(41);
      assertThat(run().check("9").get("checked").asLong()).isEqualTo(41);
      assertThat(run().check("10").get("checked").asLong()).isEqualTo(41);
      assertThat(run().line("8")).contains("41 options over the 33 CAST ballots; cast_ballot_ids is exactly those ballots");
      assertThat(run().line("12")).contains("9 decrypted challenged ballots of 9 CHALLENGED ballots");
      long selections = run().check("5").get("checked").asLong();
      assertThat(run().check("B.3").get("checked").asLong()).isEqualTo(2 * selections);
      assertThat(run().check("12").get("checked").asLong()).isEqualTo(run().check("13").get("checked").asLong());
    }

    @Test
    @DisplayName("the group and its protocol version are the record's (P-256 v2.1.0, Integer4096 v2.0.0), with the standard constants")
    void group() {
      assertThat(run().report().get("group").asText()).isEqualTo(group);
      assertThat(run().line("1")).contains(group + " " + version + " standard constants");
    }

    @Test
    @DisplayName("the JSON report has the same checks as the text, in the same order")
    void jsonMatchesText() {
      var checks = run().report().get("checks");
      assertThat(checks).hasSize(30);
      for (var c : checks) {
        String mark = switch (c.get("status").asText()) {
          case "PASSED" -> "✓";
          case "FAILED" -> "✗";
          default -> "–";
        };
        assertThat(run().line(c.get("id").asText())).startsWith(mark + " " + c.get("id").asText())
            .contains(c.get("name").asText());
      }
      assertThat(run().report().get("verdict_line").asText()).isEqualTo(
          run().out().lines().filter(l -> l.startsWith("VERDICT:")).findFirst().orElseThrow());
    }
  }

  @Nested
  @DisplayName("the P-256 record allAvailableEc")
  class P256 extends Checks {
    P256() {
      super(Conformance.record(Conformance.EC), "P-256", "v2.1.0");
    }
  }

  @Nested
  @DisplayName("the Integer4096 record allAvailable")
  class Integer4096 extends Checks {
    Integer4096() {
      super(Conformance.record(Conformance.INTEGER), "Integer4096", "v2.0.0");
    }
  }
}

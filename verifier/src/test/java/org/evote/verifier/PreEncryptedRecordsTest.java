package org.evote.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.evote.crypto.testing.Conformance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Known answers from outside: egk-ec's two records with pre-encrypted ballots ({@code
 * conformance/egk-ec-preencrypted}), as egk-ec wrote them, through the real command line. Each
 * has 20 pre-encrypted ballots (18 cast, 2 challenged), 60 contests, 80 selected vectors.
 *
 * <ul>
 *   <li>Integer4096, which egk-ec's own verifier accepts, verifies with 15 to 18 passing.
 *   <li>P-256, which egk-ec's verifier rejects at its 7.A on all 60 contests, verifies too: by
 *       §4.5 a pre-encrypted ballot's contest hashes and confirmation code are those of eq. 94
 *       and 95 (17.A-C), which are right; the {@code contest_hash} egk-ec's Recorder writes (eq. 57
 *       keyed with hash_to_field(H_E) instead of H_E) is a value no step of the spec checks. The
 *       report says so, naming the number of contests and the first one.
 * </ul>
 */
class PreEncryptedRecordsTest {
  static final List<String> ALL = List.of("1", "2", "3", "4", "B.1", "5", "6", "7.A-B", "7.C", "B.2", "B.3", "8", "9",
      "10", "12", "13", "14", "15", "16", "17.A-C", "17.D", "18");

  abstract static class Checks extends VerifiedOnce {
    Checks(Path record) {
      super(record);
    }

    @Test
    @DisplayName("the verdict is VERIFIED with exit code 0, every applicable check passing, 15 to 18 included")
    void verified() {
      assertThat(run().exitCode()).as(run().toString()).isEqualTo(0);
      assertThat(run().report().get("unreadable_count").asLong()).isZero();
      for (String id : ALL) {
        assertThat(run().status(id)).as("check " + id).isEqualTo("PASSED");
        assertThat(run().line(id)).startsWith("✓ " + id + " ");
      }
      assertThat(run().out()).contains("VERDICT: VERIFIED: all 22 applicable checks passed (8 not applicable)");
    }

    @Test
    @DisplayName("15 to 18 count what the record holds: 190 selections, 60 contests, 80 selected vectors, 20 codes")
    void counts() {
      assertThat(run().out()).contains("20 encrypted (18 cast, 2 challenged, 0 unknown)");
      assertThat(run().check("15").get("checked").asLong()).isEqualTo(190);
      assertThat(run().check("16").get("checked").asLong()).isEqualTo(60);
      assertThat(run().check("17.A-C").get("checked").asLong()).isEqualTo(80 + 60 + 20);
      assertThat(run().check("17.D").get("checked").asLong()).isEqualTo(20);
      assertThat(run().check("18").get("checked").asLong()).isEqualTo(80);
      assertThat(run().line("17.A-C")).contains("80 selection hashes of selected vectors (17.A, eq. 92, 93),"
          + " 60 contest hashes (17.B, eq. 94) and 20 confirmation codes (17.C, eq. 95) recomputed");
      assertThat(run().check("5").get("checked").asLong()).isZero();
      assertThat(run().line("7.A-B")).contains("not applied to the 60 contests of the 20 pre-encrypted ballots,"
          + " whose contest hashes and codes are eq. 94 and 95 (§4.5; checked by 17.A-C)");
    }
  }

  @Nested
  @DisplayName("the Integer4096 record, which egk-ec's verifier accepts")
  class Integer4096 extends Checks {
    Integer4096() {
      super(Conformance.preEncryptedRecord("Integer4096"));
    }

    @Test
    @DisplayName("egk-ec's contest_hash is eq. 57 under H_E in every contest (H_E < q), so the report has nothing to say of it")
    void eq57Agrees() {
      assertThat(run().line("7.A-B")).doesNotContain("egk-ec's contest_hash");
    }
  }

  @Nested
  @DisplayName("the P-256 record, which egk-ec's verifier rejects at its 7.A")
  class P256 extends Checks {
    P256() {
      super(Conformance.preEncryptedRecord("P-256"));
    }

    @Test
    @DisplayName("the report names the 60 contests whose egk-ec contest_hash is not eq. 57, and why that is no failure")
    void eq57Differs() {
      assertThat(run().line("7.A-B")).contains("Their egk-ec contest_hash, which §4 does not define, is not eq. 57 under"
          + " H_E in 60 of them (first: ballot pre-a-01 contest mayor); egk-ec's verifier would fail its 7.A there,"
          + " this one does not, since no step of the spec checks that value");
    }
  }
}

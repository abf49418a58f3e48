package org.evote.crypto.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The verifier's JSON report, as the published results carry it")
class VerifierReportJsonTest {
  private static final String REPORT = """
      {"record": "/r", "group": "P-256", "verdict": "VERIFIED", "exit_code": 0, "verdict_line": "VERIFIED: all 2 passed",
       "elapsed_ms": 12, "summary": {"encrypted_ballots": 4, "cast": 4, "challenged": 0, "unknown": 0, "device_folders": 1,
       "decrypted_challenged_ballots": 0},
       "checks": [{"id": "9", "name": "Correctness of tally decryptions", "status": "PASSED", "detail": "4 proofs",
                   "checked": 4, "failure_count": 0, "failures": []},
                  {"id": "E.6", "name": "Labels", "status": "NOT_APPLICABLE", "detail": "none", "checked": 0,
                   "failure_count": 0, "failures": []}],
       "unreadable_count": 0, "unreadable": []}
      """;

  private static Parsed<VerifierReportJson.Report> parse(String s) {
    return VerifierReportJson.parse(s.getBytes(StandardCharsets.UTF_8), "report.json");
  }

  @Test
  @DisplayName("a report is read with its verdict and each check's number, outcome and detail")
  void read() {
    VerifierReportJson.Report r = parse(REPORT).orElseThrow();
    assertThat(r.verdict()).isEqualTo("VERIFIED");
    assertThat(r.checks()).extracting(VerifierReportJson.Check::id).containsExactly("9", "E.6");
    assertThat(r.checks().get(0).checked()).isEqualTo(4);
    assertThat(r.checks().get(1).status()).isEqualTo("NOT_APPLICABLE");
  }

  @Nested
  @DisplayName("a report is refused")
  class Refused {
    @Test
    @DisplayName("with a verdict the verifier does not give")
    void verdict() {
      assertThat(parse(REPORT.replace("\"verdict\": \"VERIFIED\"", "\"verdict\": \"FINE\"")).problem())
          .hasToString("report.json: $.verdict: expected VERIFIED, FAILED or UNREADABLE, got \"FINE\"");
    }

    @Test
    @DisplayName("with a check outcome the verifier does not give")
    void status() {
      assertThat(parse(REPORT.replace("\"status\": \"PASSED\"", "\"status\": \"OK\"")).problem())
          .hasToString("report.json: $.checks[0].status: expected PASSED, FAILED or NOT_APPLICABLE, got \"OK\"");
    }

    @Test
    @DisplayName("with a member the verifier does not write, or without one it writes")
    void members() {
      assertThat(parse(REPORT.replace("\"group\": \"P-256\",", "\"group\": \"P-256\", \"note\": 1,")).problem())
          .hasToString("report.json: $.note: unknown field");
      assertThat(parse(REPORT.replace("\"exit_code\": 0,", "")).problem())
          .hasToString("report.json: $.exit_code: required field is missing");
    }
  }
}

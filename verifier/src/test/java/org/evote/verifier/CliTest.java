package org.evote.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.evote.crypto.testing.Conformance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line itself: the "verify" command name, usage errors and their exit code 2, and the JSON file. */
class CliTest {
  @TempDir
  Path temp;

  @Test
  @DisplayName("without a command it prints the usage and exits 2")
  void noCommand() {
    Cli.Run run = Cli.run();
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Usage: evote", "verify");
  }

  @Test
  @DisplayName("an unknown command exits 2")
  void unknownCommand() {
    Cli.Run run = Cli.run("verfiy", "x");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unmatched argument");
  }

  @Test
  @DisplayName("verify --help lists the options and the exit codes, and exits 0")
  void help() {
    Cli.Run run = Cli.run("verify", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--json=FILE", "--threads=N", "--[no-]progress", "--max-failures=N",
        "0   every applicable check passed", "1   at least one check failed");
  }

  @Test
  @DisplayName("--threads 0 is a usage error")
  void zeroThreads() {
    Cli.Run run = Cli.run("verify", temp.toString(), "--threads", "0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--threads must be at least 1, got 0");
  }

  @Test
  @DisplayName("a record folder that does not exist exits 2 with the reason")
  void noFolder() {
    Cli.Run run = Cli.run("verify", temp.resolve("nowhere").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("cannot read the election record: " + temp.resolve("nowhere") + " is not a folder");
  }

  @Test
  @DisplayName("an empty folder is unreadable: constants.json is missing")
  void emptyFolder() {
    Cli.Run run = Cli.run("verify", temp.toString(), "--no-progress");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("does not look like an election record",
        "cannot read the election record: constants.json: $: file is missing");
    assertThat(run.out()).contains("VERDICT: CANNOT VERIFY");
  }

  @Test
  @DisplayName("an unknown group is unreadable, naming the field")
  void unknownGroup() throws Exception {
    Files.writeString(temp.resolve("constants.json"), "{\"name\": \"Curve25519\", \"type\": \"EllipticCurve\"}");
    Cli.Run run = Cli.run("verify", temp.toString(), "--no-progress");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("constants.json: $.name: unknown group \"Curve25519\"; this verifier knows [P-256, Integer4096]");
  }

  @Test
  @DisplayName("--json writes the report, creating its folder; a JSON path that cannot be written exits 2")
  void jsonFile() throws Exception {
    Path json = temp.resolve("out/report.json");
    Cli.Run run = Cli.run("verify", Conformance.record(Conformance.EC).toString(), "--no-progress", "--json", json.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(Files.readString(json)).contains("\"verdict\" : \"VERIFIED\"", "\"exit_code\" : 0");
    Files.createDirectories(temp.resolve("taken"));
    Cli.Run bad = Cli.run("verify", Conformance.record(Conformance.EC).toString(), "--no-progress", "--json", temp.resolve("taken").toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("cannot write the JSON report to " + temp.resolve("taken"));
  }
}

package org.evote.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDataCommandTest {
  @TempDir Path dir;

  @Test
  @DisplayName("writes a record, the trustees' files and the expected tally, and refuses to overwrite it")
  void generates() {
    Path out = dir.resolve("w1");
    assertThat(TestDataCommand.run(new String[] {"--out", out.toString(), "--ballots", "6", "--no-progress"})).isZero();
    assertThat(out.resolve("private_data/trustees/decryptingTrustee-guardian1.json")).isRegularFile();
    assertThat(out.resolve("private_data/expected_tally.json")).isRegularFile();
    assertThat(Files.isDirectory(out.resolve("encrypted_ballots"))).isTrue();
    assertThat(TestDataCommand.run(new String[] {"--out", out.toString(), "--ballots", "6", "--no-progress"})).isEqualTo(1);
  }

  @Test
  @DisplayName("refuses an unknown workload with exit code 2")
  void badWorkload() {
    assertThat(TestDataCommand.run(new String[] {"--out", dir.resolve("x").toString(), "--workload", "W9"})).isEqualTo(2);
  }
}

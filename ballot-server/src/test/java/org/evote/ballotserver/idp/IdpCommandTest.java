package org.evote.ballotserver.idp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The development identity provider's files hold private keys: only their owner may read them. */
class IdpCommandTest {
  @TempDir Path dir;

  @Test
  @DisplayName("idp keygen and idp issue write the provider's key and every voter's credentials readable by their owner only (0600)")
  void privateFilesAreOwnerOnly() throws Exception {
    Path key = dir.resolve("idp.key");
    assertThat(new CommandLine(new IdpCommand()).execute("keygen", "--key", key.toString())).isZero();
    Path roll = dir.resolve("roll.csv");
    Files.writeString(roll, "voter_id,ballot_style\nalice,district-1\nbob,district-2\n");
    Path manifest = dir.resolve("manifest.json");
    assertThat(org.evote.ballotserver.office.ElectionCommand.execute(new java.io.PrintWriter(new java.io.StringWriter()),
        new java.io.PrintWriter(new java.io.StringWriter()), "new", "--shape", "districts", "--out", manifest.toString())).isZero();
    Path out = dir.resolve("credentials");
    int code = new CommandLine(new IdpCommand()).execute("issue", "--key", key.toString(), "--election", "ab".repeat(32),
        "--roll", roll.toString(), "--manifest", manifest.toString(), "--out", out.toString());
    assertThat(code).isZero();
    for (Path p : new Path[] {key, out.resolve("alice.json"), out.resolve("bob.json")}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo("rw-------");
    }
    assertThat(Files.readString(out.resolve("alice.json"))).contains("\"private_key\"");
    try (var s = Files.list(out)) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("alice.json", "bob.json");
    }
  }
}

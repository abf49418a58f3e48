package org.evote.voterweb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Known-answer tests of the page's JavaScript, run under Node on the very modules the page bundles
 * ({@code src/test/js/known-answers.mjs}), from data no one here produced: the ballots egk-ec
 * encrypted with a fixed primary nonce ({@code ../shared/conformance/egk-ec-kat/P-256}; the page
 * encrypts for P-256 elections only) and RFC 9380 Appendix K.1's expand_message_xmd vectors. The
 * script reports every mismatch; the test asserts there are none.
 */
class JavaScriptKnownAnswerTest {

  @Test
  @DisplayName("the page's encryptor reproduces each of egk-ec's 7 P-256 ballots, field by field")
  void egkEcBallots() throws Exception {
    Result r = run("egk-ec", sharedDir().toString());
    assertThat(r.failures()).isEmpty();
    assertThat(r.checked()).isEqualTo(7);
  }

  @Test
  @DisplayName("the page's expand_message_xmd(SHA-256), under its hash-to-scalar, gives RFC 9380 K.1's ten outputs")
  void rfc9380() throws Exception {
    Result r = run("rfc9380");
    assertThat(r.failures()).isEmpty();
    assertThat(r.checked()).isEqualTo(10);
  }

  private record Result(int checked, List<String> failures) {}

  private static Result run(String... args) throws IOException, InterruptedException {
    Path web = Path.of(System.getProperty("evote.web.dir", "src/main/web")).toAbsolutePath().normalize();
    Path script = web.resolve("../../test/js/known-answers.mjs").normalize();
    List<String> command = new ArrayList<>(List.of("node", script.toString(), web.toString()));
    command.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(command).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("node finished").isTrue();
    assertThat(p.exitValue()).as("node failed: " + err).isZero();
    List<String> lines = new String(out, StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).as("node's output").isNotEmpty();
    assertThat(lines.getFirst()).as("node's first line").startsWith("checked ");
    return new Result(Integer.parseInt(lines.getFirst().substring("checked ".length())), lines.subList(1, lines.size()));
  }

  /**
   * The shared folder: the {@code evote.shared.dir} property (set by the build to {@code
   * ../shared}) or {@code ../shared} above the working directory. Missing data fails the test.
   */
  private static Path sharedDir() {
    String prop = System.getProperty("evote.shared.dir");
    Path dir = prop != null ? Path.of(prop) : Path.of("../../shared");
    Path kat = dir.resolve("conformance/egk-ec-kat/P-256/ballot-1");
    assertThat(Files.isDirectory(kat))
        .as("egk-ec's encryption vectors " + kat.toAbsolutePath().normalize()
            + " are missing; this test needs them and does not skip")
        .isTrue();
    return dir.toAbsolutePath().normalize();
  }
}

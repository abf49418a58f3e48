package org.evote.voterweb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
    NodeScript.Result r = run("egk-ec", sharedDir().toString());
    assertThat(r.failures()).isEmpty();
    assertThat(r.checked()).isEqualTo(7);
  }

  @Test
  @DisplayName("the page's expand_message_xmd(SHA-256), under its hash-to-scalar, gives RFC 9380 K.1's ten outputs")
  void rfc9380() throws Exception {
    NodeScript.Result r = run("rfc9380");
    assertThat(r.failures()).isEmpty();
    assertThat(r.checked()).isEqualTo(10);
  }

  private static NodeScript.Result run(String... args) throws IOException, InterruptedException {
    return NodeScript.run("known-answers.mjs", 120, Arrays.asList(args));
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

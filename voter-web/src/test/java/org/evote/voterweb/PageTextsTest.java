package org.evote.voterweb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The voter page's pure text functions, run under Node on the very modules the page bundles
 * ({@code src/test/js/page-texts.mjs}): the election's labels in the voter's language and their
 * fallbacks, times, the confirmation code's blocks, and a sentence in English and French for every
 * error code the ballot server's sources can send (read here from ballot-server's sources, so that
 * a new code fails this test until the page translates it or names it official-only).
 */
class PageTextsTest {
  /** The ways ballot-server names an error code: Reply.reject, ApiError, TokenVerifier's Result.fail, the failure handler. */
  private static final Pattern CODE = Pattern.compile(
      "(?:reject\\(\\d+, |new ApiError\\(|Result\\.fail\\(|reason = )\"([a-z_]+)\"");

  @Test
  @DisplayName("labels, times, codes and every server error code check out under Node")
  void pageTexts() throws Exception {
    Set<String> codes = serverErrorCodes();
    assertThat(codes).as("the server's error codes, read from its sources").hasSizeGreaterThan(30)
        .contains("unknown_election", "token_forged", "bad_signature");
    NodeScript.Result r = NodeScript.run("page-texts.mjs", 60, List.copyOf(codes));
    assertThat(r.failures()).isEmpty();
    assertThat(r.checked()).isGreaterThan(100 + codes.size());
  }

  /** Every literal error code in ballot-server's main sources ("duplicate_" + what is listed in the page by hand). */
  private static Set<String> serverErrorCodes() throws IOException {
    Path sources = Path.of("..", "ballot-server", "src", "main", "java");
    assertThat(Files.isDirectory(sources)).as(sources.toAbsolutePath() + " is missing").isTrue();
    Set<String> codes = new TreeSet<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
        Matcher m = CODE.matcher(Files.readString(f));
        while (m.find()) {
          if (!m.group(1).endsWith("_")) {
            codes.add(m.group(1));
          }
        }
      }
    }
    return codes;
  }
}

package org.evote.voterweb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WebAssetsTest {
  @Test
  @DisplayName("the built page is in the jar: index, script, worker and style with their content types")
  void bundled() {
    assertThat(WebAssets.names()).contains("index.html", "voter.js", "encrypt-worker.js", "style.css", "site.html", "site.js", "site.css");
    assertThat(WebAssets.index().contentType()).isEqualTo("text/html; charset=utf-8");
    assertThat(WebAssets.get("voter.js").orElseThrow().contentType()).isEqualTo("text/javascript; charset=utf-8");
    assertThat(WebAssets.get("style.css").orElseThrow().contentType()).isEqualTo("text/css; charset=utf-8");
    String html = new String(WebAssets.index().bytes(), StandardCharsets.UTF_8);
    assertThat(html).contains("/web/voter.js").contains("/web/style.css");
  }

  @Test
  @DisplayName("only the built files are found: no paths, no other class-path resources")
  void onlyBuiltFiles() {
    assertThat(WebAssets.get("../WebAssets.class")).isEmpty();
    assertThat(WebAssets.get("/index.html")).isEmpty();
    assertThat(WebAssets.get("assets.txt")).isEmpty();
    assertThat(WebAssets.get("")).isEmpty();
    assertThat(WebAssets.get(null)).isEmpty();
  }

  @Test
  @DisplayName("the page may only load and talk to its own origin")
  void headers() {
    assertThat(WebAssets.SECURITY_HEADERS.get("Content-Security-Policy"))
        .contains("default-src 'none'").contains("script-src 'self'").contains("connect-src 'self'").contains("frame-ancestors 'none'");
    assertThat(WebAssets.SECURITY_HEADERS).containsEntry("X-Content-Type-Options", "nosniff");
  }
}

package org.evote.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code ./evote demo --oidc}: the demo's voters sign in through a real Keycloak (the distribution
 * the demo's build unpacks), each with the command line's device grant approved on Keycloak's own
 * pages, and the election runs to a verified tally. The record names the voters by pseudonym only.
 */
class OidcDemoTest extends DemoRun {
  private static final Pattern PSEUDONYM = Pattern.compile("\"v-[0-9a-f]{32}\"");

  OidcDemoTest() {
    super("--voters", "12", "--revotes", "3", "--challenges", "2", "--in-person", "2", "--seed", "5", "--oidc");
  }

  @Test
  @DisplayName("every voter signs in through Keycloak, votes, and the record verifies with the tally equal to the votes")
  void verified() throws Exception {
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.verifierExit()).as(outcome.verifierReport()).isZero();
    assertThat(outcome.tally()).isEqualTo(outcome.expected());
    assertThat(outcome.submitted()).isEqualTo(12 + 3 + 2);
    assertThat(Files.readString(outcome.record().getParent().resolve("keycloak.log"))).contains("Listening on:");
  }

  @Test
  @DisplayName("the record names the election's provider and its voters by pseudonym, never by their user names")
  void pseudonymsOnly() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(outcome.record())) {
      files = s.filter(Files::isRegularFile).toList();
    }
    boolean provider = false;
    int pseudonyms = 0;
    for (Path f : files) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      assertThat(text).as(f.toString()).doesNotContain("voter000");
      provider |= text.contains("/realms/" + Demo.OIDC_REALM);
      pseudonyms += (int) PSEUDONYM.matcher(text).results().count();
    }
    assertThat(provider).as("the election's sign_in names the demo's realm").isTrue();
    assertThat(pseudonyms).isPositive();
  }

  @Test
  @DisplayName("--oidc without a Keycloak distribution stops at once, naming where it looked")
  void missingKeycloak() {
    Path nowhere = dir.resolve("no-keycloak");
    assertThatThrownBy(() -> Demo.execute("--voters", "2", "--revotes", "0", "--challenges", "0", "--in-person", "0",
        "--dir", dir.resolve("demo-missing").toString(), "--oidc", "--keycloak-home", nowhere.toString()))
        .hasMessageContaining("Keycloak is missing at " + nowhere);
    assertThat(dir.resolve("demo-missing").resolve("node1")).doesNotExist();
  }
}

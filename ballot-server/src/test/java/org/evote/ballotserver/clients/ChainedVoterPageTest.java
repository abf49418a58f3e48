package org.evote.ballotserver.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.evote.crypto.election.ChainDevices;
import org.evote.verifier.CheckResult;
import org.evote.verifier.Report;
import org.evote.verifier.Status;
import org.evote.verifier.Verifier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The voter page itself, in a real headless Chromium, in an election that chains its confirmation
 * codes (spec §3.4.3): a challenge, then a cast, from one page load; the exported record holds the
 * page's device with both ballots in that order, and its chain passes 7.D-7.G.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChainedVoterPageTest {
  @TempDir static Path dir;
  @AutoClose ClientTestNode node;
  @AutoClose Chromium chrome;

  @BeforeAll
  void start() throws Exception {
    node = new ClientTestNode(dir, 1, true);
    chrome = new Chromium(Files.createDirectories(dir.resolve("profile")), "en-US", node.spkiPin(), 900, 1100);
  }

  private String encrypt() {
    chrome.byId("encrypt").sendKeys(Keys.ENTER);
    chrome.waitShown("step-confirm");
    return shownCode();
  }

  /** The confirmation code the page shows (in blocks of four, for reading), as 64 hex digits. */
  private String shownCode() {
    return chrome.byId("code").getText().replaceAll("\\s", "");
  }

  @Test
  @DisplayName("one page load challenges then casts; the record chains both on the page's device, and 7.D-7.G passes")
  void challengeThenCastChained() throws Exception {
    chrome.driver.get(node.url() + "/");
    chrome.byId("credentials-file").sendKeys(node.credentials("alice").toAbsolutePath().toString());
    chrome.byId("load").sendKeys(Keys.ENTER);
    chrome.waitShown("step-ballot");
    chrome.driver.findElement(By.cssSelector("input[name='contest1'][value='contest1-selection2']")).sendKeys(Keys.SPACE);
    String challenged = encrypt();
    chrome.byId("challenge").sendKeys(Keys.ENTER);
    chrome.waitShown("step-challenge");
    assertThat(chrome.byId("challenge-verdict").getAttribute("class")).isEqualTo("ok");
    // "Encrypt again" encrypts the same choices afresh, straight to a new code
    chrome.byId("again").sendKeys(Keys.ENTER);
    new org.openqa.selenium.support.ui.WebDriverWait(chrome.driver, java.time.Duration.ofSeconds(60))
        .until(d -> d.findElement(By.id("step-confirm")).isDisplayed() && !shownCode().equals(challenged) && !shownCode().isBlank());
    String cast = shownCode();
    chrome.byId("cast").sendKeys(Keys.ENTER);
    chrome.waitShown("step-done");
    assertThat(chrome.byId("final-code").getDomAttribute("data-code")).isEqualTo(cast);

    Path record = node.closeAndExport();
    List<Path> devices;
    try (Stream<Path> s = Files.list(record.resolve("encrypted_ballots"))) {
      devices = s.toList();
    }
    assertThat(devices).hasSize(1);
    String device = devices.get(0).getFileName().toString();
    assertThat(device).startsWith("evote-web-" + ChainDevices.voterTag("alice") + "-");
    JsonNode chain = ClientTestNode.JSON.readTree(devices.get(0).resolve("ballot_chain.json").toFile());
    assertThat(chain.get("ballot_ids")).hasSize(2);
    List<String> codes = new java.util.ArrayList<>();
    for (JsonNode id : chain.get("ballot_ids")) {
      codes.add(ClientTestNode.JSON.readTree(devices.get(0).resolve("eballot-" + id.asText() + ".json").toFile())
          .get("confirmation_code").asText());
    }
    assertThat(codes).containsExactly(base64(challenged), base64(cast));

    Report report = new Verifier(Verifier.Options.defaults()).verify(record);
    CheckResult c = report.checks().stream().filter(x -> x.id().equals("7.D-G")).findFirst().orElseThrow();
    assertThat(c.status()).as(c.toString()).isEqualTo(Status.PASSED);
    assertThat(c.detail()).isEqualTo("1 device chain, 2 chained ballots, each closed");
  }

  private static String base64(String hex) {
    return java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(hex));
  }
}

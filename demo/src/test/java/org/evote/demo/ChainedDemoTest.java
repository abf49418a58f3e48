package org.evote.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.evote.crypto.testing.EgkEcVerifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The demo's whole election with chained confirmation codes (ElectionGuard 2.0 §3.4.3,
 * {@code --chain-codes}): each voter's session is a device whose challenged and cast ballots form
 * a chain, a re-vote a new one. The tallied record verifies with ours (7.D-7.G included) and with
 * egk-ec's own verifier, every step.
 */
class ChainedDemoTest extends DemoRun {
  static final ObjectMapper JSON = new ObjectMapper();

  ChainedDemoTest() {
    super("--voters", "24", "--revotes", "5", "--challenges", "4", "--in-person", "2", "--seed", "11", "--chain-codes");
  }

  @Test
  @DisplayName("the chained record verifies with ours, 7.D-7.G passing on every device, and the tally equals the votes")
  void verified() throws Exception {
    assertThat(outcome.verifierExit()).as(outcome.verifierReport()).isZero();
    assertThat(outcome.tally()).isEqualTo(outcome.expected());
    // 24 first sessions (4 of them with a challenged ballot first) and 5 re-vote sessions: 29 chains, 33 ballots.
    assertThat(outcome.verifierReport()).containsPattern("✓ 7\\.D-G .*\\n?.*29 device chains, 33 chained ballots, each closed");
    List<Path> chains;
    try (Stream<Path> s = Files.walk(outcome.record().resolve("encrypted_ballots"))) {
      chains = s.filter(p -> p.getFileName().toString().equals("ballot_chain.json")).toList();
    }
    assertThat(chains).hasSize(29);
    long twoLong = 0;
    for (Path c : chains) {
      JsonNode chain = JSON.readTree(c.toFile());
      assertThat(chain.get("encrypting_device").asText()).isEqualTo(c.getParent().getFileName().toString());
      assertThat(chain.has("closing_hash")).isTrue();
      if (chain.get("ballot_ids").size() == 2) {
        twoLong++;
        String first = chain.get("ballot_ids").get(0).asText();
        assertThat(JSON.readTree(c.resolveSibling("eballot-" + first + ".json").toFile()).get("state").asText())
            .isEqualTo("CHALLENGED");
      }
    }
    assertThat(twoLong).isEqualTo(4);
  }

  @Test
  @DisplayName("egk-ec's own verifier, in its own JVM, accepts the chained record: every step, its chains included")
  void egkEcAcceptsTheChainedRecord() {
    EgkEcVerifier.Run run = EgkEcVerifier.assertVerified(outcome.record());
    assertThat(run.output()).contains("verify 33 EncryptedBallots = true").contains(" 7. verifyConfirmationChain true")
        .contains(" 8. verifyBallotAggregation true").contains("12,13,14. verify 4 ChallengedBallots true");
  }
}

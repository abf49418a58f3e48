package org.evote.ballotserver.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evote.ballotserver.clients.VoterCli.vote;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.evote.ballotserver.OrderedSteps;
import org.evote.ballotserver.clients.VoterCli.Run;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The voter's command line against a real node over TLS: cast, challenge, re-vote, check. */
@OrderedSteps
class VoterCliTest {
  @TempDir static Path dir;
  @AutoClose ClientTestNode node;
  Path alice;
  String firstCode;
  String secondCode;
  String challengedCode;

  @BeforeAll
  void start() throws Exception {
    node = new ClientTestNode(dir);
    alice = node.credentials("alice");
  }

  String[] nodeArgs(String... more) {
    return Stream.concat(Stream.of("--nodes", node.url(), "--trust", node.certificate().toString(), "--out-dir", dir.toString()),
        Arrays.stream(more)).toArray(String[]::new);
  }

  @Test
  @Order(1)
  @DisplayName("casting with --choose stores a verified receipt, and the ballot is recorded")
  void cast() throws Exception {
    Run r = vote("", nodeArgs("--credentials", alice.toString(), "--choose", "contest1=contest1-selection2")).exited(0);
    assertThat(r.out()).contains("Option 2  [contest1-selection2]").contains("Your ballot was cast.")
        .contains("signature verified");
    firstCode = r.codes().get(0);
    Path receipt = dir.resolve("receipt-" + firstCode + ".json");
    assertThat(receipt).exists();
    JsonNode status = node.status(firstCode);
    assertThat(status.get("state").asText()).isEqualTo("recorded");
    assertThat(status.get("final").asBoolean()).isFalse();
  }

  @Test
  @Order(2)
  @DisplayName("--challenge shows the decrypted choice, posts a challenged ballot, then re-votes")
  void challengeThenRevote() throws Exception {
    Run r = vote("", nodeArgs("--credentials", alice.toString(), "--choose", "contest1=contest1-selection3", "--challenge")).exited(0);
    List<String> codes = r.codes();
    assertThat(codes).hasSize(2);
    String challenged = codes.get(0);
    challengedCode = challenged;
    secondCode = codes.get(1);
    assertThat(r.out()).contains("The challenged ballot decrypts to:\n  Contest 1: Option 3  (contest data: normal)")
        .contains("Check passed: re-encrypting these choices with the revealed nonce gives exactly the same ballot.");
    assertThat(node.status(challenged).get("state").asText()).isEqualTo("challenged");
    assertThat(node.status(challenged).get("counted").asBoolean()).isFalse();
    JsonNode record = ClientTestNode.JSON.readTree(dir.resolve("challenged-" + challenged + ".json").toFile());
    assertThat(record.get("ballot_nonce").asText()).matches("[0-9a-f]{64}");
    assertThat(record.get("decrypted_choices").get("contest1").get(0).asText()).isEqualTo("contest1-selection3");
    // while voting is open, neither code says which of the two counts (see checkAfterClose)
    assertThat(node.status(secondCode).get("state").asText()).isEqualTo("recorded");
    assertThat(node.status(firstCode).get("state").asText()).isEqualTo("recorded");
  }

  @Test
  @Order(3)
  @DisplayName("vote verify-challenge checks the saved challenge file (exit 0); another nonce, or other choices than those shown, fail (exit 3)")
  void verifyChallenge() throws Exception {
    Path file = dir.resolve("challenged-" + challengedCode + ".json");
    String[] nodes = {"--nodes", node.url(), "--trust", node.certificate().toString()};
    Run ok = vote("", verifyArgs(file, nodes)).exited(0);
    assertThat(ok.out()).contains("Ballot " + challengedCode + " (election " + node.electionId + ") holds:\n  Contest 1: Option 3\n")
        .contains("The receipt is node node1's signature on this ballot as challenged")
        .contains("Check passed: the revealed nonce opens the ballot");

    com.fasterxml.jackson.databind.node.ObjectNode audit = (com.fasterxml.jackson.databind.node.ObjectNode) ClientTestNode.JSON.readTree(file.toFile());
    Path otherNonce = dir.resolve("other-nonce.json");
    Files.writeString(otherNonce, audit.deepCopy().put("ballot_nonce", "1".repeat(64)).toString());
    Run bad = vote("", verifyArgs(otherNonce, nodes)).exited(3);
    assertThat(bad.err()).contains("the ballot does NOT match what the device showed").contains("α is not g^ξ for the revealed nonce");

    com.fasterxml.jackson.databind.node.ObjectNode lied = audit.deepCopy();
    lied.putObject("decrypted_choices").putArray("contest1").add("contest1-selection1");
    Path otherChoices = dir.resolve("other-choices.json");
    Files.writeString(otherChoices, lied.toString());
    Run shown = vote("", verifyArgs(otherChoices, nodes)).exited(3);
    assertThat(shown.err()).contains("contest contest1: the device showed [contest1-selection1], the ballot holds [contest1-selection3]");

    Run missing = vote("", verifyArgs(dir.resolve("nope.json"), nodes)).exited(2);
    assertThat(missing.err()).contains("does not exist").doesNotContain("Exception");
  }

  private static String[] verifyArgs(Path file, String[] nodes) {
    return Stream.concat(Stream.of("verify-challenge", file.toString()), Arrays.stream(nodes)).toArray(String[]::new);
  }

  @Test
  @Order(3)
  @DisplayName("while voting is open, vote check finds both ballots on the board and says only that they are recorded")
  void check() throws Exception {
    for (String code : List.of(secondCode, firstCode)) {
      Run r = vote("", "check", dir.resolve("receipt-" + code + ".json").toString(),
          "--nodes", node.url(), "--trust", node.certificate().toString()).exited(0);
      assertThat(r.out()).contains("receipt signature verified").contains("It is on the board of node node1 at log position")
          .contains("State: recorded. Voting is still open").doesNotContain("superseded");
    }
  }

  @Test
  @Order(4)
  @DisplayName("interactively: choose by number, challenge, keep the choices, cast")
  void interactive() throws Exception {
    Path bob = node.credentials("bob");
    Run r = vote("9\n4\nchallenge\ny\ncast\n", nodeArgs("--credentials", bob.toString())).exited(0);
    assertThat(r.out()).contains("There is no option 9; choose between 1 and 4.")
        .contains("The challenged ballot decrypts to:\n  Contest 1: Option 4").contains("Your ballot was cast.");
    assertThat(node.status(r.codes().get(1)).get("state").asText()).isEqualTo("recorded");
  }

  @Test
  @Order(5)
  @DisplayName("a tampered receipt fails its signature check")
  void tamperedReceipt() throws Exception {
    Path receipt = dir.resolve("receipt-" + secondCode + ".json");
    String text = Files.readString(receipt).replaceFirst("\"time\" : \"", "\"time\" : \"1");
    Path forged = dir.resolve("forged.json");
    Files.writeString(forged, text);
    Run r = vote("", "check", forged.toString(), "--nodes", node.url(), "--trust", node.certificate().toString()).exited(1);
    assertThat(r.err()).contains("The receipt's signature does not verify with node 'node1''s key").doesNotContain("Exception");
  }

  @Test
  @Order(6)
  @DisplayName("a node that is down is skipped, and an untrusted certificate is a sentence")
  void failover() throws Exception {
    Path carol = node.credentials("carol");
    Run r = vote("", "--nodes", "https://127.0.0.1:1," + node.url(), "--trust", node.certificate().toString(),
        "--out-dir", dir.toString(), "--credentials", carol.toString(), "--choose", "contest1=contest1-selection1").exited(0);
    assertThat(r.err()).contains("The node https://127.0.0.1:1 cannot be reached: the connection was refused. Trying the next node");
    Run untrusted = vote("", "--nodes", node.url(), "--credentials", carol.toString(), "--choose", "contest1=contest1-selection1").exited(1);
    assertThat(untrusted.err()).contains("its TLS certificate is not one you trust").contains("check --trust");
  }

  @Test
  @Order(7)
  @DisplayName("the tally of the exported record counts each voter's last ballot only")
  void tally() throws Exception {
    // alice: 2 then 3 (counts 3); bob: 4; carol: 1
    assertThat(node.exportAndTally()).containsExactlyInAnyOrderEntriesOf(ClientTestNode.w1Tally(1, 0, 1, 1));
  }

  @Test
  @Order(8)
  @DisplayName("after closing, voting is refused with a sentence, and an expired token too")
  void closedAndExpired() throws Exception {
    Path late = node.credentials("dave", Instant.now().minusSeconds(3600));
    Run expired = vote("", nodeArgs("--credentials", late.toString(), "--choose", "contest1=contest1-selection1")).exited(1);
    assertThat(expired.err()).contains("Your identity token expired at");
    assertThat(node.post("/api/elections/" + node.electionId + "/close", "", true).status()).isEqualTo(200);
    Run closed = vote("", nodeArgs("--credentials", node.credentials("erin").toString(), "--choose", "contest1=contest1-selection1")).exited(1);
    assertThat(closed.err()).isEqualTo("evote vote: The election is closed: ballots are no longer accepted.\n");
  }

  @Test
  @Order(9)
  @DisplayName("once voting is closed, vote check says the last ballot counts (exit 0) and the earlier one is superseded (exit 3)")
  void checkAfterClose() throws Exception {
    Run last = vote("", "check", dir.resolve("receipt-" + secondCode + ".json").toString(),
        "--nodes", node.url(), "--trust", node.certificate().toString()).exited(0);
    assertThat(last.out()).contains("State: cast. It is your last ballot, and it is counted.");
    Run first = vote("", "check", dir.resolve("receipt-" + firstCode + ".json").toString(),
        "--nodes", node.url(), "--trust", node.certificate().toString()).exited(3);
    assertThat(first.out()).contains("State: superseded.");
  }
}

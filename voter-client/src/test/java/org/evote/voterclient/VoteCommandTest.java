package org.evote.voterclient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.casting.Receipts;
import org.evote.crypto.testing.Workloads;
import org.evote.crypto.record.ReceiptJson;
import org.evote.voterclient.cli.VoteCommand;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against broken nodes: every failure is one sentence on stderr and a non-zero exit code,
 * never a stack trace, and an unreachable node makes it try the next one.
 */
class VoteCommandTest {
  @TempDir Path dir;
  @AutoClose FakeNode node;
  Workloads.SingleGuardian setup;
  String electionId;
  KeyPair nodeKey;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    node = new FakeNode();
    setup = TestElections.setup(Workloads.w1());
    electionId = setup.initialized().extendedBaseHash().toHex();
    nodeKey = EcKeys.generate();
  }

  /** Credentials whose token is a JWT-shaped string with these claims (the client does not check the IdP signature). */
  Path credentials(long exp) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String token = b64.encodeToString("{\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(("{\"exp\":" + exp + ",\"election\":\"" + electionId + "\",\"sub\":\"alice\"}").getBytes(StandardCharsets.UTF_8))
        + ".c2ln";
    KeyPair voter = EcKeys.generate();
    ObjectNode c = TestElections.JSON.createObjectNode();
    c.put("voter_id", "alice");
    c.put("election_id", electionId);
    c.put("ballot_style", Workloads.STYLE);
    c.put("token", token);
    c.put("private_key", Base64.getEncoder().encodeToString(voter.getPrivate().getEncoded()));
    c.put("public_key", EcKeys.publicKeyBase64(voter.getPublic()));
    Path f = dir.resolve("alice.json");
    Files.write(f, TestElections.JSON.writeValueAsBytes(c));
    return f;
  }

  Path credentials() throws Exception {
    return credentials(Instant.now().getEpochSecond() + 3600);
  }

  String definition(String status) throws Exception {
    ObjectNode d = TestElections.definition(Workloads.w1(), setup, status);
    d.putObject("node_keys").put("fake-node", EcKeys.publicKeyBase64(nodeKey.getPublic()));
    return d.toString();
  }

  Run vote(String input, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = VoteCommand.commandLine(new VoteCommand(new BufferedReader(new StringReader(input)), Clock.systemUTC()));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  Run castW1(String... nodes) throws Exception {
    return vote("", "--nodes", String.join(",", nodes), "--credentials", credentials().toString(),
        "--choose", "contest1=contest1-selection2", "--out-dir", dir.toString());
  }

  static void assertSentence(Run r, String fragment) {
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).contains(fragment).doesNotContain("Exception").doesNotContain("\tat ");
  }

  static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Nested
  @DisplayName("A malformed server response")
  class Malformed {
    @Test
    @DisplayName("an election that is not JSON is reported as a malformed election, and nothing is encrypted")
    void notJson() throws Exception {
      node.on("/api/elections/", r -> FakeNode.Answer.text(200, "<html>garbage"));
      Run r = castW1(node.url());
      assertSentence(r, "The node " + node.url() + " sent a malformed election (the election is not JSON).");
      assertThat(r.out()).doesNotContain("Confirmation code");
    }

    @Test
    @DisplayName("an election with a broken hash is refused as one that does not check out")
    void inconsistent() throws Exception {
      ObjectNode d = (ObjectNode) TestElections.JSON.readTree(definition("OPEN"));
      ((ObjectNode) d.get("election_config")).put("manifest_hash", Base64.getEncoder().encodeToString(new byte[32]));
      node.on("/api/elections/", r -> FakeNode.Answer.json(200, d.toString()));
      assertSentence(castW1(node.url()), "does not check out (manifest_hash does not match the manifest); do not vote with it.");
    }

    @Test
    @DisplayName("an error status with an HTML body is a malformed response")
    void htmlError() throws Exception {
      node.on("/api/elections/", r -> FakeNode.Answer.text(404, "<h1>Not here</h1>"));
      assertSentence(castW1(node.url()), "sent a malformed response (HTTP 404: an error without the API's {\"error\", \"message\"} body).");
    }

    @Test
    @DisplayName("a receipt that is not a receipt is a malformed response")
    void receiptWithoutFields() throws Exception {
      String def = definition("OPEN");
      node.on("/api/elections/", r -> FakeNode.Answer.json(200, def))
          .on("/api/elections/" + electionId + "/ballots", r -> FakeNode.Answer.json(201, "{\"ok\":true}"));
      assertSentence(castW1(node.url()), "sent a malformed response (HTTP 201: the receipt has no 'election_id').");
    }
  }

  @Test
  @DisplayName("a receipt signed by another key than the node's is reported, and no receipt file is written")
  void badReceiptSignature() throws Exception {
    String def = definition("OPEN");
    KeyPair impostor = EcKeys.generate();
    node.on("/api/elections/", r -> FakeNode.Answer.json(200, def))
        .on("/api/elections/" + electionId + "/ballots", r -> {
          try {
            var env = TestElections.JSON.readTree(r.body());
            var ballot = env.get("ballot");
            ObjectNode receipt = TestElections.JSON.createObjectNode();
            receipt.put("election_id", electionId);
            receipt.put("ballot_id", ballot.get("ballot_id").asText());
            receipt.put("confirmation_code", org.evote.crypto.hash.UInt256.of(
                Base64.getDecoder().decode(ballot.get("confirmation_code").asText())).toHex());
            receipt.put("state", ballot.get("state").asText());
            receipt.put("node_id", "fake-node");
            receipt.put("log_position", 0);
            receipt.put("log_hash", "00".repeat(32));
            receipt.put("time", "2025-01-01T00:00:00Z");
            receipt.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(
                EcKeys.sign(impostor.getPrivate(), Receipts.signedBytes(ReceiptJson.parse(receipt.deepCopy().put("signature", ""), "receipt").orElseThrow()))));
            return FakeNode.Answer.json(201, receipt.toString());
          } catch (Exception e) {
            return FakeNode.Answer.json(500, "{}");
          }
        });
    Run r = castW1(node.url());
    assertSentence(r, "The receipt's signature does not verify with node 'fake-node''s key");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("receipt-"));
    }
  }

  @Test
  @DisplayName("an unreachable node is skipped with a notice, and the next node answers")
  void nextNode() throws Exception {
    node.on("/api/elections/", r -> FakeNode.Answer.json(200, "{\"constants\": 1}"));
    String dead = "http://127.0.0.1:" + closedPort();
    Run r = castW1(dead, node.url());
    assertThat(r.err()).contains("The node " + dead + " cannot be reached: the connection was refused. Trying the next node, " + node.url() + ".");
    assertSentence(r, "No node could answer: The node " + dead + " cannot be reached");
    assertThat(r.err()).contains("sent a malformed election");
  }

  @Test
  @DisplayName("no reachable node at all is one sentence")
  void unreachable() throws Exception {
    String dead = "http://127.0.0.1:" + closedPort();
    assertSentence(castW1(dead), "evote vote: The node " + dead + " cannot be reached: the connection was refused.");
  }

  @Test
  @DisplayName("a closed election is refused before the voter chooses anything")
  void closed() throws Exception {
    String def = definition("CLOSED");
    node.on("/api/elections/", r -> FakeNode.Answer.json(200, def));
    assertSentence(castW1(node.url()), "evote vote: The election is closed: ballots are no longer accepted.");
  }

  @Test
  @DisplayName("an expired token is refused before any node is asked")
  void expired() throws Exception {
    Path creds = credentials(Instant.now().getEpochSecond() - 10);
    Run r = vote("", "--nodes", "http://127.0.0.1:" + closedPort(), "--credentials", creds.toString(),
        "--choose", "contest1=contest1-selection2");
    assertSentence(r, "evote vote: Your identity token expired at ");
    assertThat(r.err()).contains("ask your election office for new credentials.").doesNotContain("cannot be reached");
  }

  @Test
  @DisplayName("a server refusal with a reason becomes the voter's sentence")
  void refusal() throws Exception {
    String def = definition("OPEN");
    node.on("/api/elections/", r -> FakeNode.Answer.json(200, def))
        .on("/api/elections/" + electionId + "/ballots", r -> FakeNode.Answer.json(401,
            "{\"error\":\"token_expired\",\"message\":\"the identity token expired at 2025-01-01T00:00:00Z\"}"));
    assertSentence(castW1(node.url()), "Your identity token has expired (the identity token expired at 2025-01-01T00:00:00Z); ask your election office for new credentials.");
  }

  @Test
  @DisplayName("a choice that is not on the ballot names the contest's options")
  void badChoice() throws Exception {
    String def = definition("OPEN");
    node.on("/api/elections/", r -> FakeNode.Answer.json(200, def));
    Run r = vote("", "--nodes", node.url(), "--credentials", credentials().toString(), "--choose", "contest1=nobody");
    assertSentence(r, "Contest 'contest1' has no option 'nobody'; its options are [contest1-selection1, contest1-selection2, contest1-selection3, contest1-selection4].");
  }

  @Test
  @DisplayName("an over-vote is refused before encryption")
  void overVote() throws Exception {
    String def = definition("OPEN");
    node.on("/api/elections/", r -> FakeNode.Answer.json(200, def));
    Run r = vote("", "--nodes", node.url(), "--credentials", credentials().toString(),
        "--choose", "contest1=contest1-selection1", "--choose", "contest1=contest1-selection2");
    assertSentence(r, "These choices cannot be cast: over-vote: contest 'contest1' has 2 votes, the contest limit is 1.");
  }

  @Test
  @DisplayName("a missing credentials file and missing options are plain sentences")
  void usage() throws Exception {
    Run r = vote("", "--nodes", node.url(), "--credentials", dir.resolve("nope.json").toString(), "--choose", "a=b");
    assertSentence(r, "The credentials file " + dir.resolve("nope.json") + " does not exist.");
    Run noNodes = vote("", "--credentials", credentials().toString());
    assertThat(noNodes.exit()).isEqualTo(2);
    assertThat(noNodes.err()).contains("Give the nodes' addresses with --nodes.");
    assertThat(List.of(noNodes.err())).noneMatch(s -> s.contains("Exception"));
  }
}

package org.evote.ballotserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.evote.crypto.election.BallotState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One node serving two elections: its log is one chain, so each election's export holds the
 * node log from its genesis to its signed head (the other election's records included, whole) and the auditor's verifier checks the
 * chain from its genesis and only this election's ballots. The sequence a new user tried: create
 * A, vote, create B, vote in A, export A.
 */
@ExtendWith(ClusterExtension.class)
class TwoElectionsExportTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @DisplayName("create A, vote, create B, vote in B and in A, export each: every export holds the whole chained log and verifies")
  void twoElections(TestElection a, TestCluster c) throws Exception {
    TestElection b = new TestElection();
    c.createAndOpen(a);
    cast(c, a, "alice", "a-alice-1", 1);
    assertThat(c.postAsOfficial(0, "/api/elections", b.definition(), a).status()).isEqualTo(201);
    assertThat(c.postAsOfficial(0, "/api/elections/" + b.id + "/open", "", a).status()).isEqualTo(200);
    cast(c, b, "alice", "b-alice-1", 2);
    JsonNode bobReceipt = cast(c, a, "bob", "a-bob-1", 3);
    cast(c, b, "carol", "b-carol-1", 0);

    long logSize = c.nodes.get(0).log().size();
    for (TestElection e : List.of(a, b)) {
      TestCluster.Response ex = c.postAsOfficial(0, "/api/elections/" + e.id + "/export", "", a);
      assertThat(ex.status()).as(ex.body()).isEqualTo(200);
      JsonNode summary = JSON.readTree(ex.body());
      assertThat(summary.get("ballots").asInt()).isEqualTo(2);
      Path record = Path.of(summary.get("record").asText());
      List<String> lines = Files.readAllLines(record.resolve("evote/logs/node1.jsonl"));
      // the node log up to its signed head, which covers at least this election's last record
      assertThat((long) lines.size()).isLessThanOrEqualTo(logSize).isGreaterThan(lastRecordOf(e.id, c.nodes.get(0).log()));
      byte[] prev = sha256("evote-log".getBytes(StandardCharsets.UTF_8), "node1".getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < lines.size(); i++) {
        JsonNode l = JSON.readTree(lines.get(i));
        assertThat(l.get("position").asLong()).isEqualTo(i);
        assertThat(l.get("previous_hash").asText()).isEqualTo(HexFormat.of().formatHex(prev));
        prev = sha256(prev, l.get("payload").asText().getBytes(StandardCharsets.UTF_8));
        assertThat(l.get("hash").asText()).isEqualTo(HexFormat.of().formatHex(prev));
      }
      JsonNode bobLine = JSON.readTree(lines.get(bobReceipt.get("log_position").asInt()));
      assertThat(bobLine.get("hash").asText()).isEqualTo(bobReceipt.get("log_hash").asText());
      assertVerifies(record);
    }
    // the board of one election shows only its own records, at their positions in the node log
    JsonNode board = JSON.readTree(c.get(0, "/api/elections/" + a.id + "/board?limit=1000").body());
    for (JsonNode en : board.get("entries")) {
      assertThat(en.get("election_id").asText()).isEqualTo(a.id);
    }
    assertThat(board.get("entries")).hasSize(4); // election, open, two ballots
  }

  /** The position of the election's last record in the node's log. */
  private static long lastRecordOf(String electionId, org.evote.ballotserver.log.BallotLog log) throws Exception {
    long last = -1;
    for (var entry : log.read(0, Integer.MAX_VALUE)) {
      if (JSON.readTree(entry.payload()).get("election_id").asText().equals(electionId)) {
        last = entry.position();
      }
    }
    return last;
  }

  private static JsonNode cast(TestCluster c, TestElection e, String voter, String ballotId, int choice) throws Exception {
    TestCluster.Response r = c.post(0, "/api/elections/" + e.id + "/ballots",
        e.envelope(e.ballot(ballotId, choice, BallotState.CAST), e.voter(voter)).toString(), null);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body());
  }

  /** The ElectionGuard part has no tally yet; the ballots and evote's extension checks must pass. */
  static void assertVerifies(Path record) {
    StringWriter out = new StringWriter();
    org.evote.verifier.Main.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "verify", record.toString());
    String report = out.toString();
    for (String check : List.of("5", "6", "7.A-B", "E.1", "E.2", "E.3", "E.4", "E.5", "E.6")) {
      assertThat(report).as(report).containsPattern("(?m)^✓ " + java.util.regex.Pattern.quote(check) + " ");
    }
  }

  static byte[] sha256(byte[] x, byte[] y) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    d.update(x);
    d.update(y);
    return d.digest();
  }
}

package org.evote.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.evote.crypto.testing.EgkEcVerifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The main job, run in CI: a whole election with 60 voters (re-votes, challenges, in-person votes,
 * both ballot styles) through the demo's own code path; egk-ec's own verifier on its record; then
 * ours on copies of the record with each of evote's extension files and ballot states tampered.
 */
class DemoTest extends DemoRun {
  static final ObjectMapper JSON = new ObjectMapper();

  DemoTest() {
    super("--voters", "60", "--revotes", "12", "--challenges", "6", "--in-person", "4", "--seed", "7");
  }

  @Test
  @DisplayName("the demo's record verifies, its tally equals the plaintext votes, and it exits 0")
  void verifiedAndCorrect() {
    assertThat(outcome.verifierExit()).as(outcome.verifierReport()).isZero();
    assertThat(outcome.verifierReport()).contains("VERDICT: VERIFIED")
        .containsPattern("(?m)^✓ E\\.6 .*13 contests and their options labelled in \\[en, fr\\]");
    assertThat(outcome.tally()).isEqualTo(outcome.expected());
    assertThat(outcome.exitCode()).isZero();
    int referendum = outcome.tally().get("contest1").values().stream().mapToInt(Integer::intValue).sum();
    assertThat(referendum).isBetween(35, 56); // 56 counted voters, about one in five leaves the referendum blank
  }

  @Test
  @DisplayName("the policy outcome counts 12 superseded, 6 challenged and 4 overridden ballots")
  void policyCounts() throws Exception {
    JsonNode p = JSON.readTree(outcome.record().resolve("evote/policy.json").toFile());
    assertThat(p.get("superseded").size()).isEqualTo(outcome.superseded()).isEqualTo(12);
    assertThat(p.get("challenged").size()).isEqualTo(outcome.challenged()).isEqualTo(6);
    assertThat(p.get("overridden").size()).isEqualTo(outcome.overridden()).isEqualTo(4);
    assertThat(p.get("counted").size()).isEqualTo(56);
    assertThat(outcome.submitted()).isEqualTo(78);
  }

  @Test
  @DisplayName("egk-ec's own verifier, in its own JVM, accepts the demo's record: every step, aggregation included")
  void egkEcAcceptsTheRecord() throws Exception {
    // The record holds what makes the check worth running: both styles, and ballots of every state.
    java.util.Map<String, Integer> states = new java.util.TreeMap<>();
    java.util.Set<String> styles = new java.util.TreeSet<>();
    try (Stream<Path> s = Files.walk(outcome.record().resolve("encrypted_ballots"))) {
      for (Path f : s.filter(f -> f.getFileName().toString().startsWith("eballot-")).toList()) {
        JsonNode b = JSON.readTree(f.toFile());
        states.merge(b.get("state").asText(), 1, Integer::sum);
        styles.add(b.get("ballot_style_id").asText());
      }
    }
    assertThat(states).isEqualTo(java.util.Map.of("CAST", 56, "CHALLENGED", 6, "UNKNOWN", 16));
    assertThat(styles).containsExactly("general", "referendum");

    EgkEcVerifier.Run run = EgkEcVerifier.assertVerified(outcome.record());
    assertThat(run.output()).contains("verify 78 EncryptedBallots = true").contains(" 8. verifyBallotAggregation true")
        .contains("12,13,14. verify 6 ChallengedBallots true");
    System.out.println("egk-ec verified the demo's record in " + run.took().toMillis() + " ms");
  }

  @Test
  @DisplayName("the officials' tally CLI aggregates exactly what evote/policy.json counts, as the demo did")
  void tallyCliUsesThePolicy() throws Exception {
    Path out = dir.resolve("cli-aggregate");
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = org.evote.tally.cli.Main.run(new String[] {"tally", "aggregate", "--record", outcome.record().toString(),
        "--out", out.toString(), "--tally-id", "demo-tally", "--no-progress"}, new PrintWriter(o), new PrintWriter(e));
    assertThat(code).as(o + "\n" + e).isZero();
    assertThat(JSON.readTree(out.resolve("encrypted_tally.json").toFile()))
        .isEqualTo(JSON.readTree(outcome.record().resolve("encrypted_tally.json").toFile()));
  }

  @Nested
  @DisplayName("a tampered copy of the record")
  class Tampered {
    Path copy(String name) throws Exception {
      Path to = dir.resolve("tampered-" + name);
      try (Stream<Path> s = Files.walk(outcome.record())) {
        for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
          Path t = to.resolve(outcome.record().relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(t);
          } else {
            Files.copy(p, t);
          }
        }
      }
      return to;
    }

    String verify(Path record) {
      StringWriter out = new StringWriter();
      int code = org.evote.verifier.Main.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "verify",
          record.toString());
      assertThat(code).as(out.toString()).isEqualTo(1);
      return out.toString();
    }

    void editJson(Path f, Consumer<ObjectNode> edit) throws Exception {
      ObjectNode n = (ObjectNode) JSON.readTree(f.toFile());
      edit.accept(n);
      Files.writeString(f, JSON.writeValueAsString(n));
    }

    Path anyEnvelope(Path record) throws Exception {
      try (Stream<Path> s = Files.list(record.resolve("evote/envelopes"))) {
        return s.sorted().filter(p -> p.getFileName().toString().endsWith("-1.json")).findFirst().orElseThrow();
      }
    }

    @Test
    @DisplayName("a token swapped for another voter's fails E.1")
    void swappedToken() throws Exception {
      Path r = copy("token");
      List<Path> envs;
      try (Stream<Path> s = Files.list(r.resolve("evote/envelopes"))) {
        envs = s.sorted().toList();
      }
      Path first = envs.get(0);
      Path last = envs.get(envs.size() - 1);
      assertThat(JSON.readTree(first.toFile()).get("voter").asText())
          .isNotEqualTo(JSON.readTree(last.toFile()).get("voter").asText());
      String other = JSON.readTree(last.toFile()).get("token").asText();
      editJson(first, e -> e.put("token", other));
      String report = verify(r);
      assertThat(report).contains("✗ E.1").contains("names voter");
    }

    @Test
    @DisplayName("a forged voter signature fails E.1")
    void forgedSignature() throws Exception {
      Path r = copy("signature");
      Path env = anyEnvelope(r);
      editJson(env, e -> e.put("signature", e.get("signature").asText().substring(1) + "A"));
      assertThat(verify(r)).contains("✗ E.1").contains("voter signature over H_E, the confirmation code and the state does not verify");
    }

    @Test
    @DisplayName("a superseded ballot listed as counted in evote/policy.json fails E.2, and the tally CLI refuses the record")
    void policyChanged() throws Exception {
      Path r = copy("policy");
      editJson(r.resolve("evote/policy.json"), p -> {
        String moved = p.get("superseded").get(0).asText();
        ((ArrayNode) p.get("superseded")).remove(0);
        ((ArrayNode) p.get("counted")).add(moved);
      });
      String report = verify(r);
      assertThat(report).contains("✗ E.2").contains("the logs do not make it counted");
      StringWriter o = new StringWriter();
      StringWriter e = new StringWriter();
      int code = org.evote.tally.cli.Main.run(new String[] {"tally", "aggregate", "--record", r.toString(),
          "--out", dir.resolve("policy-tally").toString(), "--no-progress"}, new PrintWriter(o), new PrintWriter(e));
      assertThat(code).as(o + "\n" + e).isEqualTo(1);
      assertThat(e.toString()).contains("the ballot is UNKNOWN, but evote/policy.json makes it counted, which the record marks CAST");
    }

    /** The record's ballot file of {@code id}. */
    Path ballotFile(Path record, String id) throws Exception {
      try (Stream<Path> s = Files.walk(record.resolve("encrypted_ballots"))) {
        return s.filter(p -> p.getFileName().toString().equals("eballot-" + id + ".json")).findFirst().orElseThrow();
      }
    }

    String policyList(Path record, String name, int i) throws Exception {
      return JSON.readTree(record.resolve("evote/policy.json").toFile()).get(name).get(i).asText();
    }

    @Test
    @DisplayName("a superseded ballot marked CAST, listed as counted, fails E.2 and Verification 8: the tally left it out")
    void supersededMadeCast() throws Exception {
      Path r = copy("superseded-cast");
      String id = policyList(r, "superseded", 0);
      editJson(ballotFile(r, id), b -> b.put("state", "CAST"));
      editJson(r.resolve("evote/policy.json"), p -> {
        ((ArrayNode) p.get("superseded")).remove(0);
        ((ArrayNode) p.get("counted")).add(id);
      });
      String report = verify(r);
      assertThat(report).contains("✗ E.2").contains("✗ 8")
          .contains("is CAST in encrypted_ballots/, but the logs make it superseded, which the record marks UNKNOWN")
          .contains("the ballot is CAST but is not in cast_ballot_ids");
    }

    @Test
    @DisplayName("a counted ballot marked UNKNOWN fails E.2 and Verification 8: the tally counts a ballot that is not CAST")
    void countedMadeUnknown() throws Exception {
      Path r = copy("counted-unknown");
      String id = policyList(r, "counted", 0);
      editJson(ballotFile(r, id), b -> b.put("state", "UNKNOWN"));
      assertThat(verify(r)).contains("✗ E.2").contains("✗ 8")
          .contains("is UNKNOWN in encrypted_ballots/, but the logs make it counted, which the record marks CAST")
          .contains("its state is UNKNOWN");
    }

    @Test
    @DisplayName("a challenged ballot marked CAST in encrypted_ballots/ fails E.1 (the voter submitted it CHALLENGED) and E.2")
    void challengedMadeCast() throws Exception {
      Path r = copy("challenged-cast");
      String id = policyList(r, "challenged", 0);
      editJson(ballotFile(r, id), b -> b.put("state", "CAST"));
      assertThat(verify(r)).contains("✗ E.1").contains("the voter submitted it CHALLENGED, but the record's ballot is CAST")
          .contains("✗ E.2");
    }

    @Test
    @DisplayName("a superseded ballot's envelope claiming the voter challenged it fails E.1 (the voter signed CAST) and E.4")
    void envelopeStateChanged() throws Exception {
      Path r = copy("envelope-state");
      String id = policyList(r, "superseded", 0);
      editJson(r.resolve("evote/envelopes/" + id + ".json"), e -> e.put("state", "CHALLENGED"));
      assertThat(verify(r)).contains("✗ E.1")
          .contains("the voter signature over H_E, the confirmation code and the state does not verify")
          .contains("✗ E.4").contains("the envelope's state CHALLENGED is not the one the node logged (CAST)");
    }

    @Test
    @DisplayName("an edited log record fails E.3")
    void logEdited() throws Exception {
      Path r = copy("log");
      Path log = r.resolve("evote/logs/node1.jsonl");
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      ObjectNode l = (ObjectNode) JSON.readTree(lines.get(lines.size() / 2));
      l.put("payload", l.get("payload").asText().replace("\"state\":\"CAST\"", "\"state\":\"CHALLENGED\""));
      lines.set(lines.size() / 2, l.toString());
      Files.write(log, lines, StandardCharsets.UTF_8);
      assertThat(verify(r)).contains("✗ E.3").contains("the record was changed");
    }

    @Test
    @DisplayName("a receipt pointing at another log record fails E.4")
    void receiptMoved() throws Exception {
      Path r = copy("receipt");
      Path env = anyEnvelope(r);
      editJson(env, e -> ((ObjectNode) e.get("receipt")).put("log_position", 0));
      assertThat(verify(r)).contains("✗ E.4").contains("receipt");
    }

    @Test
    @DisplayName("an acknowledged ballot removed from the record fails E.4 (and E.1)")
    void ballotDropped() throws Exception {
      Path r = copy("dropped");
      Path env = anyEnvelope(r);
      String id = JSON.readTree(env.toFile()).get("ballot_id").asText();
      Files.delete(env);
      try (Stream<Path> s = Files.walk(r.resolve("encrypted_ballots"))) {
        for (Path p : s.filter(p -> p.getFileName().toString().equals("eballot-" + id + ".json")).toList()) {
          Files.delete(p);
        }
      }
      assertThat(verify(r)).contains("✗ E.4").contains("was acknowledged (it is in a node log) but is not in the record");
    }

    @Test
    @DisplayName("a node log cut by its last record fails E.3: the node signed a head further on")
    void logCut() throws Exception {
      Path r = copy("log-cut");
      Path log = r.resolve("evote/logs/node1.jsonl");
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      Files.write(log, lines.subList(0, lines.size() - 1), StandardCharsets.UTF_8);
      assertThat(verify(r)).contains("✗ E.3").contains("were cut");
    }

    @Test
    @DisplayName("a record appended, chained, to a node log but signed by no node (an unsigned board record) fails E.3")
    void unsignedRecord() throws Exception {
      Path r = copy("unsigned");
      appendChained(r, JSON.createObjectNode().put("type", "election").put("election_id", "another-election")
          .put("definition", "{}"));
      assertThat(verify(r)).contains("✗ E.3").contains("they are not the node's");
    }

    @Test
    @DisplayName("a node log rewritten from the middle on and chained again fails E.3 (not the signed head) and E.4 (receipts off the chain)")
    void logRewritten() throws Exception {
      Path r = copy("rewritten");
      Path log = r.resolve("evote/logs/node1.jsonl");
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      int from = lines.size() / 2;
      String prev = JSON.readTree(lines.get(from - 1)).get("hash").asText();
      boolean changed = false;
      for (int i = from; i < lines.size(); i++) {
        ObjectNode l = (ObjectNode) JSON.readTree(lines.get(i));
        String payload = l.get("payload").asText();
        if (!changed && payload.contains("\"state\":\"CAST\"")) {
          payload = payload.replace("\"state\":\"CAST\"", "\"state\":\"CHALLENGED\"");
          changed = true;
        }
        java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
        d.update(java.util.HexFormat.of().parseHex(prev));
        d.update(payload.getBytes(StandardCharsets.UTF_8));
        l.put("payload", payload).put("previous_hash", prev);
        prev = java.util.HexFormat.of().formatHex(d.digest());
        l.put("hash", prev);
        lines.set(i, l.toString());
      }
      assertThat(changed).isTrue();
      Files.write(log, lines, StandardCharsets.UTF_8);
      assertThat(verify(r)).contains("✗ E.3").contains("the log was rewritten")
          .contains("✗ E.4").contains("the receipt's log position and hash are not in its node's log");
    }

    @Test
    @DisplayName("a signed head moved further on fails E.3: its signature does not verify")
    void headForged() throws Exception {
      Path r = copy("head");
      editJson(r.resolve("evote/heads.json"), h -> {
        ObjectNode head = (ObjectNode) h.get("heads").get("node1");
        head.put("position", head.get("position").asLong() + 3);
      });
      assertThat(verify(r)).contains("✗ E.3").contains("the head's signature does not verify with node node1's key");
    }

    @Test
    @DisplayName("a record whose export is marked incomplete, or that has no signed heads, fails E.3")
    void headsMissingOrIncomplete() throws Exception {
      Path r = copy("incomplete");
      editJson(r.resolve("evote/heads.json"), h -> ((ObjectNode) h.get("incomplete")).put("node2", "node node2 is down"));
      assertThat(verify(r)).contains("✗ E.3").contains("the export is incomplete: node node2 is down");
      Files.delete(r.resolve("evote/heads.json"));
      assertThat(verify(r)).contains("✗ E.3").contains("heads.json is missing");
    }

    /** Appends a record to node1's log, chained after its last one, so that the chain (E.3) still holds. */
    void appendChained(Path r, ObjectNode payload) throws Exception {
      Path log = r.resolve("evote/logs/node1.jsonl");
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
      String p = payload.toString();
      java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
      d.update(java.util.HexFormat.of().parseHex(last.get("hash").asText()));
      d.update(p.getBytes(StandardCharsets.UTF_8));
      ObjectNode line = JSON.createObjectNode().put("position", last.get("position").asLong() + 1)
          .put("previous_hash", last.get("hash").asText()).put("hash", java.util.HexFormat.of().formatHex(d.digest()))
          .put("payload", p);
      lines.add(line.toString());
      Files.write(log, lines, StandardCharsets.UTF_8);
    }

    String electionId(Path r) throws Exception {
      String first = Files.readAllLines(r.resolve("evote/logs/node1.jsonl"), StandardCharsets.UTF_8).get(0);
      return JSON.readTree(JSON.readTree(first).get("payload").asText()).get("election_id").asText();
    }

    @Test
    @DisplayName("an in-person record slipped into a node log, chained, without an official's request, fails E.5 (and E.2)")
    void forgedInPerson() throws Exception {
      Path r = copy("forged-in-person");
      String voter = JSON.readTree(anyEnvelope(r).toFile()).get("voter").asText();
      appendChained(r, JSON.createObjectNode().put("type", "in_person").put("election_id", electionId(r))
          .put("time", java.time.Instant.now().toString()).put("voter", voter));
      String report = verify(r);
      assertThat(report).contains("✗ E.5").contains("(in_person): carries no signed request from an official").contains("✗ E.2");
    }

    /** The payloads of every node log of the record, in order. */
    List<JsonNode> payloads(Path r) throws Exception {
      List<JsonNode> out = new java.util.ArrayList<>();
      try (Stream<Path> logs = Files.list(r.resolve("evote/logs"))) {
        for (Path log : logs.sorted().toList()) {
          for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(JSON.readTree(line).get("payload").asText()));
          }
        }
      }
      return out;
    }

    @Test
    @DisplayName("the official's genuine 'open' request replayed, chained, after the close fails E.5: opened again")
    void reopenedAfterClose() throws Exception {
      Path r = copy("reopened");
      JsonNode open = payloads(r).stream()
          .filter(p -> "status".equals(p.path("type").asText()) && "OPEN".equals(p.path("status").asText()))
          .findFirst().orElseThrow();
      appendChained(r, (ObjectNode) open);
      assertThat(verify(r)).contains("✗ E.5").contains("the election is opened again after it was closed");
    }

    @Test
    @DisplayName("a genuine in-person request replayed, chained, for another voter fails E.5: the request names its own voter")
    void inPersonForAnotherVoter() throws Exception {
      Path r = copy("in-person-other-voter");
      ObjectNode inPerson = (ObjectNode) payloads(r).stream().filter(p -> "in_person".equals(p.path("type").asText()))
          .findFirst().orElseThrow().deepCopy();
      String original = inPerson.get("voter").asText();
      String other;
      try (Stream<Path> envs = Files.list(r.resolve("evote/envelopes"))) {
        other = envs.sorted().map(p -> {
          try {
            return JSON.readTree(p.toFile()).get("voter").asText();
          } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
          }
        }).filter(v -> !v.equals(original)).findFirst().orElseThrow();
      }
      appendChained(r, inPerson.put("voter", other));
      assertThat(verify(r)).contains("✗ E.5")
          .contains("the request is for voter '" + original + "', the record names '" + other + "'");
    }

    @Test
    @DisplayName("a ballot record appended, chained, after the close in a node log fails E.5")
    void ballotAfterClose() throws Exception {
      Path r = copy("after-close");
      List<String> lines = Files.readAllLines(r.resolve("evote/logs/node1.jsonl"), StandardCharsets.UTF_8);
      String ballot = null;
      boolean closedInLog = false;
      for (String line : lines) {
        JsonNode p = JSON.readTree(JSON.readTree(line).get("payload").asText());
        if ("ballot".equals(p.path("type").asText())) {
          ballot = JSON.readTree(line).get("payload").asText();
        }
        closedInLog |= "status".equals(p.path("type").asText()) && "CLOSED".equals(p.path("status").asText());
      }
      assertThat(closedInLog).as("node1 logged the close").isTrue();
      appendChained(r, (ObjectNode) JSON.readTree(ballot));
      assertThat(verify(r)).contains("✗ E.5").contains("logged after the election was closed in this log");
    }

    @Test
    @DisplayName("a status record that reopens the election with a request signed by another key fails E.5")
    void forgedStatus() throws Exception {
      Path r = copy("forged-status");
      String eid = electionId(r);
      var mallory = new org.evote.ballotserver.auth.TokenIssuer(org.evote.crypto.casting.EcKeys.generate(), "mallory");
      String request = mallory.officialToken("demo-official", eid, "open", null, java.time.Instant.now().plusSeconds(600));
      appendChained(r, JSON.createObjectNode().put("type", "status").put("election_id", eid)
          .put("time", java.time.Instant.now().toString()).put("status", "OPEN").put("official", "demo-official")
          .put("request", request));
      assertThat(verify(r)).contains("✗ E.5").contains("does not verify with the officials' key");
    }
  }
}

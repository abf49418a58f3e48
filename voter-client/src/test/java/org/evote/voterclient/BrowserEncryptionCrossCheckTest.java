package org.evote.voterclient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.evote.crypto.election.BallotEncryptor;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.BallotValidation;
import org.evote.crypto.election.BallotValidator;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.testing.Workloads;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The page's JavaScript encryptor (run under Node on the very modules the page bundles) and the
 * Java BallotEncryptor encrypt the same ballots with the same ballot nonce, timestamp and device:
 * the eballot JSON must be identical, byte for byte, and valid.
 */
class BrowserEncryptionCrossCheckTest {

  record Case(String label, Manifest manifest, String style, Map<String, List<String>> choices, String nonce, String state) {}

  @Test
  @DisplayName("W1: every choice and a blank ballot encrypt to identical bytes in JavaScript and Java")
  void w1() throws Exception {
    Manifest m = Workloads.w1();
    List<Case> cases = new ArrayList<>();
    Random r = new Random(1);
    cases.add(new Case("blank", m, Workloads.STYLE, Map.of(), nonce(r), "CAST"));
    for (int i = 1; i <= 4; i++) {
      cases.add(new Case("option " + i, m, Workloads.STYLE, Map.of("contest1", List.of("contest1-selection" + i)), nonce(r),
          i % 2 == 0 ? "CHALLENGED" : "CAST"));
    }
    crossCheck(m, cases);
  }

  @Test
  @DisplayName("W2: twelve contests encrypt to identical bytes in JavaScript and Java")
  void w2() throws Exception {
    Manifest m = Workloads.w2();
    List<Case> cases = new ArrayList<>();
    Random r = new Random(2);
    for (int b = 0; b < 3; b++) {
      Map<String, List<String>> choices = new LinkedHashMap<>();
      for (Manifest.Contest c : m.contests()) {
        int pick = r.nextInt(5);
        if (pick < 4) {
          choices.put(c.contestId(), List.of(c.selections().get(pick).selectionId()));
        }
      }
      cases.add(new Case("W2 ballot " + b, m, Workloads.STYLE, choices, nonce(r), "CAST"));
    }
    crossCheck(m, cases);
  }

  @Test
  @DisplayName("n-of-m, cumulative votes, two styles, unordered sequence orders and non-ASCII names agree")
  void mixed() throws Exception {
    Manifest m = TestElections.mixed();
    Random r = new Random(3);
    List<Case> cases = List.of(
        new Case("full", m, "north-ballot", Map.of(
            "council", List.of("council-sel-2", "council-sel-5"),
            "budget", List.of("budget-sel-1", "budget-sel-1", "budget-sel-3"),
            "referendum", List.of("ref-no")), nonce(r), "CAST"),
        new Case("under-votes", m, "north-ballot", Map.of(
            "council", List.of("council-sel-4"),
            "budget", List.of("budget-sel-2")), nonce(r), "CHALLENGED"),
        new Case("other style", m, "county-ballot", Map.of("referendum", List.of("ref-yes")), nonce(r), "CAST"));
    crossCheck(m, cases);
  }

  private static String nonce(Random r) {
    byte[] b = new byte[32];
    r.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static void crossCheck(Manifest manifest, List<Case> cases) throws Exception {
    Workloads.SingleGuardian setup = TestElections.setup(manifest);
    ObjectNode input = TestElections.JSON.createObjectNode();
    input.set("definition", TestElections.definition(manifest, setup, "OPEN"));
    ArrayNode ballots = input.putArray("ballots");
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      ObjectNode b = ballots.addObject();
      b.put("ballotId", "cross-" + i);
      b.put("style", c.style());
      ObjectNode ch = b.putObject("choices");
      c.choices().forEach((k, v) -> v.forEach(ch.withArray(k)::add));
      b.put("nonce", c.nonce());
      b.put("device", "évote-device");
      b.put("timestamp", 1_750_000_000L + i);
      b.put("state", c.state());
    }
    JsonNode js = runNode(TestElections.JSON.writeValueAsBytes(input));
    assertThat(js.size()).isEqualTo(cases.size());

    BallotEncryptor encryptor = new BallotEncryptor(setup.election());
    BallotValidator validator = new BallotValidator(setup.election());
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      EncryptedBallot java = encryptor.encrypt(
          Choices.of(c.choices()).toPlaintext(manifest, c.style(), "cross-" + i),
          BallotNonce.of(UInt256.fromHex(c.nonce())), ByteString.EMPTY, "évote-device", 1_750_000_000L + i)
          .withState(BallotState.valueOf(c.state()));
      String javaJson = new String(TestElections.CODEC.writeEncryptedBallot(java), StandardCharsets.UTF_8);
      String jsJson = js.get(i).get("json").asText();
      if (!javaJson.equals(jsJson)) {
        failures.add(c.label() + ": the JavaScript ballot differs from Java's at character " + firstDifference(javaJson, jsJson));
        continue;
      }
      EncryptedBallot parsed = TestElections.CODEC.parseEncryptedBallot(jsJson.getBytes(StandardCharsets.UTF_8), "js").orElseThrow();
      BallotValidation v = validator.validate(parsed);
      if (!v.isValid()) {
        failures.add(c.label() + ": the ballot is not valid: " + v.summary());
      }
      JsonNode decrypted = js.get(i).get("decrypted");
      for (Manifest.Contest mc : manifest.contestsForStyle(c.style()).orElseThrow()) {
        List<String> got = new ArrayList<>();
        decrypted.path(mc.contestId()).forEach(n -> got.add(n.asText()));
        List<String> want = new ArrayList<>(c.choices().getOrDefault(mc.contestId(), List.of()));
        got.sort(null);
        want.sort(null);
        if (!got.equals(want)) {
          failures.add(c.label() + ": the page's nonce decryption of " + mc.contestId() + " gives " + got + ", expected " + want);
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  private static int firstDifference(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      if (a.charAt(i) != b.charAt(i)) {
        return i;
      }
    }
    return n;
  }

  /** Runs the page's encryptor under Node. */
  static JsonNode runNode(byte[] input) throws IOException, InterruptedException {
    Path web = Path.of(System.getProperty("evote.web.dir", "../voter-web/src/main/web"));
    Path script = web.resolve("../../test/js/encrypt-ballots.mjs").normalize();
    Process p = new ProcessBuilder("node", script.toString(), web.toString()).redirectErrorStream(false).start();
    try (var in = p.getOutputStream()) {
      in.write(input);
    }
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("node finished").isTrue();
    assertThat(p.exitValue()).as("node failed: " + err).isZero();
    return TestElections.JSON.readTree(out);
  }
}

package org.evote.ballotserver.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.evote.ballotserver.OrderedSteps;
import org.evote.ballotserver.clients.VoterCli.Run;
import org.evote.crypto.casting.CastEnvelope;
import org.evote.crypto.election.BallotEncryptor;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.ChainDevices;
import org.evote.crypto.election.ConfirmationCodes;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.testing.EgkEcVerifier;
import org.evote.crypto.testing.Workloads;
import org.evote.verifier.CheckResult;
import org.evote.verifier.Report;
import org.evote.verifier.Status;
import org.evote.verifier.Verifier;
import org.evote.voterclient.Choices;
import org.evote.voterclient.Credentials;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chained confirmation codes (ElectionGuard 2.0 §3.4.3) end to end on a real 3-node cluster: the
 * voter CLI and the page's JavaScript (its own modules under Node, as its worker runs them) chain
 * their codes per device; the nodes refuse forks, other voters' devices and broken links; the
 * exported record has one ballot_chain.json per device, which our verifier (7.D-7.G) and egk-ec's
 * accept, and a tampered chain fails exactly the chain check.
 */
@OrderedSteps
class ChainedCodesTest {
  @TempDir static Path dir;
  @AutoClose ClientTestNode node;
  String aliceFirstDevice;
  List<String> aliceFirstCodes;
  String bobDevice;
  List<String> bobIds = new ArrayList<>();
  Path record;

  @BeforeAll
  void start() throws Exception {
    node = new ClientTestNode(dir, 3, true);
  }

  Run vote(String... args) {
    List<String> a = new ArrayList<>(List.of("--nodes", node.url(), "--trust", node.certificate().toString(),
        "--out-dir", dir.toString()));
    a.addAll(List.of(args));
    return VoterCli.vote("", a.toArray(String[]::new));
  }

  @Test
  @Order(1)
  @DisplayName("the CLI chains a challenged ballot and the cast one on one device, from H_0")
  void cliChallengeThenCast() throws Exception {
    Path alice = node.credentials("alice");
    Run r = vote("--credentials", alice.toString(), "--choose", "contest1=contest1-selection3", "--challenge").exited(0);
    assertThat(r.codes()).hasSize(2);
    assertThat(r.devices()).hasSize(1);
    aliceFirstDevice = r.devices().iterator().next();
    assertThat(aliceFirstDevice).startsWith("evote-cli-" + ChainDevices.voterTag("alice") + "-");
    aliceFirstCodes = r.codes();
  }

  @Test
  @Order(2)
  @DisplayName("a re-vote from the CLI is a new session, so a new device with a chain of its own")
  void cliRevote() throws Exception {
    Run r = vote("--credentials", node.dir.resolve("alice.json").toString(), "--choose", "contest1=contest1-selection1").exited(0);
    assertThat(r.devices()).hasSize(1).doesNotContain(aliceFirstDevice);
  }

  @Test
  @Order(3)
  @DisplayName("the page's JavaScript chains two challenged ballots and a cast one, and the nodes take them in order")
  void pageChain() throws Exception {
    Path bobFile = node.credentials("bob");
    Credentials bob = Credentials.read(bobFile);
    ObjectNode input = ClientTestNode.JSON.createObjectNode();
    input.set("definition", node.get("/api/elections/" + node.electionId).json());
    input.put("voter", bob.voterId());
    input.put("label", "evote-web");
    ArrayNode ballots = input.putArray("ballots");
    String[] states = {"CHALLENGED", "CHALLENGED", "CAST"};
    for (int i = 0; i < states.length; i++) {
      ObjectNode b = ballots.addObject();
      b.put("ballotId", "bob-page-" + i);
      b.put("style", Workloads.STYLE);
      b.putObject("choices").putArray("contest1").add("contest1-selection" + (i + 1));
      b.put("timestamp", 1_750_000_000L + i);
      b.put("state", states[i]);
      bobIds.add("bob-page-" + i);
    }
    JsonNode js = runNode(ClientTestNode.JSON.writeValueAsBytes(input));
    bobDevice = js.get("device").asText();
    assertThat(ChainDevices.problem(bobDevice, "bob")).isNull();
    for (int i = 0; i < states.length; i++) {
      EncryptedBallot b = node.codec.parseEncryptedBallot(js.get("ballots").get(i).asText().getBytes(StandardCharsets.UTF_8),
          "page").orElseThrow();
      ClientTestNode.Response r = cast(i % 3, CastEnvelope.of(node.codec, b, bob.token(), bob.unwrapPrivateKey()).toString());
      assertThat(r.status()).as(r.json().toString()).isEqualTo(201);
    }
  }

  @Test
  @Order(4)
  @DisplayName("two ballots continuing one chain from the same code, sent at once to two nodes: one is taken, the other is a 409 chain_conflict")
  void concurrentFork() throws Exception {
    Credentials carol = Credentials.read(node.credentials("carol"));
    String device = ChainDevices.name("test", carol.voterId(), new byte[ChainDevices.SESSION_BYTES]);
    ByteString baux0 = ByteString.of(device.getBytes(StandardCharsets.UTF_8));
    UInt256 h0 = ConfirmationCodes.chainStart(node.setup.initialized().extendedBaseHash(), baux0);
    EncryptedBallot a = encrypt("carol-a", ConfirmationCodes.chainedBaux(h0, baux0), device);
    EncryptedBallot b = encrypt("carol-b", ConfirmationCodes.chainedBaux(h0, baux0), device);
    CompletableFuture<ClientTestNode.Response> ra = castAsync(0, CastEnvelope.of(node.codec, a, carol.token(), carol.unwrapPrivateKey()).toString());
    CompletableFuture<ClientTestNode.Response> rb = castAsync(1, CastEnvelope.of(node.codec, b, carol.token(), carol.unwrapPrivateKey()).toString());
    List<ClientTestNode.Response> both = List.of(ra.get(60, TimeUnit.SECONDS), rb.get(60, TimeUnit.SECONDS));
    List<Integer> statuses = both.stream().map(ClientTestNode.Response::status).sorted().toList();
    assertThat(statuses).as(both.toString()).containsExactly(201, 409);
    ClientTestNode.Response refused = both.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
    assertThat(refused.json().get("error").asText()).isEqualTo("chain_conflict");
    assertThat(refused.json().get("message").asText()).contains("a device's chain cannot fork");
    // The winner's code continues the chain: the next ballot from it is taken.
    EncryptedBallot won = both.get(0).status() == 201 ? a : b;
    EncryptedBallot next = encrypt("carol-c", ConfirmationCodes.chainedBaux(won.confirmationCode(), baux0), device);
    assertThat(cast(2, CastEnvelope.of(node.codec, next, carol.token(), carol.unwrapPrivateKey()).toString()).status()).isEqualTo(201);
  }

  @Test
  @Order(5)
  @DisplayName("a ballot on another voter's device, from an unknown code, or without the chain's B_aux is refused with the reason")
  void refusedLinks() throws Exception {
    Credentials dave = Credentials.read(node.credentials("dave"));
    String carols = ChainDevices.name("test", "carol", new byte[ChainDevices.SESSION_BYTES]);
    ByteString carolsBaux0 = ByteString.of(carols.getBytes(StandardCharsets.UTF_8));
    UInt256 h0 = ConfirmationCodes.chainStart(node.setup.initialized().extendedBaseHash(), carolsBaux0);
    ClientTestNode.Response foreign = cast(0, envelope(dave, encrypt("dave-a", ConfirmationCodes.chainedBaux(h0, carolsBaux0), carols)));
    assertThat(foreign.status()).isEqualTo(403);
    assertThat(foreign.json().get("error").asText()).isEqualTo("device_of_another_voter");

    String own = ChainDevices.name("test", dave.voterId(), new byte[ChainDevices.SESSION_BYTES]);
    ByteString baux0 = ByteString.of(own.getBytes(StandardCharsets.UTF_8));
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    ClientTestNode.Response unknown = cast(1, envelope(dave, encrypt("dave-b", ConfirmationCodes.chainedBaux(UInt256.of(random), baux0), own)));
    assertThat(unknown.status()).isEqualTo(409);
    assertThat(unknown.json().get("error").asText()).isEqualTo("chain_broken");
    assertThat(unknown.json().get("message").asText()).contains("neither the device's H_0 nor the confirmation code of a ballot it submitted");

    ClientTestNode.Response unchained = cast(2, envelope(dave, encrypt("dave-c", ByteString.EMPTY, own)));
    assertThat(unchained.status()).isEqualTo(400);
    assertThat(unchained.json().get("error").asText()).isEqualTo("invalid_chain_baux");

    ClientTestNode.Response plain = cast(0, envelope(dave, encrypt("dave-d", ByteString.EMPTY, "evote-cli")));
    assertThat(plain.status()).isEqualTo(400);
    assertThat(plain.json().get("error").asText()).isEqualTo("invalid_device");
  }

  @Test
  @Order(6)
  @DisplayName("the exported record has one closed ballot_chain.json per device, in the order the devices chained their ballots")
  void export() throws Exception {
    record = node.closeAndExport();
    Path ballots = record.resolve("encrypted_ballots");
    List<String> devices;
    try (Stream<Path> s = Files.list(ballots)) {
      devices = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(devices).hasSize(4); // alice twice, bob, carol
    for (String d : devices) {
      assertThat(ballots.resolve(d).resolve("ballot_chain.json")).exists();
    }
    JsonNode bob = ClientTestNode.JSON.readTree(ballots.resolve(bobDevice).resolve("ballot_chain.json").toFile());
    assertThat(bob.get("encrypting_device").asText()).isEqualTo(bobDevice);
    assertThat(ids(bob)).isEqualTo(bobIds);
    assertThat(bob.get("closing_hash").asText()).isNotEmpty();
    JsonNode alice = ClientTestNode.JSON.readTree(ballots.resolve(aliceFirstDevice).resolve("ballot_chain.json").toFile());
    assertThat(alice.get("ballot_ids")).hasSize(2);
    assertThat(ClientTestNode.JSON.readTree(ballots.resolve(aliceFirstDevice).resolve("eballot-" + alice.get("ballot_ids").get(0).asText()
        + ".json").toFile()).get("state").asText()).isEqualTo("CHALLENGED");
  }

  @Test
  @Order(7)
  @DisplayName("our verifier passes 7.D-7.G on the record, every chain checked; only the tally's checks fail, as the guardians have not tallied")
  void verifies() {
    Report report = new Verifier(Verifier.Options.defaults()).verify(record);
    CheckResult chain = check(report, "7.D-G");
    assertThat(chain.status()).as(chain.toString()).isEqualTo(Status.PASSED);
    assertThat(chain.detail()).isEqualTo("4 device chains, 8 chained ballots, each closed");
    // The nodes' export has no encrypted_tally.json or tally.json (the guardians' step, which
    // DemoTest's chained election runs): 8-12 fail for want of them, and nothing else fails.
    assertThat(failed(report)).containsExactly(TALLY_CHECKS.toArray(String[]::new));
    assertThat(failedBeyondTheTally(report)).isEmpty();
  }

  @Test
  @Order(8)
  @DisplayName("egk-ec's own verifier, in its own JVM, accepts the record's ballots and chains (steps 5-7)")
  void egkEcAcceptsTheChains() {
    EgkEcVerifier.Run run = EgkEcVerifier.run(record);
    assertThat(run.output()).as(run.output()).contains("verify 8 EncryptedBallots = true")
        .contains(" 7. verifyConfirmationChain true").doesNotContain("7.E.").doesNotContain("7.G.");
  }

  @Test
  @Order(9)
  @DisplayName("two ballots of a chain swapped in ballot_chain.json fail 7.D-7.G, and only it, with the link that breaks")
  void swapped() throws Exception {
    assertThat(onlyChainFails(copy("swapped"), c -> {
      ArrayNode ids = (ArrayNode) c.get("ballot_ids");
      String first = ids.get(0).asText();
      ids.set(0, ids.get(1).asText());
      ids.set(1, first);
    })).anyMatch(m -> m.contains("7.D: B_aux is not H_0 = H(H_E; 0x24, B_aux,0) ∥ B_aux,0"))
        .anyMatch(m -> m.contains("7.E: B_aux is not H(B) of the previous ballot"));
  }

  @Test
  @Order(10)
  @DisplayName("a ballot left out of its chain fails 7.D-7.G, and only it: the folder holds a ballot the chain skips, and the next link breaks")
  void removed() throws Exception {
    assertThat(onlyChainFails(copy("removed"), c -> ((ArrayNode) c.get("ballot_ids")).remove(1)))
        .anyMatch(m -> m.contains("7.E: a ballot of the device folder is missing from its chain"))
        .anyMatch(m -> m.contains("7.E: B_aux is not H(B) of the previous ballot bob-page-0"));
  }

  @Test
  @Order(13)
  @DisplayName("a ballot deleted from the record, file and chain entry, breaks the next link (7.E), which egk-ec sees too; "
      + "beyond the chain only evote's checks of the logged ballot fail")
  void deleted() throws Exception {
    Path copy = copy("deleted");
    Files.delete(copy.resolve("encrypted_ballots").resolve(bobDevice).resolve("eballot-bob-page-1.json"));
    editChain(copy, bobDevice, c -> ((ArrayNode) c.get("ballot_ids")).remove(1));
    Report report = new Verifier(Verifier.Options.defaults()).verify(copy);
    assertThat(failedBeyondTheTally(report)).contains("7.D-G").allMatch(id -> id.equals("7.D-G") || id.startsWith("E."));
    assertThat(messages(check(report, "7.D-G"))).containsExactly("7.E: B_aux is not H(B) of the previous ballot bob-page-0 ∥ B_aux,0");
    EgkEcVerifier.Run run = EgkEcVerifier.run(copy);
    assertThat(run.output()).as(run.output()).contains(" 7. verifyConfirmationChain false")
        .contains("7.E. additional input byte array Baux != H(Bj−1 ) ∥ Baux,0 for ballot=bob-page-2");
  }

  @Test
  @Order(11)
  @DisplayName("an altered closing hash fails 7.G, and only 7.D-7.G; egk-ec's verifier rejects it at 7.G too")
  void closingAltered() throws Exception {
    Path copy = copy("closing");
    assertThat(onlyChainFails(copy, c -> {
      byte[] h = java.util.Base64.getDecoder().decode(c.get("closing_hash").asText());
      h[0] ^= 1;
      c.put("closing_hash", java.util.Base64.getEncoder().encodeToString(h));
    })).containsExactly(
        "7.G: closing_hash is not H(H_E; 0x24, H(B_ℓ) ∥ B_aux,0 ∥ \"CLOSE\") (eq. 61)");
    EgkEcVerifier.Run run = EgkEcVerifier.run(copy);
    assertThat(run.output()).as(run.output()).contains(" 7. verifyConfirmationChain false").contains("7.G.");
  }

  @Test
  @Order(12)
  @DisplayName("a last_confirmation_code that is not the last ballot's fails 7.F, and only 7.D-7.G")
  void lastCodeAltered() throws Exception {
    assertThat(onlyChainFails(copy("last"), c -> c.put("last_confirmation_code", c.get("closing_hash").asText()))).containsExactly(
        "7.F: last_confirmation_code is not the confirmation code of the chain's last ballot");
  }

  // ---- helpers --------------------------------------------------------------------------------

  private EncryptedBallot encrypt(String id, ByteString baux, String device) {
    return new BallotEncryptor(node.setup.election()).encrypt(
        Choices.of(Map.of("contest1", List.of("contest1-selection2"))).toPlaintext(node.manifest, Workloads.STYLE, id),
        BallotNonce.random(new SecureRandom()), baux, device, 1_750_000_000L).withState(BallotState.CAST);
  }

  private String envelope(Credentials c, EncryptedBallot b) {
    return CastEnvelope.of(node.codec, b, c.token(), c.unwrapPrivateKey()).toString();
  }

  private CompletableFuture<ClientTestNode.Response> castAsync(int nodeIndex, String body) {
    HttpRequest req = HttpRequest.newBuilder(URI.create(node.url(nodeIndex) + "/api/elections/" + node.electionId + "/ballots"))
        .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return node.http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
      try {
        return new ClientTestNode.Response(r.statusCode(), ClientTestNode.JSON.readTree(r.body()));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  private ClientTestNode.Response cast(int nodeIndex, String body) throws Exception {
    return castAsync(nodeIndex, body).get(60, TimeUnit.SECONDS);
  }

  private static List<String> ids(JsonNode chain) {
    List<String> ids = new ArrayList<>();
    chain.get("ballot_ids").forEach(n -> ids.add(n.asText()));
    return ids;
  }

  private static CheckResult check(Report report, String id) {
    return report.checks().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  /** The checks that need the guardians' tally, which the nodes' export does not have. */
  private static final List<String> TALLY_CHECKS = List.of("8", "9", "10", "11", "12");

  private static List<String> failedBeyondTheTally(Report report) {
    return failed(report).stream().filter(id -> !TALLY_CHECKS.contains(id)).toList();
  }

  private static List<String> failed(Report report) {
    return report.checks().stream().filter(c -> c.status() == Status.FAILED).map(CheckResult::id).toList();
  }

  /**
   * Changes bob's device chain in the record copy with {@code edit} and verifies it: beyond the tally, 7.D-G must be
   * the only check that fails. Returns its messages.
   */
  private List<String> onlyChainFails(Path copy, Consumer<ObjectNode> edit) throws Exception {
    editChain(copy, bobDevice, edit);
    Report report = new Verifier(Verifier.Options.defaults()).verify(copy);
    assertThat(failedBeyondTheTally(report)).containsExactly("7.D-G");
    return messages(check(report, "7.D-G"));
  }

  private static List<String> messages(CheckResult c) {
    return c.failures().stream().map(f -> f.reason()).toList();
  }

  private Path copy(String name) throws Exception {
    Path to = dir.resolve("tampered-" + name);
    try (Stream<Path> s = Files.walk(record)) {
      for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
        Path t = to.resolve(record.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return to;
  }

  private static void editChain(Path record, String device, Consumer<ObjectNode> edit) throws Exception {
    Path f = record.resolve("encrypted_ballots").resolve(device).resolve("ballot_chain.json");
    ObjectNode c = (ObjectNode) ClientTestNode.JSON.readTree(f.toFile());
    edit.accept(c);
    Files.writeString(f, ClientTestNode.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(c));
  }

  /** Runs the page's modules under Node (voter-web/src/test/js/encrypt-chain.mjs). */
  private static JsonNode runNode(byte[] input) throws Exception {
    Path web = Path.of(System.getProperty("evote.web.dir", "../voter-web/src/main/web"));
    Path script = web.resolve("../../test/js/encrypt-chain.mjs").normalize();
    Process p = new ProcessBuilder("node", script.toString(), web.toString()).start();
    try (var in = p.getOutputStream()) {
      in.write(input);
    }
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
      try {
        return p.getErrorStream().readAllBytes();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("node finished").isTrue();
    assertThat(p.exitValue()).as("node failed: " + new String(err.get(), StandardCharsets.UTF_8)).isZero();
    return ClientTestNode.JSON.readTree(out);
  }
}

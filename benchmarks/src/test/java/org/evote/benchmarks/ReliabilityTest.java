package org.evote.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.evote.ballotserver.auth.TokenIssuer;
import org.evote.ballotserver.idp.IdpCommand;
import org.evote.crypto.casting.CastEnvelope;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.election.BallotEncryptor;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.testing.Workloads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes in separate JVMs, killed with SIGKILL: no acknowledged ballot may be lost. Three node
 * processes on loopback take W1 ballots from eight clients; one node is killed mid-run and the
 * clients retry on the others; afterwards every acknowledged ballot is on the board exactly once
 * and the exported record verifies. The killed node restarts, rejoins and replays its log with
 * its chain intact; then every node is killed and restarted, and nothing acknowledged is lost.
 */
class ReliabilityTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static final List<Process> processes = new ArrayList<>();

  record Node(int index, int httpPort, int clusterPort, Path data) {
    String url() {
      return "https://127.0.0.1:" + httpPort;
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts a node JVM and waits for its "listening" line. */
  static Process start(Node n, List<Node> all, String cluster, String officialsKey) throws Exception {
    List<String> members = all.stream().map(x -> "127.0.0.1:" + x.clusterPort()).toList();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "--add-modules", "java.se",
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), "org.evote.ballotserver.Main", "server",
        "--node-id", "node" + n.index(), "--data-dir", n.data().toString(), "--port", Integer.toString(n.httpPort()),
        "--cluster-port", Integer.toString(n.clusterPort()), "--cluster-name", cluster,
        "--members", String.join(",", members), "--officials-key", officialsKey));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.PIPE).start();
    processes.add(p);
    CountDownLatch up = new CountDownLatch(1);
    Path logFile = dir.resolve("node" + n.index() + "-" + UUID.randomUUID() + ".out");
    Thread.ofPlatform().daemon().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
          PrintWriter w = new PrintWriter(Files.newBufferedWriter(logFile))) {
        String line;
        while ((line = r.readLine()) != null) {
          w.println(line);
          w.flush();
          if (line.contains(" listening on ")) {
            up.countDown();
          }
        }
      } catch (java.io.IOException ignored) {
        // the process ended
      }
    });
    if (!up.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("node" + n.index() + " did not start; see " + logFile + ":\n"
          + (Files.exists(logFile) ? Files.readString(logFile) : ""));
    }
    return p;
  }

  @AfterAll
  static void killAll() {
    processes.forEach(Process::destroyForcibly);
  }

  static String post(HttpClient http, String url, String body, String bearer) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      b.header("authorization", "Bearer " + bearer);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  static JsonNode get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  @Test
  @DisplayName("kill -9 of one node, then of every node: every acknowledged ballot is kept exactly once and the record verifies")
  void killNineLosesNothing() throws Exception {
    KeyPair idp = EcKeys.generate();
    String officialsKey = EcKeys.publicKeyBase64(idp.getPublic());
    String cluster = "evote-kill-" + UUID.randomUUID();
    List<Node> nodes = List.of(
        new Node(1, freePort(), freePort(), dir.resolve("node1")),
        new Node(2, freePort(), freePort(), dir.resolve("node2")),
        new Node(3, freePort(), freePort(), dir.resolve("node3")));
    Process[] proc = new Process[3];
    startAll(proc, nodes, cluster, officialsKey);
    List<Path> certs = nodes.stream().map(n -> n.data().resolve("tls/node-cert.pem")).toList();
    HttpClient http = LoadGenerator.client(certs);
    TokenIssuer issuer = new TokenIssuer(idp, "reliability-idp");

    Group group = Groups.p256();
    SecureRandom random = new SecureRandom();
    Manifest manifest = Workloads.w1();
    Workloads.SingleGuardian setup = Workloads.singleGuardian(group, manifest, SecretScalar.of(group.randomScalar(random)), random);
    RecordCodec codec = new RecordCodec(group);
    String def = org.evote.ballotserver.election.LoadedElection.definition(group, manifest, setup.config(), setup.initialized(),
        idp.getPublic());
    String eid = setup.initialized().extendedBaseHash().toHex();
    Instant exp = Instant.now().plus(Duration.ofHours(1));
    String official = issuer.officialToken("official", eid, "export", null, exp);
    assertThat(post(http, nodes.get(0).url() + "/api/elections", def, issuer.officialToken("official", eid, "create", null, exp)))
        .startsWith("201");
    assertThat(post(http, nodes.get(1).url() + "/api/elections/" + eid + "/open", "", issuer.officialToken("official", eid, "open", null, exp)))
        .startsWith("200");

    int ballots = 600;
    BallotEncryptor encryptor = new BallotEncryptor(setup.election());
    Random choices = new Random(3);
    List<String> envelopes = new ArrayList<>();
    for (int i = 0; i < ballots; i++) {
      ObjectNode cred = IdpCommand.credentials(issuer, "voter" + i, eid, Workloads.STYLE, Instant.now().plus(Duration.ofHours(1)));
      PrivateKey key = EcKeys.parsePrivateKey(cred.get("private_key").asText()).orElseThrow();
      EncryptedBallot b = encryptor.encrypt(Workloads.randomBallot(manifest, Workloads.STYLE, "b" + i, choices),
          BallotNonce.random(random), ByteString.EMPTY, "kill-test", Instant.now().getEpochSecond()).withState(BallotState.CAST);
      envelopes.add(CastEnvelope.of(codec, b, cred.get("token").asText(), key).toString());
    }

    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    CountDownLatch thirdDone = new CountDownLatch(ballots / 3);
    ExecutorService clients = Executors.newFixedThreadPool(8);
    for (int c = 0; c < 8; c++) {
      clients.submit(() -> {
        int i;
        while ((i = next.getAndIncrement()) < ballots) {
          for (int attempt = 0; attempt < 30; attempt++) {
            Node n = nodes.get(Math.floorMod(i + attempt, 3));
            try {
              String r = post(http, n.url() + "/api/elections/" + eid + "/ballots", envelopes.get(i), null);
              if (r.startsWith("201") || r.startsWith("200")) {
                acknowledged.add(JSON.readTree(r.substring(4)).get("confirmation_code").asText());
                break;
              }
            } catch (Exception e) {
              // the node is down: the next attempt goes to another node
            }
          }
          done.incrementAndGet();
          thirdDone.countDown();
        }
        return null;
      });
    }
    assertThat(thirdDone.await(10, TimeUnit.MINUTES)).isTrue();
    proc[1].destroyForcibly().waitFor(); // kill -9 node2 mid-run
    clients.shutdown();
    assertThat(clients.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
    assertThat(acknowledged).hasSize(ballots);

    Path record1 = export(http, nodes.get(0), eid, official);
    assertEveryAcknowledgedBallotOnce(record1, acknowledged);
    assertVerifies(record1);

    // The killed node restarts, rejoins and replays its log; its chain is intact.
    proc[1] = start(nodes.get(1), nodes, cluster, officialsKey);
    JsonNode board2 = get(http, nodes.get(1).url() + "/api/elections/" + eid + "/board?node=node2&limit=1");
    assertThat(board2.get("log_size").asLong()).isPositive();

    // kill -9 every node, restart them all: the logs rebuild the state.
    for (Process p : proc) {
      p.destroyForcibly().waitFor();
    }
    startAll(proc, nodes, cluster, officialsKey);
    Path record2 = export(http, nodes.get(2), eid, official);
    assertEveryAcknowledgedBallotOnce(record2, acknowledged);
    assertVerifies(record2);
  }

  @Test
  @DisplayName("kill -9 of two of three nodes at once mid-load, the third staying up: every acknowledged ballot reaches the record once, and it verifies")
  void doubleKillLosesNothing() throws Exception {
    KeyPair idp = EcKeys.generate();
    String officialsKey = EcKeys.publicKeyBase64(idp.getPublic());
    String cluster = "evote-double-" + UUID.randomUUID();
    List<Node> nodes = List.of(
        new Node(1, freePort(), freePort(), dir.resolve("double/node1")),
        new Node(2, freePort(), freePort(), dir.resolve("double/node2")),
        new Node(3, freePort(), freePort(), dir.resolve("double/node3")));
    Process[] proc = new Process[3];
    startAll(proc, nodes, cluster, officialsKey);
    HttpClient http = LoadGenerator.client(nodes.stream().map(n -> n.data().resolve("tls/node-cert.pem")).toList());
    TokenIssuer issuer = new TokenIssuer(idp, "reliability-idp");
    Group group = Groups.p256();
    SecureRandom random = new SecureRandom();
    Manifest manifest = Workloads.w1();
    Workloads.SingleGuardian setup = Workloads.singleGuardian(group, manifest, SecretScalar.of(group.randomScalar(random)), random);
    RecordCodec codec = new RecordCodec(group);
    String def = org.evote.ballotserver.election.LoadedElection.definition(group, manifest, setup.config(), setup.initialized(),
        idp.getPublic());
    String eid = setup.initialized().extendedBaseHash().toHex();
    Instant exp = Instant.now().plus(Duration.ofHours(1));
    assertThat(post(http, nodes.get(2).url() + "/api/elections", def, issuer.officialToken("official", eid, "create", null, exp)))
        .startsWith("201");
    assertThat(post(http, nodes.get(2).url() + "/api/elections/" + eid + "/open", "", issuer.officialToken("official", eid, "open", null, exp)))
        .startsWith("200");

    int ballots = 600;
    BallotEncryptor encryptor = new BallotEncryptor(setup.election());
    Random choices = new Random(5);
    List<String> envelopes = new ArrayList<>();
    for (int i = 0; i < ballots; i++) {
      ObjectNode cred = IdpCommand.credentials(issuer, "voter" + i, eid, Workloads.STYLE, exp);
      PrivateKey key = EcKeys.parsePrivateKey(cred.get("private_key").asText()).orElseThrow();
      EncryptedBallot b = encryptor.encrypt(Workloads.randomBallot(manifest, Workloads.STYLE, "d" + i, choices),
          BallotNonce.random(random), ByteString.EMPTY, "kill-test", Instant.now().getEpochSecond()).withState(BallotState.CAST);
      envelopes.add(CastEnvelope.of(codec, b, cred.get("token").asText(), key).toString());
    }
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger next = new AtomicInteger();
    CountDownLatch thirdDone = new CountDownLatch(ballots / 3);
    ExecutorService clients = Executors.newFixedThreadPool(8);
    for (int c = 0; c < 8; c++) {
      clients.submit(() -> {
        int i;
        while ((i = next.getAndIncrement()) < ballots) {
          // Clients spread over the nodes and try another one, a moment later, on any refusal or
          // failure: while two nodes are down the third has no majority and answers 503.
          for (int attempt = 0; attempt < 600; attempt++) {
            Node n = nodes.get(Math.floorMod(i + attempt, 3));
            try {
              String r = post(http, n.url() + "/api/elections/" + eid + "/ballots", envelopes.get(i), null);
              if (r.startsWith("201") || r.startsWith("200")) {
                acknowledged.add(JSON.readTree(r.substring(4)).get("confirmation_code").asText());
                break;
              }
            } catch (Exception e) {
              // the node is down
            }
            Thread.sleep(200);
          }
          thirdDone.countDown();
        }
        return null;
      });
    }
    assertThat(thirdDone.await(10, TimeUnit.MINUTES)).isTrue();
    // kill -9 node1 and node2 at the same instant; node3 stays up, alone without a majority
    proc[0].destroyForcibly();
    proc[1].destroyForcibly();
    proc[0].waitFor();
    proc[1].waitFor();
    Thread.sleep(2000); // down for a while, as after a crash, before they are restarted
    Thread a = Thread.ofPlatform().start(() -> restart(proc, 0, nodes, cluster, officialsKey));
    Thread b = Thread.ofPlatform().start(() -> restart(proc, 1, nodes, cluster, officialsKey));
    a.join();
    b.join();
    clients.shutdown();
    assertThat(clients.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
    assertThat(acknowledged).hasSize(ballots);

    Path record = export(http, nodes.get(2), eid, issuer.officialToken("official", eid, "export", null, exp));
    assertEveryAcknowledgedBallotOnce(record, acknowledged);
    assertVerifies(record);
  }

  private static void restart(Process[] proc, int i, List<Node> nodes, String cluster, String officialsKey) {
    try {
      proc[i] = start(nodes.get(i), nodes, cluster, officialsKey);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts every node at once (each waits for the others to form the cluster) into {@code proc}. */
  private static void startAll(Process[] proc, List<Node> nodes, String cluster, String officialsKey) throws Exception {
    List<Thread> starters = new ArrayList<>();
    Exception[] failure = new Exception[1];
    for (int i = 0; i < nodes.size(); i++) {
      int k = i;
      starters.add(Thread.ofPlatform().start(() -> {
        try {
          proc[k] = start(nodes.get(k), nodes, cluster, officialsKey);
        } catch (Exception ex) {
          failure[0] = ex;
        }
      }));
    }
    for (Thread t : starters) {
      t.join();
    }
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  /** The record holds exactly one ballot per acknowledged confirmation code, and no other. */
  static void assertEveryAcknowledgedBallotOnce(Path record, Set<String> acknowledged) throws Exception {
    List<String> codes = new ArrayList<>();
    try (java.util.stream.Stream<Path> s = Files.walk(record.resolve("encrypted_ballots"))) {
      for (Path p : s.filter(f -> f.getFileName().toString().startsWith("eballot-")).toList()) {
        codes.add(HexFormat.of().formatHex(Base64.getDecoder().decode(
            JSON.readTree(p.toFile()).get("confirmation_code").asText())));
      }
    }
    assertThat(codes).doesNotHaveDuplicates();
    assertThat(Set.copyOf(codes)).isEqualTo(acknowledged);
  }

  static Path export(HttpClient http, Node via, String eid, String official) throws Exception {
    String r = post(http, via.url() + "/api/elections/" + eid + "/export", "", official);
    assertThat(r).startsWith("200");
    JsonNode j = JSON.readTree(r.substring(4));
    assertThat(j.get("counted").asInt()).isEqualTo(600);
    return Path.of(j.get("record").asText());
  }

  /** The ElectionGuard part has no tally yet; the ballots, weeding and evote's extension checks must pass. */
  static void assertVerifies(Path record) {
    StringWriter out = new StringWriter();
    org.evote.verifier.Main.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "verify", record.toString());
    String report = out.toString();
    for (String check : List.of("5", "6", "7.A-B", "7.C", "B.1", "B.2", "B.3", "E.1", "E.2", "E.3", "E.4", "E.5")) {
      assertThat(report).as(report).containsPattern("(?m)^✓ " + java.util.regex.Pattern.quote(check) + " ");
    }
  }
}

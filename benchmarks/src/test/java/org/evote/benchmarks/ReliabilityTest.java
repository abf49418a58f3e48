package org.evote.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
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
    return org.evote.ballotserver.cluster.MemberPorts.free();
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
    Cluster c = new Cluster("kill");
    Load load = new Load(c, 600, 3);
    load.awaitAcknowledged(200);
    c.proc[1].destroyForcibly().waitFor(); // kill -9 node2 mid-run
    load.finish();
    // exported while node2 is down: its acknowledged ballots are covered by their receipts
    load.assertExportWhileDownHoldsEverything(c, 0, "node2");

    // The killed node restarts, rejoins and replays its log; its chain is intact.
    c.restart(1);
    JsonNode board2 = get(c.http, c.nodes.get(1).url() + "/api/elections/" + load.eid + "/board?node=node2&limit=1");
    assertThat(board2.get("log_size").asLong()).isPositive();

    // kill -9 every node, restart them all: the logs rebuild the state.
    for (Process p : c.proc) {
      p.destroyForcibly().waitFor();
    }
    c.restart(0, 1, 2);
    load.assertRecordHoldsEverything(c, 2);
  }

  @Test
  @DisplayName("kill -9 of two of three nodes at once mid-load, the third staying up: every acknowledged ballot reaches the record once, and it verifies")
  void doubleKillLosesNothing() throws Exception {
    Cluster c = new Cluster("double");
    Load load = new Load(c, 600, 5);
    load.awaitAcknowledged(200);
    // kill -9 node1 and node2 at the same instant; node3 stays up, alone without a majority
    c.proc[0].destroyForcibly();
    c.proc[1].destroyForcibly();
    c.proc[0].waitFor();
    c.proc[1].waitFor();
    Thread.sleep(2000); // down for a while, as after a crash, before they are restarted
    c.restart(0, 1);
    load.finish();
    load.assertRecordHoldsEverything(c, 2);
  }

  @Test
  @DisplayName("after two of three nodes die at once, voters' re-votes wait (503 logs_pending) until every node's log is back, then each re-vote is the ballot counted")
  void revoteAfterDoubleFailureWaitsForEveryLog() throws Exception {
    Cluster c = new Cluster("revote");
    int voters = 60;
    Load load = new Load(c, voters, 17); // each voter's first ballot, spread over the three nodes
    load.finish();
    // kill -9 node1 and node2 at the same instant: the partitions whose two copies they held are
    // lost, voters' records among them; node1's log alone now holds a third of the first ballots
    c.proc[0].destroyForcibly();
    c.proc[1].destroyForcibly();
    c.proc[0].waitFor();
    c.proc[1].waitFor();
    c.restart(1); // node2 and node3 have a majority again; node1 stays down
    Random choices = new Random(18);
    List<String> revotes = new ArrayList<>();
    for (int i = 0; i < voters; i++) {
      revotes.add(load.envelope(i, "r" + i, choices));
    }
    for (int i = 0; i < voters; i++) {
      // node2, restarted, has replayed its own log, but node1's is missing: without the wait, a
      // re-vote here would take the place of node1's logged first ballot. node3 may still be
      // replaying its own log (503 cluster_unavailable) or wait for node1's as well.
      String r2 = post(c.http, c.nodes.get(1).url() + "/api/elections/" + load.eid + "/ballots", revotes.get(i), null);
      assertThat(r2).as("re-vote %d on node2 while node1's log is not back", i).startsWith("503").contains("logs_pending");
      String r3 = post(c.http, c.nodes.get(2).url() + "/api/elections/" + load.eid + "/ballots", revotes.get(i), null);
      assertThat(r3).as("re-vote %d on node3 while node1's log is not back", i).startsWith("503");
    }
    c.restart(0);
    for (int i = 0; i < voters; i++) {
      String r = null;
      for (int attempt = 0; attempt < 300; attempt++) {
        r = post(c.http, c.nodes.get(i % 3).url() + "/api/elections/" + load.eid + "/ballots", revotes.get(i), null);
        if (r.startsWith("201") || r.startsWith("200")) {
          break;
        }
        Thread.sleep(200); // the nodes re-read each other's marks within a couple of seconds
      }
      assertThat(r).as("re-vote %d once every log is back", i).startsWith("201");
    }
    assertThat(post(c.http, c.nodes.get(2).url() + "/api/elections/" + load.eid + "/close", "",
        load.issuer.officialToken("official", load.eid, "close", null, load.exp))).startsWith("200");
    String ex = post(c.http, c.nodes.get(2).url() + "/api/elections/" + load.eid + "/export", "",
        load.issuer.officialToken("official", load.eid, "export", null, load.exp));
    assertThat(ex).startsWith("200");
    Path record = Path.of(JSON.readTree(ex.substring(4)).get("record").asText());
    JsonNode policy = JSON.readTree(record.resolve("evote/policy.json").toFile());
    List<String> counted = new ArrayList<>();
    policy.get("counted").forEach(n -> counted.add(n.asText()));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < voters; i++) {
      expected.add("r" + i);
    }
    assertThat(counted).as("every voter's re-vote, not the first ballot, is counted").containsExactlyInAnyOrderElementsOf(expected);
    assertVerifies(record);
  }

  @Test
  @DisplayName("a randomised schedule of single, double and whole-cluster kills (SIGKILL or SIGTERM) mid-load loses nothing; receipts never change")
  void randomisedKillSchedule() throws Exception {
    long seed = Long.getLong("evote.chaos.seed", 20261203L);
    int events = Integer.getInteger("evote.chaos.events", 3);
    int ballots = Integer.getInteger("evote.chaos.ballots", 900);
    Random rnd = new Random(seed);
    Cluster c = new Cluster("chaos");
    Load load = new Load(c, ballots, seed);
    StringBuilder schedule = new StringBuilder("seed " + seed + ":");
    for (int e = 1; e <= events; e++) {
      load.awaitAcknowledged(ballots * e / (events + 1));
      int kind = rnd.nextInt(3); // 0: one node, 1: two at once, 2: all three
      List<Integer> victims = new ArrayList<>(List.of(0, 1, 2));
      java.util.Collections.shuffle(victims, rnd);
      victims = victims.subList(0, kind + 1);
      boolean term = e % 2 == 0; // every second event stops the nodes with SIGTERM
      long downMillis = 1000 + rnd.nextInt(2000);
      schedule.append(" [").append(term ? "SIGTERM " : "SIGKILL ").append(victims).append(", down ").append(downMillis).append(" ms]");
      for (int v : victims) {
        if (term) {
          c.proc[v].destroy();
        } else {
          c.proc[v].destroyForcibly();
        }
      }
      for (int v : victims) {
        c.proc[v].waitFor();
      }
      Thread.sleep(downMillis);
      c.restart(victims.stream().mapToInt(Integer::intValue).toArray());
    }
    load.finish();
    System.out.println("randomised kill schedule, " + schedule);
    load.assertRecordHoldsEverything(c, rnd.nextInt(3));
  }

  @Test
  @DisplayName("a node alone, killed with SIGKILL and then stopped with SIGTERM, gives every voter the very receipt they got, and loses nothing")
  void singleNodeReceiptsSurviveRestarts() throws Exception {
    Cluster c = new Cluster("single", 1);
    Load load = new Load(c, 60, 11);
    load.finish();
    c.proc[0].destroyForcibly().waitFor();
    c.restart(0);
    load.assertReceiptsUnchanged(c, null);
    c.proc[0].destroy(); // SIGTERM: the node stops itself
    c.proc[0].waitFor();
    c.restart(0);
    load.assertRecordHoldsEverything(c, 0);
  }

  /** Node JVMs of one cluster (three unless said otherwise), started together. */
  static final class Cluster {
    final KeyPair idp = EcKeys.generate();
    final String officialsKey = EcKeys.publicKeyBase64(idp.getPublic());
    final String name;
    final List<Node> nodes;
    final Process[] proc;
    final HttpClient http;

    Cluster(String name) throws Exception {
      this(name, 3);
    }

    Cluster(String name, int size) throws Exception {
      this.name = "evote-" + name + "-" + UUID.randomUUID();
      List<Node> ns = new ArrayList<>();
      for (int i = 1; i <= size; i++) {
        ns.add(new Node(i, freePort(), freePort(), dir.resolve(name + "/node" + i)));
      }
      this.nodes = List.copyOf(ns);
      this.proc = new Process[size];
      startAtOnce(IntStream.range(0, size).toArray());
      this.http = LoadGenerator.client(nodes.stream().map(n -> n.data().resolve("tls/node-cert.pem")).toList());
    }

    /** Restarts the given nodes at once (each waits for a majority). */
    void restart(int... which) throws Exception {
      startAtOnce(which);
    }

    /** Starts the given nodes at once into {@link #proc}; each waits for the others to form the cluster, or for a majority. */
    private void startAtOnce(int... which) throws Exception {
      List<Thread> threads = new ArrayList<>();
      Exception[] failure = new Exception[1];
      for (int i : which) {
        threads.add(Thread.ofPlatform().start(() -> {
          try {
            proc[i] = start(nodes.get(i), nodes, name, officialsKey);
          } catch (Exception e) {
            failure[0] = e;
          }
        }));
      }
      for (Thread t : threads) {
        t.join();
      }
      if (failure[0] != null) {
        throw failure[0];
      }
    }
  }

  /**
   * An open W1 election and eight clients casting one ballot per voter, spread over the nodes;
   * a client tries another node a moment later on any refusal or failure (while two nodes are
   * down the third has no majority and answers 503), for up to two minutes per ballot.
   */
  static final class Load {
    final String eid;
    final TokenIssuer issuer;
    final Instant exp = Instant.now().plus(Duration.ofHours(1));
    final int ballots;
    /** Confirmation code → the receipt the client got. */
    final Map<String, JsonNode> receipts = new ConcurrentHashMap<>();
    final ExecutorService clients = Executors.newFixedThreadPool(8);
    final AtomicInteger acked = new AtomicInteger();
    /** Ballot index → the last refusal or failure it met, while it is not acknowledged. */
    final Map<Integer, String> lastRefusal = new ConcurrentHashMap<>();

    final BallotEncryptor encryptor;
    final RecordCodec codec;
    final Manifest manifest;

    /** Voter i's signed envelope for a fresh ballot with this id and random choices. */
    String envelope(int i, String ballotId, Random choices) throws Exception {
      ObjectNode cred = IdpCommand.credentials(issuer, "voter" + i, eid, Workloads.STYLE, exp);
      PrivateKey key = EcKeys.parsePrivateKey(cred.get("private_key").asText()).orElseThrow();
      EncryptedBallot b = encryptor.encrypt(Workloads.randomBallot(manifest, Workloads.STYLE, ballotId, choices),
          BallotNonce.random(new SecureRandom()), ByteString.EMPTY, "kill-test", Instant.now().getEpochSecond())
          .withState(BallotState.CAST);
      return CastEnvelope.of(codec, b, cred.get("token").asText(), key).toString();
    }

    Load(Cluster c, int ballots, long seed) throws Exception {
      this.ballots = ballots;
      this.issuer = new TokenIssuer(c.idp, "reliability-idp");
      Group group = Groups.p256();
      SecureRandom random = new SecureRandom();
      Manifest manifest = Workloads.w1();
      Workloads.SingleGuardian setup = Workloads.singleGuardian(group, manifest, SecretScalar.of(group.randomScalar(random)), random);
      RecordCodec codec = new RecordCodec(group);
      String def = org.evote.ballotserver.election.LoadedElection.definition(group, manifest, setup.config(), setup.initialized(),
          c.idp.getPublic());
      this.eid = setup.initialized().extendedBaseHash().toHex();
      assertThat(post(c.http, c.nodes.get(c.nodes.size() - 1).url() + "/api/elections", def, issuer.officialToken("official", eid, "create", null, exp)))
          .startsWith("201");
      assertThat(post(c.http, c.nodes.get(0).url() + "/api/elections/" + eid + "/open", "", issuer.officialToken("official", eid, "open", null, exp)))
          .startsWith("200");
      this.encryptor = new BallotEncryptor(setup.election());
      this.codec = codec;
      this.manifest = manifest;
      Random choices = new Random(seed);
      List<String> envelopes = new ArrayList<>();
      for (int i = 0; i < ballots; i++) {
        envelopes.add(envelope(i, "k" + i, choices));
      }
      AtomicInteger next = new AtomicInteger();
      for (int k = 0; k < 8; k++) {
        clients.submit(() -> {
          int i;
          while ((i = next.getAndIncrement()) < ballots) {
            for (int attempt = 0; attempt < 600; attempt++) {
              Node n = c.nodes.get(Math.floorMod(i + attempt, c.nodes.size()));
              try {
                String r = post(c.http, n.url() + "/api/elections/" + eid + "/ballots", envelopes.get(i), null);
                if (r.startsWith("201") || r.startsWith("200")) {
                  JsonNode receipt = JSON.readTree(r.substring(4));
                  receipts.put(receipt.get("confirmation_code").asText(), receipt);
                  synchronized (acked) {
                    acked.incrementAndGet();
                    acked.notifyAll();
                  }
                  lastRefusal.remove(i);
                  break;
                }
                lastRefusal.put(i, n.url() + ": " + r);
              } catch (Exception e) {
                lastRefusal.put(i, n.url() + ": " + e); // the node is down
              }
              Thread.sleep(200);
            }
          }
          return null;
        });
      }
    }

    /** Waits until {@code n} ballots are acknowledged (the load goes on). */
    void awaitAcknowledged(int n) throws InterruptedException {
      long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      synchronized (acked) {
        while (acked.get() < n && System.nanoTime() < until) {
          acked.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
        }
      }
      assertThat(acked.get()).as("ballots acknowledged").isGreaterThanOrEqualTo(n);
    }

    /** Waits for every client to finish: every ballot must have been acknowledged. */
    void finish() throws InterruptedException {
      clients.shutdown();
      assertThat(clients.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
      assertThat(receipts).as("acknowledged; the last refusals of the others: " + lastRefusal).hasSize(ballots);
    }

    /**
     * Closes the election, exports it through node {@code via}: every acknowledged ballot is in
     * the record exactly once, it verifies, and every node still gives each voter the very
     * receipt the voter got.
     */
    void assertRecordHoldsEverything(Cluster c, int via) throws Exception {
      assertThat(post(c.http, c.nodes.get(via).url() + "/api/elections/" + eid + "/close", "",
          issuer.officialToken("official", eid, "close", null, exp))).startsWith("200");
      Path record = assertExportHoldsEverything(c, via);
      assertReceiptsUnchanged(c, record);
    }

    /** Exports through node {@code via}: every acknowledged ballot is in the record exactly once, and it verifies. */
    Path assertExportHoldsEverything(Cluster c, int via) throws Exception {
      String r = post(c.http, c.nodes.get(via).url() + "/api/elections/" + eid + "/export", "",
          issuer.officialToken("official", eid, "export", null, exp));
      assertThat(r).startsWith("200");
      JsonNode j = JSON.readTree(r.substring(4));
      assertThat(j.get("counted").asInt()).isEqualTo(ballots);
      Path record = Path.of(j.get("record").asText());
      assertEveryAcknowledgedBallotOnce(record, receipts.keySet());
      assertVerifies(record);
      return record;
    }

    /**
     * Exports through node {@code via} while node {@code down} is down. When the kill left a record
     * on the board that the dead node neither signed nor receipted (it died between logging a
     * ballot and acknowledging it), the export is refused with a reason naming that node and
     * position; the record written anyway (allow_incomplete) holds every acknowledged ballot once,
     * says it is incomplete, and the verifier fails E.3 for that reason only. Otherwise the export
     * is complete and verifies.
     */
    void assertExportWhileDownHoldsEverything(Cluster c, int via, String down) throws Exception {
      String url = c.nodes.get(via).url() + "/api/elections/" + eid + "/export";
      String r = post(c.http, url, "", issuer.officialToken("official", eid, "export", null, exp));
      if (r.startsWith("200")) {
        JsonNode j = JSON.readTree(r.substring(4));
        assertThat(j.get("counted").asInt()).isEqualTo(ballots);
        Path record = Path.of(j.get("record").asText());
        assertEveryAcknowledgedBallotOnce(record, receipts.keySet());
        assertVerifies(record);
        return;
      }
      assertThat(r).startsWith("503").contains("export_incomplete")
          .containsPattern("node " + down + " has signed its log only to position \\d+, not yet its record at position \\d+");
      r = post(c.http, url + "?allow_incomplete=true", "", issuer.officialToken("official", eid, "export", null, exp));
      assertThat(r).startsWith("200");
      Path record = Path.of(JSON.readTree(r.substring(4)).get("record").asText());
      assertEveryAcknowledgedBallotOnce(record, receipts.keySet());
      StringWriter out = new StringWriter();
      org.evote.verifier.Main.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "verify", record.toString());
      String report = out.toString();
      assertThat(report).as(report).containsPattern("(?m)^✗ E\\.3 ").contains("the export is incomplete");
      for (String check : List.of("5", "6", "7.A-B", "7.C", "B.1", "B.2", "B.3", "E.1", "E.2", "E.4", "E.5")) {
        assertThat(report).as(report).containsPattern("(?m)^✓ " + java.util.regex.Pattern.quote(check) + " ");
      }
    }

    /** Every node still gives each voter the very receipt the voter got (see below for a ballot logged twice). */
    void assertReceiptsUnchanged(Cluster c, Path record) throws Exception {
      if (record == null) {
        // before any export: no ballot can have been logged twice with nodes dying one at a time
        int k = 0;
        for (Map.Entry<String, JsonNode> e : receipts.entrySet()) {
          JsonNode status = get(c.http, c.nodes.get(k++ % c.nodes.size()).url() + "/api/elections/" + eid + "/ballots/" + e.getKey());
          assertThat(status.get("receipt")).as("the receipt of " + e.getKey()).isEqualTo(e.getValue());
        }
        return;
      }
      // Where each ballot lies in the exported logs: once, unless a client's retry reached a second
      // node while the cluster had lost the first one's weeding keys (two nodes down at once).
      Map<String, List<String>> logged = new java.util.HashMap<>();
      try (java.util.stream.Stream<Path> logs = Files.list(record.resolve("evote/logs"))) {
        for (Path log : logs.toList()) {
          String node = log.getFileName().toString().replace(".jsonl", "");
          for (String line : Files.readAllLines(log)) {
            JsonNode l = JSON.readTree(line);
            JsonNode p = JSON.readTree(l.get("payload").asText());
            if ("ballot".equals(p.path("type").asText())) {
              logged.computeIfAbsent(p.get("confirmation_code").asText(), x -> new ArrayList<>())
                  .add(node + "@" + l.get("position").asLong() + ":" + l.get("hash").asText());
            }
          }
        }
      }
      int k = 0;
      int twice = 0;
      for (Map.Entry<String, JsonNode> e : receipts.entrySet()) {
        JsonNode mine = e.getValue();
        List<String> copies = logged.get(e.getKey());
        assertThat(copies).as("the log records of " + e.getKey())
            .contains(mine.get("node_id").asText() + "@" + mine.get("log_position").asLong() + ":" + mine.get("log_hash").asText());
        JsonNode status = get(c.http, c.nodes.get(k++ % c.nodes.size()).url() + "/api/elections/" + eid + "/ballots/" + e.getKey());
        if (copies.size() == 1) {
          assertThat(status.get("receipt")).as("the receipt of " + e.getKey()).isEqualTo(mine);
        } else {
          twice++;
        }
      }
      System.out.println("ballots logged by two nodes (a retry while the cluster had lost the first one's keys): " + twice);
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

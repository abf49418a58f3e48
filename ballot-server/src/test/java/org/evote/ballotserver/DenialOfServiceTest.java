package org.evote.ballotserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.evote.ballotserver.http.ServerLimits;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.EncryptedBallot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients, floods and oversized or padded envelopes against a real node over real TLS on
 * loopback. Every wait has a generous bound; no assertion is about how fast something is.
 */
class DenialOfServiceTest {
  /** The bound within which the server must have closed a stalled connection (its deadline here is 2 s). */
  private static final long CLOSED_WITHIN_SECONDS = 60;
  private static final String MARKER = "evote-dos-marker";

  @TempDir Path dir;
  private final ScheduledExecutorService drip = Executors.newScheduledThreadPool(2);
  private final List<SSLSocket> sockets = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    drip.shutdownNow();
    for (SSLSocket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closed already
      }
    }
  }

  /** Test limits: a 2 s request deadline, 30 s idle, and the given caps and queue bound. */
  private static ServerLimits limits(int total, int perAddress, int queue) {
    return limits(total, perAddress, queue, 2);
  }

  /**
   * Test limits with the given request deadline. A test that floods from one busy machine uses
   * the default 15 s: with 2 s, a client's own request can miss it on a loaded machine, or a
   * pooled connection can be reused just as the node closes it.
   */
  private static ServerLimits limits(int total, int perAddress, int queue, int deadlineSeconds) {
    return new ServerLimits(total, perAddress, deadlineSeconds, 30, queue);
  }

  /** A TLS connection from {@code local} to node 0, handshake done. */
  private SSLSocket connect(TestCluster c, String local) throws Exception {
    SSLSocket s = (SSLSocket) c.sslContext().getSocketFactory().createSocket();
    sockets.add(s);
    s.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
    s.connect(new InetSocketAddress("127.0.0.1", c.nodes.get(0).httpPort()), 10_000);
    s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(CLOSED_WITHIN_SECONDS));
    s.startHandshake();
    return s;
  }

  /**
   * Asks for {@code path} on a connection and reads the whole answer (its head and its
   * Content-Length body); it must be a 200 that does not close the connection. The answer proves
   * that the node has counted the connection (the guard closes a connection it did not count
   * without a word), and that the node keeps it open, so that it still counts toward the caps.
   */
  private static void servedAndKeptOpen(SSLSocket s, String path) throws Exception {
    s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nhost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (head.indexOf("\r\n\r\n") < 0) {
      int b = in.read();
      assertThat(b).as("answer to " + path + " so far: " + head).isNotNegative();
      head.append((char) b);
    }
    assertThat(head.toString()).as(path).startsWith("HTTP/1.1 200");
    assertThat(head.toString().toLowerCase(java.util.Locale.ROOT)).as("the node keeps the connection open after " + path)
        .doesNotContain("connection: close");
    long length = -1;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(line.substring("content-length:".length()).trim());
      }
    }
    assertThat(length).as("content-length of the answer to " + path).isNotNegative();
    assertThat(in.readNBytes((int) length)).as("body of the answer to " + path).hasSize((int) length);
  }

  /**
   * A connection from {@code local} that the node has counted and keeps open: /health (answered
   * from a worker) and /metrics (answered at once on the event loop, before Vert.x delivers the
   * request's end) are both answered on it, with keep-alive.
   */
  private SSLSocket counted(TestCluster c, String local) throws Exception {
    SSLSocket s = connect(c, local);
    servedAndKeptOpen(s, "/health");
    servedAndKeptOpen(s, "/metrics");
    return s;
  }

  /**
   * What the server does with a connection: completes with the first bytes it sent ("" when it
   * closed without a word), or with "still open" when it neither sent nor closed within the bound.
   */
  private static CompletableFuture<String> outcome(SSLSocket s) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[256];
        int n = in.read(buf);
        return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
      } catch (java.net.SocketTimeoutException e) {
        return "still open";
      } catch (IOException e) {
        return "";
      }
    });
  }

  /** Writes one byte of {@code text} a second (slowloris), until the server closes the connection. */
  private void dripFeed(SSLSocket s, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    int[] next = {0};
    drip.scheduleAtFixedRate(() -> {
      try {
        OutputStream out = s.getOutputStream();
        out.write(bytes[next[0]++ % bytes.length]);
        out.flush();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e); // stops this drip
      }
    }, 0, 1, TimeUnit.SECONDS);
  }

  /** Opens a connection that sends its request head one byte a second. */
  private CompletableFuture<String> slowHeaders(TestCluster c, String path) throws Exception {
    SSLSocket s = connect(c, "127.0.0.1");
    dripFeed(s, "POST " + path + " HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\nx-padding: "
        + "a".repeat(10_000));
    return outcome(s);
  }

  /** Opens a connection that sends a whole request head, then its body one byte a second. */
  private CompletableFuture<String> stalledBody(TestCluster c, String path) throws Exception {
    SSLSocket s = connect(c, "127.0.0.1");
    OutputStream out = s.getOutputStream();
    out.write(("POST " + path + " HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 20000\r\n\r\n{\"ballot\":")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    dripFeed(s, " ");
    return outcome(s);
  }

  private static String createAndOpen(TestCluster c, TestElection e) throws Exception {
    return c.createAndOpen(e) + "/ballots";
  }

  @Test
  @DisplayName("a connection that sends its request head or its body one byte a second, or never starts its TLS handshake, is closed at the deadline")
  void stalledConnectionsClosed() throws Exception {
    TestElection e = new TestElection();
    try (TestCluster c = new TestCluster(dir, 1, e, 0, 0, 2, limits(100, 50, 64))) {
      String ballots = createAndOpen(c, e);
      CompletableFuture<String> head = slowHeaders(c, ballots);
      CompletableFuture<String> body = stalledBody(c, ballots);
      CompletableFuture<String> silent = outcome(connect(c, "127.0.0.1"));
      // a TCP connection that never starts its TLS handshake: not yet counted by the caps, but
      // closed by the handshake deadline (the same 2 s here)
      int port = c.nodes.get(0).httpPort();
      CompletableFuture<Integer> noHandshake = CompletableFuture.supplyAsync(() -> {
        try (java.net.Socket raw = new java.net.Socket("127.0.0.1", port)) {
          raw.setSoTimeout((int) TimeUnit.SECONDS.toMillis(CLOSED_WITHIN_SECONDS));
          return raw.getInputStream().read();
        } catch (IOException ex) {
          return -2; // not closed by the node within the bound (a read timeout), or refused
        }
      });
      assertThat(noHandshake.get(CLOSED_WITHIN_SECONDS + 10, TimeUnit.SECONDS)).as("no TLS handshake").isEqualTo(-1);
      assertThat(head.get(CLOSED_WITHIN_SECONDS + 10, TimeUnit.SECONDS)).as("slow head").isEqualTo("");
      assertThat(body.get(CLOSED_WITHIN_SECONDS + 10, TimeUnit.SECONDS)).as("stalled body").startsWith("HTTP/1.1 408");
      assertThat(silent.get(CLOSED_WITHIN_SECONDS + 10, TimeUnit.SECONDS)).as("silent connection").isEqualTo("");
      assertThat(c.get(0, "/health").status()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("an official's endpoint with a token that is not an official's is refused before a byte of its body is read")
  void officialsTokenBeforeBody() throws Exception {
    TestElection e = new TestElection();
    try (TestCluster c = new TestCluster(dir, 1, e, 0, 0, 2, limits(100, 50, 64, 60))) {
      SSLSocket s = connect(c, "127.0.0.1");
      s.getOutputStream().write(("POST /api/elections HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
          + "authorization: Bearer not.a.token\r\ncontent-length: 3000000\r\n\r\n{")
          .getBytes(StandardCharsets.ISO_8859_1));
      // the body never comes: the answer must not wait for it (the deadline here is 60 s, then 408)
      assertThat(outcome(s).get(CLOSED_WITHIN_SECONDS + 10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 401");
    }
  }

  @Test
  @DisplayName("the limits come from the config file's snake_case fields, with defaults; a limit below 1 is refused with its name")
  void limitsFromConfig() throws Exception {
    Path f = dir.resolve("node.json");
    Files.writeString(f, "{\"node_id\":\"n1\"}");
    assertThat(NodeConfig.read(f).limits()).isEqualTo(ServerLimits.DEFAULTS);
    Files.writeString(f, "{\"node_id\":\"n1\",\"max_connections\":500,\"max_connections_per_address\":10,"
        + "\"request_timeout_seconds\":8,\"idle_timeout_seconds\":20,\"ballot_queue_limit\":16}");
    assertThat(NodeConfig.read(f).limits()).isEqualTo(new ServerLimits(500, 10, 8, 20, 16));
    Files.writeString(f, "{\"node_id\":\"n1\",\"request_timeout_seconds\":0}");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> NodeConfig.read(f))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("request_timeout_seconds must be positive, got 0");
  }

  @Test
  @DisplayName("past the per-address cap a new connection is closed at once; other addresses are still served, up to the total cap; "
      + "a counted connection stays open across its answers")
  void connectionCaps() throws Exception {
    TestElection e = new TestElection();
    try (TestCluster c = new TestCluster(dir, 1, e, 0, 0, 2, new ServerLimits(5, 3, 60, 60, 64))) {
      // Every connection below stays open until the end (the deadlines here are 60 s), and each is
      // counted when its answers have come, so the node's count is known at every step.
      for (int i = 0; i < 3; i++) {
        counted(c, "127.0.0.2");
      }
      SSLSocket fourth = connect(c, "127.0.0.2");
      fourth.getOutputStream().write("GET /health HTTP/1.1\r\nhost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      assertThat(outcome(fourth).get(CLOSED_WITHIN_SECONDS, TimeUnit.SECONDS)).as("fourth from one address").isEqualTo("");
      counted(c, "127.0.0.3"); // another address is served: 4 open
      counted(c, "127.0.0.4"); // 5 open, the total cap
      SSLSocket sixth = connect(c, "127.0.0.5");
      sixth.getOutputStream().write("GET /health HTTP/1.1\r\nhost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      assertThat(outcome(sixth).get(CLOSED_WITHIN_SECONDS, TimeUnit.SECONDS)).as("past the total cap").isEqualTo("");
    }
  }

  /** A response to one of a flood of requests; status -1 when the server closed the connection instead. */
  private record Answer(int status, String body, String retryAfter) {}

  /** POSTs many envelopes at once; returns the answers in order. */
  private static List<Answer> flood(TestCluster c, String path, List<String> bodies) throws Exception {
    try (HttpClient client = c.client(0)) {
      List<CompletableFuture<Answer>> sent = new ArrayList<>();
      for (String b : bodies) {
        sent.add(client.sendAsync(HttpRequest.newBuilder(URI.create(c.url(0, path))).timeout(Duration.ofSeconds(120))
            .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(b)).build(),
            HttpResponse.BodyHandlers.ofString())
            .handle((r, t) -> r == null ? new Answer(-1, String.valueOf(t), null)
                : new Answer(r.statusCode(), r.body(), r.headers().firstValue("retry-after").orElse(null))));
      }
      List<Answer> out = new ArrayList<>();
      for (var f : sent) {
        out.add(f.get(180, TimeUnit.SECONDS));
      }
      return out;
    }
  }

  private static List<String> validEnvelopes(TestElection e, String prefix, int n) throws Exception {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(e.envelope(e.ballot(prefix + i, i, BallotState.CAST), e.voter(prefix + "voter-" + i)).toString());
    }
    return out;
  }

  @Test
  @DisplayName("past the ballot queue bound a ballot is answered 503 overloaded with Retry-After at once; nothing else fails")
  void shedsLoad() throws Exception {
    TestElection e = new TestElection();
    try (TestCluster c = new TestCluster(dir, 1, e, 0, 0, 1, limits(1000, 500, 1))) {
      String ballots = createAndOpen(c, e);
      int overloaded = 0;
      for (int round = 0; round < 5 && overloaded == 0; round++) {
        for (Answer r : flood(c, ballots, validEnvelopes(e, "shed" + round + "-", 40))) {
          if (r.status() == 503) {
            assertThat(r.body()).contains("\"overloaded\"");
            assertThat(r.retryAfter()).isEqualTo("2");
            overloaded++;
          } else {
            assertThat(r.status()).as(r.body()).isEqualTo(201);
          }
        }
      }
      assertThat(overloaded).isPositive();
      assertThat(c.get(0, "/health").status()).isEqualTo(200);
    }
  }

  /** The node's count of work waiting for a ballot worker, from its metrics (served on the event loop). */
  private static double queueDepth(TestCluster c) throws Exception {
    for (String line : c.get(0, "/metrics").body().split("\n")) {
      if (line.startsWith("evote_work_queue_depth")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no evote_work_queue_depth in /metrics");
  }

  @Test
  @DisplayName("/health and the officials' requests do not wait behind ballots queued for the ballot workers")
  void healthNotBehindBallots() throws Exception {
    TestElection e = new TestElection();
    try (TestCluster c = new TestCluster(dir, 1, e, 0, 0, 1, limits(1000, 900, 10_000, 15))) {
      String ballots = createAndOpen(c, e);
      List<String> bodies = validEnvelopes(e, "q", 400);
      CompletableFuture<List<Answer>> flooding = CompletableFuture.supplyAsync(() -> {
        try {
          return flood(c, ballots, bodies);
        } catch (Exception ex) {
          throw new IllegalStateException(ex);
        }
      });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (queueDepth(c) < 100 && System.nanoTime() < deadline && !flooding.isDone()) {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
      assertThat(queueDepth(c)).as("ballots waiting before /health is asked").isGreaterThanOrEqualTo(100);
      assertThat(c.get(0, "/health").status()).isEqualTo(200);
      TestCluster.Response described = c.postAsOfficial(0, "/api/elections/" + e.id + "/open", "", e);
      assertThat(described.status()).as(described.body()).isLessThan(500);
      assertThat(queueDepth(c)).as("ballots still waiting after /health and an official's request answered").isPositive();
      for (Answer r : flooding.get(300, TimeUnit.SECONDS)) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
      }
    }
  }

  @Test
  @DisplayName("an unknown field in the envelope or anywhere in the ballot is refused with 400 naming it, and nothing of it is stored")
  void unknownFieldsRefused() throws Exception {
    TestElection e = new TestElection();
    try (TestCluster c = new TestCluster(dir, 1, e, 0, 0, 2, ServerLimits.DEFAULTS)) {
      String ballots = createAndOpen(c, e);
      TestElection.Voter v = e.voter("alice");
      EncryptedBallot b = e.ballot("alice-1", 1, BallotState.CAST);

      ObjectNode env = e.envelope(b, v);
      env.put("comment", MARKER + "x".repeat(1000));
      assertRefused(c.post(0, ballots, env.toString(), null), 400, "unknown_field", "comment");

      env = e.envelope(b, v);
      ((ObjectNode) env.get("ballot")).put("note", MARKER);
      assertRefused(c.post(0, ballots, env.toString(), null), 400, "unknown_field", "ballot.note");

      env = e.envelope(b, v);
      ((ObjectNode) env.get("ballot").get("contests").get(0).get("selections").get(1)).put("x", MARKER);
      assertRefused(c.post(0, ballots, env.toString(), null), 400, "unknown_field", "ballot.contests[0].selections[1].x");

      env = e.envelope(b, v);
      ((ObjectNode) env.get("ballot").get("contests").get(0).get("proof").get("proofs").get(0)).put("x", MARKER);
      assertRefused(c.post(0, ballots, env.toString(), null), 400, "unknown_field", "ballot.contests[0].proof.proofs[0].x");

      // the same ballot without the padding is taken: none of its keys were claimed before
      TestCluster.Response ok = c.post(0, ballots, e.envelope(b, v).toString(), null);
      assertThat(ok.status()).as(ok.body()).isEqualTo(201);
      assertNothingStored(c, e);
    }
  }

  private static void assertRefused(TestCluster.Response r, int status, String reason, String inMessage) throws Exception {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    JsonNode body = TestElection.JSON.readTree(r.body());
    assertThat(body.path("error").asText()).as(r.body()).isEqualTo(reason);
    assertThat(body.path("message").asText()).as(r.body()).contains(inMessage);
  }

  /** The marker is in neither the node's log nor its board. */
  private void assertNothingStored(TestCluster c, TestElection e) throws Exception {
    byte[] log = Files.readAllBytes(dir.resolve("node1").resolve("ballot.log"));
    assertThat(new String(log, StandardCharsets.ISO_8859_1)).doesNotContain(MARKER);
    assertThat(c.get(0, "/api/elections/" + e.id + "/board?limit=1000").body()).doesNotContain(MARKER);
  }

  @Test
  @DisplayName("a ballot with more contests, selections or proof pairs than its style allows, or a string longer than any legal one, "
      + "is refused as ballot_shape before a point is decoded; a body past the election's largest envelope gets 413")
  void shapeBeforeDecoding() throws Exception {
    TestElection e = new TestElection();
    try (TestCluster c = new TestCluster(dir, 1, e, 0, 0, 2, ServerLimits.DEFAULTS)) {
      String ballots = createAndOpen(c, e);
      TestElection.Voter v = e.voter("bob");
      EncryptedBallot b = e.ballot("bob-1", 2, BallotState.CAST);
      String invalidPoint = java.util.Base64.getEncoder().encodeToString(new byte[33]);

      // extra contests made of points that do not decode: the shape is refused, not the points
      ObjectNode env = e.envelope(b, v);
      ArrayNode contests = (ArrayNode) env.get("ballot").get("contests");
      for (int i = 0; i < 5; i++) {
        ObjectNode extra = contests.get(0).deepCopy();
        ((ObjectNode) extra.get("selections").get(0).get("encrypted_vote")).put("pad", invalidPoint);
        contests.add(extra);
      }
      assertRefused(c.post(0, ballots, env.toString(), null), 400, "ballot_shape", "ballot.contests has 6 entries");

      env = e.envelope(b, v);
      ArrayNode selections = (ArrayNode) env.get("ballot").get("contests").get(0).get("selections");
      ObjectNode bad = selections.get(0).deepCopy();
      ((ObjectNode) bad.get("encrypted_vote")).put("pad", invalidPoint);
      for (int i = 0; i < 20; i++) {
        selections.add(bad.deepCopy());
      }
      assertRefused(c.post(0, ballots, env.toString(), null), 400, "ballot_shape", "ballot.contests[0].selections has");

      env = e.envelope(b, v);
      ArrayNode pairs = (ArrayNode) env.get("ballot").get("contests").get(0).get("selections").get(0).get("proof").get("proofs");
      for (int i = 0; i < 20; i++) {
        pairs.add(pairs.get(0).deepCopy());
      }
      assertRefused(c.post(0, ballots, env.toString(), null), 400, "ballot_shape", "proof.proofs has 22 entries");

      env = e.envelope(b, v);
      ((ObjectNode) env.get("ballot")).put("encrypting_device", MARKER + "d".repeat(10_000));
      assertRefused(c.post(0, ballots, env.toString(), null), 400, "ballot_shape", "ballot.encrypting_device is");

      env = e.envelope(b, v);
      ((ObjectNode) env.get("ballot").get("contests").get(0).get("selections").get(0).get("encrypted_vote"))
          .put("pad", "A".repeat(5000));
      assertRefused(c.post(0, ballots, env.toString(), null), 400, "ballot_shape", "encrypted_vote.pad is 5000 characters");

      // a 1 MiB envelope (the old limit was 4 MiB): refused before it is buffered in full
      env = e.envelope(b, v);
      ((ObjectNode) env.get("ballot")).put("encrypting_device", "d".repeat(1 << 20));
      TestCluster.Response big = c.post(0, ballots, env.toString(), null);
      assertThat(big.status()).as(big.body()).isEqualTo(413);
      assertThat(big.body()).contains("body_too_large");

      TestCluster.Response ok = c.post(0, ballots, e.envelope(b, v).toString(), null);
      assertThat(ok.status()).as(ok.body()).isEqualTo(201);
      assertNothingStored(c, e);
    }
  }

  @Test
  @DisplayName("while stalled connections hang and a voter's token floods oversized and padded envelopes, a real voter's ballot is "
      + "acknowledged, /health answers, the stalled connections are closed and nothing wrongful is stored")
  void floodWhileVoting() throws Exception {
    TestElection e = new TestElection();
    try (TestCluster c = new TestCluster(dir, 1, e, 0, 0, 2, limits(1000, 200, 64, 15))) {
      String ballots = createAndOpen(c, e);
      List<CompletableFuture<String>> stalled = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        stalled.add(slowHeaders(c, ballots));
        stalled.add(stalledBody(c, ballots));
      }
      TestElection.Voter mallory = e.voter("mallory");
      List<String> junk = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ObjectNode big = e.envelope(e.ballot("m-big-" + i, i, BallotState.CAST), mallory);
        ((ObjectNode) big.get("ballot")).put("encrypting_device", MARKER + "d".repeat(3_800_000));
        junk.add(big.toString());
        ObjectNode padded = e.envelope(e.ballot("m-pad-" + i, i, BallotState.CAST), mallory);
        padded.put("comment", MARKER + "c".repeat(10_000));
        junk.add(padded.toString());
      }
      CompletableFuture<List<Answer>> flooding = CompletableFuture.supplyAsync(() -> {
        try {
          return flood(c, ballots, junk);
        } catch (Exception ex) {
          throw new IllegalStateException(ex);
        }
      });

      TestElection.Voter carol = e.voter("carol");
      EncryptedBallot real = e.ballot("carol-1", 3, BallotState.CAST);
      TestCluster.Response cast = c.post(0, ballots, e.envelope(real, carol).toString(), null);
      assertThat(cast.status()).as(cast.body()).isEqualTo(201);
      assertThat(TestElection.JSON.readTree(cast.body()).get("confirmation_code").asText())
          .isEqualTo(real.confirmationCode().toHex());
      assertThat(c.get(0, "/health").status()).isEqualTo(200);

      List<Answer> answers = flooding.get(300, TimeUnit.SECONDS);
      for (int i = 0; i < answers.size(); i++) {
        Answer r = answers.get(i);
        if (i % 2 == 0) {
          // 3.8 MB: 413 at once from its content-length; or, if its upload outlasts the request
          // deadline, the connection closed
          assertThat(r.status()).as(r.body()).isIn(413, -1);
        } else {
          assertThat(r.status()).as(r.body()).isEqualTo(400);
          assertThat(r.body()).contains("unknown_field");
        }
      }
      for (CompletableFuture<String> s : stalled) {
        assertThat(s.get(CLOSED_WITHIN_SECONDS + 10, TimeUnit.SECONDS)).isNotEqualTo("still open");
      }
      assertNothingStored(c, e);
      JsonNode board = TestElection.JSON.readTree(c.get(0, "/api/elections/" + e.id + "/board?limit=1000").body());
      assertThat(board.toString()).contains(real.confirmationCode().toHex()).doesNotContain("m-big-").doesNotContain("m-pad-");
    }
  }
}

package org.evote.ballotserver;

import org.evote.ballotserver.http.ServerLimits;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.evote.crypto.casting.EcKeys;

/** Real nodes on loopback, with real TLS and a real Hazelcast cluster of a unique name. */
final class TestCluster implements AutoCloseable {
  final List<BallotNode> nodes = new ArrayList<>();
  final List<NodeConfig> configs = new ArrayList<>();
  final Path dir;
  final String officialsKey;

  /** A response: status and body. */
  record Response(int status, String body, java.net.http.HttpHeaders headers) {
    String retryAfter() {
      return headers.firstValue("retry-after").orElse(null);
    }
  }

  TestCluster(Path dir, int size, TestElection election) throws Exception {
    this(dir, size, election, NodeConfig.DEFAULT_ADDRESS_RATE_LIMIT);
  }

  /** Nodes allowing {@code addressRateLimit} requests per second per client address (0 = off). */
  TestCluster(Path dir, int size, TestElection election, int addressRateLimit) throws Exception {
    this(dir, size, election, addressRateLimit, NodeConfig.DEFAULT_VOTER_RATE_LIMIT);
  }

  /** Nodes with both limits given (0 = off). */
  TestCluster(Path dir, int size, TestElection election, int addressRateLimit, int voterRateLimit) throws Exception {
    this(dir, size, election, addressRateLimit, voterRateLimit, 2, ServerLimits.DEFAULTS);
  }

  /** Nodes with both rate limits, {@code workerThreads} ballot workers and the given connection limits. */
  TestCluster(Path dir, int size, TestElection election, int addressRateLimit, int voterRateLimit, int workerThreads,
      ServerLimits limits) throws Exception {
    this.dir = dir;
    this.officialsKey = EcKeys.publicKeyBase64(election.idp.getPublic());
    String cluster = "evote-test-" + UUID.randomUUID();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports.add(freePort());
    }
    List<String> members = new ArrayList<>();
    if (size > 1) {
      ports.forEach(p -> members.add("127.0.0.1:" + p));
    }
    for (int i = 0; i < size; i++) {
      configs.add(new NodeConfig("node" + (i + 1), dir.resolve("node" + (i + 1)), "127.0.0.1", 0, cluster,
          ports.get(i), members, false, officialsKey, workerThreads, addressRateLimit, voterRateLimit, null, limits));
    }
    List<io.vertx.core.Future<BallotNode>> starting = new ArrayList<>();
    for (NodeConfig c : configs) {
      starting.add(BallotNode.start(c));
    }
    // A member that cannot start fails the cluster at once, instead of leaving the others waiting for it.
    io.vertx.core.Future.all(starting).await();
    for (var f : starting) {
      nodes.add(f.await());
    }
  }

  static int freePort() throws IOException {
    return org.evote.ballotserver.cluster.MemberPorts.free();
  }

  /** Trusts every node's self-signed certificate. */
  SSLContext sslContext() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    for (BallotNode n : nodes) {
      try (InputStream in = Files.newInputStream(n.tls().certificatePem())) {
        trust.setCertificateEntry(n.nodeId(), cf.generateCertificate(in));
      }
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }

  /**
   * The loopback address clients connect from; null for the default. The nodes rate-limit per
   * client address, so a test that sends many requests spreads them over 127.0.0.x addresses.
   */
  volatile InetAddress localAddress;

  HttpClient client(int node) throws Exception {
    HttpClient.Builder b = HttpClient.newBuilder().sslContext(sslContext()).connectTimeout(Duration.ofSeconds(10));
    if (localAddress != null) {
      b.localAddress(localAddress);
    }
    return b.build();
  }

  String url(int node, String path) {
    return "https://127.0.0.1:" + nodes.get(node).httpPort() + path;
  }

  Response post(int node, String path, String body, String bearer) throws Exception {
    return post(node, path, body, bearer, "application/json");
  }

  Response post(int node, String path, String body, String bearer, String contentType) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(node, path)))
        .timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("content-type", contentType);
    }
    if (bearer != null) {
      b.header("authorization", "Bearer " + bearer);
    }
    try (HttpClient c = client(node)) {
      HttpResponse<String> r = c.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r.headers());
    }
  }

  /** Creates and opens the election through node 0, as its officials would; returns its API path. */
  String createAndOpen(TestElection e) throws Exception {
    String base = "/api/elections/" + e.id;
    Response created = postAsOfficial(0, "/api/elections", e.definition(), e);
    Response opened = created.status() == 201 ? postAsOfficial(0, base + "/open", "", e) : created;
    if (opened.status() != 200) {
      throw new AssertionError("creating and opening the election failed: " + opened.body());
    }
    return base;
  }

  /** POSTs as an official would: the bearer token is the official's signed request for exactly this action. */
  Response postAsOfficial(int node, String path, String body, TestElection signer) throws Exception {
    return post(node, path, body, signer.official(path, body));
  }

  /**
   * An official's state change ({@code …/open} or {@code …/close}) as the office's CLI makes it:
   * a 503 {@code cluster_unavailable} (nothing acknowledged: a loaded machine can miss a backup's
   * acknowledgement) is tried again on the next node; a retry that finds the change already made
   * ({@code invalid_transition} to the state asked) counts as done.
   */
  Response transitionAsOfficial(int node, String path, TestElection signer) throws Exception {
    String state = "close".equals(path.substring(path.lastIndexOf('/') + 1)) ? "CLOSED" : "OPEN";
    Response r = null;
    for (int attempt = 0; attempt < nodes.size() * 2; attempt++) {
      r = postAsOfficial((node + attempt) % nodes.size(), path, "", signer);
      if (r.status() == 409 && attempt > 0 && r.body().contains("cannot go from " + state + " to " + state)) {
        return new Response(200, r.body(), r.headers());
      }
      if (r.status() != 503 || !r.body().contains("cluster_unavailable")) {
        return r;
      }
    }
    return r;
  }

  Response get(int node, String path) throws Exception {
    try (HttpClient c = client(node)) {
      HttpResponse<String> r = c.send(
          HttpRequest.newBuilder(URI.create(url(node, path))).timeout(Duration.ofSeconds(60)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r.headers());
    }
  }

  /** Stops node i (its data directory stays). */
  void stop(int i) {
    nodes.get(i).stop().await();
  }

  /** Starts node i again on the same configuration: data directory, cluster name and ports. */
  void start(int i) {
    nodes.set(i, BallotNode.start(configs.get(i)).await());
  }

  @Override
  public void close() {
    for (BallotNode n : nodes) {
      try {
        n.stop().await();
      } catch (Exception ignored) {
        // best effort in tests
      }
    }
  }
}

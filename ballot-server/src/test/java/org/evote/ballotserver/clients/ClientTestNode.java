package org.evote.ballotserver.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.evote.ballotserver.BallotNode;
import org.evote.ballotserver.NodeConfig;
import org.evote.ballotserver.auth.TokenIssuer;
import org.evote.ballotserver.idp.IdpCommand;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.testing.Workloads;

/**
 * One real ballot-server node on loopback (or a cluster of several, each with a certificate of
 * its own) with its own self-signed TLS certificate and a single-guardian P-256 W1 election,
 * created and opened through the officials' API on the first node, for the clients' end-to-end
 * tests. The guardian's secret is known here so that a test can decrypt the tally of what the
 * clients cast.
 */
final class ClientTestNode implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  final Group group = Groups.p256();
  final Manifest manifest;
  final SecretScalar secret = SecretScalar.of(group.randomScalar(new SecureRandom()));
  final Workloads.SingleGuardian setup;
  final RecordCodec codec = new RecordCodec(group);
  final KeyPair idp = EcKeys.generate();
  final TokenIssuer issuer = new TokenIssuer(idp, "test-idp");
  final String electionId;
  /** The election's configuration: the setup's, with chain_confirmation_codes as asked. */
  final org.evote.crypto.election.ElectionConfig config;
  final Path dir;
  final List<BallotNode> nodes = new ArrayList<>();
  final BallotNode node;
  final HttpClient http;
  final org.evote.crypto.record.EvoteLabelsJson.Labels labels;
  /** How voters sign in through an OpenID Connect provider, or null when they bring credential files. */
  final SignIn signIn;

  /**
   * A roll for a test election and, when {@code config} is not null, sign-in through that
   * provider: the roll is then by the provider's claim value (the node's roll holds their
   * pseudonyms under {@link #idp}, which is then the nodes' credential key); else by voter id.
   */
  record SignIn(org.evote.ballotserver.auth.SignInConfig config, java.util.Map<String, String> rollByClaim) {
    java.util.Map<String, String> roll(String electionId, KeyPair credentialKey) {
      if (config == null) {
        return rollByClaim;
      }
      var pseudonyms = org.evote.ballotserver.auth.Pseudonyms.of(credentialKey.getPrivate());
      java.util.Map<String, String> out = new java.util.HashMap<>();
      rollByClaim.forEach((claim, style) -> out.put(pseudonyms.pseudonym(electionId, config.issuer(), claim), style));
      return out;
    }
  }

  record Response(int status, JsonNode json) {}

  ClientTestNode(Path dir) throws Exception {
    this(dir, 1);
  }

  /** {@code size} nodes in one cluster; the election is created and opened on the first. */
  ClientTestNode(Path dir, int size) throws Exception {
    this(dir, size, Workloads.w1(), false, null, null);
  }

  /** The same, the election created with labels in several languages (null for none). */
  ClientTestNode(Path dir, int size, org.evote.crypto.record.EvoteLabelsJson.Labels labels) throws Exception {
    this(dir, size, Workloads.w1(), false, labels, null);
  }

  /**
   * {@code size} nodes in one cluster and an election of {@code manifest} (its first contest is
   * the one {@link #exportAndTally} adds up; its ballot style {@link Workloads#STYLE} the voters').
   */
  ClientTestNode(Path dir, int size, Manifest manifest) throws Exception {
    this(dir, size, manifest, false, null, null);
  }

  /**
   * {@code size} nodes in one cluster and an election that chains confirmation codes (spec §3.4.3,
   * with an empty B_aux,0) when {@code chained}; created and opened on the first node.
   */
  ClientTestNode(Path dir, int size, boolean chained) throws Exception {
    this(dir, size, Workloads.w1(), chained, null, null);
  }

  /**
   * The general form: {@code signIn}, when not null, makes voters sign in through an OpenID
   * Connect provider; its credential key then signs the voters' tokens instead of {@link #idp}.
   */
  ClientTestNode(Path dir, int size, Manifest manifest, boolean chained, org.evote.crypto.record.EvoteLabelsJson.Labels labels,
      SignIn signIn) throws Exception {
    this.dir = dir;
    this.manifest = manifest;
    this.labels = labels;
    this.signIn = signIn;
    this.setup = Workloads.singleGuardian(group, manifest, secret, new SecureRandom());
    this.electionId = setup.initialized().extendedBaseHash().toHex();
    var c = setup.config();
    this.config = new org.evote.crypto.election.ElectionConfig(c.configVersion(), c.numberOfGuardians(), c.quorum(),
        c.parameterBaseHash(), c.manifestHash(), c.electionBaseHash(), chained,
        chained ? org.evote.crypto.hash.ByteString.EMPTY : c.baux0(), c.metadata());
    List<Integer> clusterPorts = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      clusterPorts.add(org.evote.ballotserver.cluster.MemberPorts.free());
    }
    List<String> members = size == 1 ? List.of() : clusterPorts.stream().map(p -> "127.0.0.1:" + p).toList();
    String cluster = "evote-clients-" + UUID.randomUUID();
    List<io.vertx.core.Future<BallotNode>> starting = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      NodeConfig nc = new NodeConfig("node" + (i + 1), dir.resolve("node" + (i + 1)), "127.0.0.1", 0, cluster,
          clusterPorts.get(i), members, false, EcKeys.publicKeyBase64(idp.getPublic()), 2);
      if (signIn != null && signIn.config() != null) {
        Path key = dir.resolve("credential-key-" + (i + 1));
        EcKeys.store(key, idp);
        nc = nc.withCredentialKey(key);
      }
      starting.add(BallotNode.start(nc));
    }
    for (var f : starting) {
      nodes.add(f.await());
    }
    this.node = nodes.get(0);
    this.http = HttpClient.newBuilder().sslContext(trusting(nodes.stream().map(n -> n.tls().certificatePem()).toList()))
        .connectTimeout(Duration.ofSeconds(10)).build();
    Response created = post("/api/elections", definition(), true);
    if (created.status() != 201) {
      throw new IllegalStateException("election not created: " + created.json());
    }
    Response opened = post("/api/elections/" + electionId + "/open", "", true);
    if (opened.status() != 200) {
      throw new IllegalStateException("election not opened: " + opened.json());
    }
  }

  private String definition() {
    return org.evote.ballotserver.election.LoadedElection.definition(group, manifest, config, setup.initialized(),
        idp.getPublic(), labels, signIn == null ? null : signIn.config(), signIn == null ? null : signIn.roll(electionId, idp));
  }

  /** The pseudonym a voter signing in with this claim value has in this election (its roll, its record). */
  String pseudonym(String claimValue) {
    return org.evote.ballotserver.auth.Pseudonyms.of(idp.getPrivate()).pseudonym(electionId, signIn.config().issuer(), claimValue);
  }

  String url() {
    return url(0);
  }

  String url(int i) {
    return "https://127.0.0.1:" + nodes.get(i).httpPort();
  }

  /** The node's certificate as PEM, the file a voter passes to --trust. */
  Path certificate() {
    return node.tls().certificatePem();
  }

  /**
   * Base64 SHA-256 of each node's certificate's public key, comma-separated, for Chromium's
   * --ignore-certificate-errors-spki-list.
   */
  String spkiPin() throws Exception {
    List<String> pins = new ArrayList<>();
    for (BallotNode n : nodes) {
      try (InputStream in = Files.newInputStream(n.tls().certificatePem())) {
        X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        pins.add(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(c.getPublicKey().getEncoded())));
      }
    }
    return String.join(",", pins);
  }

  /** A voter's credentials file, as ./evote idp issue writes it. */
  Path credentials(String voter, Instant expiry) throws Exception {
    ObjectNode c = IdpCommand.credentials(issuer, voter, electionId, Workloads.STYLE, expiry);
    Path f = dir.resolve(voter + ".json");
    Files.write(f, JSON.writeValueAsBytes(c));
    return f;
  }

  Path credentials(String voter) throws Exception {
    return credentials(voter, Instant.now().plus(Duration.ofHours(1)));
  }

  Response get(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), JSON.readTree(r.body()));
  }

  Response post(String path, String body, boolean official) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (official) {
      b.header("authorization", "Bearer " + org.evote.ballotserver.Officials.requestFor(issuer, path, body));
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), JSON.readTree(r.body()));
  }

  /** A ballot's state by its confirmation code. */
  JsonNode status(String code) throws Exception {
    Response r = get("/api/elections/" + electionId + "/ballots/" + code);
    if (r.status() != 200) {
      throw new IllegalStateException("no status for " + code + ": " + r.json());
    }
    return r.json();
  }

  /** Every board entry of this node. */
  List<JsonNode> board() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    get("/api/elections/" + electionId + "/board?from=0&limit=1000").json().path("entries").forEach(out::add);
    return out;
  }

  /** Closes the election and exports its record as an official (both must succeed); returns the record's folder. */
  Path closeAndExport() throws Exception {
    assertThat(post("/api/elections/" + electionId + "/close", "", true).status()).isEqualTo(200);
    Response r = post("/api/elections/" + electionId + "/export", "", true);
    assertThat(r.status()).as(r.json().toString()).isEqualTo(200);
    return Path.of(r.json().get("record").asText());
  }

  /** The W1 tally with {@code counts[i]} votes for option i + 1 (contest1-selection1 to contest1-selection4). */
  static Map<String, Integer> w1Tally(int... counts) {
    Map<String, Integer> tally = new TreeMap<>();
    for (int i = 0; i < counts.length; i++) {
      tally.put("contest1-selection" + (i + 1), counts[i]);
    }
    return tally;
  }

  /**
   * Exports the record, adds up the counted ballots (evote/policy.json) and decrypts each option's
   * total with the guardian's secret s: T = B / A^s = K^t, t found by search (spec §3.6).
   *
   * @return selection id to its decrypted total
   */
  Map<String, Integer> exportAndTally() throws Exception {
    Response r = post("/api/elections/" + electionId + "/export", "", true);
    if (r.status() != 200) {
      throw new IllegalStateException("export failed: " + r.json());
    }
    Path record = Path.of(r.json().get("record").asText());
    List<String> counted = new ArrayList<>();
    JSON.readTree(record.resolve("evote/policy.json").toFile()).path("counted").forEach(n -> counted.add(n.asText()));
    Map<String, Ciphertext> sums = new TreeMap<>();
    try (Stream<Path> files = Files.walk(record)) {
      for (Path p : files.filter(f -> f.getFileName().toString().startsWith("eballot-")).toList()) {
        EncryptedBallot b = codec.parseEncryptedBallot(Files.readAllBytes(p), p.toString()).orElseThrow();
        if (!counted.contains(b.ballotId())) {
          continue;
        }
        for (EncryptedBallot.Contest c : b.contests()) {
          for (EncryptedBallot.Selection s : c.selections()) {
            sums.merge(s.selectionId(), s.encryptedVote(), Ciphertext::multiply);
          }
        }
      }
    }
    Scalar s = secret.unwrapSecret();
    Element k = setup.election().jointKey().element();
    Map<String, Integer> tally = new TreeMap<>();
    for (Manifest.Selection sel : manifest.contests().get(0).selections()) {
      Ciphertext ct = sums.get(sel.selectionId());
      int t = 0;
      if (ct != null) {
        Element kt = group.divide(ct.data(), group.exp(ct.pad(), s));
        Element acc = group.identity();
        while (!acc.equals(kt)) {
          acc = group.multiply(acc, k);
          t++;
          if (t > 1000) {
            throw new IllegalStateException("no total found for " + sel.selectionId());
          }
        }
      }
      tally.put(sel.selectionId(), t);
    }
    return tally;
  }

  private static SSLContext trusting(List<Path> pems) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    for (int i = 0; i < pems.size(); i++) {
      try (InputStream in = Files.newInputStream(pems.get(i))) {
        store.setCertificateEntry("node" + i, CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }

  /** Stops node {@code i} (its port closes; the others keep a majority while two of three run). */
  void stop(int i) {
    try {
      nodes.get(i).stop().await();
    } catch (Exception ignored) {
      // best effort in tests
    }
  }

  @Override
  public void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      stop(i);
    }
  }
}

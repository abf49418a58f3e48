package org.evote.benchmarks;

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
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.evote.crypto.casting.CastEnvelope;
import org.evote.crypto.casting.EcKeys;
import org.evote.ballotserver.election.LoadedElection;
import org.evote.ballotserver.auth.TokenIssuer;
import org.evote.ballotserver.idp.IdpCommand;
import org.evote.crypto.election.BallotEncryptor;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.record.StrictJson;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.testing.Workloads;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evote load}: creates a fresh W1 (or W2) election on a running cluster, pre-generates the
 * signed envelopes of N voters before the timed window, then submits them with C concurrent
 * clients spread over the nodes, retrying on another node when one does not answer. Prints
 * throughput, p50/p95/p99 latency and errors by reason.
 */
@Command(name = "load", mixinStandardHelpOptions = true, description = "Cluster load generator.")
public final class LoadGenerator implements Callable<Integer> {
  static final ObjectMapper JSON = StrictJson.mapper();

  @Option(names = "--nodes", required = true, split = ",", description = "Node base URLs, e.g. https://127.0.0.1:8443")
  List<String> nodes;

  @Option(names = "--trust", split = ",", description = "PEM certificates of the nodes to trust.")
  List<Path> trust = List.of();

  @Option(names = "--officials-key", required = true, description = "Key file that signs officials' tokens (for a dev node: <data-dir>/officials-idp.key).")
  Path officialsKey;

  @Option(names = "--ballots", defaultValue = "1000", description = "Ballots to cast (default ${DEFAULT-VALUE}).")
  int ballots;

  @Option(names = "--concurrency", defaultValue = "16", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--workload", defaultValue = "W1", description = "W1 or W2 (default ${DEFAULT-VALUE}).")
  String workload;

  @Option(names = "--warmup", defaultValue = "0",
      description = "Ballots of other voters sent before the timed window, so that the nodes' JIT compilers finish "
          + "their work first; their outcomes are reported apart (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the voters' choices.")
  long seed;

  @Option(names = "--json", description = "Write the results as JSON to this file.")
  Path jsonOut;

  static int run(String[] args) {
    return new CommandLine(new LoadGenerator()).execute(args);
  }

  /** The results of a run. */
  public record Result(int sent, int accepted, double seconds, double perSecond, long p50, long p95, long p99,
      Map<String, Integer> errors, List<String> acceptedCodes) {}

  @Override
  public Integer call() throws Exception {
    if (ballots < 1 || concurrency < 1 || warmup < 0) {
      System.err.println("load: --ballots and --concurrency must be at least 1, --warmup at least 0");
      return 2;
    }
    Result r = run();
    System.out.printf("sent %d, accepted %d in %.1f s: %.1f ballots/s; latency p50 %d ms, p95 %d ms, p99 %d ms%n",
        r.sent(), r.accepted(), r.seconds(), r.perSecond(), r.p50(), r.p95(), r.p99());
    r.errors().forEach((k, v) -> System.out.printf("  rejected %-28s %d%n", k, v));
    if (jsonOut != null) {
      Files.write(jsonOut, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(JSON.valueToTree(r)));
    }
    return r.accepted() == r.sent() ? 0 : 1;
  }

  /** Runs the load and returns the results. */
  public Result run() throws Exception {
    HttpClient http = client(trust);
    KeyPair officials = EcKeys.loadOrCreate(officialsKey);
    TokenIssuer issuer = new TokenIssuer(officials, "evote-load");
    Group group = Groups.p256();
    SecureRandom random = new SecureRandom();
    Manifest manifest = "W2".equals(workload) ? Workloads.w2() : Workloads.w1();
    Workloads.SingleGuardian setup = Workloads.singleGuardian(group, manifest, SecretScalar.of(group.randomScalar(random)), random);
    RecordCodec codec = new RecordCodec(group);
    String def = LoadedElection.definition(group, manifest, setup.config(), setup.initialized(), officials.getPublic());
    String eid = setup.initialized().extendedBaseHash().toHex();
    Instant exp = Instant.now().plus(Duration.ofMinutes(15));
    expect(send(http, nodes.get(0) + "/api/elections", def, issuer.officialToken("load-generator", eid, "create", null, exp)),
        201, "create the election");
    expect(send(http, nodes.get(0) + "/api/elections/" + eid + "/open", "",
        issuer.officialToken("load-generator", eid, "open", null, exp)), 200, "open the election");

    BallotEncryptor encryptor = new BallotEncryptor(setup.election());
    Random choices = new Random(seed);
    int total = warmup + ballots;
    List<String> envelopes = new ArrayList<>(total);
    try (ProgressBar pb = bar("preparing envelopes", total)) {
      for (int i = 0; i < total; i++) {
        String voter = i < warmup ? "warmup-" + i : "voter-" + (i - warmup);
        ObjectNode cred = IdpCommand.credentials(issuer, voter, eid, Workloads.STYLE, Instant.now().plus(Duration.ofHours(2)));
        PrivateKey key = EcKeys.parsePrivateKey(cred.get("private_key").asText()).orElseThrow();
        EncryptedBallot b = encryptor.encrypt(Workloads.randomBallot(manifest, Workloads.STYLE, "b-" + i, choices),
            BallotNonce.random(random), ByteString.EMPTY, "load", Instant.now().getEpochSecond()).withState(BallotState.CAST);
        envelopes.add(CastEnvelope.of(codec, b, cred.get("token").asText(), key).toString());
        pb.step();
      }
    }
    if (warmup > 0) {
      Result w = cast(http, eid, envelopes.subList(0, warmup), "warm-up");
      System.out.printf("warm-up: %d of %d accepted in %.1f s (%.1f ballots/s), not counted below%n",
          w.accepted(), w.sent(), w.seconds(), w.perSecond());
    }
    return cast(http, eid, envelopes.subList(warmup, total), "casting");
  }

  /** Sends the envelopes with the configured concurrency and measures each one's latency. */
  private Result cast(HttpClient http, String eid, List<String> envelopes, String task) throws InterruptedException {
    int n = envelopes.size();
    AtomicLongArray latency = new AtomicLongArray(n);
    Map<String, Integer> errors = new ConcurrentHashMap<>();
    List<String> codes = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger next = new AtomicInteger();
    AtomicInteger accepted = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    try (ProgressBar pb = bar(task, n)) {
      for (int c = 0; c < concurrency; c++) {
        final int client = c;
        pool.submit(() -> {
          int i;
          while ((i = next.getAndIncrement()) < n) {
            long t0 = System.nanoTime();
            String outcome = castWithRetry(http, eid, envelopes.get(i), client + i);
            latency.set(i, (System.nanoTime() - t0) / 1_000_000);
            if (outcome.startsWith("ok:")) {
              accepted.incrementAndGet();
              codes.add(outcome.substring(3));
            } else {
              errors.merge(outcome, 1, Integer::sum);
            }
            pb.step();
          }
          return null;
        });
      }
      pool.shutdown();
      pool.awaitTermination(2, TimeUnit.HOURS);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] sorted = new long[n];
    for (int i = 0; i < n; i++) {
      sorted[i] = latency.get(i);
    }
    java.util.Arrays.sort(sorted);
    return new Result(n, accepted.get(), seconds, accepted.get() / seconds,
        pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), new TreeMap<>(errors), List.copyOf(codes));
  }

  private String castWithRetry(HttpClient http, String eid, String envelope, int start) {
    String last = "unreachable";
    for (int attempt = 0; attempt < 3 * nodes.size(); attempt++) {
      String node = nodes.get((start + attempt) % nodes.size());
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node + "/api/elections/" + eid + "/ballots"))
            .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(envelope)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        if (r.statusCode() == 201 || r.statusCode() == 200) {
          return "ok:" + body.path("confirmation_code").asText();
        }
        last = body.path("error").asText("http_" + r.statusCode());
        if (r.statusCode() < 500 && r.statusCode() != 429) {
          return last;
        }
      } catch (java.io.IOException e) {
        last = "unreachable";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
    return last;
  }

  private static long pct(long[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  /** A progress bar on stderr. */
  static ProgressBar bar(String task, int n) {
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(n).setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
  }

  private static String send(HttpClient http, String url, String body, String bearer) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("content-type", "application/json").header("authorization", "Bearer " + bearer)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  private static void expect(String response, int status, String what) {
    if (!response.startsWith(status + " ")) {
      throw new IllegalStateException("could not " + what + ": " + response);
    }
  }

  /** An HTTP client trusting the given PEM certificates (and the default trust store if none). */
  public static HttpClient client(List<Path> pems) throws Exception {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (!pems.isEmpty()) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      int i = 0;
      for (Path p : pems) {
        try (InputStream in = Files.newInputStream(p)) {
          ks.setCertificateEntry("node" + i++, cf.generateCertificate(in));
        }
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      b.sslContext(ssl);
    }
    return b.build();
  }
}

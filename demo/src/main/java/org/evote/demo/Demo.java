package org.evote.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.evote.ballotserver.BallotNode;
import org.evote.ballotserver.NodeConfig;
import org.evote.ballotserver.auth.TokenIssuer;
import org.evote.ballotserver.idp.IdpCommand;
import org.evote.benchmarks.LoadGenerator;
import org.evote.crypto.casting.CastEnvelope;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.election.BallotEncryptor;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.election.ElectionInitialized;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.election.PlaintextBallot;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.record.StrictJson;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.testing.Workloads;
import org.evote.tally.Checked;
import org.evote.tally.aggregate.PolicyFileCountingPolicy;
import org.evote.tally.aggregate.Progress;
import org.evote.tally.decrypt.DecryptingShare;
import org.evote.tally.guardian.GuardianState;
import org.evote.tally.keyceremony.CeremonyParameters;
import org.evote.tally.keyceremony.InProcessKeyCeremony;
import org.evote.tally.record.OpenRecord;
import org.evote.tally.record.TallyCeremony;
import org.evote.tally.transport.InMemoryTransport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The project's main job: a complete election on this machine. It starts a 3-node cluster on
 * loopback, creates an election (a W1 referendum on every ballot and a W2-style ballot style),
 * holds a 5-guardian quorum-3 key ceremony, issues tokens, casts every voter's ballot through
 * the real HTTPS API (with re-votes, challenged ballots and in-person overrides), closes the
 * election, exports the record, tallies with two guardians absent, and verifies the record. It
 * exits 0 only when the verifier passes and the tally equals the plaintext votes.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run a complete election end to end on this machine.")
public final class Demo implements Callable<Integer> {
  static final ObjectMapper JSON = StrictJson.mapper();

  @Option(names = "--voters", defaultValue = "1000", description = "Voters (default ${DEFAULT-VALUE}).")
  int voters;

  @Option(names = "--revotes", defaultValue = "50", description = "Voters who vote again (default ${DEFAULT-VALUE}).")
  int revotes;

  @Option(names = "--challenges", defaultValue = "20", description = "Challenged ballots (default ${DEFAULT-VALUE}).")
  int challenges;

  @Option(names = "--in-person", defaultValue = "10", description = "Voters overridden by an in-person vote (default ${DEFAULT-VALUE}).")
  int inPerson;

  @Option(names = "--general-share", defaultValue = "0.2", description = "Share of voters with the W2-style ballot (default ${DEFAULT-VALUE}).")
  double generalShare;

  @Option(names = "--dir", description = "Where to put the cluster's data and the record (default: a new folder under ./evote-demo).")
  Path dir;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the voters' choices (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--keep-running", description = "After the election, keep the cluster running (until Ctrl-C) so that "
      + "a person can look at the public site and the voter page in a browser.")
  boolean keepRunning;

  /** The public site's address for this run's election, once the election is open. */
  private String siteAddress;

  @Option(names = "--concurrency", defaultValue = "16", description = "Concurrent clients casting (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--chain-codes", description = "Chain the confirmation codes (ElectionGuard 2.0 §3.4.3): each voter's "
      + "session is a device whose ballots (a challenged one, then the cast one) form a chain; a re-vote is a new session.")
  boolean chainCodes;

  @Option(names = "--oidc", description = "The voters sign in through a real OpenID Connect provider, as in a real "
      + "election: Keycloak (unpacked by the build beside the demo's jar) starts on loopback with a realm holding the "
      + "voters, the election names it and carries the roll, and each voter signs in with the device grant of "
      + "./evote vote --sign-in, approved on Keycloak's own pages by a scripted voter. The record holds pseudonyms.")
  boolean oidc;

  @Option(names = "--keycloak-home", paramLabel = "DIR", description = "With --oidc: the unpacked Keycloak distribution "
      + "(default: target/keycloak/keycloak-<version> beside the demo's classes).")
  Path keycloakHome;

  /** The realm and client of --oidc's Keycloak, and the claim that names a voter on the roll. */
  static final String OIDC_REALM = "evote-demo";
  static final String OIDC_CLIENT = "evote-voter";
  static final String OIDC_CLAIM = "preferred_username";

  /** The voters' provider with --oidc, and each voter's password there (throwaway, for this run). */
  private org.evote.ballotserver.idp.LocalKeycloak keycloak;
  private final Map<String, String> passwords = new HashMap<>();

  /** What the demo found, for its test. */
  public record Outcome(int exitCode, Path record, Map<String, Map<String, Integer>> tally,
      Map<String, Map<String, Integer>> expected, int submitted, int superseded, int challenged, int overridden,
      String verifierReport, int verifierExit) {}

  private final Map<String, Long> phases = new LinkedHashMap<>();
  private long phaseStart;

  static int run(String[] args) {
    return new CommandLine(new Demo()).execute(args);
  }

  /** Runs the demo with these options (as {@code ./evote demo} takes them) and returns what it found; for the tests. */
  static Outcome execute(String... args) throws Exception {
    Demo demo = new Demo();
    new CommandLine(demo).parseArgs(args);
    return demo.execute();
  }

  @Override
  public Integer call() throws Exception {
    if (voters < 1 || revotes < 0 || challenges < 0 || inPerson < 0 || revotes + inPerson > voters || challenges > voters) {
      System.err.println("demo: needs --voters ≥ 1, and --revotes + --in-person and --challenges at most --voters");
      return 2;
    }
    return execute().exitCode();
  }

  private void phase(String name) {
    long now = System.nanoTime();
    if (lastPhase != null) {
      phases.put(lastPhase, (now - phaseStart) / 1_000_000);
    }
    lastPhase = name;
    phaseStart = now;
    System.out.println("== " + name);
  }

  private String lastPhase;

  private void endPhase() {
    phases.put(lastPhase, (System.nanoTime() - phaseStart) / 1_000_000);
  }

  /** Runs the whole election and returns what happened. */
  public Outcome execute() throws Exception {
    java.util.logging.Logger.getLogger("com.hazelcast").setLevel(java.util.logging.Level.SEVERE);
    java.util.logging.Logger.getLogger("io.vertx").setLevel(java.util.logging.Level.WARNING);
    Path base = dir != null ? dir : Path.of("evote-demo", "run-" + Instant.now().toString().replace(':', '-'));
    Files.createDirectories(base);
    SecureRandom random = new SecureRandom();
    Group group = Groups.p256();
    Manifest manifest = Workloads.demo();

    if (oidc) {
      phase("starting Keycloak, the voters' OpenID Connect provider, on loopback");
      org.evote.ballotserver.idp.LocalKeycloak started = org.evote.ballotserver.idp.LocalKeycloak.start(keycloakHome(),
          List.of(realm(base, random)), base.resolve("keycloak.log").toAbsolutePath());
      keycloak = started;
      // Keycloak is a process of its own: stopped at the end below, and if this JVM ends first (Ctrl-C, a failure).
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
      System.out.printf("   %s answered %.1f s after its start (%d voters in its realm)%n", keycloak.issuer(OIDC_REALM),
          keycloak.startTime().toMillis() / 1000.0, voters);
    }
    phase("starting a 3-node cluster on loopback");
    KeyPair idp = EcKeys.generate();
    EcKeys.store(base.resolve("idp.key"), idp);
    String cluster = "evote-demo-" + UUID.randomUUID();
    List<Integer> ports = List.of(freePort(), freePort(), freePort());
    List<String> members = ports.stream().map(p -> "127.0.0.1:" + p).toList();
    List<io.vertx.core.Future<BallotNode>> starting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      NodeConfig config = new NodeConfig("node" + (i + 1), base.resolve("node" + (i + 1)), "127.0.0.1", 0,
          cluster, ports.get(i), members, false, EcKeys.publicKeyBase64(idp.getPublic()), 0);
      // With --oidc the demo's identity provider key is also the credential service's key.
      starting.add(BallotNode.start(oidc ? config.withCredentialKey(base.resolve("idp.key")) : config));
    }
    List<BallotNode> nodes = new ArrayList<>();
    for (var f : starting) {
      nodes.add(f.await());
    }
    try {
      Outcome outcome = electionOn(nodes, base, idp, group, manifest, random);
      if (keepRunning) {
        System.out.println();
        System.out.println("The cluster keeps running (Ctrl-C stops it). Open in a browser:");
        System.out.println("  the public site:  " + siteAddress);
        System.out.println("  the voter page:   https://127.0.0.1:" + nodes.get(0).httpPort() + "/");
        System.out.println("The nodes' certificates are self-signed (" + base.resolve("node1/tls/node-cert.pem")
            + " and its siblings): the browser asks before it trusts them.");
        if (oidc) {
          String someone = String.format("voter%05d", 0);
          System.out.println("On the voter page, \"Sign in with\" leads to Keycloak: sign in as " + someone + " with the password "
              + passwords.get(someone) + " (this run's throwaway) to vote again.");
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          for (BallotNode n : nodes) {
            n.stop().await();
          }
          stop.countDown();
        }));
        stop.await();
      }
      return outcome;
    } finally {
      for (BallotNode n : nodes) {
        n.stop().await();
      }
      if (keycloak != null) {
        keycloak.close();
      }
    }
  }

  /** The Keycloak distribution: --keycloak-home, else the one the build unpacked beside the demo's classes or jar. */
  private Path keycloakHome() throws java.net.URISyntaxException {
    if (keycloakHome != null) {
      return keycloakHome;
    }
    Path classes = Path.of(Demo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path unpacked = classes.getParent().resolve("keycloak");
    try (var dirs = Files.list(unpacked)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith("keycloak-") && Files.isDirectory(d)).findFirst()
          .orElse(unpacked);
    } catch (java.io.IOException e) {
      return unpacked;
    }
  }

  /**
   * The demo's realm: the public client evote-voter (device grant; authorization code with PKCE
   * for the voter page under --keep-running) and one user per voter, voter00000 and on, each
   * with a random password of this run. Written under the demo's folder, readable by its owner only.
   */
  private Path realm(Path base, SecureRandom random) throws java.io.IOException {
    ObjectNode realm = JSON.createObjectNode();
    realm.put("realm", OIDC_REALM).put("enabled", true).put("sslRequired", "none").put("registrationAllowed", false)
        .put("internationalizationEnabled", true).put("defaultLocale", "en")
        .put("oauth2DeviceCodeLifespan", 600).put("oauth2DevicePollingInterval", 1);
    realm.putArray("supportedLocales").add("en").add("fr");
    ObjectNode client = realm.putArray("clients").addObject();
    client.put("clientId", OIDC_CLIENT).put("name", "evote demo voting page and CLI").put("enabled", true)
        .put("publicClient", true).put("protocol", "openid-connect").put("standardFlowEnabled", true)
        .put("directAccessGrantsEnabled", false).put("consentRequired", false);
    client.putArray("redirectUris").add("https://127.0.0.1:*");
    client.putObject("attributes").put("pkce.code.challenge.method", "S256")
        .put("oauth2.device.authorization.grant.enabled", "true");
    var users = realm.putArray("users");
    for (int i = 0; i < voters; i++) {
      String name = String.format("voter%05d", i);
      byte[] secret = new byte[12];
      random.nextBytes(secret);
      String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
      passwords.put(name, password);
      ObjectNode user = users.addObject().put("username", name).put("enabled", true).put("emailVerified", true)
          .put("firstName", "Voter").put("lastName", String.valueOf(i)).put("email", name + "@demo.example");
      user.putArray("credentials").addObject().put("type", "password").put("value", password).put("temporary", false);
    }
    Path file = base.resolve(OIDC_REALM + "-realm.json");
    Files.deleteIfExists(file);
    Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    Files.write(file, JSON.writeValueAsBytes(realm));
    return file;
  }

  private Outcome electionOn(List<BallotNode> nodes, Path base, KeyPair idp, Group group, Manifest manifest,
      SecureRandom random) throws Exception {
    List<String> urls = nodes.stream().map(n -> "https://127.0.0.1:" + n.httpPort()).toList();
    trust = nodes.stream().map(n -> n.tls().certificatePem().toString()).toList();
    officialsKeyFile = base.resolve("idp.key");
    HttpClient http = LoadGenerator.client(nodes.stream().map(n -> n.tls().certificatePem()).toList());
    TokenIssuer issuer = new TokenIssuer(idp, "evote-demo-idp");

    phase("key ceremony: 5 guardians, quorum 3");
    List<String> guardianIds = List.of("guardian1", "guardian2", "guardian3", "guardian4", "guardian5");
    CeremonyParameters params = CeremonyParameters.create("demo-" + UUID.randomUUID().toString().substring(0, 8),
        group, manifest, guardianIds, 3, chainCodes);
    InProcessKeyCeremony.Result keys = orFail(InProcessKeyCeremony.run(new InMemoryTransport(), params, manifest, random),
        "the key ceremony");
    ElectionInitialized init = keys.initialized();
    ElectionConfig config = new ElectionConfig("2.1.0", 5, 3, params.parameterBaseHash(), params.manifestHash(),
        params.electionBaseHash(), chainCodes, ByteString.EMPTY,
        Map.of(CeremonyParameters.CEREMONY_ID_METADATA, params.ceremonyId()));
    RecordCodec codec = new RecordCodec(group);
    String eid = init.extendedBaseHash().toHex();
    System.out.println("   joint key K and H_E made; election id " + eid.substring(0, 16) + "…");

    phase("creating and opening the election (./evote election create, open)");
    // What the key ceremony writes (./evote ceremony finish --record), from which the office creates the election.
    Path ceremonyRecord = base.resolve("ceremony-record");
    org.evote.crypto.record.ElectionRecordFiles files = new org.evote.crypto.record.ElectionRecordFiles(ceremonyRecord, codec);
    files.writeConstants(group.constants());
    files.writeManifest(manifest);
    files.writeConfig(config);
    files.writeInitialized(init);
    // The demo's identity provider also signs the officials' requests: the nodes run with its key as the officials' key.
    Path labels = base.resolve(org.evote.crypto.record.EvoteLabelsJson.FILE);
    Files.write(labels, org.evote.crypto.record.EvoteLabelsJson.write(labels(manifest)));
    Random choices = new Random(seed);
    List<String> styles = new ArrayList<>();
    for (int i = 0; i < voters; i++) {
      styles.add(choices.nextDouble() < generalShare ? Workloads.GENERAL_STYLE : Workloads.REFERENDUM_STYLE);
    }
    List<String> create = new ArrayList<>(List.of("create", "--record", ceremonyRecord.toString(), "--idp-key",
        base.resolve("idp.key").toString(), "--labels", labels.toString()));
    if (oidc) {
      // The roll names the voters by their user name at Keycloak; the election publishes pseudonyms.
      Path rollFile = base.resolve("roll.csv");
      StringBuilder csv = new StringBuilder();
      for (int i = 0; i < voters; i++) {
        csv.append(String.format("voter%05d", i)).append(',').append(styles.get(i)).append('\n');
      }
      Files.writeString(rollFile, csv);
      create.addAll(List.of("--sign-in-issuer", keycloak.issuer(OIDC_REALM), "--sign-in-client", OIDC_CLIENT,
          "--sign-in-claim", OIDC_CLAIM, "--sign-in-name", "Keycloak (evote demo)", "--roll", rollFile.toString()));
    }
    office(urls, 0, create.toArray(String[]::new));
    office(urls, 1, "open", "--election", eid);
    siteAddress = urls.get(0) + "/site/?election=" + eid;
    System.out.println("   anyone can follow it on the public site, served by every node: " + siteAddress);
    List<Voter> roll = oidc ? signIn(urls, eid, styles) : new ArrayList<>();
    if (!oidc) {
      phase("issuing tokens to " + voters + " voters");
      try (ProgressBar pb = bar("tokens", voters)) {
        for (int i = 0; i < voters; i++) {
          String login = String.format("voter%05d", i);
          ObjectNode cred = IdpCommand.credentials(issuer, login, eid, styles.get(i), Instant.now().plus(Duration.ofHours(4)));
          PrivateKey key = EcKeys.parsePrivateKey(cred.get("private_key").asText()).orElseThrow();
          roll.add(new Voter(cred.get("voter_id").asText(), styles.get(i), cred.get("token").asText(), key, login));
          pb.step();
        }
      }
    }

    phase("casting through the HTTPS API");
    BallotEncryptor encryptor = new BallotEncryptor(orFail(electionOf(group, manifest, config, init), "the election"));
    List<Submission> plan = new ArrayList<>();
    for (int i = 0; i < voters; i++) {
      Voter v = roll.get(i);
      if (i < challenges) {
        plan.add(new Submission(v, Workloads.randomBallot(manifest, v.style(), v.id() + "-challenge", choices), BallotState.CHALLENGED));
      }
      plan.add(new Submission(v, Workloads.randomBallot(manifest, v.style(), v.id() + "-1", choices), BallotState.CAST));
    }
    for (int i = 0; i < revotes; i++) {
      Voter v = roll.get(voters - 1 - i);
      plan.add(new Submission(v, Workloads.randomBallot(manifest, v.style(), v.id() + "-2", choices), BallotState.CAST));
    }
    Map<String, PlaintextBallot> lastCast = new HashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    int[] failed = new int[1];
    try (ProgressBar pb = bar("ballots", plan.size())) {
      // First ballots in parallel; each voter's second ballot only after their first.
      List<Future<String>> first = new ArrayList<>();
      int firstCount = plan.size() - revotes;
      if (chainCodes) {
        // A voter's session is one device: its challenged ballot, then its cast one, in chain order.
        Map<String, List<Submission>> sessions = new LinkedHashMap<>();
        for (int i = 0; i < firstCount; i++) {
          sessions.computeIfAbsent(plan.get(i).voter().id(), v -> new ArrayList<>()).add(plan.get(i));
        }
        for (List<Submission> session : sessions.values()) {
          first.add(pool.submit(() -> {
            Session device = new Session(session.get(0).voter(), random, init.extendedBaseHash());
            String last = "";
            for (Submission s : session) {
              last = cast(http, urls, eid, encryptor, codec, random, s, device, pb);
              if (!last.isEmpty()) {
                break;
              }
            }
            return last;
          }));
        }
      } else {
        for (int i = 0; i < firstCount; i++) {
          Submission s = plan.get(i);
          first.add(pool.submit(() -> cast(http, urls, eid, encryptor, codec, random, s, null, pb)));
        }
      }
      for (Future<String> f : first) {
        if (!f.get().isEmpty()) {
          failed[0]++;
        }
      }
      List<Future<String>> second = new ArrayList<>();
      for (int i = firstCount; i < plan.size(); i++) {
        Submission s = plan.get(i);
        second.add(pool.submit(() -> cast(http, urls, eid, encryptor, codec, random, s,
            chainCodes ? new Session(s.voter(), random, init.extendedBaseHash()) : null, pb)));
      }
      for (Future<String> f : second) {
        if (!f.get().isEmpty()) {
          failed[0]++;
        }
      }
    } finally {
      pool.shutdown();
    }
    for (Submission s : plan) {
      if (s.state() == BallotState.CAST) {
        lastCast.put(s.voter().id(), s.ballot());
      }
    }
    if (failed[0] > 0) {
      throw new IllegalStateException(failed[0] + " ballots were refused; see the messages above");
    }
    System.out.printf("   %d ballots acknowledged (%d challenged, %d re-votes)%n", plan.size(), challenges, revotes);

    phase("recording " + inPerson + " in-person votes (./evote election in-person)");
    List<String> overriddenVoters = new ArrayList<>();
    for (int i = 0; i < inPerson; i++) {
      Voter v = roll.get(challenges + i);
      if (oidc) {
        office(urls, i % 3, "in-person", v.login(), "--election", eid, "--signed-in", "--credential-key",
            officialsKeyFile.toString());
      } else {
        office(urls, i % 3, "in-person", v.id(), "--election", eid);
      }
      overriddenVoters.add(v.id());
    }
    overriddenVoters.forEach(lastCast::remove);

    phase("closing the election and exporting the record (./evote election close, export)");
    office(urls, 2, "close", "--election", eid);
    Path record = base.resolve("record");
    office(urls, 0, "export", "--election", eid, "--out", record.toString());
    int counted = org.evote.crypto.record.EvotePolicyJson.parse(
        Files.readAllBytes(record.resolve("evote").resolve(org.evote.crypto.record.EvotePolicyJson.FILE)), "policy.json")
        .orElseThrow().counted().size();

    phase("tally with guardians 4 and 5 absent");
    OpenRecord open = orFail(OpenRecord.open(record), "opening the record");
    TallyCeremony.Prepared prepared = orFail(TallyCeremony.aggregate(open, "demo-tally",
        PolicyFileCountingPolicy.of(record).orElseThrow(), Runtime.getRuntime().availableProcessors(), Progress.NONE),
        "aggregation");
    List<DecryptingShare> present = new ArrayList<>();
    for (GuardianState g : keys.guardians().subList(0, 3)) {
      present.add(new DecryptingShare(g.guardianId(), g.xCoordinate(), g.keyShare().orElseThrow(), g.electionBaseHash()));
    }
    TallyCeremony.Written written = orFail(TallyCeremony.decryptInProcess(open, present, prepared, record, random),
        "the decryption");

    phase("verifying the record");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path report = base.resolve("verifier-report.json");
    int verdict = org.evote.verifier.Main.execute(new PrintWriter(out), new PrintWriter(err), "verify", record.toString(),
        "--json", report.toString());
    endPhase();

    Map<String, Map<String, Integer>> tally = new TreeMap<>();
    for (DecryptedTallyOrBallot.Contest c : written.tally().contests()) {
      Map<String, Integer> m = new TreeMap<>();
      c.selections().forEach(s -> m.put(s.selectionId(), s.tally()));
      tally.put(c.contestId(), m);
    }
    Map<String, Map<String, Integer>> expected = expectedTally(manifest, lastCast.values());
    boolean matches = tally.equals(expected);
    if (verdict == 0 && matches) {
      phase("publishing the results on the public site (./evote election publish-results)");
      office(urls, 1, "publish-results", "--election", eid, "--tally", record.resolve("tally.json").toString(),
          "--report", report.toString());
      endPhase();
    }

    System.out.println();
    System.out.println(out.toString().stripTrailing());
    if (!err.toString().isBlank()) {
      System.out.println(err.toString().stripTrailing());
    }
    System.out.println();
    System.out.println("Results (decrypted with 3 of 5 guardians):");
    for (Manifest.Contest c : manifest.contests()) {
      Map<String, Integer> t = tally.getOrDefault(c.contestId(), Map.of());
      StringBuilder line = new StringBuilder(String.format("  %-10s", c.name()));
      for (Manifest.Selection s : c.selections()) {
        line.append(String.format("  option %d: %4d", s.sequenceOrder(), t.getOrDefault(s.selectionId(), -1)));
      }
      System.out.println(line);
    }
    int submitted = plan.size();
    int superseded = revotes;
    System.out.printf("Ballots: %d submitted, %d cast, %d superseded, %d challenged, %d overridden by in-person votes, %d counted%n",
        submitted, submitted - challenges, superseded, challenges, inPerson, counted);
    System.out.println("Tally equals the plaintext votes: " + (matches ? "yes ✓" : "NO ✗"));
    System.out.println("Verifier: " + (verdict == 0 ? "VERIFIED ✓" : "FAILED ✗ (exit " + verdict + ")"));
    System.out.println("Record: " + record.toAbsolutePath());
    System.out.println("Phases:");
    int width = phases.keySet().stream().mapToInt(String::length).max().orElse(0);
    phases.forEach((k, v) -> System.out.printf("  %-" + width + "s %7.1f s%n", k, v / 1000.0));
    int exit = verdict == 0 && matches ? 0 : 1;
    return new Outcome(exit, record, tally, expected, submitted, superseded, challenges, inPerson, out.toString(), verdict);
  }

  /**
   * The demo's labels in English and French (labels.json): the manifest's names in English, and
   * in French "Référendum", "Scrutin N", "Option N".
   */
  static org.evote.crypto.record.EvoteLabelsJson.Labels labels(Manifest manifest) {
    Map<String, String> names = new java.util.HashMap<>();
    manifest.candidates().forEach(c -> names.put(c.candidateId(), c.name()));
    Map<String, org.evote.crypto.record.EvoteLabelsJson.Contest> contests = new java.util.LinkedHashMap<>();
    for (Manifest.Contest c : manifest.contests()) {
      Map<String, Map<String, String>> options = new java.util.LinkedHashMap<>();
      for (Manifest.Selection s : c.selections()) {
        String en = names.getOrDefault(s.candidateId(), s.selectionId());
        options.put(s.selectionId(), Map.of("en", en, "fr", en));
      }
      String fr = c.name().equals("Referendum") ? "Référendum" : c.name().replaceFirst("^Contest ", "Scrutin ");
      contests.put(c.contestId(), new org.evote.crypto.record.EvoteLabelsJson.Contest(Map.of("en", c.name(), "fr", fr), options));
    }
    return new org.evote.crypto.record.EvoteLabelsJson.Labels(List.of("en", "fr"),
        Map.of("en", "evote demonstration election", "fr", "Élection de démonstration evote"), contests);
  }

  /** A voter: their id in the record (a pseudonym with --oidc), ballot style, voting token, key, and user name. */
  private record Voter(String id, String style, String token, PrivateKey key, String login) {}

  /**
   * With --oidc: every voter signs in as {@code ./evote vote --sign-in} does (the device grant,
   * {@link org.evote.voterclient.SignIn}), and a scripted voter approves it on Keycloak's pages
   * at the address the device shows; the credential service answers with a voting token bound to
   * a key made for this sign-in.
   */
  private List<Voter> signIn(List<String> urls, String eid, List<String> styles) throws Exception {
    phase(voters + " voters sign in through Keycloak (device grant, ./evote vote --sign-in)");
    org.evote.voterclient.NodeClient nodes = new org.evote.voterclient.NodeClient(urls,
        trust.stream().map(Path::of).toList(), Duration.ofSeconds(60), notice -> { });
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, 8));
    List<Future<Voter>> signedIn = new ArrayList<>();
    try (ProgressBar pb = bar("sign-ins", voters)) {
      for (int i = 0; i < voters; i++) {
        String login = String.format("voter%05d", i);
        String style = styles.get(i);
        signedIn.add(pool.submit(() -> {
          org.evote.voterclient.Credentials c = org.evote.voterclient.SignIn.deviceGrant(nodes, eid,
              (provider, address, code, complete) -> ScriptedSignIn.approve(address, code, login, passwords.get(login)),
              java.time.Clock.systemUTC());
          if (!c.ballotStyle().equals(style)) {
            throw new IllegalStateException(login + " was given ballot style " + c.ballotStyle() + ", not " + style + " as on the roll");
          }
          pb.step();
          return new Voter(c.voterId(), style, c.token(), c.unwrapPrivateKey(), login);
        }));
      }
      List<Voter> out = new ArrayList<>();
      for (Future<Voter> f : signedIn) {
        try {
          out.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable cause = e.getCause();
          throw new IllegalStateException("a voter could not sign in: " + (cause instanceof org.evote.voterclient.VoterException v
              ? v.getMessage() : String.valueOf(cause)), cause);
        }
      }
      System.out.println("   " + voters + " voters signed in; the record will name them by pseudonym, such as " + out.get(0).id());
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private record Submission(Voter voter, PlaintextBallot ballot, BallotState state) {}

  /**
   * A voter's session when codes are chained (spec §3.4.3): its device (ChainDevices) and the code
   * its chain ends with, H_0 until a ballot is acknowledged. Used by one thread at a time.
   */
  private static final class Session {
    final String device;
    final ByteString baux0;
    org.evote.crypto.hash.UInt256 head;

    Session(Voter voter, SecureRandom random, org.evote.crypto.hash.UInt256 he) {
      byte[] session = new byte[org.evote.crypto.election.ChainDevices.SESSION_BYTES];
      random.nextBytes(session);
      device = org.evote.crypto.election.ChainDevices.name("demo-client", voter.id(), session);
      baux0 = org.evote.crypto.election.ConfirmationCodes.deviceBaux0(ByteString.EMPTY, device);
      head = org.evote.crypto.election.ConfirmationCodes.chainStart(he, baux0);
    }
  }

  /** Encrypts and posts one ballot; continues the session's chain when there is one. "" when acknowledged. */
  private String cast(HttpClient http, List<String> urls, String eid, BallotEncryptor encryptor, RecordCodec codec,
      SecureRandom random, Submission s, Session chain, ProgressBar pb) throws Exception {
    ByteString baux = chain == null ? ByteString.EMPTY
        : org.evote.crypto.election.ConfirmationCodes.chainedBaux(chain.head, chain.baux0);
    EncryptedBallot b = encryptor.encrypt(s.ballot(), BallotNonce.random(random), baux,
        chain == null ? "demo-client" : chain.device, Instant.now().getEpochSecond()).withState(s.state());
    String body = CastEnvelope.of(codec, b, s.voter().token(), s.voter().key()).toString();
    String last = "";
    for (int attempt = 0; attempt < 6; attempt++) {
      String url = urls.get(Math.floorMod(s.voter().id().hashCode() + attempt, urls.size())) + "/api/elections/" + eid + "/ballots";
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
            .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 201 || r.statusCode() == 200) {
          if (chain != null) {
            chain.head = b.confirmationCode();
          }
          pb.step();
          return "";
        }
        last = r.statusCode() + " " + r.body();
        if (r.statusCode() < 500 && r.statusCode() != 429) {
          break;
        }
      } catch (java.io.IOException e) {
        last = "unreachable: " + e.getMessage();
      }
    }
    System.err.println("ballot " + s.ballot().ballotId() + " refused: " + last);
    pb.step();
    return last;
  }

  private static Map<String, Map<String, Integer>> expectedTally(Manifest manifest, java.util.Collection<PlaintextBallot> counted) {
    Map<String, Map<String, Integer>> out = new TreeMap<>();
    for (Manifest.Contest c : manifest.contests()) {
      Map<String, Integer> m = new TreeMap<>();
      c.selections().forEach(s -> m.put(s.selectionId(), 0));
      out.put(c.contestId(), m);
    }
    for (PlaintextBallot b : counted) {
      for (PlaintextBallot.Contest c : b.contests()) {
        for (PlaintextBallot.Selection s : c.selections()) {
          out.get(c.contestId()).merge(s.selectionId(), s.vote(), Integer::sum);
        }
      }
    }
    return out;
  }

  private static Checked<org.evote.crypto.election.Election> electionOf(Group g, Manifest m, ElectionConfig c, ElectionInitialized i) {
    try {
      return Checked.ok(org.evote.crypto.election.Election.of(g, m, c, i));
    } catch (RuntimeException e) {
      return Checked.failed(e.getMessage());
    }
  }

  private static <T> T orFail(Checked<T> c, String what) {
    if (!c.isOk()) {
      throw new IllegalStateException(what + " failed: " + String.join("; ", c.reasons()));
    }
    return c.value();
  }

  private static int freePort() throws java.io.IOException {
    return org.evote.ballotserver.cluster.MemberPorts.free();
  }




  private static ProgressBar bar(String task, int n) {
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(n).setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
  }

  /**
   * Runs one command of the election office ({@code ./evote election ...}) in process, as an
   * official would, with the nodes listed from {@code first} on (so the demo spreads its actions
   * over the nodes), their certificates trusted and the demo's officials' key; its output is
   * shown indented. A refusal stops the demo with the command's message.
   */
  private void office(List<String> urls, int first, String... args) {
    List<String> rotated = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      rotated.add(urls.get((first + i) % urls.size()));
    }
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--nodes", String.join(",", rotated), "--trust", String.join(",", trust),
        "--officials-key", officialsKeyFile.toString(), "--official", "demo-official"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = org.evote.ballotserver.office.ElectionCommand.execute(new PrintWriter(out), new PrintWriter(err),
        all.toArray(String[]::new));
    if (code != 0) {
      throw new IllegalStateException("./evote election " + args[0] + " failed: " + err.toString().strip());
    }
    if (!"in-person".equals(args[0])) {
      out.toString().lines().filter(l -> !l.startsWith("next:")).forEach(l -> System.out.println("   " + l));
    }
  }

  /** The nodes' certificate files and the officials' key file, for {@link #office}. */
  private List<String> trust = List.of();
  private Path officialsKeyFile;
}

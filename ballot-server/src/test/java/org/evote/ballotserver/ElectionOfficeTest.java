package org.evote.ballotserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.evote.ballotserver.auth.TokenIssuer;
import org.evote.ballotserver.idp.IdpCommand;
import org.evote.ballotserver.office.ElectionCommand;
import org.evote.crypto.casting.CastEnvelope;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.election.BallotEncryptor;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.testing.Workloads;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The election office's whole flow through {@code ./evote election} and {@code ./evote idp},
 * in process, against three real nodes (HTTPS with their own certificates, a Hazelcast cluster):
 * new → check-manifest → create → open → ballots (through the HTTPS API) → in-person → status →
 * export refused while open → provisional export → close → export → the verifier passes. The
 * first address in --nodes is a dead port, so every command shows it tries the next node. Every
 * guard rail and every bad input is refused with its message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElectionOfficeTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  @AutoClose TestCluster cluster;
  /** Its identity provider key signs the officials' requests of this cluster (TestCluster's officials key). */
  TestElection officials;
  Path officialsKey;
  String nodes;
  String trust;

  record Run(int code, String out, String err) {}

  @BeforeAll
  void startCluster() throws Exception {
    officials = new TestElection();
    cluster = new TestCluster(dir.resolve("cluster"), 3, officials);
    officialsKey = dir.resolve("officials.key");
    EcKeys.store(officialsKey, officials.idp);
    List<String> urls = new ArrayList<>();
    urls.add("https://127.0.0.1:" + TestCluster.freePort()); // nothing listens there
    for (int i = 0; i < 3; i++) {
      urls.add(cluster.url(i, ""));
    }
    nodes = String.join(",", urls);
    trust = cluster.nodes.stream().map(n -> n.tls().certificatePem().toString()).collect(Collectors.joining(","));
  }

  /** A new EC key pair, stored in the test directory as {@code name}. */
  static Path newKey(String name) throws Exception {
    Path key = dir.resolve(name);
    EcKeys.store(key, EcKeys.generate());
    return key;
  }

  /** {@code text}, written to the test directory as {@code name}. */
  static Path file(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  static Run election(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ElectionCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  /** {@code ./evote idp ...}; it prints on System.out and System.err, which are captured meanwhile. */
  static synchronized Run idp(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = new CommandLine(new IdpCommand()).execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** The options every command that talks to the nodes takes. */
  List<String> withNodes(String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.addAll(List.of("--nodes", nodes, "--trust", trust, "--officials-key", officialsKey.toString()));
    return a;
  }

  Run office(String... args) {
    List<String> a = withNodes(args);
    if (args[0].equals("status")) { // public: no official's request
      a = a.subList(0, a.size() - 2);
    }
    return election(a.toArray(String[]::new));
  }

  /** A key ceremony's record for a manifest: one guardian (the tally module holds the real ceremony). */
  static Workloads.SingleGuardian ceremony(Manifest manifest, Path record) throws Exception {
    Group group = Groups.p256();
    SecureRandom random = new SecureRandom();
    Workloads.SingleGuardian setup = Workloads.singleGuardian(group, manifest, SecretScalar.of(group.randomScalar(random)), random);
    ElectionRecordFiles files = new ElectionRecordFiles(record, new RecordCodec(group));
    files.writeConstants(group.constants());
    files.writeManifest(manifest);
    files.writeConfig(setup.config());
    files.writeInitialized(setup.initialized());
    return setup;
  }

  @Test
  @DisplayName("an office holds a whole election with ./evote election and ./evote idp, and its record verifies")
  void wholeFlow() throws Exception {
    // 1. the manifest
    Path manifestFile = dir.resolve("office").resolve("manifest.json");
    Run made = election("new", "--shape", "districts", "--districts", "2", "--seats", "1", "--candidates", "2",
        "--out", manifestFile.toString());
    assertThat(made.code()).as(made.err()).isZero();
    assertThat(dir.resolve("office").resolve("manifest.guide.txt")).exists();
    Path labelsFile = dir.resolve("office").resolve("labels.json");
    assertThat(made.out()).contains("its labels in English and French " + labelsFile);
    assertThat(Files.readString(labelsFile)).contains("\"fr\" : \"Conseil du district 2\"").contains("\"fr\" : \"Oui\"");
    Run checked = election("check-manifest", manifestFile.toString());
    assertThat(checked.code()).as(checked.out()).isZero();
    assertThat(checked.out()).contains("ready: 3 contests, ballot styles [district-1, district-2]")
        .contains(labelsFile + ": ready: labels in [en, fr] for every contest and option");

    // 2. the key ceremony's record, then the election on the nodes
    Manifest manifest = RecordCodec.parseManifestJson(Files.readAllBytes(manifestFile), "manifest.json").orElseThrow();
    Path record = dir.resolve("office").resolve("record");
    Workloads.SingleGuardian setup = ceremony(manifest, record);
    Path idpKey = dir.resolve("office").resolve("idp.key");
    assertThat(idp("keygen", "--key", idpKey.toString()).code()).isZero();
    Run created = office("create", "--record", record.toString(), "--idp-key", idpKey.toString(), "--labels",
        labelsFile.toString());
    assertThat(created.code()).as(created.err()).isZero();
    String id = setup.initialized().extendedBaseHash().toHex();
    assertThat(created.out()).contains("election created: " + id);
    JsonNode described = JSON.readTree(cluster.get(1, "/api/elections/" + id).body());
    assertThat(described.path("labels").path("election").path("fr").asText()).isEqualTo("Élections générales 2026");
    assertThat(described.path("labels").path("contests").path("district-1-council").path("options")
        .path("district-1-council-candidate-2").path("fr").asText()).isEqualTo("Candidat·e 2 du district 1");
    Run opened = office("open", "--election", id);
    assertThat(opened.code()).as(opened.err()).isZero();
    assertThat(opened.out()).contains("election " + id + ": OPEN");

    // 3. the voters' credentials, and their ballots through the HTTPS API
    Path roll = dir.resolve("office").resolve("roll.csv");
    Files.writeString(roll, "voter_id,ballot_style\nann,district-1\nbob,district-1\ncyd,district-2\ndee,district-2\n");
    Path creds = dir.resolve("office").resolve("credentials");
    Run issued = idp("issue", "--key", idpKey.toString(), "--election", id, "--roll", roll.toString(),
        "--manifest", manifestFile.toString(), "--out", creds.toString());
    assertThat(issued.code()).as(issued.err()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(creds.resolve("ann.json")))).isEqualTo("rw-------");
    BallotEncryptor encryptor = new BallotEncryptor(setup.election());
    RecordCodec codec = new RecordCodec(setup.election().group());
    int n = 0;
    for (String[] b : List.of(new String[] {"ann", "CAST"}, new String[] {"ann", "CAST"}, new String[] {"bob", "CAST"},
        new String[] {"cyd", "CHALLENGED"}, new String[] {"cyd", "CAST"}, new String[] {"dee", "CAST"})) {
      JsonNode c = JSON.readTree(creds.resolve(b[0] + ".json").toFile());
      PrivateKey key = EcKeys.parsePrivateKey(c.get("private_key").asText()).orElseThrow();
      EncryptedBallot ballot = encryptor.encrypt(Workloads.randomBallot(manifest, c.get("ballot_style").asText(),
              b[0] + "-" + n, new Random(n)), BallotNonce.random(new SecureRandom()), ByteString.EMPTY, "device",
          Instant.now().getEpochSecond()).withState(BallotState.valueOf(b[1]));
      TestCluster.Response r = cluster.post(n % 3, "/api/elections/" + id + "/ballots",
          CastEnvelope.of(codec, ballot, c.get("token").asText(), key).toString(), null);
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      n++;
    }

    // 4. an in-person vote, and the status
    Run inPerson = office("in-person", "bob", "--election", id);
    assertThat(inPerson.code()).as(inPerson.err()).isZero();
    assertThat(inPerson.out()).contains("in-person vote recorded for bob; online ballots no longer counted: 1");
    // /health counts a node healthy only while its partitions' backups are in sync, which they may
    // briefly not be right after writes: wait until each member says it is safe
    for (BallotNode node : cluster.nodes) {
      assertThat(node.hazelcast().getPartitionService().forceLocalMemberToBeSafe(30, java.util.concurrent.TimeUnit.SECONDS))
          .as("node %s's partitions in sync", node.nodeId()).isTrue();
    }
    Run status = office("status", "--election", id);
    assertThat(status.code()).as(status.err()).isZero();
    assertThat(status.out()).contains("state    OPEN")
        .contains("turnout  5 ballots cast by 4 voters (1 challenged ballots, 1 in-person votes)")
        .containsPattern("district-1 +3 ballots +2 voters")
        .containsPattern("district-2 +2 ballots +2 voters")
        .containsPattern("node1 +1\n").containsPattern("node2 +2\n").containsPattern("node3 +2\n")
        .contains("UNREACHABLE: cannot be reached")
        .contains("3 of 4 nodes healthy");

    // 5. export: refused while open; provisional on request, and the verifier says so
    Run early = office("export", "--election", id, "--out", dir.resolve("early").toString());
    assertThat(early.code()).isEqualTo(1);
    assertThat(early.err()).contains("the election is OPEN: its record is final only once it is closed; close it first "
        + "(./evote election close), or export a provisional record with --provisional");
    assertThat(dir.resolve("early")).doesNotExist();
    Path provisional = dir.resolve("provisional");
    Run prov = office("export", "--election", id, "--out", provisional.toString(), "--provisional");
    assertThat(prov.code()).as(prov.err()).isZero();
    assertThat(prov.out()).contains("(PROVISIONAL: the election is not closed)");
    assertThat(provisional.resolve("evote").resolve("provisional.json")).exists();
    assertThat(verify(provisional)).contains("PROVISIONAL RECORD: exported at ").contains("while the election was OPEN");

    // 6. close and export: the record arrives, unpacks, and verifies
    Run closed = office("close", "--election", id);
    assertThat(closed.code()).as(closed.err()).isZero();
    assertThat(closed.out()).contains(": CLOSED");
    Run closedAgain = office("close", "--election", id);
    assertThat(closedAgain.code()).as(closedAgain.err()).isZero();
    assertThat(closedAgain.out()).contains("election " + id + ": already CLOSED");
    Run reopened = office("open", "--election", id);
    assertThat(reopened.code()).isEqualTo(1);
    assertThat(reopened.err()).contains("the election was not opened: node ").contains("answered 409: cannot go from CLOSED to OPEN");
    Path finalRecord = dir.resolve("final");
    Run exported = office("export", "--election", id, "--out", finalRecord.toString());
    assertThat(exported.code()).as(exported.err()).isZero();
    assertThat(exported.out()).contains("3 counted, 1 superseded, 1 overridden by in-person votes, 1 challenged");
    assertThat(finalRecord.resolve("evote").resolve("provisional.json")).doesNotExist();
    assertThat(finalRecord.resolve("manifest.json")).hasBinaryContent(Files.readAllBytes(manifestFile));
    String report = verify(finalRecord);
    assertThat(report).doesNotContain("PROVISIONAL");
    for (String check : List.of("5", "6", "7.A-B", "E.1", "E.2", "E.3", "E.4", "E.5", "E.6")) {
      assertThat(report).as(report).containsPattern("(?m)^✓ " + java.util.regex.Pattern.quote(check) + " ");
    }
    assertThat(report).contains("3 contests and their options labelled in [en, fr]");
    assertThat(finalRecord.resolve("evote").resolve("labels.json")).hasBinaryContent(
        org.evote.crypto.record.EvoteLabelsJson.write(org.evote.crypto.record.EvoteLabelsJson.parse(
            Files.readAllBytes(labelsFile), "labels.json").orElseThrow()));
    tamperedLabels(finalRecord);
    Path zip = dir.resolve("final.zip");
    Run zipped = office("export", "--election", id, "--out", zip.toString());
    assertThat(zipped.code()).as(zipped.err()).isZero();
    try (var z = new java.util.zip.ZipFile(zip.toFile())) {
      assertThat(z.getEntry("election_initialized.json")).isNotNull();
      assertThat(z.getEntry("evote/policy.json")).isNotNull();
    }
    Run again = office("export", "--election", id, "--out", finalRecord.toString());
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains(finalRecord + " already exists and is not empty; not overwriting it");
  }

  /**
   * The verifier fails E.6 on a copy of the record whose labels miss an option, and on one whose
   * labels have a contest the manifest does not, naming each.
   */
  private void tamperedLabels(Path record) throws Exception {
    String labels = Files.readString(record.resolve("evote").resolve("labels.json"));
    ObjectMapper strict = org.evote.crypto.record.StrictJson.mapper();
    com.fasterxml.jackson.databind.node.ObjectNode missing = (com.fasterxml.jackson.databind.node.ObjectNode) strict.readTree(labels);
    ((com.fasterxml.jackson.databind.node.ObjectNode) missing.path("contests").path("referendum").path("options"))
        .remove("referendum-no");
    com.fasterxml.jackson.databind.node.ObjectNode extra = (com.fasterxml.jackson.databind.node.ObjectNode) strict.readTree(labels);
    ((com.fasterxml.jackson.databind.node.ObjectNode) extra.path("contests")).set("mayor",
        strict.readTree("{\"title\": {\"en\": \"Mayor\", \"fr\": \"Maire\"}, \"options\": {}}"));
    for (var c : List.of(java.util.Map.entry(missing, "evote/labels.json $.contests.referendum.options['referendum-no']: "
            + "the manifest's option 'referendum-no' of contest 'referendum' has no label"),
        java.util.Map.entry(extra, "evote/labels.json $.contests.mayor: 'mayor' is not a contest of the manifest"))) {
      Path copy = dir.resolve("tampered-labels-" + c.getValue().length());
      try (var files = Files.walk(record)) {
        for (Path f : files.toList()) {
          Path to = copy.resolve(record.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(to);
          } else {
            Files.copy(f, to);
          }
        }
      }
      Files.writeString(copy.resolve("evote").resolve("labels.json"), strict.writeValueAsString(c.getKey()));
      String report = verify(copy);
      assertThat(report).as(report).containsPattern("(?m)^✗ E\\.6 ").contains(c.getValue());
    }
  }

  static String verify(Path record) {
    StringWriter out = new StringWriter();
    org.evote.verifier.Main.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "verify", record.toString());
    return out.toString();
  }

  @Nested
  @DisplayName("A token error names the key that failed")
  class Keys {
    @Test
    @DisplayName("a request signed by another key than the officials' is refused, naming the officials' key")
    void officialsKey() throws Exception {
      Path other = newKey("other-officials.key");
      Run r = election("open", "--election", "ab".repeat(32), "--nodes", nodes, "--trust", trust, "--officials-key", other.toString());
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains("answered 401: the token's signature does not verify with the officials' key (token_forged)")
          .contains("check that --officials-key is the officials' key whose public half the nodes were started with");
    }

    @Test
    @DisplayName("a voter's token from another provider than the election's is refused, naming the identity provider's key")
    void idpKey() throws Exception {
      TestElection e = new TestElection();
      TestCluster.Response created = cluster.post(0, "/api/elections", e.definition(), officials.issuer.officialToken(
          "official-1", e.id, "create", null, Instant.now().plus(Duration.ofMinutes(5))));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      assertThat(cluster.post(0, "/api/elections/" + e.id + "/open", "", officials.issuer.officialToken(
          "official-1", e.id, "open", null, Instant.now().plus(Duration.ofMinutes(5)))).status()).isEqualTo(200);
      TestElection.Voter v = e.voter("mallory");
      String forged = new TokenIssuer(EcKeys.generate(), "elsewhere").voterToken("mallory", e.id, Workloads.STYLE,
          (java.security.interfaces.ECPublicKey) EcKeys.generate().getPublic(), Instant.now().plus(Duration.ofHours(1)));
      TestCluster.Response r = cluster.post(1, "/api/elections/" + e.id + "/ballots",
          e.envelope(e.ballot("m-1", 1, BallotState.CAST), new TestElection.Voter("mallory", forged, v.key())).toString(), null);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.body()).contains("does not verify with the election's identity provider key");
    }
  }

  @Nested
  @DisplayName("idp issue")
  class Issue {
    Path manifest() throws Exception {
      Path m = dir.resolve("issue").resolve("manifest.json");
      if (!Files.exists(m)) {
        assertThat(election("new", "--shape", "districts", "--out", m.toString()).code()).isZero();
      }
      return m;
    }

    @Test
    @DisplayName("refuses a roll with an unknown ballot style or a voter twice, naming each line, and writes nothing")
    void unknownStyle() throws Exception {
      Path key = newKey("issue-idp.key");
      Path roll = file("issue-roll.csv", "ann,district-1\nbob,north\nann,district-2\n");
      Path out = dir.resolve("issue-out");
      Run r = idp("issue", "--key", key.toString(), "--election", "ab".repeat(32), "--roll", roll.toString(),
          "--manifest", manifest().toString(), "--out", out.toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("line 2 of " + roll + ": unknown ballot style 'north'; the manifest's styles are "
          + "[district-1, district-2, district-3]")
          .contains("line 3 of " + roll + ": voter 'ann' is already on the roll")
          .contains("no credentials written");
      assertThat(out).doesNotExist();
    }

    @Test
    @DisplayName("refuses a lifetime of zero or fewer days")
    void lifetime() throws Exception {
      Path key = newKey("issue-idp2.key");
      Path roll = file("issue-roll2.csv", "ann,district-1\n");
      for (String days : List.of("0", "-3")) {
        Run r = idp("issue", "--key", key.toString(), "--election", "ab".repeat(32), "--roll", roll.toString(),
            "--manifest", manifest().toString(), "--out", dir.resolve("issue-out2").toString(), "--days", days);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--days must be a positive number of days, got " + days);
      }
    }
  }

  @Nested
  @DisplayName("Labels in several languages")
  class Labels {
    @Test
    @DisplayName("check-manifest reports every problem of the labels at once, each with its JSON path")
    void checkLabels() throws Exception {
      Path m = dir.resolve("labels-check").resolve("manifest.json");
      assertThat(election("new", "--shape", "referendum", "--out", m.toString()).code()).isZero();
      Path labels = m.resolveSibling("labels.json");
      Files.writeString(labels, Files.readString(labels).replace("\"Oui\"", "\"  \"").replace("\"referendum-no\"", "\"referendum-maybe\"")
          .replace("\"fr\" : \"Référendum 2026\"", "\"de\" : \"Volksabstimmung\""));
      Run r = election("check-manifest", m.toString());
      assertThat(r.code()).as(r.out()).isEqualTo(1);
      assertThat(r.out()).contains("problem labels.json: $.election.de: a label in \"de\", which $.languages does not list")
          .contains("problem labels.json: $.election.fr: the label in \"fr\" is missing")
          .contains("problem labels.json: $.contests.referendum.options['referendum-yes'].fr: the label is blank")
          .contains(m + ": 3 problems to fix (3 in " + labels + ")");
      Files.writeString(labels, Files.readString(labels).replace("\"  \"", "\"Oui\"")
          .replace("\"de\" : \"Volksabstimmung\"", "\"fr\" : \"Référendum 2026\""));
      r = election("check-manifest", m.toString());
      assertThat(r.code()).as(r.out()).isEqualTo(1);
      assertThat(r.out()).contains("problem labels.json: $.contests.referendum.options['referendum-no']: the manifest's option "
          + "'referendum-no' of contest 'referendum' has no label")
          .contains("problem labels.json: $.contests.referendum.options['referendum-maybe']: 'referendum-maybe' is not an "
              + "option of contest 'referendum' in the manifest");
    }

    @Test
    @DisplayName("create refuses labels that do not fit the manifest, and a node answers 400 to them with the reason")
    void createRefuses() throws Exception {
      Path record = dir.resolve("labels-record");
      Workloads.SingleGuardian setup = ceremony(Workloads.w1(), record);
      Path labels = file("labels-w1.json", "{\"languages\": [\"en\", \"fr\"], \"election\": {\"en\": \"W1\", \"fr\": \"W1\"}, "
          + "\"contests\": {\"mayor\": {\"title\": {\"en\": \"Mayor\", \"fr\": \"Maire\"}, \"options\": {}}}}");
      Run r = office("create", "--record", record.toString(), "--idp-key", EcKeys.publicKeyBase64(EcKeys.generate().getPublic()),
          "--labels", labels.toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("the labels " + labels + " have 2 problems")
          .contains("labels-w1.json: $.contests.contest1: the manifest's contest 'contest1' has no labels")
          .contains("labels-w1.json: $.contests.mayor: 'mayor' is not a contest of the manifest");
      // the same labels sent straight to a node, past the command line's check
      Manifest w1 = RecordCodec.parseManifestJson(Files.readAllBytes(record.resolve("manifest.json")), "m").orElseThrow();
      com.fasterxml.jackson.databind.node.ObjectNode def = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(
          org.evote.ballotserver.election.LoadedElection.definition(Groups.p256(), w1, setup.config(), setup.initialized(),
              EcKeys.generate().getPublic()));
      def.set("labels", JSON.readTree(Files.readString(labels)));
      String id = setup.initialized().extendedBaseHash().toHex();
      TestCluster.Response posted = cluster.post(0, "/api/elections", def.toString(),
          officials.issuer.officialToken("official-1", id, "create", null, Instant.now().plus(Duration.ofMinutes(5))));
      assertThat(posted.status()).as(posted.body()).isEqualTo(400);
      assertThat(JSON.readTree(posted.body()).path("message").asText()).isEqualTo("the labels do not label exactly the "
          + "manifest's contests and options: labels: $.contests.contest1: the manifest's contest 'contest1' has no labels; "
          + "add its title and the names of its options (and 1 more problem)");
      def.set("labels", JSON.readTree("{\"languages\": [], \"election\": {}, \"contests\": {}}"));
      posted = cluster.post(0, "/api/elections", def.toString(),
          officials.issuer.officialToken("official-1", id, "create", null, Instant.now().plus(Duration.ofMinutes(5))));
      assertThat(posted.status()).as(posted.body()).isEqualTo(400);
      assertThat(JSON.readTree(posted.body()).path("message").asText())
          .isEqualTo("the labels are not valid: labels: $.languages: no language: list at least one, e.g. [\"en\", \"fr\"]");
    }
  }

  @Nested
  @DisplayName("The electoral roll and sign-in through a provider")
  class Roll {
    /** A W1 election created with a roll and a new development identity provider key. */
    record Rolled(Workloads.SingleGuardian setup, String id, Path record, Path idpKey, Path roll) {}

    /** Holds a ceremony, makes an identity provider key and creates the election with {@code csv} as its roll. */
    Rolled createWithRoll(String name, String csv) throws Exception {
      Path record = dir.resolve(name + "-record");
      Workloads.SingleGuardian setup = ceremony(Workloads.w1(), record);
      Path idpKey = dir.resolve(name + "-idp.key");
      assertThat(idp("keygen", "--key", idpKey.toString()).code()).isZero();
      Path roll = dir.resolve(name + ".csv");
      Files.writeString(roll, csv);
      Run created = office("create", "--record", record.toString(), "--idp-key", idpKey.toString(), "--roll", roll.toString());
      assertThat(created.code()).as(created.err()).isZero();
      return new Rolled(setup, setup.initialized().extendedBaseHash().toHex(), record, idpKey, roll);
    }

    @Test
    @DisplayName("a roll without a header line keeps its first voter, even one whose id starts with 'voter'")
    void rollWithoutHeader() throws Exception {
      Rolled e = createWithRoll("headless-roll", "voter00000," + Workloads.STYLE + "\nvoter00001," + Workloads.STYLE + "\n");
      assertThat(JSON.readTree(cluster.get(1, "/api/elections/" + e.id()).body()).path("roll_size").asInt()).isEqualTo(2);
      // the same names under the development identity provider's header-less roll: both get credentials
      Path creds = dir.resolve("headless-roll-credentials");
      assertThat(idp("issue", "--key", e.idpKey().toString(), "--election", e.id(), "--roll", e.roll().toString(),
          "--manifest", e.record().resolve("manifest.json").toString(), "--out", creds.toString()).code()).isZero();
      assertThat(creds.resolve("voter00000.json")).exists();
      assertThat(creds.resolve("voter00001.json")).exists();
    }

    @Test
    @DisplayName("with --roll, a ballot or an in-person vote of a voter not on the roll is refused (403 not_on_roll)")
    void rollChecked() throws Exception {
      Rolled e = createWithRoll("roll", "voter,ballot_style\nann," + Workloads.STYLE + "\nbob," + Workloads.STYLE + "\n");
      Path record = e.record();
      Workloads.SingleGuardian setup = e.setup();
      String id = e.id();
      Path idpKey = e.idpKey();
      assertThat(office("open", "--election", id).code()).isZero();
      JsonNode described = JSON.readTree(cluster.get(1, "/api/elections/" + id).body());
      assertThat(described.has("roll")).as("the roll is not sent with every page load").isFalse();
      assertThat(described.path("roll_size").asInt()).isEqualTo(2);

      // credentials from the identity provider for ann and for zed, who is not on the election's roll
      Path idpRoll = file("idp-roll.csv", "voter_id,ballot_style\nann," + Workloads.STYLE + "\nzed," + Workloads.STYLE + "\n");
      Path manifestFile = record.resolve("manifest.json");
      Path creds = dir.resolve("roll-credentials");
      assertThat(idp("issue", "--key", idpKey.toString(), "--election", id, "--roll", idpRoll.toString(), "--manifest",
          manifestFile.toString(), "--out", creds.toString()).code()).isZero();
      BallotEncryptor encryptor = new BallotEncryptor(setup.election());
      RecordCodec codec = new RecordCodec(setup.election().group());
      for (String voter : List.of("zed", "ann")) {
        JsonNode c = JSON.readTree(creds.resolve(voter + ".json").toFile());
        PrivateKey key = EcKeys.parsePrivateKey(c.get("private_key").asText()).orElseThrow();
        EncryptedBallot ballot = encryptor.encrypt(Workloads.randomBallot(setup.election().manifest(), Workloads.STYLE,
            voter + "-ballot", new Random(1)), BallotNonce.random(new SecureRandom()), ByteString.EMPTY, "device",
            Instant.now().getEpochSecond()).withState(BallotState.CAST);
        TestCluster.Response r = cluster.post(1, "/api/elections/" + id + "/ballots",
            CastEnvelope.of(codec, ballot, c.get("token").asText(), key).toString(), null);
        String status = "/api/elections/" + id + "/ballots/" + ballot.confirmationCode().toHex();
        if (voter.equals("zed")) {
          assertThat(r.status()).as(r.body()).isEqualTo(403);
          assertThat(cluster.get(1, status).status()).as("zed's ballot is nowhere").isEqualTo(404);
          assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("not_on_roll");
          assertThat(JSON.readTree(r.body()).path("message").asText()).contains("zed").contains("not on the electoral roll");
        } else {
          assertThat(r.status()).as(r.body()).isEqualTo(201);
          assertThat(cluster.get(1, status).status()).isEqualTo(200);
        }
      }

      Run notOnRoll = office("in-person", "zed", "--election", id);
      assertThat(notOnRoll.code()).isNotZero();
      assertThat(notOnRoll.err()).contains("not_on_roll").contains("zed");
      Run onRoll = office("in-person", "bob", "--election", id);
      assertThat(onRoll.code()).as(onRoll.err()).isZero();

      // the record: E.1 checks each ballot's voter against the roll the logged create request carries
      assertThat(office("close", "--election", id).code()).isZero();
      Path exported = dir.resolve("roll-exported");
      Run export = office("export", "--election", id, "--out", exported.toString());
      assertThat(export.code()).as(export.err()).isZero();
      String report = verify(exported);
      assertThat(report).as(report).containsPattern("(?m)^✓ E\\.1 .*voter on the electoral roll \\(2 voters\\) with that style");
      // a roll without ann (as if the nodes had taken a ballot of a voter not on it): E.1 fails on her ballot
      boolean changed = false;
      try (var logs = Files.list(exported.resolve("evote").resolve("logs"))) {
        for (Path log : logs.toList()) {
          List<String> lines = new ArrayList<>();
          for (String line : Files.readAllLines(log)) {
            com.fasterxml.jackson.databind.node.ObjectNode l = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(line);
            com.fasterxml.jackson.databind.node.ObjectNode p = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(
                l.get("payload").asText());
            if ("election".equals(p.path("type").asText()) && id.equals(p.path("election_id").asText())) {
              com.fasterxml.jackson.databind.node.ObjectNode def =
                  (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(p.get("definition").asText());
              ((com.fasterxml.jackson.databind.node.ObjectNode) def.get("roll")).remove("ann");
              p.put("definition", def.toString());
              l.put("payload", p.toString());
              changed = true;
            }
            lines.add(l.toString());
          }
          Files.write(log, lines);
        }
      }
      assertThat(changed).isTrue();
      String tampered = verify(exported);
      assertThat(tampered).as(tampered).containsPattern("(?m)^✗ E\\.1 ")
          .contains("voter ann is not on the electoral roll the election was created with");
    }

    @Test
    @DisplayName("create --roll reports every bad line at once, and sign-in needs the roll, a client and a usable issuer")
    void rollAndSignInRefused() throws Exception {
      Path record = dir.resolve("roll-bad-record");
      Workloads.SingleGuardian setup = ceremony(Workloads.w1(), record);
      Path idpKey = dir.resolve("roll-bad-idp.key");
      assertThat(idp("keygen", "--key", idpKey.toString()).code()).isZero();
      Path roll = file("roll-bad.csv", "voter,ballot_style\nann," + Workloads.STYLE + "\nann," + Workloads.STYLE + "\nbob\n,all\n");
      Run r = office("create", "--record", record.toString(), "--idp-key", idpKey.toString(), "--roll", roll.toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("has 3 problem(s)").contains("line 3: voter ann is on the roll twice")
          .contains("line 4: not 'voter,ballot_style'").contains("line 5: not 'voter,ballot_style'");
      Path unknownStyle = file("roll-style.csv", "ann,north\n");
      r = office("create", "--record", record.toString(), "--idp-key", idpKey.toString(), "--roll", unknownStyle.toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("north");
      r = office("create", "--record", record.toString(), "--idp-key", idpKey.toString(), "--sign-in-issuer",
          "https://id.example.org/realms/town", "--sign-in-client", "evote");
      assertThat(r.err()).contains("sign-in needs --sign-in-issuer, --sign-in-client and --roll together");
      Path good = file("roll-good.csv", "ann," + Workloads.STYLE + "\n");
      r = office("create", "--record", record.toString(), "--idp-key", idpKey.toString(), "--sign-in-issuer",
          "http://id.example.org/realms/town", "--sign-in-client", "evote", "--roll", good.toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("--sign-in-issuer");
      r = office("create", "--record", record.toString(), "--idp-key", EcKeys.publicKeyBase64(EcKeys.generate().getPublic()),
          "--sign-in-issuer", "https://id.example.org/realms/town", "--sign-in-client", "evote", "--roll", good.toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("--idp-key must be the key pair file");
      for (String name : List.of("", " Town ID", "Town\u0000ID", "Town\u202eDI", "x".repeat(61))) {
        r = office("create", "--record", record.toString(), "--idp-key", idpKey.toString(), "--sign-in-issuer",
            "https://id.example.org/realms/town", "--sign-in-client", "evote", "--sign-in-name", name, "--roll", good.toString());
        assertThat(r.code()).as("--sign-in-name '%s'", name).isEqualTo(2);
        assertThat(r.err()).contains("--sign-in-name must be the provider's name as voters know it");
      }
      String id = setup.initialized().extendedBaseHash().toHex();
      assertThat(cluster.get(0, "/api/elections/" + id).status()).as("nothing was created").isEqualTo(404);

      // past the command line: a definition that names a provider without a roll, or a roll of plain names
      Manifest w1 = RecordCodec.parseManifestJson(Files.readAllBytes(record.resolve("manifest.json")), "m").orElseThrow();
      var signIn = new org.evote.ballotserver.auth.SignInConfig("https://id.example.org/realms/town", "evote", "sub");
      String noRoll = org.evote.ballotserver.election.LoadedElection.definition(Groups.p256(), w1, setup.config(),
          setup.initialized(), EcKeys.generate().getPublic(), null, signIn, null);
      String token = officials.issuer.officialToken("official-1", id, "create", null, Instant.now().plus(Duration.ofMinutes(5)));
      TestCluster.Response posted = cluster.post(0, "/api/elections", noRoll, token);
      assertThat(posted.status()).as(posted.body()).isEqualTo(400);
      assertThat(posted.body()).contains("needs its electoral roll");
      String plainNames = org.evote.ballotserver.election.LoadedElection.definition(Groups.p256(), w1, setup.config(),
          setup.initialized(), EcKeys.generate().getPublic(), null, signIn, java.util.Map.of("ann", Workloads.STYLE));
      posted = cluster.post(0, "/api/elections", plainNames, token);
      assertThat(posted.status()).as(posted.body()).isEqualTo(400);
      assertThat(posted.body()).contains("ann");
      // a provider name that is not a string, or carries control characters, and an unknown sign_in field
      String pseudonymRoll = org.evote.ballotserver.election.LoadedElection.definition(Groups.p256(), w1, setup.config(),
          setup.initialized(), EcKeys.generate().getPublic(), null, signIn,
          java.util.Map.of("v-0123456789abcdef0123456789abcdef", Workloads.STYLE));
      for (var bad : java.util.Map.of("\"name\":7,", "sign_in.name must be a string",
          "\"name\":\"Town\\u0007ID\",", "sign_in.name must be the provider's name",
          "\"display\":\"Town ID\",", "sign_in has an unknown field 'display'").entrySet()) {
        String definition = pseudonymRoll.replace("\"sign_in\":{", "\"sign_in\":{" + bad.getKey());
        assertThat(definition).as("the sign_in object was found").isNotEqualTo(pseudonymRoll);
        posted = cluster.post(0, "/api/elections", definition, token);
        assertThat(posted.status()).as(posted.body()).isEqualTo(400);
        assertThat(posted.body()).contains(bad.getValue());
      }
      assertThat(cluster.get(0, "/api/elections/" + id).status()).as("nothing was created").isEqualTo(404);
    }

    @Test
    @DisplayName("create with --sign-in-issuer publishes the provider and a roll of pseudonyms, never the names")
    void signInElection() throws Exception {
      Path record = dir.resolve("signin-record");
      Workloads.SingleGuardian setup = ceremony(Workloads.w1(), record);
      String id = setup.initialized().extendedBaseHash().toHex();
      Path credentialKey = dir.resolve("credential.key");
      assertThat(idp("keygen", "--key", credentialKey.toString()).code()).isZero();
      Path roll = file("signin-roll.csv", "ann@example.org," + Workloads.STYLE + "\nbob@example.org," + Workloads.STYLE + "\n");
      Run r = office("create", "--record", record.toString(), "--idp-key", credentialKey.toString(), "--sign-in-issuer",
          "https://id.example.org/realms/town", "--sign-in-client", "evote", "--sign-in-claim", "email",
          "--sign-in-name", "Town ID", "--roll", roll.toString());
      assertThat(r.code()).as(r.err()).isZero();
      String body = cluster.get(2, "/api/elections/" + id).body();
      JsonNode described = JSON.readTree(body);
      assertThat(described.path("sign_in").path("issuer").asText()).isEqualTo("https://id.example.org/realms/town");
      assertThat(described.path("sign_in").path("voter_claim").asText()).isEqualTo("email");
      assertThat(described.path("sign_in").path("name").asText()).isEqualTo("Town ID");
      assertThat(described.path("roll_size").asInt()).isEqualTo(2);
      assertThat(body).doesNotContain("example.org,").doesNotContain("ann@");
      String pseudonym = org.evote.ballotserver.auth.Pseudonyms.of(EcKeys.loadOrCreate(credentialKey).getPrivate())
          .pseudonym(id, "https://id.example.org/realms/town", "ann@example.org");
      assertThat(pseudonym).matches(org.evote.ballotserver.auth.Pseudonyms.PATTERN);
      // the nodes of this cluster hold no credential key: a sign-in is refused with a reason, not half-done
      TestCluster.Response c = cluster.post(0, "/api/elections/" + id + "/credential", "{}", null);
      assertThat(c.status()).as(c.body()).isEqualTo(503);
      assertThat(JSON.readTree(c.body()).path("error").asText()).isEqualTo("sign_in_unavailable");
    }
  }

  @Nested
  @DisplayName("Bad input to ./evote election")
  class BadInput {
    @Test
    @DisplayName("new refuses an unknown shape, impossible seats, too few districts and an existing file")
    void newManifest() throws Exception {
      Path m = dir.resolve("bad-new").resolve("m.json");
      Run r = election("new", "--shape", "monarchy", "--out", m.toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("--shape must be referendum, council or districts, not 'monarchy'");
      r = election("new", "--shape", "council", "--seats", "5", "--candidates", "3", "--out", m.toString());
      assertThat(r.err()).contains("--seats must be from 1 to --candidates (3), got 5");
      r = election("new", "--shape", "districts", "--districts", "1", "--out", m.toString());
      assertThat(r.err()).contains("--districts must be from 2 to 50, got 1");
      assertThat(m).doesNotExist();
      assertThat(election("new", "--shape", "council", "--seats", "2", "--candidates", "5", "--out", m.toString()).code()).isZero();
      assertThat(election("check-manifest", m.toString()).code()).isZero();
      r = election("new", "--shape", "referendum", "--out", m.toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains(m + " already exists; not overwriting it");
    }

    @Test
    @DisplayName("check-manifest lists every problem with its path and fix, and refuses a missing file")
    void checkManifest() throws Exception {
      Path m = dir.resolve("bad-check.json");
      assertThat(election("new", "--shape", "referendum", "--out", m.toString()).code()).isZero();
      Run fresh = election("check-manifest", m.toString());
      assertThat(fresh.code()).as(fresh.out()).isZero();
      assertThat(fresh.out()).contains("ready: 1 contest, ballot styles [all-voters]");
      String text = Files.readString(m).replaceAll("\"votes_allowed\"\\s*:\\s*1", "\"votes_allowed\": 2")
          .replaceAll("\"spec_version\"\\s*:\\s*\"v2.0.0\",", "")
          .replaceAll("\"candidate_id\"\\s*:\\s*\"no\"", "\"candidate_id\": \"maybe\"");
      Files.writeString(m, text);
      Run r = election("check-manifest", m.toString());
      assertThat(r.code()).as(r.out()).isEqualTo(1);
      assertThat(r.out()).contains("problem $.spec_version: missing").contains("write instead: add \"spec_version\": \"v2.0.0\"")
          .contains(m + ": 1 problem to fix");
      Files.writeString(m, text.replace("\"election_scope_id\"", "\"spec_version\" : \"v2.0.0\", \"election_scope_id\""));
      r = election("check-manifest", m.toString());
      assertThat(r.out()).contains("problem $.contests[0].votes_allowed: Manifest.C.2: a one_of_m contest allows 2 votes")
          .contains("problem $.contests[0].ballot_selections[1].candidate_id: Manifest.A.4: unknown candidate 'maybe'")
          .contains(": 2 problems to fix");
      r = election("check-manifest", dir.resolve("nothing.json").toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("the manifest " + dir.resolve("nothing.json") + " does not exist or is not a file");
    }

    @Test
    @DisplayName("create refuses a folder that is not a ceremony's record, a bad identity provider key and a missing officials' key")
    void create() throws Exception {
      Path empty = Files.createDirectories(dir.resolve("not-a-record"));
      Run r = office("create", "--record", empty.toString(), "--idp-key", EcKeys.publicKeyBase64(EcKeys.generate().getPublic()));
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains(empty + " has no constants.json: give the folder ./evote ceremony finish --record wrote");
      r = office("create", "--record", empty.toString(), "--idp-key", "bm90IGEga2V5");
      assertThat(r.err()).contains("the identity provider's key (--idp-key) is not a P-256 public key in base64");
      r = office("create", "--record", empty.toString(), "--idp-key", dir.resolve("missing.key").toString());
      assertThat(r.err()).contains("the identity provider's key (--idp-key): the file " + dir.resolve("missing.key") + " does not exist");
      Path record = dir.resolve("create-record");
      ceremony(Workloads.w1(), record);
      r = election("create", "--record", record.toString(), "--idp-key", EcKeys.publicKeyBase64(EcKeys.generate().getPublic()),
          "--nodes", nodes, "--trust", trust, "--officials-key", dir.resolve("nobody.key").toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("the officials' key (--officials-key): the file " + dir.resolve("nobody.key") + " does not exist");
    }

    @Test
    @DisplayName("a malformed election id, a blank voter and an export into a non-empty folder are refused before any request")
    void arguments() throws Exception {
      Run r = office("open", "--election", "nope");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("--election must be the election id that 'election create' printed: 64 lower-case hex digits");
      r = office("in-person", " ", "--election", "ab".repeat(32));
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("VOTER must be a voter id of 1 to 200 characters");
      Path full = Files.createDirectories(dir.resolve("full"));
      Files.writeString(full.resolve("x"), "x");
      r = office("export", "--election", "ab".repeat(32), "--out", full.toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains(full + " already exists and is not empty; not overwriting it");
    }

    @Test
    @DisplayName("no reachable node, a missing certificate file and an untrusted certificate are each named")
    void nodes() throws Exception {
      String dead = "https://127.0.0.1:" + TestCluster.freePort();
      Run r = election("status", "--election", "ab".repeat(32), "--nodes", dead, "--trust", trust);
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains("no node could do it: " + dead + ": cannot be reached");
      r = election("status", "--election", "ab".repeat(32), "--nodes", cluster.url(0, ""), "--trust", dir.resolve("none.pem").toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("the certificate file " + dir.resolve("none.pem") + " (--trust) cannot be read");
      r = election("status", "--election", "ab".repeat(32), "--nodes", cluster.url(0, ""));
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains("its TLS certificate is not one you trust (give the node's certificate with --trust)");
      r = election("status", "--election", "ab".repeat(32), "--nodes", "ftp://x", "--trust", trust);
      assertThat(r.err()).contains("'ftp://x' is not a node address such as https://vote1.example.org:8443");
      r = election("status", "--election", "ab".repeat(32), "--nodes", cluster.url(0, ""), "--trust", trust);
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains("answered 404").contains("unknown_election");
    }
  }
}

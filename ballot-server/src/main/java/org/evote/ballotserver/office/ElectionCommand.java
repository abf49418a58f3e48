package org.evote.ballotserver.office;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.evote.ballotserver.auth.Pseudonyms;
import org.evote.ballotserver.auth.SignInConfig;
import org.evote.ballotserver.auth.TokenIssuer;
import org.evote.ballotserver.election.LoadedElection;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.election.ElectionInitialized;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.GroupConstants;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.EvoteLabelsJson;
import org.evote.crypto.record.ManifestCheck;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.record.RecordProblem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code ./evote election}: the election office's command line. It writes a starting manifest
 * and its labels and checks them, creates the election on the nodes from what the key ceremony
 * wrote, opens and closes it, records in-person votes, shows its status, downloads its record and
 * publishes the results after the tally. Every request
 * to the nodes carries an official's signed request made here from the officials' key file, for
 * this election and this action only, valid a few minutes; when a node cannot be reached or
 * answers 503, the next one in {@code --nodes} is tried.
 *
 * <p>Exit codes: 0 done; 1 refused (by a node, or a check that failed); 2 bad input (an option,
 * a file).
 */
@Command(name = "election", mixinStandardHelpOptions = true,
    description = "The election office: write and check the manifest, create, open and close the election, "
        + "record in-person votes, follow it, download its record.",
    subcommands = {ElectionCommand.New.class, ElectionCommand.CheckManifest.class, ElectionCommand.Create.class,
        ElectionCommand.Open.class, ElectionCommand.Close.class, ElectionCommand.Status.class,
        ElectionCommand.InPerson.class, ElectionCommand.Export.class, ElectionCommand.PublishResults.class})
public final class ElectionCommand implements Callable<Integer> {
  static final ObjectMapper JSON = new ObjectMapper();
  /** How long an official's signed request made here is valid. */
  static final Duration REQUEST_LIFETIME = Duration.ofMinutes(5);

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("election: give a subcommand: new, check-manifest, create, open, close, status, "
        + "in-person, export or publish-results (see ./evote election --help)");
    return 2;
  }

  /** Runs the office's command line with its output on {@code out} and {@code err}; the exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new ElectionCommand());
    cl.setOut(out);
    cl.setErr(err);
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** What every command that talks to the nodes needs: where they are, which certificates to trust, whose key signs. */
  static final class NodeOptions {
    @Option(names = "--nodes", required = true, split = ",", paramLabel = "URL",
        description = "The nodes' addresses, tried in this order, e.g. https://vote1.example.org:8443,https://vote2.example.org:8443.")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--trust", split = ",", paramLabel = "PEM",
        description = "The nodes' certificates (or their authority's) to trust, PEM; default: the system's trusted authorities.")
    List<Path> trust = new ArrayList<>();

    @Option(names = "--timeout", defaultValue = "120", paramLabel = "SECONDS",
        description = "How long to wait for a node's answer (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    NodesClient client() throws OfficeException {
      if (timeoutSeconds < 1) {
        throw new OfficeException("--timeout must be at least 1 second, got " + timeoutSeconds);
      }
      return new NodesClient(nodes, trust, Duration.ofSeconds(timeoutSeconds));
    }
  }

  /** The officials' key and the official's name, from which each signed request is made. */
  static final class Signer {
    @Option(names = "--officials-key", required = true, paramLabel = "FILE",
        description = "The officials' key file (made with ./evote idp keygen; the nodes run with its public key as --officials-key).")
    Path key;

    @Option(names = "--official", defaultValue = "official", paramLabel = "NAME",
        description = "Your name as an official; it goes into the record with each action (default ${DEFAULT-VALUE}).")
    String official;

    TokenIssuer issuer() throws OfficeException {
      if (official == null || official.isBlank() || official.length() > 100) {
        throw new OfficeException("--official must be a name of 1 to 100 characters");
      }
      return new TokenIssuer(readKeyPair(key, "the officials' key (--officials-key)"), "evote-election-office");
    }

    /** A signed request for one action on one election (and voter, in person), valid a few minutes. */
    String request(TokenIssuer issuer, String election, String action, String voter) {
      return issuer.officialToken(official, election, action, voter, Instant.now().plus(REQUEST_LIFETIME));
    }

    /** A signed request for one action on one election that also signs the body's SHA-256 (the results). */
    String requestSigning(TokenIssuer issuer, String election, String action, byte[] body) {
      try {
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        return issuer.officialToken(official, election, action, null, sha, Instant.now().plus(REQUEST_LIFETIME));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The election a command acts on. */
  static final class ElectionId {
    @Option(names = "--election", required = true, paramLabel = "ID",
        description = "The election id that ./evote election create printed (64 hex digits).")
    String id;

    String checked() throws OfficeException {
      if (id == null || !id.matches("[0-9a-f]{64}")) {
        throw new OfficeException("--election must be the election id that 'election create' printed: 64 lower-case hex digits");
      }
      return id;
    }
  }

  /** A key pair file as ./evote idp keygen writes it; the message names which key it is. */
  static KeyPair readKeyPair(Path file, String which) throws OfficeException {
    if (file == null || !Files.isRegularFile(file)) {
      throw new OfficeException(which + ": the file " + file + " does not exist (make it with ./evote idp keygen --key " + file + ")");
    }
    try {
      return EcKeys.loadOrCreate(file);
    } catch (IOException | RuntimeException e) {
      throw new OfficeException(which + ": the file " + file + " is not a key file of ./evote idp keygen");
    }
  }

  /** A node's refusal, in words, with a hint when the official's request was refused. */
  static OfficeException refused(String what, NodesClient.Answer a) {
    String why = OfficeException.message(a.body());
    String hint = "";
    if (a.status() == 401 || a.status() == 403) {
      hint = "; check that --officials-key is the officials' key whose public half the nodes were started with "
          + "(./evote server --officials-key)";
    }
    return new OfficeException(what + ": node " + a.node() + " answered " + a.status() + ": " + why + hint,
        OfficeException.REFUSED);
  }

  /** Picocli's hook: the command's body, with the office's errors turned into messages and exit codes. */
  abstract static class Sub implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    @Override
    public final Integer call() {
      try {
        return run();
      } catch (OfficeException e) {
        spec.commandLine().getErr().println("election " + spec.name() + ": " + e.getMessage());
        return e.exitCode();
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("election " + spec.name() + ": " + e.getMessage());
        return 2;
      }
    }

    abstract int run() throws OfficeException;
  }

  @Command(name = "new", mixinStandardHelpOptions = true,
      description = "Write a starting manifest to edit, and a guide to its fields beside it (FILE.guide.txt).")
  static final class New extends Sub {
    @Option(names = "--shape", required = true, paramLabel = "SHAPE",
        description = "referendum (one yes/no question), council (--seats of --candidates), or districts "
            + "(a referendum for all and a council per district, one ballot style per district).")
    String shape;

    @Option(names = "--seats", defaultValue = "1", description = "Council seats: the most names a voter marks (default ${DEFAULT-VALUE}).")
    int seats;

    @Option(names = "--candidates", defaultValue = "3", description = "Candidates per council (default ${DEFAULT-VALUE}).")
    int candidates;

    @Option(names = "--districts", defaultValue = "3", description = "Districts, for --shape districts (default ${DEFAULT-VALUE}).")
    int districts;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The manifest file to write (not overwritten).")
    Path outFile;

    @Override
    int run() throws OfficeException {
      byte[] manifest = switch (shape) {
        case "referendum" -> ManifestTemplates.referendum();
        case "council" -> ManifestTemplates.council(seats, candidates);
        case "districts" -> ManifestTemplates.districts(districts, seats, candidates);
        default -> throw new OfficeException("--shape must be referendum, council or districts, not '" + shape + "'");
      };
      Path guide = guidePath(outFile);
      Path labels = labelsPath(outFile);
      for (Path p : List.of(outFile, guide, labels)) {
        if (Files.exists(p)) {
          throw new OfficeException(p + " already exists; not overwriting it");
        }
      }
      byte[] labelsJson = EvoteLabelsJson.write(ManifestTemplates.labels(
          RecordCodec.parseManifestJson(manifest, "template").orElseThrow(), shape));
      try {
        Path parent = outFile.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        ElectionRecordFiles.writeAtomically(outFile, manifest);
        ElectionRecordFiles.writeAtomically(guide, ManifestTemplates.GUIDE.getBytes(StandardCharsets.UTF_8));
        ElectionRecordFiles.writeAtomically(labels, labelsJson);
      } catch (IOException e) {
        throw new OfficeException("cannot write " + outFile + ": " + e.getMessage());
      }
      out().println("wrote " + outFile + " (a " + shape + " manifest), its guide " + guide + " and its labels in English and "
          + "French " + labels);
      out().println("next: edit them, then ./evote election check-manifest " + outFile
          + ", then the key ceremony (./evote ceremony init --manifest " + outFile + " ...)");
      return 0;
    }

    /** The labels beside a manifest: {@code labels.json} in its folder. */
    static Path labelsPath(Path manifest) {
      return manifest.toAbsolutePath().resolveSibling(EvoteLabelsJson.FILE);
    }

    static Path guidePath(Path manifest) {
      String name = manifest.getFileName().toString();
      String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
      return manifest.resolveSibling(stem + ".guide.txt");
    }
  }

  @Command(name = "check-manifest", mixinStandardHelpOptions = true,
      description = "Report every problem of a manifest at once: its JSON path and what to write instead. Exit 0 when "
          + "it is ready (warnings allowed), 1 when it has problems, 2 when the file cannot be read.")
  static final class CheckManifest extends Sub {
    @Parameters(index = "0", paramLabel = "FILE", description = "The manifest (manifest.json).")
    Path file;

    @Option(names = "--labels", paramLabel = "FILE",
        description = "The labels in several languages to check with it; default: labels.json beside the manifest, if there is one.")
    Path labelsFile;

    @Override
    int run() throws OfficeException {
      byte[] bytes = readFile(file, "the manifest");
      List<ManifestCheck.Finding> findings = ManifestCheck.check(bytes);
      long problems = findings.stream().filter(f -> !f.warning()).count();
      for (ManifestCheck.Finding f : findings) {
        out().println((f.warning() ? "warning " : "problem ") + f.path() + ": " + f.problem());
        out().println("        write instead: " + f.fix());
      }
      Manifest m = problems == 0 ? RecordCodec.parseManifestJson(bytes, file.getFileName().toString()).orElseThrow() : null;
      Path labels = labelsFile != null ? labelsFile : New.labelsPath(file);
      List<RecordProblem> labelProblems = labelsFile != null || Files.exists(labels) ? checkLabels(labels, m) : null;
      if (labelProblems != null) {
        for (RecordProblem p : labelProblems) {
          out().println("problem " + p);
        }
        problems += labelProblems.size();
      }
      if (problems == 0) {
        out().println(file + ": ready: " + m.contests().size() + " contest" + (m.contests().size() == 1 ? "" : "s")
            + ", ballot styles " + m.ballotStyles().stream().map(Manifest.BallotStyle::styleId).toList()
            + (findings.isEmpty() ? "" : " (" + findings.size() + " warning" + (findings.size() == 1 ? "" : "s") + ")"));
        out().println(labelProblems != null ? labels + ": ready: labels in "
            + EvoteLabelsJson.parse(readFile(labels, "the labels"), EvoteLabelsJson.FILE).orElseThrow().languages()
            + " for every contest and option" : "no labels file (" + labels + "): voters will read the manifest's names");
        return 0;
      }
      out().println(file + ": " + problems + " problem" + (problems == 1 ? "" : "s") + " to fix"
          + (labelProblems != null && !labelProblems.isEmpty() ? " (" + labelProblems.size() + " in " + labels + ")" : ""));
      return 1;
    }
  }

  /**
   * Every problem of a labels file: its own (each with its JSON path), then, when it reads and the
   * manifest is given, where it does not label exactly the manifest's contests and options.
   */
  static List<RecordProblem> checkLabels(Path file, Manifest manifest) throws OfficeException {
    byte[] bytes = readFile(file, "the labels");
    String name = file.getFileName().toString();
    List<RecordProblem> problems = EvoteLabelsJson.check(bytes, name);
    if (problems.isEmpty() && manifest != null) {
      return EvoteLabelsJson.againstManifest(EvoteLabelsJson.parse(bytes, name).orElseThrow(), manifest, name);
    }
    return problems;
  }

  static byte[] readFile(Path file, String what) throws OfficeException {
    if (file == null || !Files.isRegularFile(file)) {
      throw new OfficeException(what + " " + file + " does not exist or is not a file");
    }
    try {
      if (Files.size(file) > ElectionRecordFiles.MAX_FILE_BYTES) {
        throw new OfficeException(what + " " + file + " is too large");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new OfficeException(what + " " + file + " cannot be read: " + e.getMessage());
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create the election on the nodes from the key ceremony's record folder (constants, manifest, "
          + "election_config, election_initialized) and the identity provider's public key; prints the election id.")
  static final class Create extends Sub {
    @Option(names = "--record", required = true, paramLabel = "DIR", description = "The record folder ./evote ceremony finish wrote.")
    Path record;

    @Option(names = "--idp-key", required = true, paramLabel = "KEY",
        description = "The identity provider's public key: a file of ./evote idp keygen, a file holding the base64 "
            + "public key (./evote idp public-key), or the base64 key itself.")
    String idpKey;

    @Option(names = "--roll", paramLabel = "CSV", description = "The electoral roll: lines 'voter,ballot_style'. With "
        + "--sign-in-issuer, 'voter' is the value of the provider's voter claim (it is published only as a pseudonym); "
        + "otherwise the voter id of the credentials. Ballots and in-person votes of voters not on it are refused.")
    Path roll;

    @Option(names = "--sign-in-issuer", paramLabel = "URL", description = "Voters sign in through this OpenID Connect "
        + "provider (its issuer URL) instead of credential files; needs --sign-in-client, --roll and --idp-key as the key "
        + "pair file (the nodes' --credential-key).")
    String signInIssuer;

    @Option(names = "--sign-in-client", paramLabel = "ID", description = "The client id registered for evote at the provider.")
    String signInClient;

    @Option(names = "--sign-in-claim", paramLabel = "CLAIM", defaultValue = "sub",
        description = "The ID token claim that names the voter on the roll (default ${DEFAULT-VALUE}).")
    String signInClaim;

    @Option(names = "--sign-in-name", paramLabel = "NAME", description = "The provider's name as voters know it "
        + "(\"FranceConnect\"), shown on the voter page's \"Sign in with …\" button (default: the issuer's host).")
    String signInName;

    @Option(names = "--labels", paramLabel = "FILE",
        description = "The labels in several languages (labels.json, as ./evote election new wrote it beside the manifest); "
            + "without it, voters read the manifest's names.")
    Path labels;

    @Mixin
    NodeOptions nodes;

    @Mixin
    Signer signer;

    @Override
    int run() throws OfficeException {
      ECPublicKey idp = idpPublicKey(idpKey);
      SignInConfig signIn = null;
      if (signInIssuer != null || signInClient != null) {
        if (signInIssuer == null || signInClient == null || roll == null) {
          throw new OfficeException("sign-in needs --sign-in-issuer, --sign-in-client and --roll together");
        }
        String p = SignInConfig.problem(signInIssuer, signInClient, signInClaim);
        if (p == null) {
          p = SignInConfig.nameProblem(signInName);
        }
        if (p != null) {
          throw new OfficeException(p.replace("sign_in.issuer", "--sign-in-issuer").replace("sign_in.client_id", "--sign-in-client")
              .replace("sign_in.voter_claim", "--sign-in-claim").replace("sign_in.name", "--sign-in-name"));
        }
        signIn = new SignInConfig(signInIssuer, signInClient, signInClaim, signInName);
      }
      String definition = definition(record, idp, labels, signIn, roll == null ? null : rollOf(roll, signIn));
      LoadedElection.Load load = LoadedElection.parse(definition, Clock.systemUTC());
      if (load.election() == null) {
        throw new OfficeException("the record in " + record + " does not make an election the nodes accept: " + load.problem());
      }
      String id = load.election().id();
      TokenIssuer issuer = signer.issuer();
      try (NodesClient c = nodes.client()) {
        NodesClient.Answer a = c.post("/api/elections", definition, () -> signer.request(issuer, id, "create", null));
        if (a.status() != 201) {
          throw refused("the election was not created", a);
        }
      }
      out().println("election created: " + id);
      out().println("state: CREATED");
      out().println("next: ./evote idp issue ... --election " + id + " for the voters' credentials, then "
          + "./evote election open --election " + id + " --nodes ... --officials-key ...");
      return 0;
    }

    /** The identity provider's key from a key file, a file with the base64 key, or the base64 key. */
    static ECPublicKey idpPublicKey(String given) throws OfficeException {
      String what = "the identity provider's key (--idp-key)";
      Path p = Path.of(given.length() > 4096 ? "" : given);
      String text = given.trim();
      if (!given.isBlank() && Files.isRegularFile(p)) {
        try {
          text = Files.readString(p, StandardCharsets.US_ASCII).trim();
        } catch (IOException | RuntimeException e) {
          throw new OfficeException(what + ": the file " + p + " cannot be read");
        }
        String[] lines = text.split("\n");
        if (lines.length == 2) {
          text = lines[1].trim(); // a key pair file of idp keygen: private key, then public key
        }
      } else if (EcKeys.parsePublicKey(text).isEmpty()
          && (given.contains(java.io.File.separator) || given.endsWith(".key") || given.endsWith(".pub"))) {
        throw new OfficeException(what + ": the file " + given + " does not exist");
      }
      return EcKeys.parsePublicKey(text).orElseThrow(() -> new OfficeException(
          what + " is not a P-256 public key in base64 (give the file of ./evote idp keygen, or the output of "
              + "./evote idp public-key)"));
    }

    /**
     * The roll from its CSV: with sign-in, each voter's claim value becomes their pseudonym under
     * the credential key (the key pair file given with --idp-key) and this election's id.
     */
    private java.util.Map<String, String> rollOf(Path csv, SignInConfig signIn) throws OfficeException {
      String electionId = LoadedElection.parse(definition(record, idpPublicKey(idpKey)), Clock.systemUTC()).election().id();
      Pseudonyms pseudonyms = null;
      if (signIn != null) {
        try {
          pseudonyms = Pseudonyms.of(EcKeys.loadOrCreate(existing(Path.of(idpKey))).getPrivate());
        } catch (IOException | RuntimeException e) {
          throw new OfficeException("with --sign-in-issuer, --idp-key must be the key pair file of ./evote idp keygen "
              + "(the nodes' --credential-key), to make the voters' pseudonyms: " + e.getMessage());
        }
      }
      String text = new String(readFile(csv, "the roll (--roll)"), StandardCharsets.UTF_8);
      java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
      List<String> problems = new java.util.ArrayList<>();
      String[] lines = text.split("\r?\n");
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].trim();
        if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.replace(" ", "").equalsIgnoreCase("voter,ballot_style"))) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length != 2 || f[0].isBlank() || f[1].isBlank()) {
          problems.add("line " + (i + 1) + ": not 'voter,ballot_style'");
          continue;
        }
        String voter = pseudonyms == null ? f[0].trim() : pseudonyms.pseudonym(electionId, signIn.issuer(), f[0].trim());
        if (out.put(voter, f[1].trim()) != null) {
          problems.add("line " + (i + 1) + ": voter " + f[0].trim() + " is on the roll twice");
        }
      }
      if (!problems.isEmpty()) {
        throw new OfficeException("the roll " + csv + " has " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
      }
      return out;
    }

    private static Path existing(Path p) throws IOException {
      if (!Files.isRegularFile(p)) {
        throw new IOException(p + " is not a file");
      }
      return p;
    }

    /** The body of POST /api/elections from a record folder. */
    static String definition(Path record, java.security.PublicKey idp) throws OfficeException {
      return definition(record, idp, null, null, null);
    }

    /**
     * The body of POST /api/elections from a record folder and, when given, a labels file, the
     * voters' sign-in and the roll.
     */
    static String definition(Path record, java.security.PublicKey idp, Path labelsFile, SignInConfig signIn,
        java.util.Map<String, String> roll) throws OfficeException {
      if (!Files.isDirectory(record)) {
        throw new OfficeException("--record " + record + " is not a folder");
      }
      for (String f : List.of(ElectionRecordFiles.CONSTANTS_FILE, ElectionRecordFiles.MANIFEST_FILE,
          ElectionRecordFiles.CONFIG_FILE, ElectionRecordFiles.INITIALIZED_FILE)) {
        if (!Files.isRegularFile(record.resolve(f))) {
          throw new OfficeException(record + " has no " + f + ": give the folder ./evote ceremony finish --record wrote");
        }
      }
      Parsed<GroupConstants> constants = ElectionRecordFiles.readConstants(record);
      if (!constants.isOk()) {
        throw new OfficeException("the record's constants cannot be read: " + constants.problem());
      }
      Group group = RecordCodec.groupOf(constants.value());
      ElectionRecordFiles files = new ElectionRecordFiles(record, new RecordCodec(group));
      Manifest manifest = orFail(files.readManifest(), "manifest");
      ElectionConfig config = orFail(files.readConfig(), "election configuration");
      ElectionInitialized init = orFail(files.readInitialized(), "key ceremony's output");
      EvoteLabelsJson.Labels labels = null;
      if (labelsFile != null) {
        List<RecordProblem> problems = checkLabels(labelsFile, manifest);
        if (!problems.isEmpty()) {
          StringBuilder why = new StringBuilder("the labels " + labelsFile + " have " + problems.size() + " problem"
              + (problems.size() == 1 ? "" : "s") + " (./evote election check-manifest shows them too):");
          problems.forEach(p -> why.append("\n  ").append(p));
          throw new OfficeException(why.toString());
        }
        labels = EvoteLabelsJson.parse(readFile(labelsFile, "the labels"), EvoteLabelsJson.FILE).orElseThrow();
      }
      return LoadedElection.definition(group, manifest, config, init, idp, labels, signIn, roll);
    }

    private static <T> T orFail(Parsed<T> p, String what) throws OfficeException {
      if (!p.isOk()) {
        throw new OfficeException("the record's " + what + " cannot be read: " + p.problem());
      }
      return p.value();
    }
  }

  /** A command that sends the nodes an official's signed request on one election. */
  abstract static class OfficialAction extends Sub {
    @Mixin
    ElectionId election;

    @Mixin
    NodeOptions nodes;

    @Mixin
    Signer signer;
  }

  /** Open or close: one signed request, one state change. */
  abstract static class StateChange extends OfficialAction {
    /** The action the nodes are asked for, "open" or "close": the command's name. */
    String action() {
      return spec.name();
    }

    @Override
    int run() throws OfficeException {
      String id = election.checked();
      TokenIssuer issuer = signer.issuer();
      try (NodesClient c = nodes.client()) {
        NodesClient.Answer a = c.post("/api/elections/" + id + "/" + action(), null, () -> signer.request(issuer, id, action(), null));
        String target = "open".equals(action()) ? "OPEN" : "CLOSED";
        if (a.status() == 409 && OfficeException.message(a.body()).startsWith("cannot go from " + target + " to " + target)) {
          // done already, perhaps by this command's own first attempt on a node that then did not answer
          out().println("election " + id + ": already " + target);
          return 0;
        }
        if (a.status() != 200) {
          throw refused("the election was not " + ("open".equals(action()) ? "opened" : "closed"), a);
        }
        String status = readJson(a.body()).path("status").asText();
        out().println("election " + id + ": " + status);
        return 0;
      }
    }
  }

  @Command(name = "open", mixinStandardHelpOptions = true, description = "Open the election: the nodes accept ballots.")
  static final class Open extends StateChange {}

  @Command(name = "close", mixinStandardHelpOptions = true,
      description = "Close the election: no node accepts a ballot after it. Then export the record.")
  static final class Close extends StateChange {}

  @Command(name = "in-person", mixinStandardHelpOptions = true,
      description = "Record that a voter voted in person: none of their online ballots counts.")
  static final class InPerson extends OfficialAction {
    @Parameters(index = "0", paramLabel = "VOTER", description = "The voter's id, as on the roll; with --signed-in, the "
        + "value of the provider's voter claim (the roll's first column), which becomes the voter's pseudonym.")
    String voter;

    @Option(names = "--signed-in", description = "The election's voters sign in through a provider: VOTER is their claim "
        + "value, turned into their pseudonym with --credential-key.")
    boolean signedIn;

    @Option(names = "--credential-key", paramLabel = "FILE", description = "With --signed-in: the credential key pair the "
        + "nodes hold (the --idp-key of create).")
    Path credentialKey;

    @Override
    int run() throws OfficeException {
      String id = election.checked();
      if (voter == null || voter.isBlank() || voter.length() > 200 || !voter.equals(voter.strip())) {
        throw new OfficeException("VOTER must be a voter id of 1 to 200 characters, without leading or trailing spaces");
      }
      if (signedIn != (credentialKey != null)) {
        throw new OfficeException("--signed-in and --credential-key go together");
      }
      TokenIssuer issuer = signer.issuer();
      try (NodesClient c = nodes.client()) {
        String shown = voter;
        if (signedIn) {
          String given = voter;
          voter = pseudonymOf(c, id, given);
          shown = given + " (" + voter + ")";
        }
        String body = JSON.createObjectNode().put("voter_id", voter).toString();
        NodesClient.Answer a = c.post("/api/elections/" + id + "/in-person", body,
            () -> signer.request(issuer, id, "in_person", voter));
        if (a.status() != 200) {
          throw refused("the in-person vote was not recorded", a);
        }
        JsonNode r = readJson(a.body());
        out().println("in-person vote recorded for " + shown + "; online ballots no longer counted: "
            + r.path("overridden_ballots").size());
        return 0;
      }
    }

    /** The pseudonym of a signed-in voter: the election's issuer from the nodes, the key from --credential-key. */
    private String pseudonymOf(NodesClient c, String id, String claimValue) throws OfficeException {
      NodesClient.Answer a = c.get("/api/elections/" + id);
      if (a.status() != 200) {
        throw refused("the election cannot be read", a);
      }
      JsonNode issuerUrl = readJson(a.body()).path("sign_in").path("issuer");
      if (!issuerUrl.isTextual()) {
        throw new OfficeException("election " + id + " has no sign-in: give the voter's id without --signed-in");
      }
      java.security.KeyPair key;
      try {
        if (!Files.isRegularFile(credentialKey)) {
          throw new IOException(credentialKey + " is not a file");
        }
        key = EcKeys.loadOrCreate(credentialKey);
      } catch (IOException | RuntimeException e) {
        throw new OfficeException("--credential-key must be the key pair file the nodes hold: " + e.getMessage());
      }
      return Pseudonyms.of(key.getPrivate()).pseudonym(id, issuerUrl.textValue(), claimValue);
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "The election's state, its turnout (ballots and voters per ballot style, per node, per hour) and "
          + "each node's health.")
  static final class Status extends Sub {
    @Mixin
    ElectionId election;

    @Mixin
    NodeOptions nodes;

    @Override
    int run() throws OfficeException {
      String id = election.checked();
      PrintWriter o = out();
      try (NodesClient c = nodes.client()) {
        NodesClient.Answer t = c.get("/api/elections/" + id + "/turnout");
        if (t.status() != 200) {
          throw refused("the turnout could not be read", t);
        }
        JsonNode n = readJson(t.body());
        o.println("election " + id);
        o.println("state    " + n.path("status").asText());
        o.println("turnout  " + n.path("ballots").asLong() + " ballots cast by " + n.path("voters").asLong() + " voters ("
            + n.path("challenged").asLong() + " challenged ballots, " + n.path("in_person").asLong() + " in-person votes)");
        o.println("per ballot style");
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("per_style").fields(); it.hasNext(); ) {
          var e = it.next();
          o.printf("  %-24s %8d ballots %8d voters%n", e.getKey(), e.getValue().path("ballots").asLong(),
              e.getValue().path("voters").asLong());
        }
        o.println("per node (ballots acknowledged)");
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("per_node").fields(); it.hasNext(); ) {
          var e = it.next();
          o.printf("  %-24s %8d%n", e.getKey(), e.getValue().asLong());
        }
        o.println("per hour (UTC, ballots acknowledged)");
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("per_hour").fields(); it.hasNext(); ) {
          var e = it.next();
          o.printf("  %-24s %8d%n", e.getKey(), e.getValue().asLong());
        }
        o.println("cluster");
        int healthy = 0;
        for (var node : c.nodes()) {
          String[] why = new String[1];
          NodesClient.Answer h = c.getFrom(node, "/health", why);
          if (h == null) {
            o.println("  " + node + "  UNREACHABLE: " + why[0]);
            continue;
          }
          JsonNode hn = readJson(h.body());
          boolean ok = h.status() == 200 && hn.path("ok").asBoolean();
          healthy += ok ? 1 : 0;
          StringBuilder line = new StringBuilder("  " + node + "  " + hn.path("node").asText("?") + "  "
              + (ok ? "healthy" : "NOT HEALTHY") + ", " + hn.path("members").asInt() + " members, log "
              + hn.path("log_size").asLong() + " records");
          if (!ok) {
            for (String f : List.of("majority", "cluster_safe", "cluster_trusted", "log_writable")) {
              if (!hn.path(f).asBoolean(true)) {
                line.append(", ").append(f).append(": false");
              }
            }
            if (hn.path("rebuilding").asBoolean()) {
              line.append(", rebuilding");
            }
            if (hn.has("problem")) {
              line.append(", ").append(hn.get("problem").asText());
            }
          }
          o.println(line);
        }
        o.println(healthy + " of " + c.nodes().size() + " nodes healthy");
        return 0;
      }
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Download the election record (a zip made by a node from the nodes' logs) and unpack it into --out "
          + "(or keep the zip when --out ends in .zip). Refused while the election is open, unless --provisional.")
  static final class Export extends OfficialAction {
    @Option(names = "--out", required = true, paramLabel = "DIR|FILE.zip",
        description = "An empty or new folder to unpack the record into, or a .zip file to write.")
    Path outPath;

    @Option(names = "--provisional", description = "Export an election that is not closed yet; the record says it is "
        + "provisional (evote/provisional.json) and the verifier prints so.")
    boolean provisional;

    @Option(names = "--allow-incomplete", description = "Write the record even when a node's log cannot be taken whole; "
        + "it names that node and fails verification.")
    boolean allowIncomplete;

    @Override
    int run() throws OfficeException {
      String id = election.checked();
      boolean zipOnly = outPath.getFileName().toString().endsWith(".zip");
      try {
        if (zipOnly ? Files.exists(outPath) : Files.isDirectory(outPath) && !isEmpty(outPath)) {
          throw new OfficeException(outPath + " already exists" + (zipOnly ? "" : " and is not empty") + "; not overwriting it");
        }
        if (!zipOnly && Files.exists(outPath) && !Files.isDirectory(outPath)) {
          throw new OfficeException(outPath + " is a file; give a folder, or a name ending in .zip");
        }
      } catch (IOException e) {
        throw new OfficeException("cannot look at " + outPath + ": " + e.getMessage());
      }
      TokenIssuer issuer = signer.issuer();
      Path tmp;
      try {
        Path parent = outPath.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        tmp = Files.createTempFile(parent, ".evote-record-", ".zip.part");
      } catch (IOException e) {
        throw new OfficeException("cannot write beside " + outPath + ": " + e.getMessage());
      }
      try (NodesClient c = nodes.client()) {
        String query = (provisional ? "?provisional=true" : "") + (allowIncomplete ? (provisional ? "&" : "?") + "allow_incomplete=true" : "");
        NodesClient.Answer a = c.download("/api/elections/" + id + "/record" + query,
            () -> signer.request(issuer, id, "export", null), tmp);
        if (a.status() != 200) {
          if (a.status() == 409 && a.body().contains("election_not_closed")) {
            throw new OfficeException("the record was not exported: " + OfficeException.message(a.body()).replaceFirst(
                "close it first, or ask for a provisional record \\(provisional=true\\), which says so in evote/provisional.json",
                "close it first (./evote election close), or export a provisional record with --provisional")
                + " [node " + a.node() + " answered 409]", OfficeException.REFUSED);
          }
          throw refused("the record was not exported", a);
        }
        JsonNode summary = readJson(a.headers().firstValue("x-evote-export").orElse("{}"));
        if (zipOnly) {
          Files.move(tmp, outPath);
        } else {
          unzip(tmp, outPath);
        }
        out().println("record of election " + id + (summary.path("provisional").asBoolean() ? " (PROVISIONAL: the election "
            + "is not closed)" : "") + " written to " + outPath);
        out().println("  " + summary.path("ballots").asLong() + " ballots: " + summary.path("counted").asLong() + " counted, "
            + summary.path("superseded").asLong() + " superseded, " + summary.path("overridden").asLong()
            + " overridden by in-person votes, " + summary.path("challenged").asLong() + " challenged");
        out().println("next: ./evote tally aggregate --record " + (zipOnly ? "<unzipped folder>" : outPath)
            + "; anyone can check it with ./evote verify");
        return 0;
      } catch (IOException e) {
        throw new OfficeException("the record could not be written to " + outPath + ": " + e.getMessage());
      } finally {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a leftover temporary file is harmless; its name starts with .evote-record-
        }
      }
    }

    private static boolean isEmpty(Path dir) throws IOException {
      try (var s = Files.list(dir)) {
        return s.findAny().isEmpty();
      }
    }

    /** Unpacks the record, refusing any entry that would land outside {@code dir}. */
    static void unzip(Path zip, Path dir) throws IOException, OfficeException {
      Path root = dir.toAbsolutePath().normalize();
      Files.createDirectories(root);
      try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
        for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
          Path target = root.resolve(e.getName()).normalize();
          if (!target.startsWith(root) || target.equals(root)) {
            throw new OfficeException("the node sent a record with an entry outside its folder: " + e.getName());
          }
          if (e.isDirectory()) {
            Files.createDirectories(target);
            continue;
          }
          Files.createDirectories(target.getParent());
          Files.copy(in, target);
        }
      }
    }
  }

  @Command(name = "publish-results", mixinStandardHelpOptions = true,
      description = "After the tally: publish the results on the nodes' public site (per contest, with the verifier's "
          + "report and the whole record to download). Give the tally the tally wrote in the record folder and the "
          + "verifier's report (./evote verify RECORD --json report.json). Refused until the election is closed, and "
          + "when the tally is not this election's proven tally.")
  static final class PublishResults extends OfficialAction {
    @Option(names = "--tally", required = true, paramLabel = "FILE",
        description = "The decrypted tally (tally.json in the record folder the tally wrote).")
    Path tally;

    @Option(names = "--encrypted-tally", paramLabel = "FILE",
        description = "The encrypted tally; default: encrypted_tally.json beside --tally.")
    Path encryptedTally;

    @Option(names = "--report", required = true, paramLabel = "FILE",
        description = "The verifier's report as JSON (./evote verify RECORD --json FILE).")
    Path report;

    @Override
    int run() throws OfficeException {
      String id = election.checked();
      Path encrypted = encryptedTally != null ? encryptedTally
          : tally.toAbsolutePath().resolveSibling(ElectionRecordFiles.ENCRYPTED_TALLY_FILE);
      byte[] reportBytes = readFile(report, "the verifier's report");
      var parsedReport = org.evote.crypto.record.VerifierReportJson.parse(reportBytes, report.getFileName().toString());
      if (!parsedReport.isOk()) {
        throw new OfficeException("the verifier's report " + report + " cannot be read (write it with ./evote verify RECORD "
            + "--json FILE): " + parsedReport.problem());
      }
      byte[] body = org.evote.crypto.record.EvoteResultsJson.write(readFile(tally, "the tally"),
          readFile(encrypted, "the encrypted tally (--encrypted-tally)"), reportBytes);
      TokenIssuer issuer = signer.issuer();
      try (NodesClient c = nodes.client()) {
        NodesClient.Answer a = c.post("/api/elections/" + id + "/results", new String(body, StandardCharsets.UTF_8),
            () -> signer.requestSigning(issuer, id, "results", body));
        if (a.status() != 200) {
          throw refused("the results were not published", a);
        }
        JsonNode r = readJson(a.body());
        out().println("results of election " + id + " published" + (r.path("already").asBoolean() ? " (already)" : "")
            + "; the verifier's verdict: " + r.path("verdict").asText());
        out().println("the public site shows them: " + a.node() + "/site/?election=" + id);
        return 0;
      }
    }
  }

  static JsonNode readJson(String body) throws OfficeException {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new OfficeException("a node's answer is not JSON: " + (body.length() > 200 ? body.substring(0, 200) : body));
    }
  }
}

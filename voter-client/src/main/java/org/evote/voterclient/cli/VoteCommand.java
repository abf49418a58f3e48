package org.evote.voterclient.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.evote.crypto.election.ContestData;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.StrictJson;
import org.evote.voterclient.Choices;
import org.evote.voterclient.Credentials;
import org.evote.voterclient.ElectionView;
import org.evote.voterclient.NodeClient;
import org.evote.voterclient.SignIn;
import org.evote.voterclient.VoterException;
import org.evote.voterclient.VoterSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evote vote}: fetch the election from a node, show the ballot, take the choices (flags or
 * prompts), encrypt on this machine, show the confirmation code, then challenge or cast. Errors
 * are printed as one sentence on stderr with exit code 1; usage errors exit with 2.
 */
@Command(name = "vote", mixinStandardHelpOptions = true, sortOptions = false,
    subcommands = {CheckCommand.class, VerifyChallengeCommand.class},
    description = "Cast an encrypted ballot. The ballot is encrypted on this machine; the nodes never see your"
        + " choices. Without --choose it asks for each contest's choice, shows the confirmation code and asks"
        + " whether to cast or challenge. With --choose it casts directly, after one challenge when --challenge is given.",
    footer = {"", "Exit codes: 0 cast (or challenged with --challenge-only), 1 error, 2 usage.", "", "Example:",
        "  ./evote vote --nodes https://127.0.0.1:8443 --trust node-cert.pem \\",
        "      --credentials alice.json --choose contest1=contest1-selection2",
        "  ./evote vote --nodes https://vote.example.org --sign-in --election 5f3a...e1"})
public final class VoteCommand implements Callable<Integer> {
  static final ObjectMapper JSON = StrictJson.mapper();

  /** Options every voter command shares: where the nodes are and which certificates to trust. */
  static final class NodeOptions {
    @Option(names = "--nodes", split = ",", paramLabel = "URL",
        description = "Required. The nodes' addresses, such as https://vote.example.org:8443; the next is tried when one is unreachable.")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--trust", split = ",", paramLabel = "PEM",
        description = "Certificate file(s) of the nodes to trust (PEM); default: the system's trusted authorities.")
    List<Path> trust = new ArrayList<>();

    @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
        description = "How long to wait for a node's answer (default ${DEFAULT-VALUE} s).")
    int timeoutSeconds;

    NodeClient client(PrintWriter err) throws VoterException {
      if (nodes.isEmpty()) {
        throw new VoterException("usage", "Give the nodes' addresses with --nodes.");
      }
      return new NodeClient(nodes, trust, Duration.ofSeconds(timeoutSeconds), m -> {
        err.println(m);
        err.flush();
      });
    }
  }

  @CommandLine.Mixin
  NodeOptions nodeOptions;

  @Option(names = "--credentials", paramLabel = "FILE",
      description = "Your credentials file from the election office (identity token and key); or --sign-in.")
  Path credentialsFile;

  @Option(names = "--sign-in", description = "Sign in through the election's identity provider instead of a credentials "
      + "file: you are shown an address and a code to open on any device; needs --election.")
  boolean signIn;

  @Option(names = "--election", paramLabel = "ID", description = "With --sign-in: the election's id (64 hex digits, as the "
      + "election office publishes it).")
  String electionId;

  @Option(names = "--choose", paramLabel = "CONTEST=OPTION",
      description = "A choice, repeated for each contest (and each option of a multi-choice contest); contests left out are blank.")
  List<String> choose = new ArrayList<>();

  @Option(names = "--challenge",
      description = "With --choose: first challenge a ballot with these choices (to check the encryption), then encrypt again and cast.")
  boolean challenge;

  @Option(names = "--challenge-only", description = "With --choose: challenge a ballot and cast nothing.")
  boolean challengeOnly;

  @Option(names = "--receipt-out", paramLabel = "FILE",
      description = "Where to store the receipt (default: receipt-<code>.json in --out-dir).")
  Path receiptOut;

  @Option(names = "--out-dir", defaultValue = ".", paramLabel = "DIR",
      description = "Folder for receipts and challenged-ballot records (default: the current folder).")
  Path outDir;

  @Option(names = "--device", defaultValue = "evote-cli", paramLabel = "NAME",
      description = "The encrypting device's name written in the ballot (default ${DEFAULT-VALUE}); when the election "
          + "chains confirmation codes, the label of this run's device, <label>-<voter tag>-<session>.")
  String device;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final BufferedReader in;
  private final Clock clock;

  public VoteCommand() {
    this(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), Clock.systemUTC());
  }

  /** For tests: where the prompts read from, and the clock. */
  public VoteCommand(BufferedReader in, Clock clock) {
    this.in = in;
    this.clock = clock;
  }

  /** Runs the command line and returns the exit code. */
  public static int run(String... args) {
    return commandLine(new VoteCommand()).execute(args);
  }

  /** A configured command line (UTF-8 output, usage errors as one line). */
  public static CommandLine commandLine(VoteCommand command) {
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    cl.setParameterExceptionHandler((ex, args) -> {
      ex.getCommandLine().getErr().println("evote vote: " + ex.getMessage());
      ex.getCommandLine().getErr().println("Run ./evote vote --help for the options.");
      return 2;
    });
    return cl;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      if ((credentialsFile == null) == !signIn) {
        throw new VoterException("usage", "Sign in with --sign-in --election ID, or give your credentials file with --credentials"
            + " (one of the two).");
      }
      if (signIn && electionId == null) {
        throw new VoterException("usage", "--sign-in needs --election ID, the election's id.");
      }
      if ((challenge || challengeOnly) && choose.isEmpty()) {
        throw new VoterException("usage", "--challenge and --challenge-only go with --choose; without --choose you are asked what to do.");
      }
      NodeClient nodes = nodeOptions.client(err);
      Credentials credentials = signIn ? SignIn.deviceGrant(nodes, electionId, out, clock)
          : Credentials.read(credentialsFile);
      credentials.checkNotExpired(clock.instant());
      if (signIn) {
        out.println("Signed in: voter " + credentials.voterId() + " (a pseudonym), ballot style " + credentials.ballotStyle() + ".");
      }
      VoterSession session = VoterSession.forVoter(nodes, credentials, clock, new SecureRandom());
      ElectionView election = session.election();
      session.checkCanVote();
      showBallot(out, election, credentials);
      if (choose.isEmpty()) {
        return interactive(out, session, election);
      }
      Choices choices = Choices.parse(election.manifest(), credentials.ballotStyle(), choose);
      showChoices(out, election, credentials.ballotStyle(), choices);
      if (challenge || challengeOnly) {
        VoterSession.Encrypted first = encrypt(out, session, choices);
        if (!challenge(out, err, session, first)) {
          return 1;
        }
        if (challengeOnly) {
          return 0;
        }
        out.println("Encrypting again with a fresh nonce to cast.");
      }
      cast(out, session, encrypt(out, session, choices));
      return 0;
    } catch (VoterException e) {
      err.println("evote vote: " + e.getMessage());
      return "usage".equals(e.reason()) ? 2 : 1;
    } catch (IOException e) {
      err.println("evote vote: " + e.getMessage());
      return 1;
    }
  }

  private int interactive(PrintWriter out, VoterSession session, ElectionView election) throws VoterException, IOException {
    String style = session.credentials().ballotStyle();
    Choices choices = prompt(out, election, style);
    while (true) {
      VoterSession.Encrypted e = encrypt(out, session, choices);
      String action = ask(out, "Cast this ballot, or challenge it to check the encryption? [cast/challenge/quit]: ");
      switch (action.toLowerCase(Locale.ROOT)) {
        case "cast", "c" -> {
          cast(out, session, e);
          return 0;
        }
        case "challenge", "h" -> {
          if (!challenge(out, spec.commandLine().getErr(), session, e)) {
            return 1;
          }
          String again = ask(out, "Keep the same choices for the next encryption? [Y/n]: ");
          if (again.toLowerCase(Locale.ROOT).startsWith("n")) {
            choices = prompt(out, election, style);
          }
        }
        case "quit", "q" -> {
          out.println("Nothing was cast.");
          return 0;
        }
        default -> out.println("Please answer cast, challenge or quit.");
      }
    }
  }

  private String ask(PrintWriter out, String question) throws IOException, VoterException {
    out.print(question);
    out.flush();
    String line = in.readLine();
    if (line == null) {
      throw new VoterException("no_input", "The input ended before a choice was made; nothing was cast.");
    }
    return line.trim();
  }

  private Choices prompt(PrintWriter out, ElectionView election, String style) throws VoterException, IOException {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (Manifest.Contest c : Choices.contests(election.manifest(), style)) {
      while (true) {
        String line = ask(out, "Your choice for \"" + c.name() + "\" (option numbers separated by commas, up to "
            + c.contestLimit() + "; empty for none): ");
        List<String> picked = new ArrayList<>();
        String problem = null;
        for (String part : line.isEmpty() ? new String[0] : line.split("[,\\s]+")) {
          int n;
          try {
            n = Integer.parseInt(part);
          } catch (NumberFormatException ex) {
            problem = "'" + part + "' is not an option number.";
            break;
          }
          if (n < 1 || n > c.selections().size()) {
            problem = "There is no option " + n + "; choose between 1 and " + c.selections().size() + ".";
            break;
          }
          picked.add(c.selections().get(n - 1).selectionId());
        }
        if (problem == null && picked.size() > c.contestLimit()) {
          problem = "You chose " + picked.size() + " options; this contest allows at most " + c.contestLimit() + ".";
        }
        if (problem == null) {
          Map<String, List<String>> trial = new LinkedHashMap<>(map);
          trial.put(c.contestId(), picked);
          try {
            Choices.of(trial).check(election.manifest(), style);
          } catch (VoterException ex) {
            problem = ex.getMessage();
          }
        }
        if (problem == null) {
          map.put(c.contestId(), picked);
          break;
        }
        out.println(problem);
      }
    }
    Choices choices = Choices.of(map);
    showChoices(out, election, style, choices);
    return choices;
  }

  private static void showBallot(PrintWriter out, ElectionView election, Credentials credentials) throws VoterException {
    out.println("Election " + election.manifest().electionScopeId() + " (" + election.id() + "), ballot style "
        + credentials.ballotStyle() + ", voter " + credentials.voterId());
    for (Manifest.Contest c : Choices.contests(election.manifest(), credentials.ballotStyle())) {
      out.println();
      out.println(c.name() + "  [" + c.contestId() + "] - choose up to " + c.contestLimit());
      for (int i = 0; i < c.selections().size(); i++) {
        Manifest.Selection s = c.selections().get(i);
        out.println("  " + (i + 1) + ") " + election.optionLabel(s) + "  [" + s.selectionId() + "]");
      }
    }
    out.println();
    out.flush();
  }

  private static void showChoices(PrintWriter out, ElectionView election, String style, Choices choices) throws VoterException {
    out.println("Your choices:");
    for (Manifest.Contest c : Choices.contests(election.manifest(), style)) {
      out.println("  " + c.name() + ": " + describe(election, c, choices.chosen(c.contestId())));
    }
    out.flush();
  }

  static String describe(ElectionView election, Manifest.Contest c, List<String> chosen) {
    if (chosen.isEmpty()) {
      return "(no choice)";
    }
    List<String> names = new ArrayList<>();
    for (String id : chosen) {
      names.add(c.selection(id).map(election::optionLabel).orElse(id));
    }
    return String.join(", ", names);
  }

  private VoterSession.Encrypted encrypt(PrintWriter out, VoterSession session, Choices choices) throws VoterException {
    out.print("Encrypting on this machine... ");
    out.flush();
    long t0 = System.nanoTime();
    VoterSession.Encrypted e = session.encrypt(choices, device);
    out.println("done in " + (System.nanoTime() - t0) / 1_000_000 + " ms.");
    out.println("Confirmation code: " + e.code());
    session.chainDevice().ifPresent(d -> out.println("Chained on device " + d + " (spec §3.4.3)"));
    out.flush();
    return e;
  }

  /** Challenges; false (after saying why) when the decryption does not match. */
  private boolean challenge(PrintWriter out, PrintWriter err, VoterSession session, VoterSession.Encrypted e)
      throws VoterException, IOException {
    out.println("Challenging ballot " + e.code() + ": revealing its nonce and decrypting it here.");
    VoterSession.Challenge c = session.challenge(e);
    ElectionView election = session.election();
    out.println("The challenged ballot decrypts to:");
    for (Manifest.Contest mc : Choices.contests(election.manifest(), session.credentials().ballotStyle())) {
      List<String> chosen = c.decryption().choices().getOrDefault(mc.contestId(), List.of());
      ContestData data = c.decryption().contestData().get(mc.contestId());
      out.println("  " + mc.name() + ": " + describe(election, mc, chosen)
          + (data == null ? "" : "  (contest data: " + data.status() + ")"));
    }
    Path record = outDir.resolve("challenged-" + e.code() + ".json");
    ElectionRecordFiles.writeAtomically(record, challengeRecord(session, e, c));
    out.println("The node recorded it as challenged (receipt from " + c.receipt().nodeId() + ", log position "
        + c.receipt().logPosition() + "); a challenged ballot is never counted.");
    out.println("Ballot, nonce and decryption saved to " + record + " for an independent check.");
    if (!c.decryption().verified()) {
      err.println("evote vote: WARNING - the challenged ballot does not match what this device should have encrypted: "
          + String.join("; ", c.decryption().problems()) + ". Do not cast from this device; tell the election office.");
      err.flush();
      return false;
    }
    out.println("Check passed: re-encrypting these choices with the revealed nonce gives exactly the same ballot.");
    out.flush();
    return true;
  }

  private static byte[] challengeRecord(VoterSession session, VoterSession.Encrypted e, VoterSession.Challenge c)
      throws VoterException, IOException {
    ElectionView election = session.election();
    ObjectNode o = JSON.createObjectNode();
    o.put("election_id", election.id());
    o.put("confirmation_code", e.code());
    o.put("ballot_nonce", e.nonce().unwrapSecret().toHex());
    ObjectNode choices = o.putObject("decrypted_choices");
    c.decryption().choices().forEach((contest, chosen) -> {
      ArrayNode a = choices.putArray(contest);
      chosen.forEach(a::add);
    });
    o.put("verified", c.decryption().verified());
    o.set("ballot", JSON.readTree(election.codec().writeEncryptedBallot(
        e.ballot().withState(org.evote.crypto.election.BallotState.CHALLENGED))));
    o.set("receipt", c.receipt().json());
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
  }

  private void cast(PrintWriter out, VoterSession session, VoterSession.Encrypted e) throws VoterException, IOException {
    VoterSession.Receipt r = session.cast(e);
    Path file = receiptOut != null ? receiptOut : outDir.resolve("receipt-" + e.code() + ".json");
    ElectionRecordFiles.writeAtomically(file, r.bytes());
    out.println("Your ballot was cast. Confirmation code: " + e.code());
    out.println("Receipt signed by node " + r.nodeId() + " (log position " + r.logPosition()
        + "), signature verified, saved to " + file);
    out.println("Check it on the board at any time: ./evote vote check " + file + " --nodes ...");
    out.flush();
  }
}

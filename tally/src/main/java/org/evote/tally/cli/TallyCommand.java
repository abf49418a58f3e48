package org.evote.tally.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.tally.Checked;
import org.evote.tally.aggregate.AggregationResult;
import org.evote.tally.decrypt.DecryptingShare;
import org.evote.tally.decrypt.DecryptionChallenge;
import org.evote.tally.decrypt.DecryptionCoordinator;
import org.evote.tally.decrypt.DecryptionJob;
import org.evote.tally.decrypt.DecryptionRequest;
import org.evote.tally.decrypt.GuardianCommitment;
import org.evote.tally.decrypt.GuardianResponse;
import org.evote.tally.decrypt.JointDecryption;
import org.evote.tally.record.OpenRecord;
import org.evote.tally.record.TallyCeremony;
import org.evote.tally.record.Trustees;
import org.evote.tally.transport.FileTransport;
import org.evote.tally.transport.MessageCodec;
import org.evote.tally.transport.SessionBoard;
import org.evote.tally.vault.GuardianVault;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evote tally ...}: aggregation and the decryption ceremony. */
@Command(
    name = "tally",
    mixinStandardHelpOptions = true,
    description = {
        "Aggregate the counted ballots and decrypt the tally and the challenged ballots.",
        "Aggregation follows ElectionGuard 2.0 §3.5 and decryption with any k guardians §3.6: in one process from trustee files (decrypt), or with guardians in separate processes over the shared ceremony folder (decrypt-request, then guardian decrypt-commit, decrypt-challenge, guardian decrypt-respond, decrypt-finish)."},
    subcommands = {
      TallyCommand.Aggregate.class,
      TallyCommand.Decrypt.class,
      TallyCommand.DecryptRequest.class,
      TallyCommand.DecryptChallenge.class,
      TallyCommand.DecryptFinish.class
    })
final class TallyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing step: aggregate, decrypt, decrypt-request, decrypt-challenge or decrypt-finish");
  }

  /** Options of every step that aggregates. */
  static final class AggregateOptions {
    @Option(names = "--tally-id", defaultValue = "tally", paramLabel = "ID",
        description = "The encrypted tally's id (default ${DEFAULT-VALUE}).")
    String tallyId;

    @Option(names = "--threads", paramLabel = "N",
        description = "Worker threads (default: two per core, so that file reads overlap with decoding).")
    Integer threads;

    @Option(names = "--no-progress", description = "Do not show a progress bar.")
    boolean quiet;

    int threads() {
      int t = threads == null ? 2 * Runtime.getRuntime().availableProcessors() : threads;
      if (t < 1) {
        throw Cli.fail("--threads must be at least 1, got " + t);
      }
      return t;
    }
  }

  private static void report(PrintWriter out, AggregationResult a) {
    if (a == null) {
      return;
    }
    out.println("aggregated " + a.counted() + " of " + a.ballotsRead() + " ballots"
        + (a.excluded().isEmpty() ? "" : "; not counted: " + a.excluded()));
  }

  private static void report(PrintWriter out, TallyCeremony.Written w, Path dir) {
    DecryptedTallyOrBallot t = w.tally();
    int lines = 0;
    for (DecryptedTallyOrBallot.Contest c : t.contests()) {
      for (DecryptedTallyOrBallot.Selection s : c.selections()) {
        if (lines++ < 60) {
          out.println("  " + c.contestId() + " " + s.selectionId() + ": " + s.tally());
        }
      }
    }
    if (lines > 60) {
      out.println("  ... " + (lines - 60) + " more options in tally.json");
    }
    out.println("decrypted tally written to " + dir.resolve(ElectionRecordFiles.TALLY_FILE));
    out.println(w.ballotsWritten() + " challenged ballots decrypted into " + dir.resolve(ElectionRecordFiles.CHALLENGED_BALLOTS_DIR));
    if (!w.ballotProblems().isEmpty()) {
      throw Cli.fail(w.ballotProblems().size() + " challenged ballot(s) could not be decrypted: "
          + String.join("; ", w.ballotProblems()));
    }
  }

  @Command(name = "aggregate", mixinStandardHelpOptions = true,
      description = {
        "Aggregate the ballots that count into encrypted_tally.json: every CAST ballot of an egk-ec record, or what evote/policy.json counts in a record exported by the ballot servers.",
        "For each option, the product of the encryptions (eq. 62). Streams the ballots, in parallel. Refuses to replace a different existing encrypted tally."})
  static final class Aggregate extends Cli.Step {
    @Option(names = "--record", required = true, paramLabel = "DIR", description = "The election record.")
    Path recordDir;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write encrypted_tally.json (default: the record).")
    Path out;

    @Mixin AggregateOptions ao;

    @Override
    void run() throws IOException {
      OpenRecord record = Cli.record(recordDir);
      TallyCeremony.Prepared p = Cli.ok(TallyCeremony.aggregate(record, ao.tallyId, Cli.policy(recordDir),
          ao.threads(), Cli.progress("aggregate", ao.quiet)), "the ballots cannot be aggregated");
      Path dir = out == null ? recordDir : out;
      ElectionRecordFiles target = new ElectionRecordFiles(dir, record.files().codec());
      byte[] bytes = target.codec().writeEncryptedTally(p.tally());
      if (Files.exists(target.encryptedTallyPath()) && !Arrays.equals(Files.readAllBytes(target.encryptedTallyPath()), bytes)) {
        throw Cli.fail(target.encryptedTallyPath() + " already exists with other content; remove it to aggregate again");
      }
      target.writeEncryptedTally(p.tally());
      PrintWriter o = out();
      report(o, p.aggregation());
      o.println(p.challenged().size() + " challenged ballots; encrypted tally written to " + target.encryptedTallyPath());
    }
  }

  @Command(name = "decrypt", mixinStandardHelpOptions = true,
      description = {
        "Decrypt the tally and the challenged ballots in this process.",
        "Uses the guardians whose keys are in --trustees (egk-ec decryptingTrustee-*.json files, or this project's <id>.state.json files, whose passphrases come from EVOTE_PASSPHRASE_<ID>, --passphrase-dir or a prompt). Aggregates first when the record has no encrypted_tally.json. Any k guardians suffice."})
  static final class Decrypt extends Cli.Step {
    @Option(names = "--record", required = true, paramLabel = "DIR", description = "The election record.")
    Path recordDir;

    @Option(names = "--trustees", required = true, paramLabel = "DIR", description = "The guardians' key files.")
    Path trustees;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "Where to write tally.json and challenged_ballots/ (may be the record).")
    Path out;

    @Option(names = "--guardians", split = ",", paramLabel = "ID,...",
        description = "Use only these guardians (default: every one in --trustees).")
    List<String> guardians;

    @Option(names = "--passphrase-dir", paramLabel = "DIR",
        description = "Folder of <id>.passphrase files for state files.")
    Path passphraseDir;

    @Mixin AggregateOptions ao;

    @Override
    void run() throws IOException {
      OpenRecord record = Cli.record(recordDir);
      Set<String> chosen = Cli.ids(guardians);
      List<DecryptingShare> shares = Cli.ok(Trustees.load(record, trustees, chosen, this::passphrase,
          GuardianVault.standard()), "cannot load the guardians' keys");
      int k = record.keys().quorum();
      if (shares.size() < k) {
        throw Cli.fail("a decryption needs at least k = " + k + " guardians, but only " + shares.size()
            + " are available (" + String.join(", ", shares.stream().map(DecryptingShare::guardianId).toList()) + ")");
      }
      PrintWriter o = out();
      TallyCeremony.Prepared p = Cli.ok(TallyCeremony.prepare(record, ao.tallyId, Cli.policy(recordDir),
          ao.threads(), Cli.progress("aggregate", ao.quiet)), "the tally cannot be prepared");
      report(o, p.aggregation());
      o.println("decrypting with guardians " + String.join(", ", shares.stream().map(DecryptingShare::guardianId).toList())
          + " (k = " + k + ")");
      TallyCeremony.Written w = Cli.ok(TallyCeremony.decryptInProcess(record, shares, p, out, new SecureRandom()),
          "the decryption failed");
      report(o, w, out);
    }

    private char[] passphrase(String guardianId) throws IOException {
      String env = System.getenv(Cli.passphraseEnv(guardianId));
      if (env != null && !env.isEmpty()) {
        return env.toCharArray();
      }
      if (passphraseDir != null) {
        return Cli.readPassphraseFile(passphraseDir.resolve(guardianId + ".passphrase"));
      }
      return Cli.prompt("guardian " + guardianId, false);
    }
  }

  // -----------------------------------------------------------------------------------------------
  // Sessions with guardians in separate processes

  /** Options of the coordinator's session steps. */
  static final class SessionOptions {
    @Option(names = "--record", required = true, paramLabel = "DIR", description = "The election record.")
    Path recordDir;

    @Option(names = "--ceremony", required = true, paramLabel = "DIR",
        description = "The shared ceremony folder (the file transport).")
    Path ceremony;
  }

  private static SessionBoard board(OpenRecord record, Path ceremony, String session) {
    if (!Files.isDirectory(ceremony)) {
      throw Cli.fail("the ceremony folder " + ceremony + " does not exist");
    }
    try {
      return new SessionBoard(new FileTransport(ceremony), new MessageCodec(record.group()), session);
    } catch (IllegalArgumentException e) {
      throw Cli.fail(e.getMessage());
    }
  }

  @Command(name = "decrypt-request", mixinStandardHelpOptions = true,
      description = {
        "Open a decryption session.",
        "Publishes the request with every text to decrypt (the encrypted tally, aggregating it first if the record has none, and the challenged ballots)."})
  static final class DecryptRequest extends Cli.Step {
    @Mixin SessionOptions so;

    @Option(names = "--session", paramLabel = "ID", description = "The session id (default: random).")
    String session;

    @Mixin AggregateOptions ao;

    @Override
    void run() throws IOException {
      OpenRecord record = Cli.record(so.recordDir);
      String id = session != null ? session : "session-" + HexFormat.of().formatHex(randomBytes());
      SessionBoard board = board(record, so.ceremony, id);
      if (board.request().isPresent()) {
        throw Cli.fail("session " + id + " already exists in " + board.describe());
      }
      PrintWriter o = out();
      TallyCeremony.Prepared p = Cli.ok(TallyCeremony.prepare(record, ao.tallyId, Cli.policy(so.recordDir),
          ao.threads(), Cli.progress("aggregate", ao.quiet)), "the tally cannot be prepared");
      report(o, p.aggregation());
      if (p.aggregated()) {
        record.files().writeEncryptedTally(p.tally());
        o.println("encrypted tally written to " + record.files().encryptedTallyPath());
      }
      DecryptionJob job = Cli.ok(TallyCeremony.job(record, p.tally(), p.challenged()), "the challenged ballots cannot be read");
      DecryptionRequest request = new DecryptionCoordinator(record.keys()).request(id, p.tally().tallyId(),
          job.ballotRefs(), job.texts());
      board.publish(request);
      o.println("session " + id + " opened: " + job.texts().size() + " texts (the tally and "
          + job.ballotRefs().size() + " challenged ballots); guardians now run guardian decrypt-commit --session " + id);
    }

    private static byte[] randomBytes() {
      byte[] b = new byte[6];
      new SecureRandom().nextBytes(b);
      return b;
    }
  }

  private static DecryptionRequest request(SessionBoard board) throws IOException {
    return Cli.ok(board.request().orElseThrow(() -> Cli.fail("there is no session " + board.sessionId()
        + " in " + board.describe())), "the session's request cannot be used");
  }

  /** A step in an open session: it opens the record, the session's board and its request for the step. */
  abstract static class SessionStep extends Cli.Step {
    @Mixin SessionOptions so;

    @Option(names = "--session", required = true, paramLabel = "ID", description = "The session id.")
    String session;

    @Override
    final void run() throws IOException {
      OpenRecord record = Cli.record(so.recordDir);
      SessionBoard board = board(record, so.ceremony, session);
      run(record, board, request(board));
    }

    abstract void run(OpenRecord record, SessionBoard board, DecryptionRequest request) throws IOException;
  }

  private static List<GuardianCommitment> commitments(SessionBoard board) throws IOException {
    List<GuardianCommitment> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Checked<GuardianCommitment>> e : board.commitments().entrySet()) {
      if (e.getValue().isOk()) {
        out.add(e.getValue().value());
      } else {
        problems.add("guardian " + e.getKey() + "'s commitment cannot be used: " + e.getValue().summary());
      }
    }
    if (!problems.isEmpty()) {
      throw Cli.fail(String.join("; ", problems));
    }
    return out;
  }

  @Command(name = "decrypt-challenge", mixinStandardHelpOptions = true,
      description = {
        "Close round one of a session.",
        "Combines the commitments of the guardians who have committed (at least k; --guardians picks some) and publishes the joint challenges (eq. 71, 81)."})
  static final class DecryptChallenge extends SessionStep {
    @Option(names = "--guardians", split = ",", paramLabel = "ID,...",
        description = "Use only these guardians' commitments (default: all that committed).")
    List<String> guardians;

    @Override
    void run(OpenRecord record, SessionBoard board, DecryptionRequest request) throws IOException {
      if (board.challenge().isPresent()) {
        throw Cli.fail("session " + session + " already has its challenge");
      }
      Set<String> chosen = Cli.ids(guardians);
      List<GuardianCommitment> all = commitments(board);
      for (String id : chosen) {
        if (all.stream().noneMatch(c -> c.guardianId().equals(id))) {
          throw Cli.fail("guardian " + id + " has not committed in session " + session);
        }
      }
      List<GuardianCommitment> used = chosen.isEmpty() ? all
          : all.stream().filter(c -> chosen.contains(c.guardianId())).toList();
      DecryptionChallenge challenge = Cli.ok(new DecryptionCoordinator(record.keys()).challenge(request, used),
          "cannot challenge session " + session);
      board.publish(challenge);
      out().println("session " + session + ": challenged guardians "
          + String.join(", ", challenge.guardianIds()) + "; they now run guardian decrypt-respond --session " + session);
    }
  }

  @Command(name = "decrypt-finish", mixinStandardHelpOptions = true,
      description = {
        "Close a session and write the decrypted tally.",
        "Checks every guardian's responses (eq. 74, 75), assembles the proofs, and writes tally.json and challenged_ballots/. Names any guardian whose response fails."})
  static final class DecryptFinish extends SessionStep {
    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "Where to write tally.json and challenged_ballots/ (may be the record).")
    Path out;

    @Override
    void run(OpenRecord record, SessionBoard board, DecryptionRequest request) throws IOException {
      DecryptionChallenge challenge = Cli.ok(board.challenge().orElseThrow(() -> Cli.fail("session " + session
          + " has no challenge yet (run tally decrypt-challenge)")), "the challenge cannot be used");
      List<GuardianResponse> responses = new ArrayList<>();
      for (Map.Entry<String, Checked<GuardianResponse>> e : board.responses().entrySet()) {
        responses.add(Cli.ok(e.getValue(), "guardian " + e.getKey() + "'s response cannot be used"));
      }
      EncryptedTally tally = Cli.ok(record.encryptedTally(), "the record's encrypted tally cannot be used");
      DecryptionJob job = Cli.ok(TallyCeremony.job(record, tally, request.challengedBallots()),
          "the challenged ballots cannot be read");
      if (!job.matches(request)) {
        throw Cli.fail("session " + session + "'s request does not match the record's encrypted tally and ballots");
      }
      List<JointDecryption> decrypted = Cli.ok(new DecryptionCoordinator(record.keys()).finish(request,
          commitments(board), challenge, responses), "session " + session + " cannot finish");
      TallyCeremony.Written w = Cli.ok(TallyCeremony.write(record, out, null, job, decrypted), "the results cannot be written");
      PrintWriter o = out();
      o.println("session " + session + ": decrypted with guardians " + String.join(", ", challenge.guardianIds()));
      report(o, w, out);
    }
  }
}

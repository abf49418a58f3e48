package org.evote.tally.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.evote.crypto.group.Element;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.secret.SecretScalar;
import org.evote.tally.Checked;
import org.evote.tally.decrypt.DecryptingShare;
import org.evote.tally.decrypt.DecryptionChallenge;
import org.evote.tally.decrypt.DecryptionRequest;
import org.evote.tally.decrypt.GuardianCommitment;
import org.evote.tally.decrypt.GuardianResponse;
import org.evote.tally.guardian.GuardianState;
import org.evote.tally.keyceremony.CeremonyParameters;
import org.evote.tally.keyceremony.CoefficientCommitments;
import org.evote.tally.keyceremony.ComplaintAnswer;
import org.evote.tally.keyceremony.EncryptedShare;
import org.evote.tally.keyceremony.KeyCeremonyGuardian;
import org.evote.tally.keyceremony.ShareReport;
import org.evote.tally.transport.CeremonyBoard;
import org.evote.tally.transport.SessionBoard;
import org.evote.tally.vault.ElectionBinding;
import org.evote.tally.vault.GuardianVault;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evote guardian ...}: one guardian's own steps, run on the guardian's own machine. */
@Command(
    name = "guardian",
    mixinStandardHelpOptions = true,
    description = {
        "A guardian's own steps in the key ceremony (ElectionGuard 2.0 §3.2) and the tally ceremony (§3.6).",
        "Each step reads the shared ceremony folder, opens this guardian's encrypted state file with its passphrase, and publishes messages to the folder. The passphrase comes from --passphrase-file, else EVOTE_PASSPHRASE, else a prompt."},
    subcommands = {
      GuardianCommand.Keygen.class,
      GuardianCommand.Share.class,
      GuardianCommand.VerifyShares.class,
      GuardianCommand.AnswerComplaints.class,
      GuardianCommand.DecryptCommit.class,
      GuardianCommand.DecryptRespond.class
    })
final class GuardianCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing step: keygen, share, verify-shares, answer-complaints, decrypt-commit or decrypt-respond");
  }

  /** Options every guardian step takes. */
  static final class StateOptions {
    @Option(names = "--ceremony", required = true, paramLabel = "DIR",
        description = "The shared ceremony folder (the file transport).")
    Path ceremony;

    @Option(names = "--state", required = true, paramLabel = "FILE",
        description = "This guardian's encrypted state file (by convention <id>.state.json).")
    Path state;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
        description = "Read the passphrase from the first line of FILE.")
    Path passphraseFile;
  }

  /** An opened ceremony and state file. */
  private record Opened(CeremonyBoard board, GuardianVault.UnlockedState unlocked) implements AutoCloseable {
    GuardianState state() {
      return unlocked.state();
    }

    CeremonyParameters parameters() {
      return board.parameters();
    }

    @Override
    public void close() {
      unlocked.close();
    }
  }

  private static Opened open(StateOptions o) throws IOException {
    CeremonyBoard board = Cli.board(o.ceremony);
    if (!Files.exists(o.state)) {
      throw Cli.fail("guardian state file " + o.state + " does not exist (run guardian keygen first)");
    }
    CeremonyParameters p = board.parameters();
    char[] pass = Cli.passphrase(o.passphraseFile, "the state file " + o.state.getFileName(), false);
    try {
      GuardianVault.UnlockedState u = Cli.ok(GuardianVault.standard().open(o.state, pass,
          new ElectionBinding(p.ceremonyId(), p.electionBaseHash()), null), "cannot use the state file");
      return new Opened(board, u);
    } finally {
      Arrays.fill(pass, '\0');
    }
  }

  /** A step on an existing state file: it opens the state for the step, and closes it after. */
  abstract static class GuardianStep extends Cli.Step {
    @Mixin StateOptions o;

    @Override
    final void run() throws IOException {
      try (Opened g = open(o)) {
        run(g);
      }
    }

    abstract void run(Opened g) throws IOException;
  }

  // -----------------------------------------------------------------------------------------------

  @Command(name = "keygen", mixinStandardHelpOptions = true,
      description = {
        "Create this guardian's key and publish its commitments.",
        "Samples the secret polynomial of k coefficients (eq. 9), keeps it in a new encrypted state file, and publishes the commitments with Schnorr proofs (eq. 10-12)."})
  static final class Keygen extends Cli.Step {
    @Mixin StateOptions o;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "This guardian's id in the ceremony.")
    String id;

    @Override
    void run() throws IOException {
      PrintWriter out = out();
      CeremonyBoard board = Cli.board(o.ceremony);
      CeremonyParameters p = board.parameters();
      if (p.seat(id).isEmpty()) {
        throw Cli.fail("\"" + id + "\" is not a guardian of ceremony " + p.ceremonyId() + " (its guardians are "
            + String.join(", ", p.guardians().stream().map(CeremonyParameters.Seat::guardianId).toList()) + ")");
      }
      SecureRandom random = new SecureRandom();
      Optional<Parsed<CoefficientCommitments>> published = board.commitments(id);
      GuardianState state;
      if (Files.exists(o.state)) {
        char[] pass = Cli.passphrase(o.passphraseFile, "guardian " + id, false);
        try (GuardianVault.UnlockedState u = Cli.ok(GuardianVault.standard().open(o.state, pass,
            new ElectionBinding(p.ceremonyId(), p.electionBaseHash()), id), "cannot use the state file")) {
          state = u.state();
        } finally {
          Arrays.fill(pass, '\0');
        }
      } else {
        if (published.isPresent()) {
          throw Cli.fail("guardian " + id + " has already published commitments, but the state file " + o.state
              + " does not exist: use the state file that made them");
        }
        char[] pass = Cli.passphrase(o.passphraseFile, "guardian " + id, true);
        try {
          state = KeyCeremonyGuardian.create(p, id, random);
          GuardianVault.standard().create(o.state, state, pass).close();
        } finally {
          Arrays.fill(pass, '\0');
        }
        out.println("guardian " + id + ": new secret polynomial of " + p.quorum() + " coefficients saved in " + o.state);
      }
      Element own = p.group().gExp(state.polynomial().secretKey());
      if (published.isPresent()) {
        if (published.get().isOk() && published.get().value().publicKey().equals(own)) {
          out.println("guardian " + id + ": commitments were already published");
          return;
        }
        throw Cli.fail("different commitments are already published for guardian " + id);
      }
      board.publish(KeyCeremonyGuardian.commitments(p, state, random));
      out.println("guardian " + id + ": published " + p.quorum() + " commitments with Schnorr proofs");
    }
  }

  @Command(name = "share", mixinStandardHelpOptions = true,
      description = "Check every guardian's commitments and Schnorr proofs (Verification 2), then send each other guardian its share P_i(l), encrypted to its key (eq. 14-19).")
  static final class Share extends GuardianStep {
    @Override
    void run(Opened g) throws IOException {
      Checked<KeyCeremonyGuardian.SharesStep> step =
          KeyCeremonyGuardian.shares(g.parameters(), g.state(), g.board().allCommitments(), new SecureRandom());
      KeyCeremonyGuardian.SharesStep s = Cli.ok(step, "guardian " + g.state().guardianId() + " cannot send its shares");
      g.unlocked().save(s.state());
      for (EncryptedShare share : s.shares()) {
        g.board().publish(share);
      }
      out().println("guardian " + g.state().guardianId() + ": sent " + s.shares().size()
          + " encrypted shares");
    }
  }

  @Command(name = "verify-shares", mixinStandardHelpOptions = true,
      description = {
        "Check the shares received and publish a report.",
        "Decrypts and checks the shares sent to this guardian (eq. 20, 21) and publishes confirmations, and complaints for bad shares. Run it again after an accused guardian has answered: a valid reveal resolves the complaint. Exits 1 while complaints remain."})
  static final class VerifyShares extends GuardianStep {
    @Override
    void run(Opened g) throws IOException {
      String me = g.state().guardianId();
      Optional<ShareReport> previous = Optional.empty();
      Optional<Parsed<ShareReport>> latest = g.board().latestReport(me);
      if (latest.isPresent()) {
        previous = Optional.of(Cli.ok(latest.get().isOk() ? Checked.ok(latest.get().value())
            : Checked.failed(latest.get().problem().toString()), "this guardian's last report cannot be read"));
      }
      KeyCeremonyGuardian.VerifyStep step = Cli.ok(KeyCeremonyGuardian.verifyShares(g.parameters(), g.state(),
          g.board().allCommitments(), g.board().sharesFor(me), g.board().answersFor(me), previous),
          "guardian " + me + " cannot verify its shares");
      g.unlocked().save(step.state());
      if (step.changed()) {
        g.board().publish(step.report());
      }
      PrintWriter out = out();
      ShareReport r = step.report();
      out.println("guardian " + me + ": report revision " + r.revision() + ": confirmed shares from "
          + (r.confirmed().isEmpty() ? "nobody" : String.join(", ", r.confirmed())));
      if (!r.complaints().isEmpty()) {
        List<String> c = r.complaints().stream().map(x -> "against " + x.accusedId() + ": " + x.reason()).toList();
        throw Cli.fail("published " + c.size() + " complaint(s): " + String.join("; ", c));
      }
      out.println("guardian " + me + ": all shares verified; key share P(" + g.state().xCoordinate() + ") computed");
    }
  }

  @Command(name = "answer-complaints", mixinStandardHelpOptions = true,
      description = "Answer every published complaint against this guardian by revealing the share P_i(l) and the nonce of its encryption, so that everyone can check them (§3.2.2).")
  static final class AnswerComplaints extends GuardianStep {
    @Override
    void run(Opened g) throws IOException {
      List<ShareReport> reports = new ArrayList<>();
      for (Checked<ShareReport> r : g.board().latestReports().values()) {
        if (r.isOk()) {
          reports.add(r.value());
        }
      }
      List<ComplaintAnswer> answers = KeyCeremonyGuardian.answerComplaints(g.parameters(), g.state(), reports);
      for (ComplaintAnswer a : answers) {
        g.board().publish(a);
      }
      out().println("guardian " + g.state().guardianId() + ": answered " + answers.size()
          + " complaint(s)" + (answers.isEmpty() ? "" : " to "
          + String.join(", ", answers.stream().map(ComplaintAnswer::recipientId).toList())));
    }
  }

  // -----------------------------------------------------------------------------------------------

  /** Options of the decryption rounds. */
  static final class SessionOptions {
    @Option(names = "--session", required = true, paramLabel = "ID", description = "The decryption session.")
    String session;
  }

  private static SessionBoard session(Opened g, String id) {
    return new SessionBoard(g.board().transport(), g.board().codec(), id);
  }

  private static DecryptionRequest request(Opened g, SessionBoard s) throws IOException {
    DecryptionRequest r = Cli.ok(s.request().orElseThrow(() -> Cli.fail("session " + s.sessionId()
        + " has no request in " + s.describe())), "the session's request cannot be used");
    Element k = g.parameters().group().identity();
    Map<String, Checked<CoefficientCommitments>> all = g.board().allCommitments();
    for (CeremonyParameters.Seat seat : g.parameters().guardians()) {
      Checked<CoefficientCommitments> c = all.get(seat.guardianId());
      if (c == null || !c.isOk()) {
        throw Cli.fail("guardian " + seat.guardianId() + "'s commitments cannot be read from the ceremony folder");
      }
      k = k.multiply(c.value().publicKey());
    }
    if (!k.equals(r.jointKey())) {
      throw Cli.fail("the request's joint key K is not the product of this ceremony's guardian keys");
    }
    return r;
  }

  private static DecryptingShare share(Opened g) {
    GuardianState s = g.state();
    SecretScalar p = s.keyShare().orElseThrow(() -> Cli.fail("guardian " + s.guardianId()
        + " has no key share yet: its key ceremony is not complete (run guardian verify-shares)"));
    return new DecryptingShare(s.guardianId(), s.xCoordinate(), p, s.electionBaseHash());
  }

  @Command(name = "decrypt-commit", mixinStandardHelpOptions = true,
      description = {
        "Round one of a decryption session.",
        "Publishes M_i = A^P(i) and the proof commitments (a_i, b_i) = (g^u_i, A^u_i) for every text of the request (eq. 66, 69, 77, 79). The nonces' seed is fresh for the session and kept in the state file until decrypt-respond."})
  static final class DecryptCommit extends GuardianStep {
    @Mixin SessionOptions so;

    @Option(names = "--record", paramLabel = "DIR",
        description = "Before committing, check that the request asks for exactly this record's encrypted tally and"
            + " CHALLENGED ballots (recommended: a guardian's own copy of the record).")
    Path record;

    @Override
    void run(Opened g) throws IOException {
      SessionBoard s = session(g, so.session);
      String me = g.state().guardianId();
      if (s.hasCommitment(me)) {
        throw Cli.fail("guardian " + me + " has already committed in session " + so.session);
      }
      if (s.challenge().isPresent()) {
        throw Cli.fail("session " + so.session + " already has its challenge; it is too late to join");
      }
      DecryptionRequest request = request(g, s);
      if (record != null) {
        checkAgainstRecord(request, record);
      }
      DecryptingShare share = share(g);
      SecretScalar seed = g.state().decryptionSeeds().get(so.session);
      if (seed == null) {
        seed = share.newSeed(new SecureRandom());
        Map<String, SecretScalar> seeds = new LinkedHashMap<>(g.state().decryptionSeeds());
        seeds.put(so.session, seed);
        g.unlocked().save(g.state().withDecryptionSeeds(seeds));
      }
      GuardianCommitment c = Cli.ok(share.commit(request, seed), "guardian " + me + " refuses the request");
      s.publish(c);
      out().println("guardian " + me + ": committed to " + request.texts().size()
          + " texts in session " + so.session);
    }
  }

  /** The request must decrypt exactly the record's encrypted tally and CHALLENGED ballots, nothing else. */
  private static void checkAgainstRecord(DecryptionRequest request, Path recordDir) {
    org.evote.tally.record.OpenRecord r = Cli.record(recordDir);
    if (!r.keys().extendedBaseHash().equals(request.extendedBaseHash())) {
      throw Cli.fail("the request is not for the election of the record " + recordDir);
    }
    var tally = Cli.ok(r.encryptedTally(), "the record's encrypted tally cannot be used");
    var job = Cli.ok(org.evote.tally.record.TallyCeremony.job(r, tally, request.challengedBallots()),
        "the request's challenged ballots do not check against the record");
    if (!job.matches(request)) {
      throw Cli.fail("the request does not ask for exactly the record's encrypted tally and challenged ballots;"
          + " refusing to decrypt anything else");
    }
  }

  @Command(name = "decrypt-respond", mixinStandardHelpOptions = true,
      description = {
        "Round two of a decryption session.",
        "Answers the coordinator's challenges with v_i = u_i - c·w_i·P(i) (eq. 72, 73, 82). The session's nonce seed is deleted from the state file first, so no session is ever answered twice."})
  static final class DecryptRespond extends GuardianStep {
    @Mixin SessionOptions so;

    @Override
    void run(Opened g) throws IOException {
      SessionBoard s = session(g, so.session);
      String me = g.state().guardianId();
      if (s.hasResponse(me)) {
        throw Cli.fail("guardian " + me + " has already answered session " + so.session);
      }
      SecretScalar seed = g.state().decryptionSeeds().get(so.session);
      if (seed == null) {
        throw Cli.fail("guardian " + me + " has no open commitment in session " + so.session
            + " (it never committed, or already answered)");
      }
      DecryptionRequest request = request(g, s);
      DecryptionChallenge challenge = Cli.ok(s.challenge().orElseThrow(() -> Cli.fail("session " + so.session
          + " has no challenge yet (the coordinator runs tally decrypt-challenge)")), "the challenge cannot be used");
      Map<String, Integer> xs = new LinkedHashMap<>();
      g.parameters().guardians().forEach(seat -> xs.put(seat.guardianId(), seat.xCoordinate()));
      GuardianResponse r = Cli.ok(share(g).respond(request, challenge, seed, xs),
          "guardian " + me + " refuses the challenge");
      Map<String, SecretScalar> seeds = new LinkedHashMap<>(g.state().decryptionSeeds());
      seeds.remove(so.session);
      g.unlocked().save(g.state().withDecryptionSeeds(seeds));
      s.publish(r);
      out().println("guardian " + me + ": answered " + r.responses().size()
          + " challenges in session " + so.session);
    }
  }
}

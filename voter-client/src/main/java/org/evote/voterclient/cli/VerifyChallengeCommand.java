package org.evote.voterclient.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.secret.BallotNonce;
import org.evote.voterclient.ElectionView;
import org.evote.voterclient.NonceDecryption;
import org.evote.voterclient.VoterException;
import org.evote.voterclient.VoterSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code evote vote verify-challenge FILE}: checks an audited (challenged) ballot independently of
 * the device that encrypted it. The file is what the voter page's "Download the audit data" or
 * {@code evote vote --challenge} saved ({@code challenged-<code>.json}: the ballot as sent, its
 * revealed nonce ξ_B, the choices the device showed and the node's receipt). The election comes
 * from a node and is checked as for voting; the ballot is decrypted with the nonce and encrypted
 * again (spec §3.6.5, {@link NonceDecryption}); the choices must be those the device showed, and
 * the receipt must be the node's signature on this ballot as challenged.
 */
@Command(name = "verify-challenge", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Check an audited (challenged) ballot: open it with its revealed nonce, check that encrypting the"
        + " choices inside again gives the very same ballot, that they are the choices your device showed, and"
        + " the node's receipt.",
    footer = {"", "FILE is challenged-<code>.json, from the voter page's 'Download the audit data' or 'evote vote --challenge'.",
        "Exit codes: 0 the ballot holds exactly the choices shown; 3 it does not (do not vote from that device);",
        "1 error; 2 usage.", "", "Example:",
        "  ./evote vote verify-challenge challenged-3f2a….json --nodes https://vote.example.org:8443"})
public final class VerifyChallengeCommand extends KeptFileCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "The audit data: challenged-<code>.json.")
  Path file;

  @Override
  int check(PrintWriter out, PrintWriter err) throws VoterException, IOException {
    JsonNode audit = read(file);
    VoterSession session = session(audit, err);
    ElectionView election = session.election();
    Parsed<EncryptedBallot> parsed = election.codec().parseEncryptedBallot(
        VoteCommand.JSON.writeValueAsBytes(audit.get("ballot")), file + ": ballot");
    if (!parsed.isOk()) {
      throw new VoterException("audit_malformed", "The ballot in " + file + " cannot be read ("
          + parsed.problem().jsonPath() + ": " + parsed.problem().message() + ").");
    }
    EncryptedBallot ballot = parsed.value();
    String code = ballot.confirmationCode().toHex();
    List<String> problems = new ArrayList<>();
    if (!code.equals(audit.path("confirmation_code").asText())) {
      problems.add("the file's confirmation code is not the ballot's (" + code + ")");
    }
    if (ballot.state() != BallotState.CHALLENGED) {
      problems.add("the ballot is marked " + ballot.state() + ", not CHALLENGED");
    }
    BallotNonce nonce = BallotNonce.of(UInt256.fromHex(audit.path("ballot_nonce").asText()));
    NonceDecryption.Result d = NonceDecryption.decrypt(election.election(), ballot, nonce);
    problems.addAll(d.problems());
    out.println("Ballot " + code + " (election " + election.id() + ") holds:");
    for (Manifest.Contest mc : election.manifest().contests()) {
      if (d.choices().containsKey(mc.contestId())) {
        out.println("  " + mc.name() + ": " + VoteCommand.describe(election, mc, d.choices().get(mc.contestId())));
      }
    }
    Map<String, List<String>> shown = shownChoices(audit);
    for (Map.Entry<String, List<String>> c : d.choices().entrySet()) {
      List<String> s = shown.getOrDefault(c.getKey(), List.of());
      if (!sameMultiset(s, c.getValue())) {
        problems.add("contest " + c.getKey() + ": the device showed " + s + ", the ballot holds " + c.getValue());
      }
    }
    for (String contest : shown.keySet()) {
      if (!d.choices().containsKey(contest) && !shown.get(contest).isEmpty()) {
        problems.add("contest " + contest + ": the device showed choices the ballot does not hold");
      }
    }
    if (audit.hasNonNull("receipt")) {
      VoterSession.Receipt r = session.verifyReceipt(audit.get("receipt"), ballot.ballotId(), code, "CHALLENGED");
      out.println("The receipt is node " + r.nodeId() + "'s signature on this ballot as challenged (log position "
          + r.logPosition() + "); a challenged ballot is never counted.");
    } else {
      out.println("The file holds no receipt: whether a node recorded this ballot as challenged is not checked.");
    }
    out.flush();
    if (!problems.isEmpty()) {
      err.println("evote vote verify-challenge: the ballot does NOT match what the device showed: "
          + String.join("; ", problems) + ". Do not vote from that device; tell the election office.");
      err.flush();
      return 3;
    }
    out.println("Check passed: the revealed nonce opens the ballot, encrypting these choices again with it gives exactly"
        + " the same ballot, and they are the choices the device showed.");
    out.flush();
    return 0;
  }

  private static boolean sameMultiset(List<String> a, List<String> b) {
    List<String> x = new ArrayList<>(a);
    List<String> y = new ArrayList<>(b);
    x.sort(null);
    y.sort(null);
    return x.equals(y);
  }

  /** The choices the device showed the voter: contest id to its options. */
  private static Map<String, List<String>> shownChoices(JsonNode audit) {
    Map<String, List<String>> shown = new java.util.LinkedHashMap<>();
    audit.path("decrypted_choices").properties().forEach(e -> {
      List<String> l = new ArrayList<>();
      e.getValue().forEach(v -> l.add(v.asText()));
      shown.put(e.getKey(), l);
    });
    return shown;
  }

  private static JsonNode read(Path file) throws VoterException {
    JsonNode a;
    try {
      a = VoteCommand.JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new VoterException("usage", "The file " + file + " does not exist.");
    } catch (IOException e) {
      throw new VoterException("audit_malformed", "The file " + file + " is not audit data (it is not JSON).");
    }
    if (a == null || !a.isObject() || !a.path("election_id").asText("").matches("[0-9a-f]{64}")
        || !a.path("ballot_nonce").asText("").matches("[0-9a-f]{64}") || !a.path("ballot").isObject()
        || !a.path("decrypted_choices").isObject()) {
      throw new VoterException("audit_malformed", "The file " + file + " is not audit data: it needs election_id,"
          + " ballot_nonce (64 hex digits), decrypted_choices and ballot.");
    }
    return a;
  }
}

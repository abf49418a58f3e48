package org.evote.voterclient.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.evote.voterclient.VoterException;
import org.evote.voterclient.VoterSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code evote vote check RECEIPT}: checks the receipt's signature, asks a node for the ballot's
 * state by its confirmation code, and finds the ballot on the board at the receipt's log position.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Check a receipt: is the ballot on the board, and is it the one that counts?",
    footer = {"", "While voting is open the nodes say only that a cast ballot is recorded: nobody holding a",
        "code can learn whether its voter voted again. Once voting is closed they say whether it counts.",
        "Exit codes: 0 on the board and counted, or recorded while voting is open; 3 on the board but",
        "not counted (superseded, overridden or challenged); 1 error; 2 usage."})
public final class CheckCommand extends KeptFileCommand {
  @Parameters(index = "0", paramLabel = "RECEIPT", description = "A receipt file written by 'evote vote'.")
  Path receiptFile;

  @Override
  int check(PrintWriter out, PrintWriter err) throws VoterException {
    JsonNode receipt = readReceipt(receiptFile);
    VoterSession session = session(receipt, err);
    VoterSession.Status s = session.check(receipt);
    String code = receipt.path("confirmation_code").asText();
    out.println("Ballot " + code + ": receipt signature verified (node " + s.boardNode() + ").");
    if (s.onBoard()) {
      out.println("It is on the board of node " + s.boardNode() + " at log position " + s.boardPosition()
          + ", with the log hash of your receipt.");
    } else {
      out.println("It is known to the nodes, but the board entry at log position " + s.boardPosition()
          + " of node " + s.boardNode() + " does not match your receipt; keep your receipt and tell the election office.");
    }
    out.println(switch (s.state()) {
      case "recorded" -> "State: recorded. Voting is still open: whether this is your last ballot, the one that counts, "
          + "is shown once voting closes (until then nobody holding only its code can learn it).";
      case "cast" -> "State: cast. It is your last ballot, and it is counted.";
      case "superseded" -> "State: superseded. You cast a later ballot, which replaces this one; only your last ballot counts.";
      case "overridden" -> "State: overridden. An official recorded that you voted in person, so your online ballots do not count.";
      case "challenged" -> "State: challenged. It was opened to check the encryption; a challenged ballot is never counted.";
      default -> "State: " + s.state() + (s.counted() ? " (counted)." : " (not counted).");
    });
    out.flush();
    if (!s.onBoard()) {
      return 1;
    }
    return s.counted() || (!s.isFinal() && "recorded".equals(s.state())) ? 0 : 3;
  }

  private static JsonNode readReceipt(Path file) throws VoterException {
    try {
      JsonNode r = VoteCommand.JSON.readTree(Files.readAllBytes(file));
      if (r == null || !r.isObject() || !r.path("election_id").asText("").matches("[0-9a-f]{64}")) {
        throw new VoterException("receipt_malformed", "The file " + file + " is not an evote receipt.");
      }
      return r;
    } catch (NoSuchFileException e) {
      throw new VoterException("receipt_missing", "The receipt file " + file + " does not exist.");
    } catch (IOException e) {
      throw new VoterException("receipt_malformed", "The file " + file + " is not an evote receipt (it is not JSON).");
    }
  }
}

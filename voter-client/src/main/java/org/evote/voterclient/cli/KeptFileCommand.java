package org.evote.voterclient.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.evote.voterclient.VoterException;
import org.evote.voterclient.VoterSession;
import picocli.CommandLine;

/**
 * A command that checks a file the voter kept (a receipt, the audit data of a challenged ballot)
 * with the nodes. A failure ends it with one line on stderr: exit code 2 for a usage error, else 1.
 */
abstract class KeptFileCommand implements Callable<Integer> {
  @CommandLine.Mixin
  VoteCommand.NodeOptions nodeOptions;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return check(out, err);
    } catch (VoterException e) {
      err.println("evote vote " + spec.name() + ": " + e.getMessage());
      return "usage".equals(e.reason()) ? 2 : 1;
    } catch (IOException e) {
      err.println("evote vote " + spec.name() + ": " + e.getMessage());
      return 1;
    }
  }

  /** Checks the file, reporting on {@code out} (and skipped nodes on {@code err}); returns the exit code. */
  abstract int check(PrintWriter out, PrintWriter err) throws VoterException, IOException;

  /** A session with the nodes, for checking, in the election the kept file names. */
  VoterSession session(JsonNode kept, PrintWriter err) throws VoterException {
    return VoterSession.forChecking(nodeOptions.client(err), kept.path("election_id").asText());
  }
}

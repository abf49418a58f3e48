package org.evote.ballotserver.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.evote.voterclient.cli.VoteCommand;

/** The voter's command line ({@code evote vote}) run in-process, as the client tests run it. */
final class VoterCli {
  private static final Pattern CODE = Pattern.compile("Confirmation code: ([0-9a-f]{64})");
  private static final Pattern DEVICE = Pattern.compile("Chained on device (\\S+) ");

  private VoterCli() {}

  /** What one run printed, and its exit code. */
  record Run(int exit, String out, String err) {
    /** This run, once asserted to have exited with {@code code} (what it printed describes a failure). */
    Run exited(int code) {
      assertThat(exit).as(out + "\n" + err).isEqualTo(code);
      return this;
    }

    /** The confirmation codes printed, each once, in the order they first appear. */
    List<String> codes() {
      List<String> codes = new ArrayList<>();
      Matcher m = CODE.matcher(out);
      while (m.find()) {
        if (!codes.contains(m.group(1))) {
          codes.add(m.group(1));
        }
      }
      return codes;
    }

    /** The devices the printed codes were chained on. */
    Set<String> devices() {
      Set<String> d = new TreeSet<>();
      Matcher m = DEVICE.matcher(out);
      while (m.find()) {
        d.add(m.group(1));
      }
      return d;
    }
  }

  /** Runs {@code evote vote} with {@code args}, its prompts answered from {@code input}. */
  static Run vote(String input, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = VoteCommand.commandLine(new VoteCommand(new BufferedReader(new StringReader(input)), Clock.systemUTC()));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}

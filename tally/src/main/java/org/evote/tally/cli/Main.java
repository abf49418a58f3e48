package org.evote.tally.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * The entry point of the tally jar, run by the project's launcher as {@code ./evote guardian ...},
 * {@code ./evote ceremony ...} or {@code ./evote tally ...}: the first argument picks the command
 * tree. Exit codes: 0 success, 1 the step failed (the reason is printed as one line on stderr), 2
 * the arguments are wrong.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = run(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command and returns its exit code, writing to the given streams (for tests). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    if (args.length == 0) {
      err.println("evote: missing command: guardian, ceremony or tally (each takes --help)");
      return 2;
    }
    Object command = switch (args[0]) {
      case "guardian" -> new GuardianCommand();
      case "ceremony" -> new CeremonyCommand();
      case "tally" -> new TallyCommand();
      default -> null;
    };
    if (command == null) {
      err.println("evote: unknown command '" + args[0] + "': expected guardian, ceremony or tally");
      return 2;
    }
    CommandLine cl = new CommandLine(command);
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler((ex, a) -> {
      String name = "evote " + ex.getCommandLine().getCommandSpec().qualifiedName();
      err.println(name + ": " + oneLine(ex.getMessage()) + " (see " + name + " --help)");
      return 2;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      String name = "evote " + commandLine.getCommandSpec().qualifiedName();
      if (ex instanceof Cli.Failure f) {
        err.println(name + ": " + oneLine(f.getMessage()));
      } else if (ex instanceof IOException io) {
        err.println(name + ": I/O error: " + oneLine(io.toString()));
      } else if (ex instanceof IllegalArgumentException iae) {
        err.println(name + ": " + oneLine(iae.getMessage()));
      } else {
        err.println(name + ": internal error: " + oneLine(ex.toString()));
        if (System.getenv("EVOTE_DEBUG") != null) {
          ex.printStackTrace(err);
        }
      }
      return 1;
    });
    return cl.execute(Arrays.copyOfRange(args, 1, args.length));
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replace("\r", " ").replace("\n", " ");
  }
}

package org.evote.verifier;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The verifier's command line, run by the launcher as {@code ./evote verify RECORD [options]}:
 * the jar's main class takes the command name "verify" first.
 */
@Command(
    name = "evote",
    mixinStandardHelpOptions = true,
    version = "evote verifier 0.1.0",
    description = "The evote verifier. Run 'evote verify --help' for its options.",
    subcommands = {VerifyCommand.class})
public final class Main implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  /** Runs the command and exits with its exit code. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = execute(out, err, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs the command in this JVM: the report goes to {@code out}, errors and usage to {@code err}.
   *
   * @return the exit code: 0 verified, 1 a check failed, 2 unreadable record or bad usage
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("evote verify: internal error: " + e);
      e.printStackTrace(commandLine.getErr());
      commandLine.getErr().flush();
      return 1;
    });
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }
}

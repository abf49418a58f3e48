package org.evote.verifier;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.verifier.internal.ConsoleProgress;
import org.evote.verifier.internal.ReportJson;
import org.evote.verifier.internal.ReportText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code evote verify}: verifies an election record and prints the report. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    version = "evote verifier 0.1.0",
    sortOptions = false,
    description = {
      "Verifies an ElectionGuard 2.0 election record in egk-ec's layout: every verification step of"
          + " the spec (1-14; 15-18 for pre-encrypted ballots, spec §4.5), unique"
          + " ballot ids and confirmation codes, no reused ciphertexts, and a tally of exactly the"
          + " cast ballots. Prints one line per check and a verdict."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every applicable check passed",
      "1:at least one check failed",
      "2:the record, or part of it, could not be read (the message names the file and field),"
          + " or the command line is wrong"
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RECORD", description = "The election record folder (with constants.json, manifest.json, ...).")
  Path record;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
  Path json;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: one per core plus one, so that a worker waiting"
          + " for a ballot file does not leave a core idle).")
  Integer threads;

  @Option(names = "--max-failures", paramLabel = "N", defaultValue = "10",
      description = "Failures listed per check; all are counted (default: ${DEFAULT-VALUE}).")
  int maxFailures;

  @Option(names = "--progress", negatable = true,
      description = "Show progress bars on stderr (default: only when stderr is a terminal).")
  Boolean progress;

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    int n = threads == null ? Verifier.defaultThreads() : threads;
    if (n < 1) {
      throw new CommandLine.ParameterException(cl, "--threads must be at least 1, got " + n);
    }
    if (maxFailures < 0) {
      throw new CommandLine.ParameterException(cl, "--max-failures must be at least 0, got " + maxFailures);
    }
    PrintWriter err = cl.getErr();
    if (!Files.isDirectory(record)) {
      err.println("evote verify: cannot read the election record: " + record + " is not a folder");
      err.flush();
      return Verdict.UNREADABLE.exitCode();
    }
    if (!Files.exists(record.resolve(ElectionRecordFiles.CONSTANTS_FILE)) && !Files.exists(record.resolve(ElectionRecordFiles.MANIFEST_FILE))) {
      err.println("evote verify: " + record + " does not look like an election record: it has no "
          + ElectionRecordFiles.CONSTANTS_FILE + " and no " + ElectionRecordFiles.MANIFEST_FILE);
    }
    boolean show = progress != null ? progress : ConsoleProgress.stderrIsTerminal();
    Verifier.Options options = Verifier.Options.defaults()
        .withThreads(n)
        .withMaxFailures(maxFailures)
        .withProgress(show ? new ConsoleProgress(System.err) : ProgressListener.NONE);
    Report report = new Verifier(options).verify(record);
    String provisional = provisionalNotice(record);
    if (provisional != null) {
      cl.getOut().println(provisional);
      cl.getOut().println();
    }
    ReportText.write(report, cl.getOut());
    if (provisional != null) {
      cl.getOut().println(provisional);
    }
    if (json != null) {
      try {
        Path parent = json.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        ElectionRecordFiles.writeAtomically(json, ReportJson.write(report));
      } catch (IOException | RuntimeException e) {
        err.println("evote verify: cannot write the JSON report to " + json + ": " + e.getMessage());
        err.flush();
        return Math.max(report.exitCode(), Verdict.UNREADABLE.exitCode());
      }
    }
    if (report.checks().isEmpty()) {
      err.println("evote verify: cannot read the election record: "
          + (report.unreadable().isEmpty() ? "unknown problem" : report.unreadable().get(0)));
      err.flush();
    }
    return report.exitCode();
  }

  /**
   * The notice that the record is provisional ({@code evote/provisional.json}: exported before the
   * election closed), or null when it is not.
   */
  static String provisionalNotice(Path record) {
    Path marker = record.resolve("evote").resolve(org.evote.crypto.record.EvoteProvisionalJson.FILE);
    if (!Files.exists(marker)) {
      return null;
    }
    try {
      var p = org.evote.crypto.record.EvoteProvisionalJson.parse(Files.readAllBytes(marker),
          "evote/" + org.evote.crypto.record.EvoteProvisionalJson.FILE);
      return p.isOk()
          ? "PROVISIONAL RECORD: exported at " + p.value().exportedAt() + " while the election was " + p.value().status()
              + ", before it closed. Ballots cast later are not in it: this is not the election's final record."
          : "PROVISIONAL RECORD (its marker cannot be read: " + p.problem() + "): not the election's final record.";
    } catch (IOException e) {
      return "PROVISIONAL RECORD (its marker cannot be read: " + e.getMessage() + "): not the election's final record.";
    }
  }
}

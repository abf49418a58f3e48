package org.evote.tally.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.evote.tally.Checked;
import org.evote.tally.aggregate.Progress;
import org.evote.tally.record.OpenRecord;
import org.evote.tally.transport.CeremonyBoard;
import org.evote.tally.transport.FileTransport;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Shared helpers of the command-line interface. */
final class Cli {
  private Cli() {}

  /** A step that failed for a reason the user must see; printed as one line, exit code 1. */
  static final class Failure extends RuntimeException {
    Failure(String message) {
      super(message, null, false, false);
    }
  }

  /** A step of the command line: it reports on {@link #out()} and exits 0, or fails with a {@link Failure}. */
  abstract static class Step implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public final Integer call() throws IOException {
      run();
      return 0;
    }

    abstract void run() throws IOException;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }
  }

  static Failure fail(String message) {
    return new Failure(message);
  }

  /** The value, or a failure "context: reason; reason". */
  /**
   * The counting policy of a record: what evote/policy.json counts when the record was exported
   * by the ballot servers, else every CAST ballot (an egk-ec record).
   */
  static org.evote.tally.aggregate.CountingPolicy policy(Path recordDir) {
    try {
      return org.evote.tally.aggregate.PolicyFileCountingPolicy.of(recordDir)
          .orElse(org.evote.tally.aggregate.StateCountingPolicy.INSTANCE);
    } catch (IOException e) {
      throw fail("the record's evote/policy.json cannot be read: " + e.getMessage());
    }
  }

  static <T> T ok(Checked<T> c, String context) {
    if (!c.isOk()) {
      throw fail(context + ": " + c.summary());
    }
    return c.value();
  }

  /** Opens the ceremony in a shared folder (the file transport). */
  static CeremonyBoard board(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw fail("the ceremony folder " + dir + " does not exist");
    }
    return ok(CeremonyBoard.open(new FileTransport(dir)), "cannot open the ceremony in " + dir);
  }

  static OpenRecord record(Path dir) {
    return ok(OpenRecord.open(dir), "cannot open the election record " + dir);
  }

  /** The environment variable with every guardian's passphrase (when one process serves one guardian). */
  static final String PASSPHRASE_ENV = "EVOTE_PASSPHRASE";

  /**
   * A guardian's passphrase: from {@code file} (its first line) if given, else from the
   * environment variable EVOTE_PASSPHRASE, else asked on the terminal (twice when {@code
   * confirm}). Never printed.
   */
  static char[] passphrase(Path file, String who, boolean confirm) throws IOException {
    if (file != null) {
      return readPassphraseFile(file);
    }
    String env = System.getenv(PASSPHRASE_ENV);
    if (env != null && !env.isEmpty()) {
      return env.toCharArray();
    }
    return prompt(who, confirm);
  }

  static char[] readPassphraseFile(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw fail("the passphrase file " + file + " does not exist");
    }
    byte[] b = Files.readAllBytes(file);
    try {
      int end = 0;
      while (end < b.length && b[end] != '\n' && b[end] != '\r') {
        end++;
      }
      CharBuffer cb = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, 0, end));
      char[] out = new char[cb.remaining()];
      cb.get(out);
      Arrays.fill(cb.array(), '\0');
      if (out.length == 0) {
        throw fail("the passphrase file " + file + " is empty");
      }
      return out;
    } catch (CharacterCodingException e) {
      throw fail("the passphrase file " + file + " is not UTF-8 text");
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  static char[] prompt(String who, boolean confirm) {
    Console c = System.console();
    if (c == null) {
      throw fail("no passphrase for " + who + ": give --passphrase-file FILE or set " + PASSPHRASE_ENV
          + " (there is no terminal to ask on)");
    }
    char[] p = c.readPassword("Passphrase for %s: ", who);
    if (p == null || p.length == 0) {
      throw fail("no passphrase entered");
    }
    if (confirm) {
      char[] again = c.readPassword("Repeat the passphrase: ");
      boolean same = Arrays.equals(p, again);
      if (again != null) {
        Arrays.fill(again, '\0');
      }
      if (!same) {
        Arrays.fill(p, '\0');
        throw fail("the passphrases differ");
      }
    }
    return p;
  }

  /** The environment variable for one guardian's passphrase: EVOTE_PASSPHRASE_&lt;ID&gt;. */
  static String passphraseEnv(String guardianId) {
    return PASSPHRASE_ENV + "_" + guardianId.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /** Splits "a,b,c" into a set, refusing empty names. */
  static Set<String> ids(List<String> raw) {
    Set<String> out = new LinkedHashSet<>();
    if (raw == null) {
      return out;
    }
    for (String s : raw) {
      String t = s.trim();
      if (t.isEmpty()) {
        throw fail("a guardian id in --guardians is empty");
      }
      if (!out.add(t)) {
        throw fail("guardian " + t + " is listed twice in --guardians");
      }
    }
    return out;
  }

  /** A progress bar on stderr when it is a terminal, or nothing when {@code quiet}. */
  static Progress progress(String task, boolean quiet) {
    Console console = System.console();
    if (quiet || console == null || !console.isTerminal()) {
      return Progress.NONE;
    }
    return new Progress() {
      private volatile ProgressBar bar;

      @Override
      public synchronized void start(long total) {
        bar = new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(500)
            .setUnit(" ballots", 1)
            .showSpeed()
            .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true, StandardCharsets.UTF_8)))
            .build();
      }

      @Override
      public void advance(long n) {
        ProgressBar b = bar;
        if (b != null) {
          b.stepBy(n);
        }
      }

      @Override
      public synchronized void finish() {
        if (bar != null) {
          bar.close();
          bar = null;
        }
      }
    };
  }
}

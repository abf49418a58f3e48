package org.evote.verifier.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.evote.verifier.ProgressListener;

/** Progress bars on a console stream (stderr), one per phase, redrawn every half second. */
public final class ConsoleProgress implements ProgressListener {
  private final PrintStream out;

  public ConsoleProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public Task start(String name, long total) {
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName("Verifying " + name)
        .setInitialMax(total)
        .setUpdateIntervalMillis(500)
        .setConsumer(new ConsoleProgressBarConsumer(out, 100))
        .setUnit(" ballots", 1)
        .showSpeed()
        .build();
    return new Task() {
      @Override
      public void step() {
        synchronized (bar) {
          bar.step();
        }
      }

      @Override
      public void close() {
        synchronized (bar) {
          bar.close();
        }
      }
    };
  }

  /**
   * Whether standard error is a terminal. On Linux this reads where /proc/self/fd/2 points;
   * elsewhere it falls back to whether the JVM has an interactive console.
   */
  public static boolean stderrIsTerminal() {
    Path fd2 = Path.of("/proc/self/fd/2");
    try {
      if (Files.isSymbolicLink(fd2)) {
        String target = Files.readSymbolicLink(fd2).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      }
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // not Linux, or not allowed: fall back below
    }
    java.io.Console console = System.console();
    return console != null && console.isTerminal();
  }
}

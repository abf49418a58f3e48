package org.evote.crypto.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs egk-ec's own verifier ({@code org.cryptobiotic.eg.cli.RunVerifier}, from the runtime in
 * {@code ../shared/peer/egk-ec}) on a record, in a JVM of its own: an independent ElectionGuard
 * implementation's verdict on what our code wrote. The runtime is an external oracle: when it is
 * missing, the caller fails loudly instead of skipping.
 */
public final class EgkEcVerifier {
  private EgkEcVerifier() {}

  /** What egk-ec prints last on stdout when every verification step passed. */
  public static final String ALL_OK = "verify allOK = true";

  /** How long one run may take before it is stopped and fails. */
  public static final Duration TIMEOUT = Duration.ofMinutes(5);

  /**
   * One run of egk-ec's verifier.
   *
   * @param exitCode the process's exit code (egk-ec exits 0 only when every step passed)
   * @param output its stdout and stderr, interleaved
   * @param took the wall-clock time of the run
   */
  public record Run(int exitCode, String output, Duration took) {
    /** Whether egk-ec accepted the record: exit code 0 and its all-OK line. */
    public boolean verified() {
      return exitCode == 0 && output.contains(ALL_OK);
    }
  }

  /** The egk-ec runtime folder, {@code ../shared/peer/egk-ec}; IllegalStateException when it is missing. */
  public static Path runtime() {
    Path dir = Conformance.sharedDir().resolve("peer/egk-ec");
    if (!Files.isRegularFile(dir.resolve("lib/egk-ec-2.0ec.jar"))) {
      throw new IllegalStateException("egk-ec's runtime " + dir + " (lib/egk-ec-2.0ec.jar) is missing: the interoperability"
          + " tests need it; they do not skip");
    }
    return dir;
  }

  /** Runs egk-ec's RunVerifier on {@code record} with this JVM's java (egk-ec needs Java 21 or newer). */
  public static Run run(Path record) {
    Path egk = runtime();
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = List.of(javaBin, "--enable-native-access=ALL-UNNAMED",
        "-cp", egk.resolve("conf") + File.pathSeparator + egk.resolve("lib") + File.separator + "*",
        "org.cryptobiotic.eg.cli.RunVerifier", "-in", record.toAbsolutePath().toString(),
        "-nthreads", Integer.toString(Runtime.getRuntime().availableProcessors()));
    long start = System.nanoTime();
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Thread reader = Thread.ofVirtual().start(() -> copy(p.getInputStream(), out));
      if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        reader.join();
        throw new AssertionError("egk-ec's verifier did not finish within " + TIMEOUT + " on " + record + ":\n"
            + out.toString(StandardCharsets.UTF_8));
      }
      reader.join();
      return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start egk-ec's verifier: " + String.join(" ", cmd), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while egk-ec's verifier ran", e);
    }
  }

  /**
   * Runs egk-ec's verifier on {@code record} and fails with its whole output unless it accepts
   * the record; returns the run.
   */
  public static Run assertVerified(Path record) {
    Run r = run(record);
    if (!r.verified()) {
      throw new AssertionError("egk-ec's verifier rejects " + record + " (exit " + r.exitCode() + "):\n" + r.output());
    }
    return r;
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      out.writeBytes(("\n[reading egk-ec's output failed: " + e.getMessage() + "]\n").getBytes(StandardCharsets.UTF_8));
    }
  }
}

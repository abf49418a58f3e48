package org.evote.verifier;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.evote.verifier.internal.RecordVerification;

/**
 * Verifies an ElectionGuard 2.0 election record in egk-ec's layout: every verification step of
 * the spec's §6.2 (1 to 14; 15 to 18 for pre-encrypted ballots, §4.5),
 * this verifier's checks of the record as a whole (unique ballot ids, no reused ciphertexts, the
 * counting policy) and the extension checks it is given. Untrusted data never throws: every
 * failure is collected into the {@link Report}.
 *
 * <p>The encrypted ballots are streamed in one pass and checked in parallel on {@code threads}
 * threads; what the verifier keeps per ballot is a few fingerprints (see the report's B.3 line).
 */
public final class Verifier {

  /**
   * How to verify.
   *
   * @param threads worker threads, at least 1
   * @param maxFailures how many failures each check lists (all are counted)
   * @param progress receives progress on the long phases
   * @param extensions the extension checks to run after the ElectionGuard checks
   */
  public record Options(int threads, int maxFailures, ProgressListener progress, List<ExtensionCheck> extensions) {
    public Options {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + threads);
      }
      if (maxFailures < 0) {
        throw new IllegalArgumentException("maxFailures must be at least 0, got " + maxFailures);
      }
      Objects.requireNonNull(progress, "progress");
      extensions = List.copyOf(extensions);
    }

    /** Every core, 10 failures listed per check, no progress, the default extension checks. */
    public static Options defaults() {
      return new Options(defaultThreads(), 10, ProgressListener.NONE, ExtensionChecks.defaults());
    }

    public Options withThreads(int n) {
      return new Options(n, maxFailures, progress, extensions);
    }

    public Options withMaxFailures(int n) {
      return new Options(threads, n, progress, extensions);
    }

    public Options withProgress(ProgressListener p) {
      return new Options(threads, maxFailures, p, extensions);
    }

    public Options withExtensions(List<ExtensionCheck> list) {
      return new Options(threads, maxFailures, progress, list);
    }
  }

  private final Options options;

  public Verifier(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Verifies the record in this folder. */
  public Report verify(Path recordDir) {
    Objects.requireNonNull(recordDir, "recordDir");
    return new RecordVerification(
        recordDir, options.threads(), options.maxFailures(), options.progress(), options.extensions()).run();
  }

  /**
   * One worker per core plus one: ballots are read from files on the workers, and a worker
   * waiting for the disk would otherwise leave its core idle (a cold 1M-ballot record kept the
   * two cores 96% busy with two workers).
   */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors() + 1;
  }
}

package org.evote.crypto.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates egk-ec's conformance records in {@code ../shared/conformance/egk-ec}. The data is the
 * external oracle: when it is missing, tests fail loudly instead of skipping.
 */
public final class Conformance {
  private Conformance() {}

  /** The bytes of a file of the test data; an I/O error fails the test (UncheckedIOException). */
  public static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The P-256 record. */
  public static final String EC = "allAvailableEc";

  /** The Integer4096 record. */
  public static final String INTEGER = "allAvailable";

  /** The shared folder, from the {@code evote.shared.dir} property or {@code ../shared}. */
  public static Path sharedDir() {
    String prop = System.getProperty("evote.shared.dir");
    Path dir = prop != null ? Path.of(prop) : findUpwards();
    if (dir == null || !Files.isDirectory(dir.resolve("conformance/egk-ec"))) {
      throw new IllegalStateException(
          "The conformance data ../shared/conformance/egk-ec is missing (looked in "
              + dir
              + "). These tests need egk-ec's records; they do not skip.");
    }
    return dir.toAbsolutePath().normalize();
  }

  /** One conformance record, {@link #EC} or {@link #INTEGER}. */
  public static Path record(String name) {
    Path p = sharedDir().resolve("conformance/egk-ec").resolve(name);
    return present(p, "", "conformance record " + p + " is missing");
  }

  /**
   * egk-ec's encryption known-answer vectors for one group, {@code conformance/egk-ec-kat/P-256}
   * or {@code .../Integer4096}: one folder {@code ballot-N} per vector.
   */
  public static Path encryptionKat(String groupFolder) {
    Path p = sharedDir().resolve("conformance/egk-ec-kat").resolve(groupFolder);
    return present(p, "ballot-1", "egk-ec's encryption vectors " + p + " are missing. These tests need them; they do not skip.");
  }

  /**
   * egk-ec's records with pre-encrypted ballots (spec §4), {@code
   * conformance/egk-ec-preencrypted/P-256} or {@code .../Integer4096}.
   */
  public static Path preEncryptedRecord(String groupFolder) {
    Path p = sharedDir().resolve("conformance/egk-ec-preencrypted").resolve(groupFolder);
    return present(p, "encrypted_ballots", "egk-ec's pre-encrypted record " + p + " is missing. These tests need it; they do not skip.");
  }

  /** {@code dir}, when the folder {@code inside} it exists; otherwise IllegalStateException with {@code missing}. */
  private static Path present(Path dir, String inside, String missing) {
    if (!Files.isDirectory(dir.resolve(inside))) {
      throw new IllegalStateException(missing);
    }
    return dir;
  }

  /** The spec text, for known-answer values quoted from it. */
  public static Path specText() {
    return sharedDir().resolve("reference/ElectionGuard-spec-2.0.0.txt");
  }

  private static Path findUpwards() {
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < 5 && dir != null; i++) {
      Path candidate = dir.resolve("../shared").normalize();
      if (Files.isDirectory(candidate.resolve("conformance/egk-ec"))) {
        return candidate;
      }
      dir = dir.getParent();
    }
    return null;
  }
}

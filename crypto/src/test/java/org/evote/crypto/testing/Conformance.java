package org.evote.crypto.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates egk-ec's conformance records in {@code ../shared/conformance/egk-ec}. The data is the
 * external oracle: when it is missing, tests fail loudly instead of skipping.
 */
public final class Conformance {
  private Conformance() {}

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
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("conformance record " + p + " is missing");
    }
    return p;
  }

  /**
   * egk-ec's encryption known-answer vectors for one group, {@code conformance/egk-ec-kat/P-256}
   * or {@code .../Integer4096}: one folder {@code ballot-N} per vector.
   */
  public static Path encryptionKat(String groupFolder) {
    Path p = sharedDir().resolve("conformance/egk-ec-kat").resolve(groupFolder);
    if (!Files.isDirectory(p.resolve("ballot-1"))) {
      throw new IllegalStateException(
          "egk-ec's encryption vectors " + p + " are missing. These tests need them; they do not skip.");
    }
    return p;
  }

  /**
   * egk-ec's records with pre-encrypted ballots (spec §4), {@code
   * conformance/egk-ec-preencrypted/P-256} or {@code .../Integer4096}.
   */
  public static Path preEncryptedRecord(String groupFolder) {
    Path p = sharedDir().resolve("conformance/egk-ec-preencrypted").resolve(groupFolder);
    if (!Files.isDirectory(p.resolve("encrypted_ballots"))) {
      throw new IllegalStateException(
          "egk-ec's pre-encrypted record " + p + " is missing. These tests need it; they do not skip.");
    }
    return p;
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

package org.evote.verifier;

import java.nio.file.Path;
import java.util.Optional;
import org.evote.crypto.election.Election;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.util.Require;

/**
 * What an {@link ExtensionCheck} may use: the record, its {@code evote/} folder if there is one,
 * and the election context the ElectionGuard checks used.
 *
 * @param recordDir the record folder
 * @param extensionDir the record's {@code evote/} folder, if it exists
 * @param election the election context (group, manifest, K, H_E)
 * @param files the record's files
 * @param maxFailures how many failures a check should list (it counts all of them)
 */
public record ExtensionContext(
    Path recordDir, Optional<Path> extensionDir, Election election, ElectionRecordFiles files, int maxFailures) {

  /** The folder of a record that holds this project's extension files. */
  public static final String EXTENSION_DIR = "evote";

  public ExtensionContext {
    Require.nonNull("recordDir", recordDir, "extensionDir", extensionDir, "election", election, "files", files);
  }
}

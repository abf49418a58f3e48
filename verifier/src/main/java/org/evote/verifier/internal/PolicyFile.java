package org.evote.verifier.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.evote.crypto.record.EvotePolicyJson;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.RecordProblem;
import org.evote.verifier.ExtensionContext;

/**
 * Reads the ids of the counted ballots from {@code evote/policy.json}, the policy outcome of a
 * record made by evote's ballot server. Extension check E.2 recomputes that outcome from the
 * node logs and fails when it differs; Verification 8 then aggregates exactly these ballots.
 */
final class PolicyFile {
  private PolicyFile() {}

  /** The counted ids, or null when the record has no evote/ folder (an egk-ec record). */
  static Set<String> counted(Path recordDir, Problems problems) {
    Path ext = recordDir.resolve(ExtensionContext.EXTENSION_DIR);
    if (!Files.isDirectory(ext)) {
      return null;
    }
    Path f = ext.resolve(EvotePolicyJson.FILE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(f);
    } catch (IOException e) {
      problems.add(new RecordProblem("evote/policy.json", "$", "cannot be read: " + e.getMessage()));
      return Set.of();
    }
    Parsed<EvotePolicyJson.Policy> p = EvotePolicyJson.parse(bytes, "evote/policy.json");
    if (!p.isOk()) {
      problems.add(p.problem());
      return Set.of();
    }
    return new HashSet<>(p.value().counted());
  }
}

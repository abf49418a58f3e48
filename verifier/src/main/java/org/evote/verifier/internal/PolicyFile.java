package org.evote.verifier.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.evote.crypto.record.RecordProblem;
import org.evote.crypto.record.StrictJson;
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
    Path f = ext.resolve("policy.json");
    try {
      JsonNode p = StrictJson.mapper().readTree(Files.readAllBytes(f));
      JsonNode counted = p == null ? null : p.get("counted");
      if (counted == null || !counted.isArray()) {
        problems.add(new RecordProblem("evote/policy.json", "$.counted", "missing or not an array of ballot ids"));
        return Set.of();
      }
      Set<String> ids = new HashSet<>();
      counted.forEach(x -> ids.add(x.asText()));
      return ids;
    } catch (IOException e) {
      problems.add(new RecordProblem("evote/policy.json", "$", "cannot be read: " + e.getMessage()));
      return Set.of();
    }
  }
}

package org.evote.verifier;

import java.util.List;
import java.util.Objects;

/**
 * The extension checks this version of the verifier runs. The checks of identity tokens, board
 * logs, receipts and the counting policy come with the ballot server; until then each is
 * reported as not applicable when the record has no {@code evote/} folder, and as FAILED when it
 * has one, because files this version cannot check must never pass.
 */
public final class ExtensionChecks {
  private ExtensionChecks() {}

  /** E.1 to E.4: tokens and voter signatures, the policy outcome, node logs, receipts. */
  public static List<ExtensionCheck> defaults() {
    return org.evote.verifier.extension.EvoteChecks.all();
  }

  /** A check whose files this version cannot verify yet. */
  private record Pending(String id, String name) implements ExtensionCheck {
    Pending {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
    }

    @Override
    public CheckResult run(ExtensionContext context) {
      if (context.extensionDir().isEmpty()) {
        return CheckResult.notApplicable(id, name, "not applicable: no extension files (no "
            + ExtensionContext.EXTENSION_DIR + "/ folder)");
      }
      return CheckResult.failed(id, name, 0, "extension files present",
          List.of(new Failure(ExtensionContext.EXTENSION_DIR + "/",
              "extensions present but this verifier version cannot check them")));
    }
  }
}

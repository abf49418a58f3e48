package org.evote.verifier;

import java.util.List;

/**
 * The extension checks the verifier runs by default: those of evote's own record files (see
 * {@link org.evote.verifier.extension.EvoteChecks}), each not applicable when the record has no
 * {@code evote/} folder.
 */
public final class ExtensionChecks {
  private ExtensionChecks() {}

  /** E.1 to E.4: tokens and voter signatures, the policy outcome, node logs, receipts. */
  public static List<ExtensionCheck> defaults() {
    return org.evote.verifier.extension.EvoteChecks.all();
  }
}

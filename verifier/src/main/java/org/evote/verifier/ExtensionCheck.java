package org.evote.verifier;

/**
 * A check of this project's own record files under {@code evote/} (identity tokens, board logs,
 * receipts, the counting policy), run after the ElectionGuard checks. The verifier runs the list
 * of extension checks it is given ({@link ExtensionChecks#defaults()} unless told otherwise) and
 * puts each result in the report.
 *
 * <p>A check must never pass what it did not check: when the extension files are present but it
 * cannot verify them, it fails with the reason.
 */
public interface ExtensionCheck {

  /** The check's number in the report, such as "E.1". */
  String id();

  /** The check's name in the report. */
  String name();

  /**
   * Runs the check. Untrusted data that fails is reported in the result, not thrown; an
   * exception is reported by the verifier as a failure of this check.
   */
  CheckResult run(ExtensionContext context);
}

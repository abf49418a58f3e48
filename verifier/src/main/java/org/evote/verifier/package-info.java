/**
 * The auditor's standalone verifier of an ElectionGuard 2.0 election record in egk-ec's layout:
 * {@link org.evote.verifier.Verifier} runs every verification step of the spec's §6 (and this
 * project's own record checks) and returns a {@link org.evote.verifier.Report}; {@link
 * org.evote.verifier.Main} is the {@code evote verify} command line.
 */
package org.evote.verifier;

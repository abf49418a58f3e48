/** The checks of evote's own {@code evote/} record files (docs/PROTOCOL.md §3): identity tokens and voter signatures, the policy outcome, node logs and receipts. */
package org.evote.verifier.extension;

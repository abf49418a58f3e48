/** The auditor's standalone verifier of an ElectionGuard 2.0 election record (not yet implemented). */
package org.evote.verifier;

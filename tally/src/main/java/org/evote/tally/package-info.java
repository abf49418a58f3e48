/**
 * The officials' side of ElectionGuard 2.0: the key ceremony (§3.2), tally aggregation (§3.5) and
 * the decryption ceremony (§3.6), with guardians as separate parties that exchange only messages.
 * This package holds {@link org.evote.tally.Checked}, the result type of every step on untrusted
 * data.
 */
package org.evote.tally;

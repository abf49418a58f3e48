/** Threshold decryption (§3.6): guardians' rounds, the coordinator's combination and proof checks, and discrete logs. */
package org.evote.tally.decrypt;

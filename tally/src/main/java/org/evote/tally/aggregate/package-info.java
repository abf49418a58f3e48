/** Streaming, parallel aggregation of the counted ballots into the encrypted tally (§3.5), with a pluggable counting policy. */
package org.evote.tally.aggregate;

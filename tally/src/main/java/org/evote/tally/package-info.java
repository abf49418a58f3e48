/** Key ceremony, tally aggregation and the decryption ceremony for election officials (not yet implemented). */
package org.evote.tally;

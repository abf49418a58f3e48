/** The tally ceremony on an election record in egk-ec's layout: opening it, loading trustees, and writing results. */
package org.evote.tally.record;

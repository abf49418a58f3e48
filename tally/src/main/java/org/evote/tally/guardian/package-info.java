/** A guardian's secret state between ceremony steps and its plaintext form (only ever encrypted at rest). */
package org.evote.tally.guardian;

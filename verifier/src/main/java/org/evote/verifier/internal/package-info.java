/**
 * The verifier's implementation: the record's checks, the parallel streaming pass over the
 * encrypted ballots, the compact fingerprint sets it keeps, and the report's text and JSON forms.
 */
package org.evote.verifier.internal;

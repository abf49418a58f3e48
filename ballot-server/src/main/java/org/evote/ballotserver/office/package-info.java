/**
 * {@code ./evote election}: the election office's command line (manifest, create, open, close,
 * in-person votes, status, export), which talks to the nodes over HTTPS with officials' signed
 * requests it makes from the officials' key file.
 */
package org.evote.ballotserver.office;

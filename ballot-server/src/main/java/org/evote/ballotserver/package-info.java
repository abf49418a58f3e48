/** The clustered Vert.x ballot server: casting, the bulletin board and receipts (not yet implemented). */
package org.evote.ballotserver;

/** The voter's command-line client and web page (not yet implemented). */
package org.evote.voterclient;

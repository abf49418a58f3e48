/** The voter's command line, {@code ./evote vote} and {@code ./evote vote check}. */
package org.evote.voterclient.cli;

/** The picocli command-line interface: {@code evote guardian}, {@code evote ceremony} and {@code evote tally}. */
package org.evote.tally.cli;

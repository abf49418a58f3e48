package org.evote.tally.transport;

import java.io.IOException;

/** A different message has already been published at this address; it is never replaced. */
public final class MessageConflictException extends IOException {
  public MessageConflictException(String address) {
    super("a different message has already been published at " + address + "; published messages are never replaced");
  }
}

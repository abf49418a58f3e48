package org.evote.crypto.group;

/** Untrusted bytes that do not encode a valid group element or scalar; the message says why. */
public final class InvalidElementException extends Exception {
  public InvalidElementException(String reason) {
    super(reason);
  }
}

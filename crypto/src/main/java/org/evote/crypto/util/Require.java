package org.evote.crypto.util;

import java.util.Objects;

/** Null checks of required arguments and record components: one call for all of them. */
public final class Require {
  private Require() {}

  /**
   * Checks required values in order, as {@link Objects#requireNonNull(Object, String)} does one at
   * a time.
   *
   * @param namesAndValues each value's name, then the value
   * @throws NullPointerException with the name of the first null value as its message
   * @throws IllegalArgumentException if the arguments are not (name, value) pairs
   */
  public static void nonNull(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs, got " + namesAndValues.length + " arguments");
    }
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (!(namesAndValues[i] instanceof String name)) {
        throw new IllegalArgumentException("argument " + i + " is not a name");
      }
      Objects.requireNonNull(namesAndValues[i + 1], name);
    }
  }
}

package org.evote.crypto.group;

/**
 * One double-base product a^x · b^y of a batch ({@link Group#multiExpAll}): a is a long-lived
 * base such as g or K, b a base that may recur within the batch, such as a ciphertext part.
 */
public record MultiExp(Element a, Scalar x, Element b, Scalar y) {
  public MultiExp {
    if (a == null || x == null || b == null || y == null) {
      throw new NullPointerException("a, x, b and y are all needed");
    }
  }
}

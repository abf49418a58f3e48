package org.evote.crypto.group;

/**
 * A base element with precomputed powers, for bases raised to many exponents: the generator g
 * and the joint election key K (spec Note 3.4).
 */
public interface FixedBase {

  /** The base element. */
  Element base();

  /** base^e. */
  Element exp(Scalar e);
}

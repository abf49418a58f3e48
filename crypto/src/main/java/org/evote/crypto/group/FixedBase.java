package org.evote.crypto.group;

import org.evote.crypto.secret.SecretScalar;

/**
 * A base element with precomputed powers, for bases raised to many exponents: the generator g
 * and the joint election key K (spec Note 3.4).
 */
public interface FixedBase {

  /** The base element. */
  Element base();

  /** base^e for a public exponent, from the fast table: variable-time in e. */
  Element exp(Scalar e);

  /**
   * base^e for a secret exponent (an encryption nonce, a polynomial coefficient): constant-time
   * in e, see {@link Group#exp(Element, SecretScalar)}.
   */
  Element exp(SecretScalar e);
}

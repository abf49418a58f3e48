package org.evote.crypto.testing;

import java.math.BigInteger;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.internal.IntegerGroup;

/**
 * A small, insecure integer group for property tests only: the order-q subgroup of Z_p^* with the
 * safe prime p = 2q + 1, q = 4611686018427389243 (a 62-bit prime), r = 2 and g = 4. Large enough
 * that random challenges never collide in a test run, small enough to be fast. It is an instance
 * of the production {@link IntegerGroup}, so the tests run its arithmetic and validation; it lives
 * in test code only, and production code has no way to select it.
 */
public final class TinyGroup {
  private TinyGroup() {}

  private static final BigInteger Q = new BigInteger("4611686018427389243");

  public static final Group INSTANCE =
      new IntegerGroup("Tiny", Q.shiftLeft(1).add(BigInteger.ONE), Q, BigInteger.valueOf(4), BigInteger.TWO);
}

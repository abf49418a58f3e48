package org.evote.crypto.group.internal;

import java.math.BigInteger;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.FixedBase;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.secret.SecretScalar;

/**
 * Fixed-base exponentiation in Z_p^r with a table of base^(j·2^(8i)) for every byte position i
 * of a 32-byte scalar and byte value j (spec Note 3.4): an exponentiation is at most 31
 * multiplications. The table is for public exponents; a secret one takes {@link
 * IntegerConstantTime#modPow}, which uses no table of the base.
 */
final class IntegerFixedBase implements FixedBase {
  private final IntegerGroup group;
  private final IntegerElement base;
  private final Lazy<BigInteger[][]> table = new Lazy<>(this::build);

  IntegerFixedBase(IntegerGroup group, IntegerElement base) {
    this.group = group;
    this.base = base;
  }

  private BigInteger[][] build() {
    BigInteger p = group.p();
    BigInteger[][] t = new BigInteger[group.scalarByteLength()][255];
    BigInteger windowBase = base.value;
    for (int i = 0; i < t.length; i++) {
      t[i][0] = windowBase;
      for (int j = 1; j < 255; j++) {
        t[i][j] = t[i][j - 1].multiply(windowBase).mod(p);
      }
      windowBase = t[i][254].multiply(windowBase).mod(p); // base^(256^(i+1))
    }
    return t;
  }

  @Override
  public Element base() {
    return base;
  }

  /** base^e for a public e: at most 31 multiplications, skipping zero bytes (variable-time). */
  @Override
  public Element exp(Scalar e) {
    byte[] bytes = group.check("e", e).encode();
    BigInteger[][] t = table.get();
    BigInteger p = group.p();
    BigInteger acc = null;
    for (int i = 0; i < t.length; i++) {
      int b = bytes[t.length - 1 - i] & 0xff;
      if (b != 0) {
        acc = acc == null ? t[i][b - 1] : acc.multiply(t[i][b - 1]).mod(p);
      }
    }
    return new IntegerElement(group, acc == null ? BigInteger.ONE : acc);
  }

  /** base^e for a secret e, as {@link IntegerGroup#exp(Element, SecretScalar)}. */
  @Override
  public Element exp(SecretScalar e) {
    return group.exp(base, e);
  }
}

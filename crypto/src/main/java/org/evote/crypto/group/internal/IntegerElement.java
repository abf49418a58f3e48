package org.evote.crypto.group.internal;

import java.math.BigInteger;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;

/**
 * An element of an integer group: a residue 0 &lt; x &lt; p in the order-q subgroup. Public only
 * because {@link Element} permits it from another package; its constructor and state are
 * package-private.
 */
public final class IntegerElement implements Element {
  final IntegerGroup group;
  final BigInteger value;

  IntegerElement(IntegerGroup group, BigInteger value) {
    this.group = group;
    this.value = value;
  }

  @Override
  public Group group() {
    return group;
  }

  @Override
  public boolean isIdentity() {
    return value.equals(BigInteger.ONE);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IntegerElement e && e.group == group && e.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    String hex = value.toString(16);
    return "IntegerElement(" + (hex.length() > 16 ? hex.substring(0, 16) + "…" : hex) + ")";
  }
}

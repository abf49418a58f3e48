package org.evote.crypto.group;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An integer modulo the group order q (spec §5.1.2), immutable. Public values only: secrets
 * such as keys and nonces are held in {@link org.evote.crypto.secret.SecretScalar}, which has no
 * revealing {@code toString}.
 */
public final class Scalar {
  private final Group group;
  private final BigInteger value;

  /** For group implementations only; callers use {@link Group#scalar}. */
  public Scalar(Group group, BigInteger value) {
    this.group = Objects.requireNonNull(group, "group");
    this.value = Objects.requireNonNull(value, "value");
    if (value.signum() < 0 || value.compareTo(group.order()) >= 0) {
      throw new IllegalArgumentException("scalar must satisfy 0 <= value < q of " + group.name());
    }
  }

  public Group group() {
    return group;
  }

  /** The integer value in [0, q). */
  public BigInteger value() {
    return value;
  }

  public boolean isZero() {
    return value.signum() == 0;
  }

  public Scalar add(Scalar other) {
    return group.scalarMod(value.add(group.check("other", other).value));
  }

  public Scalar subtract(Scalar other) {
    return group.scalarMod(value.subtract(group.check("other", other).value));
  }

  public Scalar multiply(Scalar other) {
    return group.scalarMod(value.multiply(group.check("other", other).value));
  }

  public Scalar negate() {
    return group.scalarMod(value.negate());
  }

  /** The multiplicative inverse mod q; IllegalArgumentException for zero. */
  public Scalar inverse() {
    if (isZero()) {
      throw new IllegalArgumentException("zero has no inverse mod q");
    }
    return new Scalar(group, value.modInverse(group.order()));
  }

  /** The fixed-width big-endian encoding (spec §5.1.2). */
  public byte[] encode() {
    return Bytes.fixedWidth(value, group.scalarByteLength());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Scalar s && s.group == group && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "Scalar(" + value.toString(16) + ")";
  }
}

package org.evote.crypto.secret;

import java.security.MessageDigest;
import java.util.Objects;
import org.evote.crypto.group.Scalar;

/**
 * A secret scalar: a guardian's secret key or polynomial coefficient, a key share P(i), or an
 * encryption nonce. It has no revealing {@code toString}, no value {@code equals} or {@code
 * hashCode}, and one accessor whose name says what it does.
 */
public final class SecretScalar {
  private final Scalar value;

  private SecretScalar(Scalar value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** Wraps a scalar that must stay secret. */
  public static SecretScalar of(Scalar value) {
    return new SecretScalar(value);
  }

  /** The secret value, for the computation that needs it. Never log or serialise it in clear. */
  public Scalar unwrapSecret() {
    return value;
  }

  /** Constant-time comparison of two secrets. */
  public boolean sameSecretAs(SecretScalar other) {
    return value.group() == other.value.group()
        && MessageDigest.isEqual(value.encode(), other.value.encode());
  }

  @Override
  public String toString() {
    return "SecretScalar[redacted]";
  }
}

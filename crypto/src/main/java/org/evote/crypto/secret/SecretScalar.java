package org.evote.crypto.secret;

import java.security.MessageDigest;
import java.util.Objects;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Scalar;

/**
 * A secret scalar: a guardian's secret key or polynomial coefficient, a key share P(i), an
 * encryption nonce or a proof's commitment exponent. It has no revealing {@code toString}, no
 * value {@code equals} or {@code hashCode}, and one accessor whose name says what it does.
 *
 * <p>The type chooses the arithmetic: {@link org.evote.crypto.group.Group#exp(
 * org.evote.crypto.group.Element, SecretScalar)}, {@code gExp(SecretScalar)} and {@code
 * FixedBase.exp(SecretScalar)} take the constant-time path, while the {@link Scalar} overloads
 * are the fast variable-time path for public values. The sums below are plain {@link
 * java.math.BigInteger} arithmetic mod q, not constant-time.
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

  /** The group the secret belongs to (not itself secret). */
  public Group group() {
    return value.group();
  }

  /** this + other mod q, a secret (the aggregate nonce of a contest, spec §3.3.8). */
  public SecretScalar add(SecretScalar other) {
    return new SecretScalar(value.add(other.value));
  }

  /** this + k mod q for a non-negative k, a secret (ξ + σ of spec eq. 24). */
  public SecretScalar add(long k) {
    if (k < 0) {
      throw new IllegalArgumentException("the plaintext added to a nonce is non-negative, got " + k);
    }
    return new SecretScalar(value.add(value.group().scalar(k)));
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

package org.evote.crypto.elgamal;

import java.util.Objects;
import java.util.Optional;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.FixedBase;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.secret.SecretScalar;

/**
 * An ElGamal public key K with its fixed-base table: the joint election key of spec eq. 8, or a
 * guardian's own key K_i for share encryption.
 */
public final class PublicKey {
  private final FixedBase k;

  private PublicKey(FixedBase k) {
    this.k = k;
  }

  /**
   * Prepares K; the table is built on first use.
   *
   * @throws IllegalArgumentException if K is the identity, under which every ciphertext would
   *     carry its vote in clear (Verification 3.B); callers that check untrusted records ask
   *     {@link #problem} first and report it
   */
  public static PublicKey of(Element k) {
    Objects.requireNonNull(k, "k");
    problem(k).ifPresent(p -> {
      throw new IllegalArgumentException(p);
    });
    return new PublicKey(k.group().fixedBase(k));
  }

  /**
   * Why K cannot be an ElGamal key, if it cannot: it is the identity (K ≠ 1, spec Verification
   * 3.A for a guardian's key, 3.B for the joint key). Membership of the group holds for every
   * decoded element already.
   */
  public static Optional<String> problem(Element k) {
    Objects.requireNonNull(k, "k");
    return k.isIdentity()
        ? Optional.of("the public key K is the identity, under which a ciphertext shows its plaintext (K ≠ 1, Verification 3)")
        : Optional.empty();
  }

  public Group group() {
    return k.base().group();
  }

  /** K itself. Use this instance in proof checks so that its precomputation is reused. */
  public Element element() {
    return k.base();
  }

  /** K's fixed-base table, for batches of powers ({@link Group#fixedBaseExps}). */
  public FixedBase fixedBase() {
    return k;
  }

  /** K^e for a public exponent (variable-time). */
  public Element exp(Scalar e) {
    return k.exp(e);
  }

  /** K^e for a secret exponent, such as an encryption nonce (constant-time). */
  public Element exp(SecretScalar e) {
    return k.exp(e);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicKey p && p.element().equals(element());
  }

  @Override
  public int hashCode() {
    return element().hashCode();
  }

  @Override
  public String toString() {
    return "PublicKey(" + element() + ")";
  }
}

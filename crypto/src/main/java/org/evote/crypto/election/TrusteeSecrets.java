package org.evote.crypto.election;

import java.util.List;
import java.util.Objects;
import org.evote.crypto.secret.SecretScalar;

/**
 * A decrypting trustee's secrets in egk-ec's {@code decryptingTrustee-*.json} layout: the
 * polynomial coefficients a_{i,j} and the key share P(i) (spec eq. 9, 65). Never part of the
 * election record.
 */
public final class TrusteeSecrets {
  private final String id;
  private final int xCoordinate;
  private final List<SecretScalar> polynomialCoefficients;
  private final SecretScalar keyShare;

  public TrusteeSecrets(
      String id, int xCoordinate, List<SecretScalar> polynomialCoefficients, SecretScalar keyShare) {
    this.id = Objects.requireNonNull(id, "id");
    this.xCoordinate = xCoordinate;
    this.polynomialCoefficients = List.copyOf(polynomialCoefficients);
    this.keyShare = Objects.requireNonNull(keyShare, "keyShare");
  }

  public String id() {
    return id;
  }

  public int xCoordinate() {
    return xCoordinate;
  }

  /** a_{i,0}, ..., a_{i,k-1}; a_{i,0} is the guardian's secret key s_i. */
  public List<SecretScalar> polynomialCoefficients() {
    return polynomialCoefficients;
  }

  /** P(i), the guardian's share of the joint secret key. */
  public SecretScalar keyShare() {
    return keyShare;
  }

  @Override
  public String toString() {
    return "TrusteeSecrets(" + id + ", x=" + xCoordinate + ", secrets redacted)";
  }
}

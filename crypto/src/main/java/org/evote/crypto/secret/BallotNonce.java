package org.evote.crypto.secret;

import java.security.MessageDigest;
import java.security.SecureRandom;
import org.evote.crypto.hash.UInt256;

/**
 * The 256-bit primary ballot nonce ξ_B from which every selection nonce of a ballot is derived
 * (spec §3.3.2). Whoever holds it can decrypt the ballot, so it is a secret: revealed only for a
 * Benaloh challenge.
 */
public final class BallotNonce {
  private final UInt256 value;

  private BallotNonce(UInt256 value) {
    this.value = value;
  }

  /** A fresh random nonce. */
  public static BallotNonce random(SecureRandom random) {
    byte[] b = new byte[UInt256.LENGTH];
    random.nextBytes(b);
    return new BallotNonce(UInt256.of(b));
  }

  /** A nonce from known bytes: a challenged ballot's revealed nonce, or a test vector. */
  public static BallotNonce of(UInt256 value) {
    return new BallotNonce(value);
  }

  /** The nonce itself. Reveal it only to challenge the ballot. */
  public UInt256 unwrapSecret() {
    return value;
  }

  /** Constant-time comparison. */
  public boolean sameSecretAs(BallotNonce other) {
    return MessageDigest.isEqual(value.bytes(), other.value.bytes());
  }

  @Override
  public String toString() {
    return "BallotNonce[redacted]";
  }
}

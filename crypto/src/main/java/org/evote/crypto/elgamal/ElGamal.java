package org.evote.crypto.elgamal;

import org.evote.crypto.group.Group;
import org.evote.crypto.secret.SecretScalar;

/** Exponential ElGamal encryption, spec §3.3.1. */
public final class ElGamal {
  private ElGamal() {}

  /**
   * Enc(σ, ξ) = (g^ξ mod p, K^(σ+ξ) mod p), spec §3.3.1 eq. 24.
   *
   * @param k the election public key K
   * @param sigma the vote σ &ge; 0
   * @param xi the encryption nonce ξ ∈ Z_q; both powers are constant-time in ξ and σ
   */
  public static Ciphertext encrypt(PublicKey k, int sigma, SecretScalar xi) {
    if (sigma < 0) {
      throw new IllegalArgumentException("a vote must be non-negative, got " + sigma);
    }
    Group group = k.group();
    group.check("xi", xi);
    return new Ciphertext(group.gExp(xi), k.exp(xi.add(sigma)));
  }
}

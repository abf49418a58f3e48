package org.evote.crypto.elgamal;

import org.evote.crypto.group.Element;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.util.Require;

/**
 * A hashed ElGamal ciphertext (C0, C1, C2) of contest data (spec §3.3.6, eq. 53-55), with the
 * plaintext length egk-ec records beside it.
 *
 * @param c0 C0 = g^ξ
 * @param c1 C1, the blocks of D XOR the key stream; a multiple of 32 bytes
 * @param c2 C2 = HMAC(k0, C0 ∥ C1)
 * @param numBytes the length of the plaintext D in bytes (egk-ec's {@code numBytes})
 */
public record HashedCiphertext(Element c0, ByteString c1, UInt256 c2, int numBytes) {
  public HashedCiphertext {
    Require.nonNull("c0", c0, "c1", c1, "c2", c2);
    if (numBytes < 0) {
      throw new IllegalArgumentException("numBytes must be non-negative, got " + numBytes);
    }
  }
}

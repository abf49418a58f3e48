package org.evote.tally.keyceremony;

import org.evote.crypto.group.Element;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.util.Require;

/**
 * E_ℓ(P_i(ℓ)) = (C_{i,ℓ,0}, C_{i,ℓ,1}, C_{i,ℓ,2}), the encryption of one key share (ElectionGuard
 * 2.0 §3.2.2, eq. 18-19).
 *
 * @param c0 C0 = g^ξ
 * @param c1 C1 = b(P_i(ℓ), 32) ⊕ k1, 32 bytes
 * @param c2 C2 = HMAC(k0, b(C0) ∥ C1)
 */
public record ShareCiphertext(Element c0, ByteString c1, UInt256 c2) {
  public ShareCiphertext {
    Require.nonNull("c0", c0, "c1", c1, "c2", c2);
    if (c1.length() != 32) {
      throw new IllegalArgumentException("C1 of a share encryption is 32 bytes, got " + c1.length());
    }
  }
}

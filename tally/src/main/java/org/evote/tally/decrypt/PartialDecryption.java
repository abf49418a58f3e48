package org.evote.tally.decrypt;

import org.evote.crypto.group.Element;
import org.evote.crypto.util.Require;

/**
 * One guardian's contribution to one joint decryption: M_i = A^{P(i)} (ElectionGuard 2.0 eq. 66,
 * or m_i = C0^{P(i)}, eq. 77) and its proof commitments (a_i, b_i) = (g^{u_i}, A^{u_i}) (eq. 69,
 * 79).
 */
public record PartialDecryption(Element m, Element a, Element b) {
  public PartialDecryption {
    Require.nonNull("m", m, "a", a, "b", b);
  }
}

package org.evote.tally.decrypt;

import java.util.Objects;
import org.evote.crypto.group.Element;

/**
 * One guardian's contribution to one joint decryption: M_i = A^{P(i)} (ElectionGuard 2.0 eq. 66,
 * or m_i = C0^{P(i)}, eq. 77) and its proof commitments (a_i, b_i) = (g^{u_i}, A^{u_i}) (eq. 69,
 * 79).
 */
public record PartialDecryption(Element m, Element a, Element b) {
  public PartialDecryption {
    Objects.requireNonNull(m, "m");
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
  }
}

package org.evote.crypto.proof;

import java.util.List;

/**
 * A disjunctive Chaum-Pedersen range proof that a ciphertext encrypts one of 0, 1, ..., R: the
 * pairs (c_j, v_j) for 0 &le; j &le; R (spec §3.3.5 eq. 44-48, §3.3.8).
 *
 * @param proofs (c_j, v_j) in order of j
 */
public record RangeProof(List<ChaumPedersenProof> proofs) {
  public RangeProof {
    proofs = List.copyOf(proofs);
    if (proofs.isEmpty()) {
      throw new IllegalArgumentException("a range proof has at least one (c, v) pair");
    }
  }

  /** The range bound R (or L) this proof is for: its number of pairs minus one. */
  public int limit() {
    return proofs.size() - 1;
  }
}

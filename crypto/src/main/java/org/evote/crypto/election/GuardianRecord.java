package org.evote.crypto.election;

import java.util.List;
import org.evote.crypto.group.Element;
import org.evote.crypto.proof.SchnorrProof;

/**
 * A guardian's public record: its id, its x coordinate i, and the commitments K_{i,j} with their
 * Schnorr proofs for j = 0..k-1 (spec §3.2.2).
 *
 * @param guardianId the guardian's id
 * @param xCoordinate i, from 1
 * @param coefficientProofs the proofs, whose public keys are K_{i,0}, ..., K_{i,k-1}
 */
public record GuardianRecord(String guardianId, int xCoordinate, List<SchnorrProof> coefficientProofs) {
  public GuardianRecord {
    coefficientProofs = List.copyOf(coefficientProofs);
  }

  /** K_i = K_{i,0}, the guardian's public key. */
  public Element publicKey() {
    return coefficientProofs.get(0).publicKey();
  }

  /** The commitments K_{i,0}, ..., K_{i,k-1}. */
  public List<Element> commitments() {
    return coefficientProofs.stream().map(SchnorrProof::publicKey).toList();
  }
}

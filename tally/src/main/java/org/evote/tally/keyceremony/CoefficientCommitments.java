package org.evote.tally.keyceremony;

import java.util.List;
import org.evote.crypto.election.GuardianRecord;
import org.evote.crypto.group.Element;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.SchnorrProof;
import org.evote.crypto.util.Require;

/**
 * Message: a guardian's commitments K_{i,j} = g^{a_{i,j}} with Schnorr proofs (ElectionGuard 2.0
 * §3.2.2, eq. 10-12), published to every guardian and the coordinator.
 *
 * @param ceremonyId the ceremony
 * @param electionBaseHash H_B of the ceremony
 * @param guardianId the sender G_i
 * @param xCoordinate i
 * @param proofs the proofs for j = 0..k-1, whose public keys are K_{i,j}
 */
public record CoefficientCommitments(
    String ceremonyId, UInt256 electionBaseHash, String guardianId, int xCoordinate, List<SchnorrProof> proofs) {
  public CoefficientCommitments {
    Require.nonNull("ceremonyId", ceremonyId, "electionBaseHash", electionBaseHash, "guardianId", guardianId);
    proofs = List.copyOf(proofs);
  }

  /** K_i = K_{i,0}. */
  public Element publicKey() {
    return proofs.get(0).publicKey();
  }

  public List<Element> commitments() {
    return proofs.stream().map(SchnorrProof::publicKey).toList();
  }

  /** The guardian's entry of election_initialized.json. */
  public GuardianRecord toRecord() {
    return new GuardianRecord(guardianId, xCoordinate, proofs);
  }
}

package org.evote.crypto.election;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.Outcome;
import org.evote.crypto.proof.SchnorrProofs;

/**
 * The checks a server or a voter's device makes before it trusts an election's definition: spec
 * Verification 1.F-1.H (H_P, H_M, H_B), 2 (every guardian's Schnorr proofs), 3 (K = Π K_i,
 * K ≠ 1) and 4 (H_E). The auditor's verifier makes its own, fuller checks.
 */
public final class ElectionConsistency {
  private ElectionConsistency() {}

  /** The first problem found, or empty when the definition is consistent. */
  public static Optional<String> problem(Group group, Manifest m, ElectionConfig c, ElectionInitialized init) {
    UInt256 hp = ElectionHashes.parameterBaseHash(group.constants());
    if (!hp.equals(c.parameterBaseHash())) {
      return Optional.of("parameter_base_hash is not H_P of " + group.name());
    }
    UInt256 hm = ElectionHashes.manifestHash(hp, m.bytes());
    if (!hm.equals(c.manifestHash())) {
      return Optional.of("manifest_hash does not match the manifest");
    }
    UInt256 hb = ElectionHashes.electionBaseHash(hp, hm, c.numberOfGuardians(), c.quorum());
    if (!hb.equals(c.electionBaseHash())) {
      return Optional.of("election_base_hash does not match");
    }
    if (init.guardians().size() != c.numberOfGuardians()) {
      return Optional.of("there are " + init.guardians().size() + " guardians, the configuration says "
          + c.numberOfGuardians());
    }
    List<Element> keys = new ArrayList<>();
    for (GuardianRecord g : init.guardians()) {
      if (g.coefficientProofs().size() != c.quorum()) {
        return Optional.of("guardian " + g.guardianId() + " has " + g.coefficientProofs().size()
            + " commitments, expected " + c.quorum());
      }
      for (int j = 0; j < g.coefficientProofs().size(); j++) {
        Outcome o = SchnorrProofs.verify(hp, g.xCoordinate(), j, g.coefficientProofs().get(j));
        if (!o.valid()) {
          return Optional.of("guardian " + g.guardianId() + " coefficient " + j + ": " + o.reason());
        }
      }
      keys.add(g.publicKey());
    }
    Element k = group.product(keys);
    if (!k.equals(init.jointPublicKey())) {
      return Optional.of("the joint key is not the product of the guardians' keys");
    }
    Optional<String> keyProblem = PublicKey.problem(k);
    if (keyProblem.isPresent()) {
      return keyProblem;
    }
    if (!ElectionHashes.extendedBaseHash(hb, k).equals(init.extendedBaseHash())) {
      return Optional.of("extended_base_hash does not match");
    }
    return Optional.empty();
  }
}

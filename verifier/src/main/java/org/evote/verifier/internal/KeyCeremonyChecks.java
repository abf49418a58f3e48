package org.evote.verifier.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.evote.crypto.election.Election;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.election.ElectionHashes;
import org.evote.crypto.election.ElectionInitialized;
import org.evote.crypto.election.GuardianRecord;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.Outcome;
import org.evote.crypto.proof.SchnorrProof;
import org.evote.crypto.proof.SchnorrProofs;

/**
 * Verification 2 (Guardian public-key validation), 3 (Election public-key validation) and 4
 * (Extended base hash validation), ElectionGuard 2.0 §6.2.2 and §6.2.3, and the election context
 * the later checks use.
 */
final class KeyCeremonyChecks {
  private KeyCeremonyChecks() {}

  /**
   * Runs 2, 3 and 4 and returns the election context for the ballot and tally checks: the
   * record's joint key K (3.B checks it against Π K_i) and H_E recomputed as H(H_B; 0x12, K)
   * from the record's H_B (checked by 1.H), so that a wrong stored H_E fails 4.A alone. Empty
   * when K is 1 (3.B fails): no ElGamal key, so nothing later can be checked against it.
   */
  static java.util.Optional<Election> run(
      Checks checks, Group group, Manifest manifest, ElectionConfig config, ElectionInitialized init, Executor pool) {
    // The Schnorr challenges hash H_P: the standard one, which 1.F compares with the record's copy.
    UInt256 hp = ElectionHashes.parameterBaseHash(group.constants());
    guardianKeys(checks.get(Checks.GUARDIAN_KEYS), hp, config, init, pool);
    electionKey(checks.get(Checks.ELECTION_KEY), group, init);
    Element k = init.jointPublicKey();
    UInt256 he = ElectionHashes.extendedBaseHash(config.electionBaseHash(), k);
    Check c4 = checks.get(Checks.EXTENDED_BASE_HASH);
    c4.checked(1);
    if (!he.equals(init.extendedBaseHash())) {
      c4.fail(0, "election_initialized.json $.extended_base_hash",
          "4.A: H_E is not H(H_B; 0x12, K) (eq. 23); ballots and tallies are checked against the recomputed "
              + he.toHex());
    }
    c4.detail("H_E = H(H_B; 0x12, K) recomputed; it is the election id every ballot and tally must carry");
    if (PublicKey.problem(k).isPresent()) {
      return java.util.Optional.empty();
    }
    ElectionInitialized derived = new ElectionInitialized(k, he, init.guardians(), init.metadata());
    return java.util.Optional.of(Election.of(group, manifest, config, derived));
  }

  /** Verification 2: n guardians with x coordinates 1..n, k commitments each, every Schnorr proof (2.A-2.C). */
  private static void guardianKeys(Check check, UInt256 hp, ElectionConfig config, ElectionInitialized init, Executor pool) {
    int n = config.numberOfGuardians();
    int k = config.quorum();
    List<GuardianRecord> guardians = init.guardians();
    long order = 0;
    if (guardians.size() != n) {
      check.fail(order++, "election_initialized.json $.guardians",
          "there are " + guardians.size() + " guardians, but election_config.json says n = " + n);
    }
    Set<String> ids = new HashSet<>();
    Set<Integer> xs = new HashSet<>();
    List<CompletableFuture<String>> proofs = new ArrayList<>();
    List<String> where = new ArrayList<>();
    for (int g = 0; g < guardians.size(); g++) {
      GuardianRecord gr = guardians.get(g);
      String at = "guardian " + gr.guardianId();
      if (!ids.add(gr.guardianId())) {
        check.fail(order++, at, "the guardian id appears twice");
      }
      int i = gr.xCoordinate();
      if (i < 1 || i > n) {
        check.fail(order++, at, "x coordinate " + i + " is not in 1.." + n);
      }
      if (!xs.add(i)) {
        check.fail(order++, at, "x coordinate " + i + " is used by another guardian");
      }
      if (gr.coefficientProofs().size() != k) {
        check.fail(order++, at, "has " + gr.coefficientProofs().size()
            + " coefficient commitments, the quorum k = " + k + " needs exactly " + k);
      }
      for (int j = 0; j < gr.coefficientProofs().size(); j++) {
        SchnorrProof p = gr.coefficientProofs().get(j);
        int jj = j;
        where.add(at + " coefficient " + j);
        proofs.add(CompletableFuture.supplyAsync(() -> {
          Outcome o = SchnorrProofs.verify(hp, i, jj, p);
          return o.valid() ? null : o.reason();
        }, pool));
      }
    }
    for (int p = 0; p < proofs.size(); p++) {
      String reason = proofs.get(p).join();
      if (reason != null) {
        check.fail(1000 + p, where.get(p), "2.C: the Schnorr proof of K_i,j does not verify: " + reason);
      }
    }
    check.checked(proofs.size());
    check.detail(guardians.size() + " guardians (n = " + n + ", k = " + k + "), " + proofs.size()
        + " coefficient commitments with their Schnorr proofs");
  }

  /** Verification 3: each K_i ≠ 1 (3.A) and K = Π K_i ≠ 1 (3.B). Membership of Z_p^r held when decoding. */
  private static void electionKey(Check check, Group group, ElectionInitialized init) {
    long order = 0;
    List<Element> keys = new ArrayList<>();
    for (GuardianRecord gr : init.guardians()) {
      Element ki = gr.publicKey();
      keys.add(ki);
      if (ki.isIdentity()) {
        check.fail(order++, "guardian " + gr.guardianId(), "3.A: the public key K_i is 1");
      }
    }
    Element product = group.product(keys);
    Element k = init.jointPublicKey();
    if (PublicKey.problem(k).isPresent()) {
      check.fail(order++, "election_initialized.json $.joint_public_key", "3.B: the joint key K is 1");
    }
    if (!product.equals(k)) {
      check.fail(order++, "election_initialized.json $.joint_public_key",
          "3.B: K is not the product of the " + keys.size() + " guardian public keys K_i (eq. 8)");
    }
    check.checked(keys.size() + 1);
    check.detail("K = Π K_i over " + keys.size() + " guardian keys, K ≠ 1");
  }
}

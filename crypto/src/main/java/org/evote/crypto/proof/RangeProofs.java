package org.evote.crypto.proof;

import java.util.ArrayList;
import java.util.List;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.FixedBase;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.MultiExp;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.Hash;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.secret.SecretScalar;

/**
 * Disjunctive Chaum-Pedersen range proofs that (α, β) encrypts one of 0, 1, ..., R: per selection
 * with R the option limit (spec §3.3.5) and per contest with L the contest limit (§3.3.8). The
 * prover and the verifier share {@link #challenge}.
 */
public final class RangeProofs {
  private RangeProofs() {}

  /**
   * c = H(H_E; 0x21, K, α, β, a_0, b_0, ..., a_R, b_R) mapped to Z_q (spec eq. 46, 56; Verification
   * 5.3, 6.3). Binding the election (H_E), the key, the full statement and every commitment.
   *
   * @param commitments a_0, b_0, a_1, b_1, ... in that order
   */
  public static Scalar challenge(
      UInt256 he, PublicKey k, Ciphertext ct, List<Element> commitments) {
    Group group = k.group();
    List<Element> all = new ArrayList<>(commitments.size() + 3);
    all.add(k.element());
    all.add(ct.pad());
    all.add(ct.data());
    all.addAll(commitments);
    return group.hashToScalar(Hash.key(he).domain(0x21).elements(group, all).digest());
  }

  /**
   * Proves that ct = (g^ξ, K^(ℓ+ξ)) encrypts ℓ with 0 &le; ℓ &le; R (spec §3.3.5, eq. 44-48).
   *
   * @param he H_E
   * @param k the election key K
   * @param ct the ciphertext (α, β)
   * @param ell ℓ, the encrypted value
   * @param limit R (or L)
   * @param xi the encryption nonce ξ, from which u_j and the simulated c_j are derived
   */
  public static RangeProof prove(
      UInt256 he, PublicKey k, Ciphertext ct, int ell, int limit, SecretScalar xi) {
    Group group = k.group();
    Prover prover = prover(group, ell, limit, xi);
    List<SecretScalar> exponents = prover.exponents();
    List<FixedBase> bases = new ArrayList<>(exponents.size());
    FixedBase g = group.fixedBase(group.generator());
    for (int i = 0; i < exponents.size(); i++) {
      bases.add(i % 2 == 0 ? g : k.fixedBase());
    }
    return prover.finish(he, k, ct, group.secretFixedBaseExps(bases, exponents));
  }

  /**
   * Starts a range proof of ℓ in 0..R for a ciphertext with nonce ξ (spec §3.3.5): the prover's
   * randomness and commitment exponents are fixed first, so that a caller can compute the powers
   * of many proofs in one batch ({@link Group#secretFixedBaseExps}) before any challenge is hashed.
   */
  public static Prover prover(Group group, int ell, int limit, SecretScalar xi) {
    if (limit < 0) {
      throw new IllegalArgumentException("range limit must be non-negative, got " + limit);
    }
    if (ell < 0 || ell > limit) {
      throw new IllegalArgumentException("value " + ell + " is outside the range 0.." + limit);
    }
    return new Prover(group, ell, limit, xi);
  }

  /** A range proof between its commitment exponents and its challenge. */
  public static final class Prover {
    private final Group group;
    private final int ell;
    private final Scalar nonce;
    private final SecretScalar[] u;
    private final Scalar[] c;
    private final Scalar others;
    private final List<SecretScalar> exponents;

    private Prover(Group group, int ell, int limit, SecretScalar xi) {
      this.group = group;
      this.ell = ell;
      this.nonce = group.check("xi", xi.unwrapSecret());
      DerivedNonces random = new DerivedNonces(xi);
      this.u = new SecretScalar[limit + 1];
      this.c = new Scalar[limit + 1];
      List<SecretScalar> ex = new ArrayList<>(2 * (limit + 1));
      Scalar sum = group.scalar(0);
      for (int j = 0; j <= limit; j++) {
        u[j] = random.u(j);
        ex.add(u[j]); // a_j = g^{u_j}, eq. 44, 45
        if (j == ell) {
          ex.add(u[j]); // b_ℓ = K^{u_ℓ}, eq. 44
        } else {
          c[j] = random.c(j);
          sum = sum.add(c[j]);
          // b_j = K^{t_j}, t_j = u_j + (ℓ - j)c_j, eq. 45
          Scalar tj = u[j].unwrapSecret().add(group.scalarMod(java.math.BigInteger.valueOf(ell - j)).multiply(c[j]));
          ex.add(SecretScalar.of(tj));
        }
      }
      this.others = sum;
      this.exponents = List.copyOf(ex);
    }

    /**
     * The exponents of a_0, b_0, a_1, b_1, ... in that order: those at even positions are powers
     * of g, those at odd positions powers of K. They are secrets: together with the proof they
     * reveal ξ and so the vote.
     */
    public List<SecretScalar> exponents() {
      return exponents;
    }

    /**
     * The proof, given the commitments g^e and K^e for {@link #exponents()} in the same order
     * (eq. 46-48).
     */
    public RangeProof finish(UInt256 he, PublicKey k, Ciphertext ct, List<Element> commitments) {
      if (commitments.size() != exponents.size()) {
        throw new IllegalArgumentException(
            "needs " + exponents.size() + " commitments, got " + commitments.size());
      }
      Scalar[] cs = c.clone();
      Scalar cAll = challenge(he, k, ct, commitments); // eq. 46
      cs[ell] = cAll.subtract(others); // eq. 47
      List<ChaumPedersenProof> proofs = new ArrayList<>(u.length);
      for (int j = 0; j < u.length; j++) {
        proofs.add(new ChaumPedersenProof(cs[j], u[j].unwrapSecret().subtract(cs[j].multiply(nonce)))); // eq. 48
      }
      return new RangeProof(proofs);
    }
  }

  /**
   * Verification 5 (per selection, R) and 6 (per contest, L): recomputes a_j = g^{v_j} α^{c_j} and
   * b_j = K^{w_j} β^{c_j} with w_j = v_j - j·c_j, and checks c = Σ c_j. Group membership of α, β
   * (5.A) and the ranges of c_j, v_j (5.B, 5.C) hold for every decoded value already.
   */
  public static Outcome verify(UInt256 he, PublicKey k, Ciphertext ct, int limit, RangeProof proof) {
    Group group = k.group();
    if (proof.limit() != limit) {
      return wrongLength(proof, limit);
    }
    Exponents e = exponents(group, proof);
    List<Element> as = group.multiExps(group.generator(), e.vs, ct.pad(), e.cs); // 5.1, every j at once
    List<Element> bs = group.multiExps(k.element(), e.ws, ct.data(), e.cs); // 5.2
    List<Element> commitments = new ArrayList<>(2 * (limit + 1));
    for (int j = 0; j <= limit; j++) {
      commitments.add(as.get(j));
      commitments.add(bs.get(j));
    }
    return check(he, k, ct, e.sum, commitments);
  }

  /**
   * The 2(R + 1) double-base products whose values are a_0, b_0, a_1, b_1, ... (eq. 5.1, 5.2), for
   * a caller that computes the commitments of many proofs in one batch ({@link
   * Group#multiExpAll}) and then calls {@link #verify(UInt256, PublicKey, Ciphertext, int,
   * RangeProof, List)}. Empty when the proof has the wrong number of pairs for the limit.
   */
  public static List<MultiExp> commitmentTerms(PublicKey k, Ciphertext ct, int limit, RangeProof proof) {
    if (proof.limit() != limit) {
      return List.of();
    }
    Group group = k.group();
    Exponents e = exponents(group, proof);
    List<MultiExp> terms = new ArrayList<>(2 * (limit + 1));
    for (int j = 0; j <= limit; j++) {
      terms.add(new MultiExp(group.generator(), e.vs.get(j), ct.pad(), e.cs.get(j))); // 5.1
      terms.add(new MultiExp(k.element(), e.ws.get(j), ct.data(), e.cs.get(j))); // 5.2
    }
    return terms;
  }

  /**
   * Verification 5 or 6 as {@link #verify(UInt256, PublicKey, Ciphertext, int, RangeProof)}, with
   * the commitments computed by the caller from {@link #commitmentTerms}, in that order.
   */
  public static Outcome verify(
      UInt256 he, PublicKey k, Ciphertext ct, int limit, RangeProof proof, List<Element> commitments) {
    if (proof.limit() != limit) {
      return wrongLength(proof, limit);
    }
    if (commitments.size() != 2 * (limit + 1)) {
      throw new IllegalArgumentException(
          "needs " + 2 * (limit + 1) + " commitments, got " + commitments.size());
    }
    Group group = k.group();
    Scalar sum = group.scalar(0);
    for (int j = 0; j < proof.proofs().size(); j++) {
      sum = sum.add(group.check("c_" + j, proof.proofs().get(j).challenge()));
    }
    return check(he, k, ct, sum, commitments);
  }

  private static Outcome wrongLength(RangeProof proof, int limit) {
    return Outcome.invalid(
        "range proof has " + proof.proofs().size() + " (c, v) pairs, expected " + (limit + 1));
  }

  /** c_j, v_j, w_j = v_j - j·c_j and Σ c_j of a proof. */
  private record Exponents(List<Scalar> cs, List<Scalar> vs, List<Scalar> ws, Scalar sum) {}

  private static Exponents exponents(Group group, RangeProof proof) {
    int n = proof.proofs().size();
    List<Scalar> cs = new ArrayList<>(n);
    List<Scalar> vs = new ArrayList<>(n);
    List<Scalar> ws = new ArrayList<>(n);
    Scalar sum = group.scalar(0);
    for (int j = 0; j < n; j++) {
      ChaumPedersenProof p = proof.proofs().get(j);
      Scalar cj = group.check("c_" + j, p.challenge());
      Scalar vj = group.check("v_" + j, p.response());
      cs.add(cj);
      vs.add(vj);
      ws.add(vj.subtract(group.scalar(j).multiply(cj)));
      sum = sum.add(cj);
    }
    return new Exponents(cs, vs, ws, sum);
  }

  /** 5.3: the hashed challenge equals Σ c_j. */
  private static Outcome check(UInt256 he, PublicKey k, Ciphertext ct, Scalar sum, List<Element> commitments) {
    Scalar c = challenge(he, k, ct, commitments);
    if (!c.equals(sum)) {
      return Outcome.invalid("challenge c does not equal the sum of the c_j (5.D/6.D)");
    }
    return Outcome.VALID;
  }
}

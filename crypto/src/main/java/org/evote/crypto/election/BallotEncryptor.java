package org.evote.crypto.election;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.ContestDataCipher;
import org.evote.crypto.elgamal.HashedCiphertext;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.FixedBase;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.RangeProof;
import org.evote.crypto.proof.RangeProofs;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.secret.SecretScalar;

/**
 * Encrypts plaintext ballots, spec §3.3 and §3.4: every contest of the ballot's style, every
 * option of each contest (absent ones as 0), range proofs per option and per contest, encrypted
 * contest data, contest hashes and the confirmation code. An over-voted contest is encrypted as
 * §3.3.3 says: every option as 0, a contest proof for 0 votes, and the over-voted options in its
 * contest data.
 *
 * <p>The ballot is fully determined by its ballot nonce ξ_B: every value the spec leaves random
 * is derived from ξ_B as egk-ec derives it (docs/PROTOCOL.md, "Values derived from the primary
 * nonce"), so this encryptor and egk-ec's give the same bytes, and whoever holds ξ_B can recompute
 * the whole ballot.
 */
public final class BallotEncryptor {
  private final Election election;

  public BallotEncryptor(Election election) {
    this.election = election;
  }

  /**
   * Encrypts a ballot. Its state is {@link BallotState#UNKNOWN} until the voter casts or
   * challenges it.
   *
   * @param ballot the choices; must have no {@link PlaintextBallotValidation#structuralProblems}
   * @param nonce the ballot nonce ξ_B
   * @param codeBaux B_aux for the confirmation code (empty, or the chained value of §3.4.3)
   * @param device the encrypting device's name
   * @param timestamp seconds since the epoch
   * @throws IllegalArgumentException listing every problem when the ballot breaks the manifest
   */
  public EncryptedBallot encrypt(
      PlaintextBallot ballot, BallotNonce nonce, ByteString codeBaux, String device, long timestamp) {
    Manifest manifest = election.manifest();
    List<String> problems = PlaintextBallotValidation.structuralProblems(manifest, ballot);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "ballot " + ballot.ballotId() + " cannot be encrypted: " + String.join("; ", problems));
    }
    Map<String, PlaintextBallot.Contest> given = new HashMap<>();
    ballot.contests().forEach(c -> given.put(c.contestId(), c));
    UInt256 xiB = nonce.unwrapSecret();
    // Every power of g and K the ballot needs is known before any challenge is hashed: plan all
    // contests, compute the powers in one batch, then build ciphertexts, proofs and hashes.
    Powers powers = new Powers(election.group(), election.jointKey());
    List<ContestPlan> plans = new ArrayList<>();
    for (Manifest.Contest mc : manifest.contestsForStyle(ballot.ballotStyle()).orElseThrow()) {
      plans.add(plan(mc, given.get(mc.contestId()), xiB, powers));
    }
    int snPad = -1;
    int snData = -1;
    if (ballot.sn() != null) {
      SecretScalar snNonce = SelectionNonces.serialNumberNonce(election.group(), election.extendedBaseHash(), xiB);
      snPad = powers.g(snNonce); // eq. 24 form: (g^ξ, K^(sn+ξ))
      snData = powers.k(snNonce.add(ballot.sn()));
    }
    powers.compute();
    Ciphertext encryptedSn = snPad < 0 ? null : new Ciphertext(powers.get(snPad), powers.get(snData));
    List<EncryptedBallot.Contest> contests = new ArrayList<>();
    List<UInt256> contestHashes = new ArrayList<>();
    for (ContestPlan plan : plans) {
      EncryptedBallot.Contest ec = finish(plan, powers);
      contests.add(ec);
      contestHashes.add(ec.contestHash());
    }
    UInt256 code = ConfirmationCodes.confirmationCode(election.extendedBaseHash(), contestHashes, codeBaux);
    return new EncryptedBallot(
        ballot.ballotId(), ballot.ballotStyle(), device, timestamp, codeBaux, code,
        election.extendedBaseHash(), contests, BallotState.UNKNOWN, encryptedSn, false);
  }

  /**
   * The powers of g and K one ballot needs, requested first and computed together; every
   * exponent is a secret (a nonce, ξ + σ, or a proof's commitment exponent), so they take the
   * constant-time path ({@link Group#secretFixedBaseExps}).
   */
  private static final class Powers {
    private final Group group;
    private final FixedBase g;
    private final PublicKey k;
    private final List<FixedBase> bases = new ArrayList<>();
    private final List<SecretScalar> exponents = new ArrayList<>();
    private List<Element> results;

    Powers(Group group, PublicKey k) {
      this.group = group;
      this.g = group.fixedBase(group.generator());
      this.k = k;
    }

    /** Requests g^e and returns its index. */
    int g(SecretScalar e) {
      bases.add(g);
      exponents.add(e);
      return bases.size() - 1;
    }

    /** Requests K^e and returns its index. */
    int k(SecretScalar e) {
      bases.add(k.fixedBase());
      exponents.add(e);
      return bases.size() - 1;
    }

    /** Requests a range proof's commitments, g and K alternating, and returns the first index. */
    int proof(RangeProofs.Prover prover) {
      List<SecretScalar> ex = prover.exponents();
      int first = bases.size();
      for (int i = 0; i < ex.size(); i++) {
        if (i % 2 == 0) {
          g(ex.get(i));
        } else {
          k(ex.get(i));
        }
      }
      return first;
    }

    void compute() {
      results = group.secretFixedBaseExps(bases, exponents);
    }

    Element get(int index) {
      return results.get(index);
    }

    List<Element> range(int from, int count) {
      return results.subList(from, from + count);
    }
  }

  private record SelectionPlan(
      Manifest.Selection ms, int vote, int pad, int data, RangeProofs.Prover prover, int commitments) {}

  private record ContestPlan(
      Manifest.Contest mc,
      List<SelectionPlan> selections,
      int total,
      RangeProofs.Prover contestProver,
      int contestCommitments,
      byte[] dataPlaintext,
      int dataAlpha,
      int dataBeta) {}

  private ContestPlan plan(Manifest.Contest mc, PlaintextBallot.Contest pc, UInt256 xiB, Powers powers) {
    Group group = election.group();
    UInt256 he = election.extendedBaseHash();
    Map<String, Integer> votes = new HashMap<>();
    List<String> writeIns = List.of();
    // §3.3.3: the options voted for, and whether the contest is over-voted (an option above its
    // limit, or more votes than the contest limit, write-ins counted).
    List<Integer> votedFor = new ArrayList<>();
    long total = 0;
    boolean overvote = false;
    if (pc != null) {
      for (PlaintextBallot.Selection s : pc.selections()) {
        votes.put(s.selectionId(), s.vote());
        if (s.vote() > 0) {
          votedFor.add(s.sequenceOrder());
        }
        overvote |= s.vote() > mc.optionLimit();
        total += s.vote(); // non-negative: validated in encrypt()
      }
      writeIns = pc.writeIns();
    }
    long counted = total + writeIns.size();
    overvote |= counted > mc.contestLimit();
    List<SelectionPlan> selections = new ArrayList<>();
    SecretScalar aggregateNonce = SecretScalar.of(group.scalar(0));
    for (Manifest.Selection ms : mc.selections()) {
      int vote = overvote ? 0 : votes.getOrDefault(ms.selectionId(), 0); // §3.3.3: all 0 when over-voted
      SecretScalar xi = SelectionNonces.selectionNonce(group, he, xiB, mc.sequenceOrder(), ms.sequenceOrder());
      int pad = powers.g(xi); // eq. 24: (g^ξ, K^(σ+ξ))
      int data = powers.k(xi.add(vote));
      RangeProofs.Prover prover = RangeProofs.prover(group, vote, mc.optionLimit(), xi);
      selections.add(new SelectionPlan(ms, vote, pad, data, prover, powers.proof(prover)));
      aggregateNonce = aggregateNonce.add(xi);
    }
    int proven = overvote ? 0 : (int) total; // ≤ L when not over-voted
    RangeProofs.Prover contestProver =
        RangeProofs.prover(group, proven, mc.contestLimit(), aggregateNonce); // §3.3.8
    int contestCommitments = powers.proof(contestProver);
    String status = counted == 0 ? "null_vote"
        : overvote ? "over_vote"
        : counted < mc.contestLimit() ? "under_vote"
        : "normal";
    ContestData data = new ContestData(overvote ? votedFor : List.of(), writeIns, status);
    byte[] plaintext = ContestDataCodec.encode(data, mc.contestLimit());
    SecretScalar dataNonce = ContestDataCipher.nonce(group, he, xiB, mc.sequenceOrder());
    int dataAlpha = powers.g(dataNonce); // eq. 49-51: C0 = g^ξ, K^ξ
    int dataBeta = powers.k(dataNonce);
    return new ContestPlan(mc, selections, proven, contestProver, contestCommitments, plaintext, dataAlpha, dataBeta);
  }

  private EncryptedBallot.Contest finish(ContestPlan plan, Powers powers) {
    Group group = election.group();
    PublicKey k = election.jointKey();
    UInt256 he = election.extendedBaseHash();
    Manifest.Contest mc = plan.mc();
    List<EncryptedBallot.Selection> selections = new ArrayList<>();
    List<Ciphertext> cts = new ArrayList<>();
    for (SelectionPlan sp : plan.selections()) {
      Ciphertext ct = new Ciphertext(powers.get(sp.pad()), powers.get(sp.data()));
      int n = sp.prover().exponents().size();
      RangeProof proof = sp.prover().finish(he, k, ct, powers.range(sp.commitments(), n));
      selections.add(new EncryptedBallot.Selection(sp.ms().selectionId(), sp.ms().sequenceOrder(), ct, proof));
      cts.add(ct);
    }
    Ciphertext aggregate = Ciphertext.product(group, cts); // §3.3.8
    int n = plan.contestProver().exponents().size();
    RangeProof contestProof = plan.contestProver().finish(he, k, aggregate, powers.range(plan.contestCommitments(), n));
    HashedCiphertext encryptedData = ContestDataCipher.encrypt(
        he, k, mc.contestId(), plan.dataPlaintext(), powers.get(plan.dataAlpha()), powers.get(plan.dataBeta()));
    UInt256 contestHash = ConfirmationCodes.contestHash(he, k, mc.sequenceOrder(), cts);
    return new EncryptedBallot.Contest(
        mc.contestId(), mc.sequenceOrder(), contestHash, selections, contestProof, encryptedData);
  }
}

package org.evote.crypto.election;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.ContestDataCipher;
import org.evote.crypto.elgamal.ElGamal;
import org.evote.crypto.elgamal.HashedCiphertext;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.RangeProof;
import org.evote.crypto.proof.RangeProofs;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.secret.SecretScalar;

/**
 * Encrypts plaintext ballots, spec §3.3 and §3.4: every contest of the ballot's style, every
 * option of each contest (absent ones as 0), range proofs per option and per contest, encrypted
 * contest data, contest hashes and the confirmation code. Deterministic given the ballot nonce.
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
   * @param ballot the choices; must pass {@link PlaintextBallotValidation}
   * @param nonce the ballot nonce ξ_B
   * @param codeBaux B_aux for the confirmation code (empty, or the chained value of §3.4.3)
   * @param device the encrypting device's name
   * @param timestamp seconds since the epoch
   * @throws IllegalArgumentException listing every problem when the ballot breaks the manifest
   */
  public EncryptedBallot encrypt(
      PlaintextBallot ballot, BallotNonce nonce, ByteString codeBaux, String device, long timestamp) {
    Manifest manifest = election.manifest();
    List<String> problems = PlaintextBallotValidation.validate(manifest, ballot);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "ballot " + ballot.ballotId() + " cannot be encrypted: " + String.join("; ", problems));
    }
    Map<String, PlaintextBallot.Contest> given = new HashMap<>();
    ballot.contests().forEach(c -> given.put(c.contestId(), c));
    UInt256 xiB = nonce.unwrapSecret();
    List<EncryptedBallot.Contest> contests = new ArrayList<>();
    List<UInt256> contestHashes = new ArrayList<>();
    for (Manifest.Contest mc : manifest.contestsForStyle(ballot.ballotStyle()).orElseThrow()) {
      EncryptedBallot.Contest ec = encryptContest(mc, given.get(mc.contestId()), xiB);
      contests.add(ec);
      contestHashes.add(ec.contestHash());
    }
    UInt256 code = ConfirmationCodes.confirmationCode(election.extendedBaseHash(), contestHashes, codeBaux);
    return new EncryptedBallot(
        ballot.ballotId(), ballot.ballotStyle(), device, timestamp, codeBaux, code,
        election.extendedBaseHash(), contests, BallotState.UNKNOWN, null, false);
  }

  private EncryptedBallot.Contest encryptContest(
      Manifest.Contest mc, PlaintextBallot.Contest pc, UInt256 xiB) {
    Group group = election.group();
    PublicKey k = election.jointKey();
    UInt256 he = election.extendedBaseHash();
    Map<String, Integer> votes = new HashMap<>();
    List<String> writeIns = List.of();
    if (pc != null) {
      pc.selections().forEach(s -> votes.put(s.selectionId(), s.vote()));
      writeIns = pc.writeIns();
    }
    List<EncryptedBallot.Selection> selections = new ArrayList<>();
    List<Ciphertext> cts = new ArrayList<>();
    Scalar aggregateNonce = group.scalar(0);
    int total = 0;
    for (Manifest.Selection ms : mc.selections()) {
      int vote = votes.getOrDefault(ms.selectionId(), 0);
      total += vote;
      Scalar xi = SelectionNonces.selectionNonce(group, he, xiB, mc.sequenceOrder(), ms.sequenceOrder());
      Ciphertext ct = ElGamal.encrypt(k, vote, xi); // eq. 24
      RangeProof proof = RangeProofs.prove(he, k, ct, vote, mc.optionLimit(), SecretScalar.of(xi));
      selections.add(new EncryptedBallot.Selection(ms.selectionId(), ms.sequenceOrder(), ct, proof));
      cts.add(ct);
      aggregateNonce = aggregateNonce.add(xi);
    }
    Ciphertext aggregate = Ciphertext.product(group, cts); // §3.3.8
    RangeProof contestProof =
        RangeProofs.prove(he, k, aggregate, total, mc.contestLimit(), SecretScalar.of(aggregateNonce));
    int counted = total + writeIns.size();
    String status = counted == 0 ? "null_vote" : counted < mc.contestLimit() ? "under_vote" : "normal";
    ContestData data = new ContestData(List.of(), writeIns, status);
    byte[] plaintext = ContestDataCodec.encode(data, mc.contestLimit());
    Scalar dataNonce = ContestDataCipher.nonce(group, he, xiB, mc.sequenceOrder());
    HashedCiphertext encryptedData = ContestDataCipher.encrypt(he, k, mc.contestId(), plaintext, dataNonce);
    UInt256 contestHash = ConfirmationCodes.contestHash(he, k, mc.sequenceOrder(), cts);
    return new EncryptedBallot.Contest(
        mc.contestId(), mc.sequenceOrder(), contestHash, selections, contestProof, encryptedData);
  }
}

package org.evote.voterclient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.evote.crypto.election.BallotEncryptor;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.ContestData;
import org.evote.crypto.election.ContestDataCodec;
import org.evote.crypto.election.Election;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.election.SelectionNonces;
import org.evote.crypto.elgamal.ContestDataCipher;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.secret.SecretScalar;

/**
 * Decrypts a challenged ballot with its revealed primary nonce ξ_B and checks the decryption
 * (spec §3.6.5, "Verifying decryption with nonces"): for every option, α = g^ξ with ξ from
 * eq. 25 and β / K^ξ = K^σ with σ in 0..R (Verification 13.A, 13.B), at most L votes per contest
 * (13.C), every contest's data decrypts with its own nonce (eq. 50) and its MAC holds; finally
 * encrypting the decrypted choices again with the same nonce must give the very same ballot,
 * proofs and confirmation code included.
 */
public final class NonceDecryption {
  private NonceDecryption() {}

  /**
   * What a challenged ballot proves was encrypted.
   *
   * @param choices contest id to the options that hold a vote (an option once per vote)
   * @param contestData contest id to the decrypted contest data (status and write-ins)
   * @param problems every check that failed; empty when the device encrypted exactly the choices
   */
  public record Result(Map<String, List<String>> choices, Map<String, ContestData> contestData, List<String> problems) {
    public Result {
      choices = Map.copyOf(choices);
      contestData = Map.copyOf(contestData);
      problems = List.copyOf(problems);
    }

    public boolean verified() {
      return problems.isEmpty();
    }
  }

  /** Decrypts and checks; never throws for a ballot that does not match. */
  public static Result decrypt(Election election, EncryptedBallot ballot, BallotNonce nonce) {
    Group group = election.group();
    PublicKey k = election.jointKey();
    UInt256 he = election.extendedBaseHash();
    UInt256 xiB = nonce.unwrapSecret();
    Manifest manifest = election.manifest();
    Map<String, List<String>> choices = new LinkedHashMap<>();
    Map<String, ContestData> data = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (EncryptedBallot.Contest c : ballot.contests()) {
      Optional<Manifest.Contest> mc = manifest.contest(c.contestId());
      if (mc.isEmpty()) {
        problems.add("contest " + c.contestId() + " is not in the manifest (13.D)");
        continue;
      }
      List<String> chosen = new ArrayList<>();
      for (EncryptedBallot.Selection s : c.selections()) {
        String where = c.contestId() + "/" + s.selectionId();
        SecretScalar xi = SelectionNonces.selectionNonce(group, he, xiB, c.sequenceOrder(), s.sequenceOrder());
        if (!s.encryptedVote().pad().equals(group.gExp(xi))) {
          problems.add(where + ": α is not g^ξ for the revealed nonce");
          continue;
        }
        Element kSigma = group.divide(s.encryptedVote().data(), k.exp(xi)); // β / K^ξ = K^σ (eq. 90)
        int sigma = -1;
        for (int v = 0; v <= mc.get().optionLimit(); v++) {
          if (kSigma.equals(v == 0 ? group.identity() : k.exp(group.scalar(v)))) {
            sigma = v;
            break;
          }
        }
        if (sigma < 0) {
          problems.add(where + ": the encrypted vote is not in 0.." + mc.get().optionLimit() + " (13.B)");
          continue;
        }
        for (int v = 0; v < sigma; v++) {
          chosen.add(s.selectionId());
        }
      }
      if (chosen.size() > mc.get().contestLimit()) {
        problems.add(c.contestId() + ": " + chosen.size() + " votes, more than the limit " + mc.get().contestLimit() + " (13.C)");
      }
      choices.put(c.contestId(), chosen);
      SecretScalar dataNonce = ContestDataCipher.nonce(group, he, xiB, c.sequenceOrder());
      Optional<ContestData> cd = ContestDataCipher.decrypt(he, k, c.contestId(), c.contestData(), k.exp(dataNonce))
          .flatMap(ContestDataCodec::decode);
      if (cd.isEmpty()) {
        problems.add(c.contestId() + ": the contest data does not decrypt with the revealed nonce");
      } else {
        data.put(c.contestId(), cd.get());
      }
    }
    if (problems.isEmpty()) {
      RecordCodec codec = new RecordCodec(group);
      EncryptedBallot again = new BallotEncryptor(election).encrypt(
          Choices.of(choices).toPlaintext(manifest, ballot.ballotStyleId(), ballot.ballotId()),
          nonce, ballot.codeBaux(), ballot.encryptingDevice(), ballot.timestamp());
      if (!Arrays.equals(codec.writeEncryptedBallot(again),
          codec.writeEncryptedBallot(ballot.withState(BallotState.UNKNOWN)))) {
        problems.add("encrypting the decrypted choices again with the nonce does not give the same ballot");
      }
    }
    return new Result(choices, data, problems);
  }
}

package org.evote.verifier.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.evote.crypto.election.ContestData;
import org.evote.crypto.election.ContestDataCodec;
import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.election.Election;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.ContestDataCipher;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.DecryptionProofs;
import org.evote.crypto.proof.Outcome;

/**
 * Verification 8 (Correctness of ballot aggregation), 9 (Correctness of tally decryptions), 10
 * (Validation of correct decryption of tallies) and 11 (Correctness of decryptions of contest
 * data), ElectionGuard 2.0 §6.2.5 and §6.2.6, with ElectionGuard's counting rule: every CAST
 * ballot counts, nothing else does. An evote record marks exactly the ballots its policy counts
 * CAST, superseded and overridden ones UNKNOWN (E.2 checks that against the node logs), so the
 * same rule counts it as egk-ec's verifier does.
 *
 * <p>An option that no cast ballot carries has the empty product (1, 1) as its aggregate; egk-ec
 * writes a fresh encryption of zero instead. Verification 8 accepts that only when tally.json
 * proves, with a valid decryption proof, that the option's aggregate decrypts to 0.
 */
final class TallyChecks {
  private static final long LATE = 1L << 40;

  private final Checks checks;
  private final Election election;
  private final Group group;
  private final PublicKey k;
  private final UInt256 he;
  private final OptionIndex options;
  private final BallotScan scan;
  private final Executor pool;

  /** encrypted_tally.json's (A, B) per option, null where it has none. */
  private final Ciphertext[] aggregate;
  /** Options without cast ballots whose aggregate is not (1, 1): they must decrypt to 0. */
  private final List<Integer> zeroPending = new ArrayList<>();
  /** Per option: tally.json's proven value, or null where it has none or it does not verify. */
  private final Integer[] provenValue;

  TallyChecks(Checks checks, Election election, OptionIndex options, BallotScan scan, Executor pool) {
    this.checks = checks;
    this.election = election;
    this.group = election.group();
    this.k = election.jointKey();
    this.he = election.extendedBaseHash();
    this.options = options;
    this.scan = scan;
    this.pool = pool;
    this.aggregate = new Ciphertext[options.size()];
    this.provenValue = new Integer[options.size()];
  }

  /** Verification 8, and the cast_ballot_ids the scan did not find. Null when the file could not be read. */
  void aggregation(EncryptedTally et, CastIds castIds) {
    Check check = checks.get(Checks.AGGREGATION);
    if (et == null) {
      check.fail(LATE, "encrypted_tally.json", "cannot be checked: the file could not be read");
      return;
    }
    long order = LATE;
    String file = "encrypted_tally.json";
    if (!et.electionId().equals(he)) {
      check.fail(order++, file + " $.election_id", "the encrypted tally is for election " + et.electionId().toHex()
          + ", not this election (H_E = " + he.toHex() + ")");
    }
    for (EncryptedTally.Contest c : et.contests()) {
      int ci = options.contestIndex(c.contestId());
      if (ci < 0) {
        check.fail(order++, file + " contest " + c.contestId(), "the contest is not in the manifest");
        continue;
      }
      if (c.sequenceOrder() != options.contests().get(ci).sequenceOrder()) {
        check.fail(order++, file + " contest " + c.contestId(), "sequence order " + c.sequenceOrder()
            + " differs from the manifest's " + options.contests().get(ci).sequenceOrder());
      }
      for (EncryptedTally.Selection s : c.selections()) {
        int i = options.index(c.contestId(), s.selectionId());
        String at = file + " " + c.contestId() + "/" + s.selectionId();
        if (i < 0) {
          check.fail(order++, at, "the option is not in the manifest");
        } else if (aggregate[i] != null) {
          check.fail(order++, at, "the option appears twice");
        } else {
          aggregate[i] = s.encryptedVote();
          if (s.sequenceOrder() != options.get(i).selection().sequenceOrder()) {
            check.fail(order++, at, "sequence order " + s.sequenceOrder() + " differs from the manifest's "
                + options.get(i).selection().sequenceOrder());
          }
        }
      }
    }
    long cast = scan.cast.sum();
    for (OptionIndex.Option o : options.all()) {
      int i = o.index();
      String at = file + " " + o.label();
      Ciphertext ab = aggregate[i];
      if (ab == null) {
        check.fail(order++, at, "the manifest's option is missing from the encrypted tally");
        continue;
      }
      check.checked(1);
      if (scan.optionOnCast[i]) {
        if (!ab.pad().equals(scan.pads[i])) {
          check.fail(order++, at, "8.A: A is not the product of the α of this option on the " + cast + " CAST ballots");
        }
        if (!ab.data().equals(scan.datas[i])) {
          check.fail(order++, at, "8.B: B is not the product of the β of this option on the " + cast + " CAST ballots");
        }
      } else if (!(ab.pad().isIdentity() && ab.data().isIdentity())) {
        zeroPending.add(i);
      }
    }
    if (castIds != null) {
      for (int i : castIds.unmarked()) {
        check.fail(LATE / 2 + i, file + " $.cast_ballot_ids[" + i + "]", "names ballot " + castIds.id(i)
            + ", which is not in the record (no readable eballot file has this id): a ballot counted in the tally is missing");
      }
    }
  }

  /**
   * Verification 9, 10 and 11 on tally.json (null when it could not be read), then the options
   * 8 could accept only with a proof that they decrypt to 0.
   */
  void decryption(DecryptedTallyOrBallot dt, boolean encryptedTallyRead) {
    Check c9 = checks.get(Checks.TALLY_PROOFS);
    Check c10 = checks.get(Checks.TALLY_VALUES);
    Check c11 = checks.get(Checks.TALLY_CONTEST_DATA);
    if (dt == null) {
      c9.fail(0, "tally.json", "cannot be checked: the file could not be read");
      c10.fail(0, "tally.json", "cannot be checked: the file could not be read");
      c11.fail(0, "tally.json", "cannot be checked: the file could not be read");
      resolveZeros();
      return;
    }
    String file = "tally.json";
    long order = 0;
    if (!dt.electionId().equals(he)) {
      c9.fail(order++, file + " $.election_id", "the decrypted tally is for election " + dt.electionId().toHex()
          + ", not this election (H_E = " + he.toHex() + ")");
    }
    record Pending(int option, int value, CompletableFuture<String> proof, CompletableFuture<Boolean> value10, boolean sameAb) {}
    List<Pending> pending = new ArrayList<>();
    Set<Integer> contestsInTally = new HashSet<>();
    Set<Integer> decrypted = new HashSet<>();
    int contestData = 0;
    for (DecryptedTallyOrBallot.Contest c : dt.contests()) {
      int ci = options.contestIndex(c.contestId());
      String cat = file + " contest " + c.contestId();
      if (ci < 0) {
        c10.fail(order++, cat, "10.B: the contest is not in the manifest");
        continue;
      }
      if (!contestsInTally.add(ci)) {
        c10.fail(order++, cat, "the contest appears twice");
        continue;
      }
      Set<Integer> here = new HashSet<>();
      for (DecryptedTallyOrBallot.Selection s : c.selections()) {
        int i = options.index(c.contestId(), s.selectionId());
        String at = file + " " + c.contestId() + "/" + s.selectionId();
        if (i < 0) {
          c10.fail(order++, at, "10.C: the option is not an option of this contest in the manifest");
          continue;
        }
        if (!here.add(i)) {
          c10.fail(order++, at, "the option appears twice");
          continue;
        }
        decrypted.add(i);
        boolean sameAb = true;
        if (aggregate[i] == null) {
          if (encryptedTallyRead) {
            c9.fail(order++, at, "the option has no aggregate in encrypted_tally.json to decrypt");
          }
          sameAb = false;
        } else if (!aggregate[i].equals(s.encryptedVote())) {
          c9.fail(order++, at, "the (A, B) that tally.json decrypts differs from the aggregate in encrypted_tally.json");
          sameAb = false;
        }
        CompletableFuture<String> proof = CompletableFuture.supplyAsync(() -> {
          Outcome o = DecryptionProofs.verify(he, k, s.encryptedVote(), s.bOverM(), s.proof());
          return o.valid() ? null : "9.B: " + o.reason();
        }, pool);
        CompletableFuture<Boolean> value = CompletableFuture.supplyAsync(
            () -> k.exp(group.scalar(s.tally())).equals(s.bOverM()), pool);
        pending.add(new Pending(i, s.tally(), proof, value, sameAb));
      }
      for (OptionIndex.Option o : options.optionsOf(ci)) {
        if (!here.contains(o.index())) {
          c10.fail(order++, cat, "10.D: the manifest's option " + o.selection().selectionId() + " is not in the decrypted tally");
        }
      }
      if (c.decryptedContestData() != null) {
        contestData++;
        contestData(c11, order++, cat, c.contestId(), c.decryptedContestData());
      }
    }
    for (Pending p : pending) {
      String at = file + " " + options.get(p.option()).label();
      String proofFailure = p.proof().join();
      if (proofFailure != null) {
        c9.fail(order++, at, proofFailure);
      }
      boolean valueOk = p.value10().join();
      if (!valueOk) {
        c10.fail(order++, at, "10.A: T (b_over_m) is not K^t for the stated tally t = " + p.value());
      }
      if (proofFailure == null && valueOk && p.sameAb()) {
        provenValue[p.option()] = p.value();
      }
    }
    c9.checked(pending.size());
    c10.checked(pending.size());
    // 10.E: every contest on a cast ballot is in the tally.
    for (int ci = 0; ci < options.contests().size(); ci++) {
      if (scan.contestOnCast[ci] && !contestsInTally.contains(ci)) {
        c10.fail(order++, file, "10.E: contest " + options.contests().get(ci).contestId()
            + " is on cast ballots but not in the decrypted tally");
      }
    }
    c9.detail(pending.size() + " decryption proofs (M = B·T⁻¹, a = g^v·K^c, b = A^v·M^c, c = H(H_E; 0x30, ...)),"
        + " each of the aggregate in encrypted_tally.json");
    c10.detail(pending.size() + " decrypted values T = K^t; contest and option labels match the manifest");
    if (contestData == 0) {
      c11.notApplicable("not applicable: tally.json decrypts no contest data");
    } else {
      c11.checked(contestData);
      c11.detail(contestData + " contest data decryptions: proof verified, decrypted and decoded to the stated data");
    }
    resolveZeros();
  }

  /** 8: an option without cast ballots must be (1, 1) or proven to decrypt to 0. */
  private void resolveZeros() {
    Check check = checks.get(Checks.AGGREGATION);
    int accepted = 0;
    for (int i : zeroPending) {
      Integer v = provenValue[i];
      if (v != null && v == 0) {
        accepted++;
      } else {
        check.fail(LATE * 2 + i, "encrypted_tally.json " + options.get(i).label(),
            "no cast ballot has this option, so its aggregate must be (1, 1) or an encryption of 0, but "
                + (v == null ? "tally.json does not prove what it decrypts to" : "tally.json proves it decrypts to " + v));
      }
    }
    String zeros = accepted == 0 ? "" : "; " + accepted + " option" + (accepted == 1 ? "" : "s")
        + " on no cast ballot hold a fresh encryption of 0, accepted because tally.json proves "
        + (accepted == 1 ? "it decrypts" : "they decrypt") + " to 0";
    check.detail(options.size() + " options over the " + scan.cast.sum() + " CAST ballots"
        + "; cast_ballot_ids is exactly those ballots" + zeros);
  }

  /** Verification 11 (and 14): the 0x31 proof, and that β decrypts the data to what is stated. */
  static void contestData(Check check, String step, long order, String at, String contestId,
      DecryptedTallyOrBallot.DecryptedContestData d, UInt256 he, PublicKey k) {
    Outcome o = DecryptionProofs.verifyContestData(he, k, d.encryptedContestData(), d.beta(), d.proof());
    if (!o.valid()) {
      check.fail(order, at, step + ".B: " + o.reason());
    }
    Optional<byte[]> bytes = ContestDataCipher.decrypt(he, k, contestId, d.encryptedContestData(), d.beta());
    if (bytes.isEmpty()) {
      check.fail(order, at, "β does not decrypt the contest data: the MAC C2 does not match");
      return;
    }
    Optional<ContestData> decoded = ContestDataCodec.decode(bytes.get());
    if (decoded.isEmpty()) {
      check.fail(order, at, "the decrypted contest data is not in egk-ec's contest data layout");
    } else if (!decoded.get().equals(d.contestData())) {
      check.fail(order, at, "the contest data decrypts to " + decoded.get() + ", not the stated " + d.contestData());
    }
  }

  private void contestData(Check check, long order, String at, String contestId, DecryptedTallyOrBallot.DecryptedContestData d) {
    contestData(check, "11", order, at, contestId, d, he, k);
  }
}

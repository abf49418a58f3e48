package org.evote.tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.proof.DecryptionProofs;
import org.evote.crypto.proof.Outcome;
import org.evote.crypto.testing.Conformance;
import org.evote.tally.aggregate.Progress;
import org.evote.tally.aggregate.StateCountingPolicy;
import org.evote.tally.decrypt.DecryptingShare;
import org.evote.tally.record.OpenRecord;
import org.evote.tally.record.TallyCeremony;
import org.evote.tally.record.Trustees;
import org.evote.tally.vault.GuardianVault;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Known-answer tests against egk-ec's own records: our aggregation reproduces its
 * encrypted_tally.json, and our decryption with its trustees' key shares reproduces its
 * tally.json and challenged ballots; our proofs pass the spec's verification.
 */
@DisplayName("Decrypting egk-ec's conformance records")
class EgkConformanceDecryptionTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {Conformance.EC, Conformance.INTEGER})
  @DisplayName("aggregation of the CAST ballots reproduces the record's encrypted tally")
  void aggregationMatches(String name) {
    OpenRecord record = OpenRecord.open(Conformance.record(name)).value();
    EncryptedTally theirs = record.encryptedTally().value();
    TallyCeremony.Prepared ours = TallyCeremony.aggregate(record, theirs.tallyId(), StateCountingPolicy.INSTANCE, 2,
        Progress.NONE).value();
    List<String> failures = new ArrayList<>();
    Map<String, EncryptedTally.Selection> mine = new HashMap<>();
    ours.tally().contests().forEach(c -> c.selections().forEach(s -> mine.put(c.contestId() + "/" + s.selectionId(), s)));
    for (EncryptedTally.Contest c : theirs.contests()) {
      for (EncryptedTally.Selection s : c.selections()) {
        EncryptedTally.Selection m = mine.remove(c.contestId() + "/" + s.selectionId());
        if (m == null) {
          failures.add("missing " + c.contestId() + "/" + s.selectionId());
        } else if (!m.encryptedVote().equals(s.encryptedVote())) {
          failures.add("aggregate differs for " + c.contestId() + "/" + s.selectionId());
        }
      }
    }
    failures.addAll(mine.keySet().stream().map(k -> "extra " + k).toList());
    if (!new HashSet<>(ours.tally().castBallotIds()).equals(new HashSet<>(theirs.castBallotIds()))) {
      failures.add("cast ballot ids differ");
    }
    assertThat(failures).isEmpty();
    assertThat(ours.challenged()).hasSize(9);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {Conformance.EC, Conformance.INTEGER})
  @DisplayName("decryption with the record's trustees reproduces tally.json and the challenged ballots")
  void decryptionMatches(String name, @TempDir Path out) throws Exception {
    Path dir = Conformance.record(name);
    OpenRecord record = OpenRecord.open(dir).value();
    List<DecryptingShare> shares = Trustees.load(record, dir.resolve("private_data/trustees"), Set.of(),
        id -> {
          throw new AssertionError("egk-ec trustees need no passphrase");
        }, GuardianVault.standard()).value();
    assertThat(shares).hasSize(3);
    TallyCeremony.Prepared prepared = TallyCeremony.prepare(record, "unused", StateCountingPolicy.INSTANCE, 2,
        Progress.NONE).value();
    TallyCeremony.Written written = TallyCeremony.decryptInProcess(record, shares, prepared, out, new SecureRandom()).value();
    assertThat(written.ballotProblems()).isEmpty();

    ElectionRecordFiles ourFiles = ElectionRecordFiles.open(out).value();
    ElectionRecordFiles theirFiles = record.files();
    List<String> failures = new ArrayList<>();
    compare("tally", theirFiles.readTally().value(), ourFiles.readTally().value(), record, failures);
    List<ElectionRecordFiles.RecordFile<DecryptedTallyOrBallot>> theirBallots = theirFiles.challengedBallots().toList();
    assertThat(theirBallots).hasSize(9);
    assertThat(written.ballotsWritten()).isEqualTo(9);
    for (var f : theirBallots) {
      DecryptedTallyOrBallot theirs = f.parsed().value();
      Parsed<DecryptedTallyOrBallot> ours = ourFiles.readChallengedBallot(theirs.id());
      if (!ours.isOk()) {
        failures.add("ballot " + theirs.id() + ": " + ours.problem());
        continue;
      }
      compare("ballot " + theirs.id(), theirs, ours.value(), record, failures);
    }
    assertThat(failures).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {Conformance.EC, Conformance.INTEGER})
  @DisplayName("fewer than the record's quorum (k = n = 3) cannot decrypt, and say so")
  void belowQuorum(String name) throws Exception {
    Path dir = Conformance.record(name);
    OpenRecord record = OpenRecord.open(dir).value();
    assertThat(record.keys().quorum()).isEqualTo(3);
    List<DecryptingShare> two = Trustees.load(record, dir.resolve("private_data/trustees"), Set.of("guardian1", "guardian3"),
        id -> new char[0], GuardianVault.standard()).value();
    TallyCeremony.Prepared prepared = TallyCeremony.prepare(record, "unused", StateCountingPolicy.INSTANCE, 2,
        Progress.NONE).value();
    assertThat(TallyCeremony.decryptInProcess(record, two, prepared, Path.of("unused"), new SecureRandom()).reasons())
        .containsExactly("a decryption needs at least k = 3 guardians, but only 2 took part (guardian1, guardian3)");
  }

  @org.junit.jupiter.api.Test
  @DisplayName("evote tally decrypt --record --trustees --out reads egk-ec's trustee files and reproduces its tally")
  void cli(@TempDir Path out) {
    Path dir = Conformance.record(Conformance.EC);
    java.io.StringWriter o = new java.io.StringWriter();
    java.io.StringWriter e = new java.io.StringWriter();
    int code = org.evote.tally.cli.Main.run(new String[] {"tally", "decrypt", "--record", dir.toString(), "--trustees",
        dir.resolve("private_data/trustees").toString(), "--out", out.toString(), "--no-progress"},
        new java.io.PrintWriter(o, true), new java.io.PrintWriter(e, true));
    assertThat(e.toString()).isEmpty();
    assertThat(code).isZero();
    assertThat(o.toString()).contains("decrypting with guardians guardian1, guardian2, guardian3 (k = 3)",
        "9 challenged ballots decrypted");
    Map<String, Integer> theirs = new HashMap<>();
    OpenRecord.open(dir).value().files().readTally().value().contests().forEach(c -> c.selections().forEach(
        s -> theirs.put(c.contestId() + "/" + s.selectionId(), s.tally())));
    Map<String, Integer> ours = new HashMap<>();
    ElectionRecordFiles.open(out).value().readTally().value().contests().forEach(c -> c.selections().forEach(
        s -> ours.put(c.contestId() + "/" + s.selectionId(), s.tally())));
    assertThat(ours).isEqualTo(theirs).hasSize(41);
  }

  private static void compare(String what, DecryptedTallyOrBallot theirs, DecryptedTallyOrBallot ours, OpenRecord record,
      List<String> failures) {
    if (!theirs.id().equals(ours.id())) {
      failures.add(what + ": id " + ours.id() + " != " + theirs.id());
    }
    Map<String, DecryptedTallyOrBallot.Contest> mine = ours.contests().stream()
        .collect(Collectors.toMap(DecryptedTallyOrBallot.Contest::contestId, c -> c));
    for (DecryptedTallyOrBallot.Contest tc : theirs.contests()) {
      DecryptedTallyOrBallot.Contest oc = mine.get(tc.contestId());
      if (oc == null) {
        failures.add(what + ": contest " + tc.contestId() + " missing");
        continue;
      }
      Map<String, DecryptedTallyOrBallot.Selection> os = oc.selections().stream()
          .collect(Collectors.toMap(DecryptedTallyOrBallot.Selection::selectionId, s -> s));
      for (DecryptedTallyOrBallot.Selection ts : tc.selections()) {
        DecryptedTallyOrBallot.Selection s = os.get(ts.selectionId());
        String where = what + " " + tc.contestId() + "/" + ts.selectionId();
        if (s == null) {
          failures.add(where + ": missing");
          continue;
        }
        if (s.tally() != ts.tally()) {
          failures.add(where + ": tally " + s.tally() + " != " + ts.tally());
        }
        if (!s.bOverM().equals(ts.bOverM())) {
          failures.add(where + ": b_over_m differs");
        }
        if (!s.encryptedVote().equals(ts.encryptedVote())) {
          failures.add(where + ": encrypted_vote differs");
        }
        Outcome o = DecryptionProofs.verify(record.keys().extendedBaseHash(), record.keys().jointKey(),
            s.encryptedVote(), s.bOverM(), s.proof());
        if (!o.valid()) {
          failures.add(where + ": our proof fails: " + o.reason());
        }
      }
      if (tc.decryptedContestData() != null) {
        DecryptedTallyOrBallot.DecryptedContestData t = tc.decryptedContestData();
        DecryptedTallyOrBallot.DecryptedContestData o = oc.decryptedContestData();
        if (o == null) {
          failures.add(what + " " + tc.contestId() + ": contest data missing");
          continue;
        }
        if (!o.contestData().equals(t.contestData())) {
          failures.add(what + " " + tc.contestId() + ": contest data " + o.contestData() + " != " + t.contestData());
        }
        if (!o.beta().equals(t.beta())) {
          failures.add(what + " " + tc.contestId() + ": beta differs");
        }
        Outcome v = DecryptionProofs.verifyContestData(record.keys().extendedBaseHash(), record.keys().jointKey(),
            o.encryptedContestData(), o.beta(), o.proof());
        if (!v.valid()) {
          failures.add(what + " " + tc.contestId() + ": our contest data proof fails: " + v.reason());
        }
      }
    }
  }
}

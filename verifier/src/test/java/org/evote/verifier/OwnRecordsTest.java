package org.evote.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evote.verifier.RecordEdits.edit;
import static org.evote.verifier.RecordEdits.otherScalar;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.election.PlaintextBallot;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.testing.Workloads;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records this project's crypto writes ({@link OwnRecord}) verify end to end: plain, with
 * challenged ballots, with chained confirmation codes on several devices, with options no ballot
 * carries; and the attacks that need a record whose other proofs are all valid (a ballot counted
 * twice with a correct tally, a challenged ballot counted with a correct tally, a reused nonce,
 * a broken chain) fail exactly the checks that exist to catch them.
 */
class OwnRecordsTest {
  @TempDir
  Path temp;

  static void assertFails(Cli.Run run, String... checks) {
    assertThat(run.failed()).as(run.toString()).containsExactlyInAnyOrder(checks);
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
  }

  static void assertVerified(Cli.Run run) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(0);
    assertThat(run.failed()).isEmpty();
  }

  /** A ballot choosing option {@code pick} (0-based) in every contest of the style. */
  static PlaintextBallot choice(Manifest m, String style, String id, int pick) {
    List<PlaintextBallot.Contest> contests = new ArrayList<>();
    for (Manifest.Contest c : m.contestsForStyle(style).orElseThrow()) {
      contests.add(Workloads.choosing(c, pick));
    }
    return new PlaintextBallot(id, style, contests);
  }

  static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Nested
  @DisplayName("honest records verify end to end")
  class Honest {
    @Test
    @DisplayName("a W1 record of 20 cast and 3 challenged ballots")
    void w1() {
      Path dir = OwnRecord.w1(1, 20, 3).write(temp.resolve("w1"));
      Cli.Run run = Cli.verify(dir);
      assertVerified(run);
      assertThat(run.out()).contains("23 encrypted (20 cast, 3 challenged, 0 unknown) in 1 device folder; 3 decrypted");
      assertThat(run.line("12")).contains("3 decrypted challenged ballots of 3 CHALLENGED ballots; 12 decryption proofs");
      assertThat(run.line("14")).contains("3 contest data decryptions");
      assertThat(run.line("B.3")).contains("184 distinct α and β among all selections, none used twice");
    }

    @Test
    @DisplayName("a W2 record (12 contests) whose ballots sit directly in encrypted_ballots")
    void w2TopLevel() {
      OwnRecord r = new OwnRecord(Workloads.w2(), 2);
      for (int i = 0; i < 6; i++) {
        r.ballot("w" + i, "", i < 5 ? BallotState.CAST : BallotState.CHALLENGED,
            r.randomBallot(Workloads.STYLE, "w" + i, i), 200 + i);
      }
      Cli.Run run = Cli.verify(r.write(temp.resolve("w2")));
      assertVerified(run);
      assertThat(run.check("6").get("checked").asLong()).isEqualTo(72);
      assertThat(run.check("8").get("checked").asLong()).isEqualTo(48);
    }

    @Test
    @DisplayName("chained confirmation codes on three devices, one with a space in its name, B_aux,0 = the device name")
    void chained() {
      Path dir = chainedRecord(ByteString.EMPTY).write(temp.resolve("chained"));
      assertThat(dir.resolve("encrypted_ballots/kiosk_3/ballot_chain.json")).exists();
      Cli.Run run = Cli.verify(dir);
      assertVerified(run);
      assertThat(run.line("7.D-G")).startsWith("✓ 7.D-G").contains("3 device chains, 12 chained ballots, each closed");
    }

    @Test
    @DisplayName("chained confirmation codes with a configured B_aux,0")
    void chainedConfiguredBaux0() {
      Path dir = chainedRecord(ByteString.of("polling station 7".getBytes(StandardCharsets.UTF_8))).write(temp.resolve("baux"));
      assertVerified(Cli.verify(dir));
    }

    @Test
    @DisplayName("options on no cast ballot hold a fresh encryption of 0, accepted because tally.json proves they decrypt to 0")
    void zeroOptions() {
      Cli.Run run = Cli.verify(northOnly(0).write(temp.resolve("zero")));
      assertVerified(run);
      assertThat(run.line("8")).contains("3 options on no cast ballot hold a fresh encryption of 0, accepted because "
          + "tally.json proves they decrypt to 0");
    }

    @Test
    @DisplayName("a tally with decrypted contest data passes 11")
    void tallyContestData() {
      Cli.Run run = Cli.verify(OwnRecord.w1(3, 4, 0).withTallyContestData().write(temp.resolve("cd")));
      assertVerified(run);
      assertThat(run.line("11")).startsWith("✓ 11").contains("1 contest data decryptions");
      assertThat(run.line("12")).contains("not applicable: the record has no challenged ballots");
    }

    @Test
    @DisplayName("the report is the same on 1 thread and on 2: the same first failures listed, the rest counted")
    void deterministic() {
      OwnRecord r = OwnRecord.w1(4, 12, 2);
      Path dir = r.write(temp.resolve("det"));
      edit(dir.resolve("encrypted_tally.json"), t -> ((ArrayNode) t.get("cast_ballot_ids")).removeAll());
      Cli.Run one = Cli.verify(dir, "--threads", "1", "--max-failures", "5");
      Cli.Run two = Cli.verify(dir, "--threads", "2", "--max-failures", "5");
      assertThat(one.failed()).as(one.toString()).containsExactly("8");
      assertThat(one.check("8").get("failure_count").asLong()).isEqualTo(12);
      assertThat(one.failures("8")).hasSize(5).isEqualTo(two.failures("8"));
      assertThat(one.out()).contains("... and 7 more");
      assertThat(one.report().get("checks")).isEqualTo(two.report().get("checks"));
    }
  }

  static OwnRecord chainedRecord(ByteString baux0) {
    OwnRecord r = new OwnRecord(Workloads.w1(), 5).chained(baux0);
    String[] devices = {"d1", "d2", "kiosk 3"};
    for (int i = 0; i < 12; i++) {
      String id = "c" + i;
      r.ballot(id, devices[i % 3], i % 4 == 3 ? BallotState.CHALLENGED : BallotState.CAST,
          r.randomBallot(Workloads.STYLE, id, i), 500 + i);
    }
    return r;
  }

  /** Two-style manifest; every ballot is of style "north", so contest2's 3 options are on none. */
  OwnRecord northOnly(int emptyValue) {
    OwnRecord r = new OwnRecord(OwnRecord.twoStyles(), 6).emptyOptionValue(emptyValue);
    for (int i = 0; i < 5; i++) {
      r.ballot("n" + i, "north-device", BallotState.CAST, r.randomBallot("north", "n" + i, i), 600 + i);
    }
    return r;
  }

  @Nested
  @DisplayName("attacks with otherwise valid proofs")
  class Attacks {
    @Test
    @DisplayName("a ballot cast twice under two ids, tallied twice with correct proofs, fails 7.C and weeding only")
    void countedTwice() {
      OwnRecord r = new OwnRecord(Workloads.w1(), 7);
      PlaintextBallot vote = choice(r.manifest(), Workloads.STYLE, "x", 2);
      r.ballot("x", "dev", BallotState.CAST, vote, 700);
      r.ballot("x-replay", "dev", BallotState.CAST, new PlaintextBallot("x-replay", vote.ballotStyle(), vote.contests()), 700);
      for (int i = 0; i < 3; i++) {
        r.ballot("y" + i, "dev", BallotState.CAST, r.randomBallot(Workloads.STYLE, "y" + i, i), 710 + i);
      }
      Cli.Run run = Cli.verify(r.write(temp.resolve("twice")));
      assertFails(run, "7.C", "B.3");
      assertThat(run.failures("7.C")).singleElement().asString()
          .startsWith("ballot x (encrypted_ballots/dev/eballot-x.json): 7.C: the confirmation code ")
          .endsWith("is also in ballot x-replay (encrypted_ballots/dev/eballot-x-replay.json)");
      assertThat(run.check("B.3").get("failure_count").asLong()).isEqualTo(8);
      assertThat(run.failures("B.3")).contains("ballot x (encrypted_ballots/dev/eballot-x.json): "
          + "the α (pad) of contest1/contest1-selection3 is also in ballot x-replay (encrypted_ballots/dev/eballot-x-replay.json)");
    }

    @Test
    @DisplayName("a device that reuses a ballot nonce for two different votes fails weeding only: the α repeat")
    void reusedNonce() {
      OwnRecord r = new OwnRecord(Workloads.w1(), 8);
      r.ballot("p", "dev", BallotState.CAST, choice(r.manifest(), Workloads.STYLE, "p", 0), 800);
      r.ballot("q", "dev", BallotState.CAST, choice(r.manifest(), Workloads.STYLE, "q", 1), 800);
      Cli.Run run = Cli.verify(r.write(temp.resolve("nonce")));
      assertFails(run, "B.3");
      assertThat(run.check("B.3").get("failure_count").asLong()).isEqualTo(6); // 4 α and the 2 β of the options both left at 0
    }

    @Test
    @DisplayName("a challenged ballot counted in a tally with correct proofs fails 8")
    void challengedCounted() {
      OwnRecord r = OwnRecord.w1(9, 6, 2).alsoCount("b7");
      Cli.Run run = Cli.verify(r.write(temp.resolve("counted")));
      assertFails(run, "8");
      assertThat(run.failures("8")).first().asString().isEqualTo("ballot b7: cast_ballot_ids counts this ballot, but its "
          + "state is CHALLENGED: a challenged ballot must never be counted");
      assertThat(String.join("\n", run.failures("8"))).contains("8.A: A is not the product of the α of this option on the 6 CAST ballots");
    }

    @Test
    @DisplayName("an option on no cast ballot whose aggregate decrypts to 1 fails 8")
    void nonZeroEmptyOption() {
      Cli.Run run = Cli.verify(northOnly(1).write(temp.resolve("nonzero")));
      assertFails(run, "8");
      assertThat(run.failures("8")).containsExactly(
          "encrypted_tally.json contest2/contest2-sel1: no cast ballot has this option, so its aggregate must be (1, 1) "
              + "or an encryption of 0, but tally.json proves it decrypts to 1",
          "encrypted_tally.json contest2/contest2-sel2: no cast ballot has this option, so its aggregate must be (1, 1) "
              + "or an encryption of 0, but tally.json proves it decrypts to 1",
          "encrypted_tally.json contest2/contest2-sel3: no cast ballot has this option, so its aggregate must be (1, 1) "
              + "or an encryption of 0, but tally.json proves it decrypts to 1");
    }

    @Test
    @DisplayName("two different ballots with the same id on two devices fail B.2 only")
    void sameIdTwoDevices() {
      OwnRecord r = new OwnRecord(Workloads.w1(), 10);
      r.ballot("same", "dev-a", BallotState.UNKNOWN, r.randomBallot(Workloads.STYLE, "same", 1), 1001);
      r.ballot("same", "dev-b", BallotState.UNKNOWN, r.randomBallot(Workloads.STYLE, "same", 2), 1002);
      r.ballot("other", "dev-a", BallotState.CAST, r.randomBallot(Workloads.STYLE, "other", 3), 1003);
      Cli.Run run = Cli.verify(r.write(temp.resolve("sameid")));
      assertFails(run, "B.2");
      assertThat(run.failures("B.2")).containsExactly("ballot same (encrypted_ballots/dev-b/eballot-same.json): "
          + "the ballot id same is also in ballot same (encrypted_ballots/dev-a/eballot-same.json)");
    }

    @Test
    @DisplayName("changed contest data in tally.json fails 11")
    void tallyContestData() {
      Path dir = OwnRecord.w1(11, 4, 0).withTallyContestData().write(temp.resolve("cd"));
      edit(dir.resolve("tally.json"), t -> {
        for (var c : t.get("contests")) {
          if (c.has("decrypted_contest_data")) {
            ((ArrayNode) c.get("decrypted_contest_data").get("contest_data").get("write_ins")).add("Mickey Mouse");
          }
        }
      });
      Cli.Run run = Cli.verify(dir);
      assertFails(run, "11");
      assertThat(run.failures("11")).singleElement().asString().startsWith("tally.json contest contest1: the contest data decrypts to ")
          .contains("not the stated ContestData[overvotes=[], writeIns=[Mickey Mouse]");
    }
  }

  @Nested
  @DisplayName("a record that mixes two elections' data")
  class Mixed {
    Path a() {
      return OwnRecord.w1(20, 6, 2).write(temp.resolve("a"));
    }

    Path b() {
      return OwnRecord.w1(21, 6, 2).write(temp.resolve("b"));
    }

    @Test
    @DisplayName("a ballot of the other election fails B.1 naming the election, and 8: it is cast but not counted")
    void foreignBallot() {
      Path a = a();
      Path b = b();
      ObjectNode ballot = RecordEdits.read(b.resolve("encrypted_ballots/device1/eballot-b0.json"));
      ballot.put("ballot_id", "foreign");
      RecordEdits.write(a.resolve("encrypted_ballots/device1/eballot-foreign.json"), ballot);
      Cli.Run run = Cli.verify(a);
      assertFails(run, "B.1", "8");
      String other = RecordEdits.read(b.resolve("election_initialized.json")).get("extended_base_hash").asText();
      assertThat(run.failures("B.1")).singleElement().asString().startsWith("ballot foreign: ballot is for election "
          + java.util.HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(other)) + ", not this election ");
    }

    @Test
    @DisplayName("the other election's tally.json fails 9, naming the election, and 10")
    void foreignTally() throws IOException {
      Path a = a();
      Files.copy(b().resolve("tally.json"), a.resolve("tally.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Cli.Run run = Cli.verify(a);
      assertThat(run.failed()).as(run.toString()).contains("9").isSubsetOf("9", "10");
      assertThat(run.failures("9")).first().asString().startsWith("tally.json $.election_id: the decrypted tally is for election ");
    }

    @Test
    @DisplayName("the other election's decryption of a challenged ballot fails 12, naming the election")
    void foreignChallenged() throws IOException {
      Path a = a();
      Files.copy(b().resolve("challenged_ballots/dballot-b6.json"), a.resolve("challenged_ballots/dballot-b6.json"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Cli.Run run = Cli.verify(a);
      assertFails(run, "12");
      assertThat(run.failures("12")).hasSize(2);
      assertThat(run.failures("12").get(0)).startsWith("challenged ballot b6: the decrypted ballot is for election ");
      assertThat(run.failures("12").get(1)).isEqualTo(
          "ballot b6: the ballot is CHALLENGED but challenged_ballots has no decryption of it (dballot-b6.json)");
    }
  }

  @Nested
  @DisplayName("broken chains (Verification 7.D to 7.G)")
  class Chains {
    Path record() {
      return chainedRecord(ByteString.EMPTY).write(temp.resolve("chain"));
    }

    /** Verifies the record in {@code dir}, which must fail 7.D-G and nothing else; the failures of 7.D-G. */
    List<String> chainFailures(Path dir) {
      Cli.Run run = Cli.verify(dir);
      assertFails(run, "7.D-G");
      return run.failures("7.D-G");
    }

    /** {@link #chainFailures} of the record with the ballot_chain.json of {@code device} changed by {@code change}. */
    List<String> withChainEdited(String device, Consumer<ObjectNode> change) {
      Path dir = record();
      edit(dir.resolve("encrypted_ballots/" + device + "/ballot_chain.json"), change);
      return chainFailures(dir);
    }

    ObjectNode chain(Path dir) {
      return RecordEdits.read(dir.resolve("encrypted_ballots/d1/ballot_chain.json"));
    }

    @Test
    @DisplayName("a ballot left out of its device's chain fails 7.E twice: it is missing, and the next ballot's B_aux no longer links")
    void ballotLeftOut() {
      assertThat(withChainEdited("d1", c -> ((ArrayNode) c.get("ballot_ids")).remove(1))).containsExactly(
          "ballot c6: 7.E: B_aux is not H(B) of the previous ballot c0 ∥ B_aux,0",
          "encrypted_ballots/d1: 7.E: a ballot of the device folder is missing from its chain: ballot c3 (encrypted_ballots/d1/eballot-c3.json)");
    }

    @Test
    @DisplayName("two ballots swapped in the chain order fail 7.E")
    void reordered() {
      assertThat(withChainEdited("d2", c -> {
        ArrayNode ids = (ArrayNode) c.get("ballot_ids");
        String first = ids.get(0).asText();
        ids.set(0, ids.get(1));
        ids.set(1, first);
      })).contains("ballot c4: 7.D: B_aux is not H_0 = H(H_E; 0x24, B_aux,0) ∥ B_aux,0");
    }

    @Test
    @DisplayName("a wrong closing hash fails 7.G")
    void closingHash() {
      assertThat(withChainEdited("d1", c -> c.put("closing_hash", otherScalar(c.get("closing_hash").asText()))))
          .containsExactly("encrypted_ballots/d1/ballot_chain.json: 7.G: closing_hash is not "
          + "H(H_E; 0x24, H(B_ℓ) ∥ B_aux,0 ∥ \"CLOSE\") (eq. 61)");
    }

    @Test
    @DisplayName("a chain that was never closed fails 7.G")
    void notClosed() {
      Cli.Run run = Cli.verify(chainedRecord(ByteString.EMPTY).openChains().write(temp.resolve("open")));
      assertFails(run, "7.D-G");
      assertThat(run.check("7.D-G").get("failure_count").asLong()).isEqualTo(3);
      assertThat(run.failures("7.D-G")).contains("encrypted_ballots/d1/ballot_chain.json: 7.G: the chain is not closed: there is no closing_hash");
    }

    @Test
    @DisplayName("a wrong last_confirmation_code fails 7.F")
    void lastCode() {
      assertThat(withChainEdited("kiosk_3",
          c -> c.put("last_confirmation_code", otherScalar(c.get("last_confirmation_code").asText()))))
          .containsExactly("encrypted_ballots/kiosk_3/ballot_chain.json: 7.F: "
          + "last_confirmation_code is not the confirmation code of the chain's last ballot");
    }

    @Test
    @DisplayName("a missing ballot_chain.json fails 7.D")
    void missingChain() {
      Path dir = record();
      delete(dir.resolve("encrypted_ballots/d2/ballot_chain.json"));
      assertThat(chainFailures(dir)).containsExactly(
          "encrypted_ballots/d2: 7.D: chaining is on, but the device folder has no ballot_chain.json (4 ballots are unchained)");
    }

    @Test
    @DisplayName("a B_aux,0 other than the device's fails 7.D")
    void wrongBaux0() {
      assertThat(withChainEdited("d1", c -> ((ArrayNode) c.get("baux0")).add(33)))
          .containsExactly("encrypted_ballots/d1/ballot_chain.json: 7.D: B_aux,0 is not "
          + "the device name, as the configuration's B_aux,0 is empty");
    }

    @Test
    @DisplayName("a chain in another device's folder fails 7.D")
    void wrongFolder() {
      assertThat(String.join("\n", withChainEdited("d1", c -> c.put("encrypting_device", "d9"))))
          .contains("7.D: the chain is for device \"d9\", but it sits in the folder of device d1");
    }
  }
}

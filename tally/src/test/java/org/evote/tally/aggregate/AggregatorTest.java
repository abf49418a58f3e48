package org.evote.tally.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.group.Groups;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.testing.Conformance;
import org.evote.crypto.testing.Workloads;
import org.evote.tally.TestElection;
import org.evote.tally.decrypt.BallotRef;
import org.evote.tally.record.OpenRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Aggregation")
class AggregatorTest {
  @TempDir Path dir;
  TestElection election;
  Aggregator aggregator;

  @BeforeEach
  void setUp() throws Exception {
    election = TestElection.create(dir, Groups.p256(), Workloads.w1(), 3, 2, 30, 7, 5);
    aggregator = new Aggregator(Groups.p256(), election.record.manifest(), election.record.keys().extendedBaseHash(),
        StateCountingPolicy.INSTANCE, 3);
  }

  private List<EncryptedBallot> ballots() {
    return election.record.files().encryptedBallots().map(f -> f.parsed().value()).toList();
  }

  @Test
  @DisplayName("multiplies the CAST ballots' ciphertexts, option by option, and lists the challenged ones")
  void product() {
    AtomicLong seen = new AtomicLong();
    long[] total = {0};
    Progress progress = new Progress() {
      @Override
      public void start(long t) {
        total[0] = t;
      }

      @Override
      public void advance(long n) {
        seen.addAndGet(n);
      }

      @Override
      public void finish() {}
    };
    AggregationResult r = aggregator.aggregate(election.record.files(), "t1", progress);
    EncryptedTally t = r.tally().value();
    List<EncryptedBallot> cast = ballots().stream().filter(b -> b.state() == org.evote.crypto.election.BallotState.CAST).toList();
    for (int s = 0; s < 4; s++) {
      List<Ciphertext> cts = new ArrayList<>();
      for (EncryptedBallot b : cast) {
        cts.add(b.contests().get(0).selections().get(s).encryptedVote());
      }
      assertThat(t.contests().get(0).selections().get(s).encryptedVote()).isEqualTo(Ciphertext.product(Groups.p256(), cts));
    }
    assertThat(t.castBallotIds()).hasSize(26).doesNotContain("ballot-6", "ballot-13");
    assertThat(t.contests().get(0).ballotCount()).isEqualTo(26);
    assertThat(r.challenged()).extracting(BallotRef::ballotId)
        .containsExactlyInAnyOrder("ballot-6", "ballot-13", "ballot-20", "ballot-27");
    assertThat(r.excluded()).isEqualTo(Map.of("challenged", 4L));
    assertThat(total[0]).isEqualTo(30);
    assertThat(seen.get()).isEqualTo(30);
  }

  @Test
  @DisplayName("follows a counting policy, such as one that drops superseded ballots")
  void policy() {
    Set<String> superseded = Set.of("ballot-0", "ballot-1");
    CountingPolicy p = new CountingPolicy() {
      @Override
      public Decision decide(BallotSummary b) {
        return superseded.contains(b.ballotId()) ? Decision.exclude("superseded")
            : StateCountingPolicy.INSTANCE.decide(b);
      }

      @Override
      public String describe() {
        return "test";
      }
    };
    AggregationResult r = new Aggregator(Groups.p256(), election.record.manifest(), election.record.keys().extendedBaseHash(),
        p, 2).aggregate(election.record.files(), "t", Progress.NONE);
    assertThat(r.counted()).isEqualTo(24);
    assertThat(r.excluded()).isEqualTo(Map.of("challenged", 4L, "superseded", 2L));
    assertThat(r.tally().value().castBallotIds()).doesNotContain("ballot-0", "ballot-1");
  }

  @Nested
  @DisplayName("refuses to produce a tally when a ballot file")
  class Refuses {
    private Path file(String device, String id) {
      return election.record.files().encryptedBallotPath(device, id);
    }

    private List<String> problems() {
      return aggregator.aggregate(election.record.files(), "t", Progress.NONE).tally().reasons();
    }

    @Test
    @DisplayName("is not JSON")
    void notJson() throws Exception {
      Files.writeString(file("device-0", "ballot-0"), "{\"ballot_id\": ");
      assertThat(problems()).hasSize(1).first().asString().startsWith("device-0/eballot-ballot-0.json: $: invalid JSON:");
    }

    @Test
    @DisplayName("is for another election")
    void otherElection() throws Exception {
      Path f = file("device-0", "ballot-0");
      String other = org.evote.crypto.hash.UInt256.fromHex("00".repeat(32)).toBase64();
      Files.writeString(f, Files.readString(f).replace(election.record.keys().extendedBaseHash().toBase64(), other));
      assertThat(problems()).containsExactly("device-0/eballot-ballot-0.json: $.election_id: the ballot is for election "
          + "00".repeat(32) + ", not this one (" + election.record.keys().extendedBaseHash() + ")");
    }

    @Test
    @DisplayName("repeats another ballot's id")
    void duplicate() throws Exception {
      Files.copy(file("device-0", "ballot-0"), election.record.files().deviceDir("device-1").resolve("eballot-ballot-0.json"));
      assertThat(problems()).containsExactly(
          "ballot id \"ballot-0\" appears more than once in the record: in device-0 and in device-1");
    }

    @Test
    @DisplayName("names another id than its file name")
    void fileName() throws Exception {
      Files.move(file("device-0", "ballot-0"), election.record.files().deviceDir("device-0").resolve("eballot-x.json"));
      assertThat(problems()).containsExactly(
          "device-0/eballot-x.json: $.ballot_id: the id \"ballot-0\" does not match the file name");
    }

    @Test
    @DisplayName("holds a point that is not on the curve")
    void badPoint() throws Exception {
      Path f = file("device-0", "ballot-2");
      EncryptedBallot b = election.record.files().readEncryptedBallot("device-0", "ballot-2").value();
      String pad = java.util.Base64.getEncoder().encodeToString(b.contests().get(0).selections().get(0).encryptedVote().pad().encode());
      byte[] bad = new byte[33];
      bad[0] = 2;
      for (bad[32] = 1; isPoint(bad); bad[32]++) {
        // find an x with no point on the curve
      }
      String before = Files.readString(f);
      Files.writeString(f, before.replace(pad, java.util.Base64.getEncoder().encodeToString(bad)));
      assertThat(Files.readString(f)).isNotEqualTo(before);
      assertThat(problems()).containsExactly("device-0/eballot-ballot-2.json: contest contest1: selection contest1-selection1:"
          + " encrypted_vote: not a point on P-256 (x^3 + ax + b has no square root)");
    }

    private static boolean isPoint(byte[] b) {
      try {
        Groups.p256().decodeElement(b);
        return true;
      } catch (org.evote.crypto.group.InvalidElementException e) {
        return false;
      }
    }

    @Test
    @DisplayName("has a contest that is not in the manifest")
    void unknownContest() throws Exception {
      Path f = file("device-0", "ballot-4");
      Files.writeString(f, Files.readString(f).replace("\"contest_id\": \"contest1\"", "\"contest_id\": \"contest9\""));
      assertThat(problems()).containsExactly("device-0/eballot-ballot-4.json: contest contest9 is not in the manifest");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {Conformance.EC, Conformance.INTEGER})
  @DisplayName("the streaming scanner reads egk-ec's ballots exactly as the full codec does")
  void scannerMatchesCodec(String name) throws Exception {
    OpenRecord record = OpenRecord.open(Conformance.record(name)).value();
    List<String> failures = new ArrayList<>();
    int n = 0;
    for (ElectionRecordFiles.RecordFile<EncryptedBallot> f : record.files().encryptedBallots().toList()) {
      EncryptedBallot full = f.parsed().value();
      Parsed<BallotScanner.Ballot> scanned = BallotScanner.scan(Files.readAllBytes(f.path()), f.path().getFileName().toString());
      BallotScanner.Ballot s = scanned.value();
      n++;
      if (!s.ballotId().equals(full.ballotId()) || s.state() != full.state() || !s.electionId().equals(full.electionId())
          || !s.styleId().equals(full.ballotStyleId()) || !s.confirmationCode().equals(full.confirmationCode())
          || s.timestamp() != full.timestamp() || s.contests().size() != full.contests().size()) {
        failures.add(full.ballotId() + ": header differs");
        continue;
      }
      for (int c = 0; c < s.contests().size(); c++) {
        for (int j = 0; j < s.contests().get(c).selections().size(); j++) {
          BallotScanner.Selection sel = s.contests().get(c).selections().get(j);
          Ciphertext ct = full.contests().get(c).selections().get(j).encryptedVote();
          if (!java.util.Arrays.equals(sel.pad(), ct.pad().encode()) || !java.util.Arrays.equals(sel.data(), ct.data().encode())) {
            failures.add(full.ballotId() + ": ciphertext " + c + "/" + j + " differs");
          }
        }
      }
    }
    assertThat(n).isEqualTo(42);
    assertThat(failures).isEmpty();
  }
}

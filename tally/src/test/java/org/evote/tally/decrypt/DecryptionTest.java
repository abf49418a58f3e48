package org.evote.tally.decrypt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.group.Groups;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.proof.DecryptionProofs;
import org.evote.crypto.testing.Workloads;
import org.evote.tally.Checked;
import org.evote.tally.TestElection;
import org.evote.tally.aggregate.Progress;
import org.evote.tally.aggregate.StateCountingPolicy;
import org.evote.tally.record.TallyCeremony;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The joint decryption")
class DecryptionTest {
  @TempDir static Path dir;
  static TestElection election;
  static DecryptionJob job;
  static DecryptionCoordinator coordinator;

  @BeforeAll
  static void setUp() throws Exception {
    election = TestElection.create(dir, Groups.p256(), Workloads.w1(), 5, 3, 40, 10, 99);
    TallyCeremony.Prepared p = TallyCeremony.prepare(election.record, "tally", StateCountingPolicy.INSTANCE, 2,
        Progress.NONE).value();
    job = TallyCeremony.job(election.record, p.tally(), p.challenged()).value();
    coordinator = new DecryptionCoordinator(election.record.keys());
  }

  static List<DecryptingGuardian> guardians(String... ids) {
    List<DecryptingGuardian> out = new ArrayList<>();
    for (DecryptingShare s : election.shares(ids)) {
      out.add(new InProcessGuardian(s, election.record.keys().xCoordinates(), new SecureRandom()));
    }
    return out;
  }

  static DecryptionRequest request(String session) {
    return coordinator.request(session, job.tally().tallyId(), job.ballotRefs(), job.texts());
  }

  /** A session's first round: the request, the guardians, their commitments and the coordinator's challenge. */
  record Round(DecryptionRequest request, List<DecryptingGuardian> guardians, List<GuardianCommitment> commitments,
      DecryptionChallenge challenge) {
    GuardianResponse response(int i) {
      return guardians.get(i).respond(request, challenge).value();
    }

    List<GuardianResponse> responses() {
      return guardians.stream().map(g -> g.respond(request, challenge).value()).toList();
    }

    Checked<List<JointDecryption>> finish(List<GuardianResponse> responses) {
      return coordinator.finish(request, commitments, challenge, responses);
    }
  }

  /** Session {@code session} with guardians {@code ids}, each committed, and the coordinator's challenge. */
  static Round challenged(String session, String... ids) {
    DecryptionRequest req = request(session);
    List<DecryptingGuardian> gs = guardians(ids);
    List<GuardianCommitment> commitments = gs.stream().map(g -> g.commit(req).value()).toList();
    return new Round(req, gs, commitments, coordinator.challenge(req, commitments).value());
  }

  @Test
  @DisplayName("any 3 of the 5 guardians give the plaintext sum, with proofs that verify")
  void anyQuorum() {
    String[][] subsets = {{"guardian1", "guardian2", "guardian3"}, {"guardian2", "guardian4", "guardian5"},
        {"guardian1", "guardian3", "guardian5"}, {"guardian1", "guardian2", "guardian3", "guardian4", "guardian5"}};
    List<String> failures = new ArrayList<>();
    for (String[] subset : subsets) {
      List<JointDecryption> d = coordinator.runInProcess(request("s-" + String.join("-", subset)), guardians(subset)).value();
      DecryptionJob.Results r = job.assemble(d, election.record.keys().jointKey(), election.record.keys().extendedBaseHash(),
          election.record.manifest());
      Map<String, Long> got = new HashMap<>();
      for (DecryptedTallyOrBallot.Contest c : r.tally().value().contests()) {
        for (DecryptedTallyOrBallot.Selection s : c.selections()) {
          got.put(c.contestId() + "/" + s.selectionId(), (long) s.tally());
          if (!DecryptionProofs.verify(election.record.keys().extendedBaseHash(), election.record.keys().jointKey(),
              s.encryptedVote(), s.bOverM(), s.proof()).valid()) {
            failures.add(String.join(",", subset) + ": proof of " + s.selectionId());
          }
        }
      }
      if (!got.equals(election.expected)) {
        failures.add(String.join(",", subset) + ": " + got + " != " + election.expected);
      }
      assertThat(r.ballots()).hasSize(4).allMatch(Checked::isOk);
    }
    assertThat(failures).isEmpty();
  }

  @Nested
  @DisplayName("fails with a clear reason when")
  class Failures {
    @Test
    @DisplayName("fewer than k guardians take part")
    void belowQuorum() {
      assertThat(coordinator.runInProcess(request("few"), guardians("guardian1", "guardian2")).reasons())
          .containsExactly("a decryption needs at least k = 3 guardians, but only 2 took part (guardian1, guardian2)");
    }

    @Test
    @DisplayName("a guardian's response is wrong (eq. 74), naming the guardian")
    void wrongResponse() {
      Round round = challenged("bad-response", "guardian1", "guardian3", "guardian5");
      List<GuardianResponse> responses = new ArrayList<>(round.responses());
      GuardianResponse r3 = responses.get(1);
      List<Scalar> v = new ArrayList<>(r3.responses());
      v.set(2, v.get(2).add(Groups.p256().scalar(1)));
      responses.set(1, new GuardianResponse(r3.sessionId(), r3.extendedBaseHash(), r3.guardianId(), v));
      assertThat(round.finish(responses).reasons()).containsExactly(
          "guardian guardian3's response fails eq. 74 (a_i ≠ g^v_i·g^(P(i)·c_i)) for 1 of " + job.texts().size()
              + " texts (first: tally contest1 contest1-selection3)",
          "exclude guardian3 and start a new session with guardians guardian1, guardian5 and others");
    }

    @Test
    @DisplayName("a guardian's partial decryption M_i is wrong (eq. 75), naming the guardian")
    void wrongPartial() {
      DecryptionRequest req = request("bad-partial");
      List<DecryptingGuardian> gs = guardians("guardian2", "guardian3", "guardian4");
      List<GuardianCommitment> commitments = new ArrayList<>(gs.stream().map(g -> g.commit(req).value()).toList());
      GuardianCommitment c = commitments.get(0);
      List<PartialDecryption> partials = new ArrayList<>(c.partials());
      PartialDecryption p0 = partials.get(0);
      partials.set(0, new PartialDecryption(p0.m().multiply(Groups.p256().generator()), p0.a(), p0.b()));
      commitments.set(0, new GuardianCommitment(c.sessionId(), c.extendedBaseHash(), c.guardianId(), partials));
      DecryptionChallenge ch = coordinator.challenge(req, commitments).value();
      List<GuardianResponse> responses = gs.stream().map(g -> g.respond(req, ch).value()).toList();
      assertThat(coordinator.finish(req, commitments, ch, responses).reasons()).first().asString().isEqualTo(
          "guardian guardian2's response fails eq. 75 (b_i ≠ A^v_i·M_i^c_i) for 1 of " + job.texts().size()
              + " texts (first: tally contest1 contest1-selection1)");
    }

    @Test
    @DisplayName("a guardian is asked to answer a session twice")
    void noReplay() {
      Round round = challenged("replay", "guardian1", "guardian2", "guardian3");
      DecryptingGuardian first = round.guardians().get(0);
      assertThat(first.respond(round.request(), round.challenge()).isOk()).isTrue();
      assertThat(first.respond(round.request(), round.challenge()).reasons()).containsExactly(
          "guardian guardian1 has no open commitment in session replay (never committed, or already answered)");
      assertThat(first.commit(round.request()).reasons()).containsExactly("guardian guardian1 has already committed in session replay");
    }

    @Test
    @DisplayName("the request is for another election")
    void otherElection() {
      DecryptionRequest req = request("other");
      DecryptionRequest forged = new DecryptionRequest(req.sessionId(), org.evote.crypto.hash.UInt256.fromHex("00".repeat(32)),
          req.jointKey(), req.tallyId(), req.challengedBallots(), req.texts());
      assertThat(guardians("guardian1").get(0).commit(forged).summary()).startsWith(
          "the request is for another election: its H_E 0000");
    }

    @Test
    @DisplayName("a response is missing")
    void missingResponse() {
      Round round = challenged("silent", "guardian1", "guardian2", "guardian3");
      List<GuardianResponse> two = List.of(round.response(0), round.response(1));
      assertThat(round.finish(two).reasons())
          .containsExactly("waiting for responses from guardian3");
    }
  }

  @Test
  @DisplayName("the encrypted tally has one text per option, and then each challenged ballot's options and contest data")
  void texts() {
    EncryptedTally t = job.tally();
    assertThat(t.castBallotIds()).hasSize(36);
    assertThat(job.texts()).hasSize(4 + 4 * 5);
    assertThat(job.texts().get(4).label()).isEqualTo("ballot ballot-19 contest1 contest1-selection1");
    assertThat(job.texts().get(8)).isInstanceOf(DecryptionText.ContestData.class);
  }
}

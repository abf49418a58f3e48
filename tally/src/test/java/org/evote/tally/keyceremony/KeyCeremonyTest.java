package org.evote.tally.keyceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.evote.crypto.election.ElectionHashes;
import org.evote.crypto.election.ElectionInitialized;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.proof.SchnorrProof;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.testing.Workloads;
import org.evote.tally.Checked;
import org.evote.tally.decrypt.Lagrange;
import org.evote.tally.guardian.GuardianState;
import org.evote.tally.transport.CeremonyBoard;
import org.evote.tally.transport.InMemoryTransport;
import org.evote.tally.transport.MessageConflictException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The key ceremony")
class KeyCeremonyTest {
  static final Group G = Groups.p256();
  static final Manifest MANIFEST = Workloads.w1();

  final SecureRandom random = new SecureRandom();
  InMemoryTransport transport;
  CeremonyParameters p;
  CeremonyBoard board;
  List<GuardianState> states;

  @BeforeEach
  void setUp() throws Exception {
    transport = new InMemoryTransport();
    p = CeremonyParameters.create("kc-test", G, MANIFEST, List.of("guardian1", "guardian2", "guardian3", "guardian4", "guardian5"),
        3, false);
    board = CeremonyBoard.create(transport, p, MANIFEST);
    states = new ArrayList<>();
  }

  /** Each guardian creates its polynomial and publishes its commitments. */
  void keygen() throws Exception {
    for (CeremonyParameters.Seat s : p.guardians()) {
      GuardianState st = KeyCeremonyGuardian.create(p, s.guardianId(), random);
      board.publish(KeyCeremonyGuardian.commitments(p, st, random));
      states.add(st);
    }
  }

  void share(int i) throws Exception {
    KeyCeremonyGuardian.SharesStep step = KeyCeremonyGuardian.shares(p, states.get(i), board.allCommitments(), random).value();
    for (EncryptedShare e : step.shares()) {
      board.publish(e);
    }
    states.set(i, step.state());
  }

  Checked<KeyCeremonyGuardian.VerifyStep> verify(int i) throws Exception {
    String id = states.get(i).guardianId();
    Optional<ShareReport> prev = board.latestReport(id).map(r -> r.orElseThrow());
    Checked<KeyCeremonyGuardian.VerifyStep> c = KeyCeremonyGuardian.verifyShares(p, states.get(i), board.allCommitments(),
        board.sharesFor(id), board.answersFor(id), prev);
    if (c.isOk()) {
      if (c.value().changed()) {
        board.publish(c.value().report());
      }
      states.set(i, c.value().state());
    }
    return c;
  }

  @Nested
  @DisplayName("with honest guardians")
  class Honest {
    @Test
    @DisplayName("gives K = Π K_i, H_E = H(H_B; 0x12, K), and key shares of the joint secret")
    void completes() throws Exception {
      keygen();
      for (int i = 0; i < 5; i++) {
        share(i);
      }
      for (int i = 0; i < 5; i++) {
        assertThat(verify(i).reasons()).isEmpty();
      }
      assertThat(KeyCeremonyCoordinator.status(board).blocking()).isEmpty();
      ElectionInitialized init = KeyCeremonyCoordinator.finish(board).value();
      Element k = G.identity();
      for (GuardianState s : states) {
        k = k.multiply(G.gExp(s.polynomial().secretKey().unwrapSecret()));
      }
      assertThat(init.jointPublicKey()).isEqualTo(k);
      assertThat(init.extendedBaseHash()).isEqualTo(ElectionHashes.extendedBaseHash(p.electionBaseHash(), k));
      assertThat(init.guardians()).extracting(g -> g.guardianId())
          .containsExactly("guardian1", "guardian2", "guardian3", "guardian4", "guardian5");
      // Test-only reconstruction: any 3 shares P(i) interpolate to s with g^s = K (eq. 65, 67).
      List<Integer> u = List.of(2, 4, 5);
      Scalar s = G.scalar(0);
      for (int x : u) {
        Scalar w = Lagrange.coefficient(G, x, u);
        s = s.add(w.multiply(states.get(x - 1).keyShare().orElseThrow().unwrapSecret()));
      }
      assertThat(G.gExp(s)).isEqualTo(k);
      for (GuardianState st : states) {
        assertThat(G.gExp(st.keyShare().orElseThrow().unwrapSecret()))
            .isEqualTo(Commitments.jointValueAt(G, init.guardians(), st.xCoordinate()));
      }
    }

    @Test
    @DisplayName("repeating a step publishes the same messages again")
    void idempotent() throws Exception {
      keygen();
      share(0);
      KeyCeremonyGuardian.SharesStep again = KeyCeremonyGuardian.shares(p, states.get(0), board.allCommitments(), random).value();
      for (EncryptedShare e : again.shares()) {
        board.publish(e);
      }
      assertThat(again.shares()).hasSize(4);
    }
  }

  @Nested
  @DisplayName("cannot finish")
  class Blocked {
    @Test
    @DisplayName("while a guardian is missing")
    void missingGuardian() throws Exception {
      keygen();
      for (int i = 0; i < 4; i++) {
        share(i);
      }
      assertThat(verify(0).reasons()).containsExactly("waiting for shares from guardian5");
      assertThat(KeyCeremonyCoordinator.finish(board).reasons())
          .contains("guardian guardian1 is waiting for shares from guardian5", "guardian guardian1 has not reported on its shares");
    }

    @Test
    @DisplayName("when a Schnorr proof is forged: the other guardians refuse to send shares")
    void forgedProof() throws Exception {
      keygen();
      GuardianState g1 = states.get(0);
      CoefficientCommitments real = KeyCeremonyGuardian.commitments(p, g1, random);
      List<SchnorrProof> forged = new ArrayList<>(real.proofs());
      SchnorrProof p0 = forged.get(0);
      forged.set(0, new SchnorrProof(p0.publicKey(), p0.challenge(), p0.response().add(G.scalar(1))));
      transport.tamper("key/commitments/guardian1.json", board.codec().write(
          new CoefficientCommitments(p.ceremonyId(), p.electionBaseHash(), "guardian1", 1, forged)));
      String reason = "guardian guardian1's Schnorr proof for coefficient K_1,0 fails Verification 2:"
          + " Schnorr challenge does not match H(H_P; 0x10, i, j, K_ij, h_ij) (2.C)";
      assertThat(KeyCeremonyGuardian.shares(p, states.get(1), board.allCommitments(), random).reasons())
          .containsExactly(reason);
      assertThat(KeyCeremonyCoordinator.finish(board).reasons()).contains(reason);
      assertThat(KeyCeremonyCoordinator.status(board).lines())
          .contains("guardian1: commitments INVALID: " + reason);
    }

    @Test
    @DisplayName("when a share is wrong: the recipient complains, and a reveal that does not match blames the sender")
    void wrongShare() throws Exception {
      keygen();
      for (int i = 0; i < 5; i++) {
        share(i);
      }
      // guardian1 replaces its share for guardian2 by an encryption of P_1(2) + 1.
      GuardianState g1 = states.get(0);
      SecretScalar wrong = SecretScalar.of(g1.polynomial().valueAt(2).unwrapSecret().add(G.scalar(1)));
      Element k2 = G.gExp(states.get(1).polynomial().secretKey().unwrapSecret());
      ShareCiphertext bad = ShareEncryption.encrypt(p.parameterBaseHash(), 1, 2, k2, wrong,
          SecretScalar.of(G.randomScalar(random)));
      transport.tamper("key/shares/guardian2/from-guardian1.json", board.codec().write(
          new EncryptedShare(p.ceremonyId(), p.electionBaseHash(), "guardian1", 1, "guardian2", 2, bad)));
      for (int i = 0; i < 5; i++) {
        verify(i);
      }
      String complaint = "complaint by guardian2 against guardian1: the share P_1(2) does not match guardian1's"
          + " commitments (eq. 21)";
      ShareReport report = board.latestReport("guardian2").orElseThrow().value();
      assertThat(report.complaints()).containsExactly(new ShareReport.Complaint("guardian1",
          "the share P_1(2) does not match guardian1's commitments (eq. 21)"));
      assertThat(KeyCeremonyCoordinator.finish(board).reasons()).containsExactly(
          "unresolved " + complaint + " -- waiting for guardian1 to answer (guardian answer-complaints)");
      assertThat(states.get(1).keyShare()).isEmpty();

      // guardian1 answers with the true share and its nonce, which do not reproduce the encryption it published.
      List<ComplaintAnswer> answers = KeyCeremonyGuardian.answerComplaints(p, g1, List.of(report));
      assertThat(answers).extracting(ComplaintAnswer::recipientId).containsExactly("guardian2");
      board.publish(answers.get(0));
      assertThat(KeyCeremonyCoordinator.status(board).complaints()).containsExactly(complaint
          + " -- guardian guardian1 is at fault (the revealed share and nonce do not reproduce the published encryption"
          + " (eq. 14-19)); the ceremony cannot complete: restart it with an alternate guardian");
      assertThat(verify(1).value().report().complaints()).extracting(ShareReport.Complaint::reason).containsExactly(
          "the share P_1(2) does not match guardian1's commitments (eq. 21); the answer to the complaint fails too:"
              + " the revealed share and nonce do not reproduce the published encryption (eq. 14-19)");
      assertThat(KeyCeremonyCoordinator.finish(board).isOk()).isFalse();
    }
  }

  @Test
  @DisplayName("a false complaint is dismissed by a valid reveal, and the ceremony then finishes")
  void falseComplaintDismissed() throws Exception {
    keygen();
    for (int i = 0; i < 5; i++) {
      share(i);
    }
    // guardian2 falsely complains about guardian1's (correct) share.
    board.publish(new ShareReport(p.ceremonyId(), p.electionBaseHash(), "guardian2", 1,
        List.of("guardian3", "guardian4", "guardian5"), List.of(new ShareReport.Complaint("guardian1", "it looks wrong"))));
    for (int i : new int[] {0, 2, 3, 4}) {
      verify(i);
    }
    ShareReport complaint = board.latestReport("guardian2").orElseThrow().value();
    board.publish(KeyCeremonyGuardian.answerComplaints(p, states.get(0), List.of(complaint)).get(0));
    assertThat(KeyCeremonyCoordinator.status(board).complaints()).containsExactly(
        "complaint by guardian2 against guardian1: it looks wrong -- dismissed: guardian1's revealed share reproduces its"
            + " encryption and satisfies eq. 21; waiting for guardian2 to run verify-shares again");
    KeyCeremonyGuardian.VerifyStep step = verify(1).value();
    assertThat(step.report().revision()).isEqualTo(2);
    assertThat(step.report().complaints()).isEmpty();
    assertThat(KeyCeremonyCoordinator.finish(board).isOk()).isTrue();
  }

  @Nested
  @DisplayName("messages")
  class Messages {
    @Test
    @DisplayName("from another ceremony are refused")
    void otherCeremony() throws Exception {
      keygen();
      CoefficientCommitments c = KeyCeremonyGuardian.commitments(p, states.get(0), random);
      transport.tamper("key/commitments/guardian1.json", board.codec().write(new CoefficientCommitments(
          "other-ceremony", c.electionBaseHash(), c.guardianId(), c.xCoordinate(), c.proofs())));
      assertThat(board.allCommitments().get("guardian1").reasons()).containsExactly(
          "key/commitments/guardian1.json: $.ceremony_id: belongs to ceremony \"other-ceremony\", not \"kc-test\"");
    }

    @Test
    @DisplayName("that name another sender than their address are refused")
    void wrongSender() throws Exception {
      keygen();
      CoefficientCommitments c = KeyCeremonyGuardian.commitments(p, states.get(1), random);
      transport.tamper("key/commitments/guardian1.json", board.codec().write(c));
      assertThat(board.allCommitments().get("guardian1").reasons()).containsExactly(
          "key/commitments/guardian1.json: $.guardian_id: names \"guardian2\", but its address is for \"guardian1\"");
    }

    @Test
    @DisplayName("are never replaced once published")
    void writeOnce() throws Exception {
      keygen();
      assertThatThrownBy(() -> board.publish(KeyCeremonyGuardian.commitments(p, states.get(0), random)))
          .isInstanceOf(MessageConflictException.class)
          .hasMessage("a different message has already been published at key/commitments/guardian1.json;"
              + " published messages are never replaced");
    }
  }

  @Test
  @DisplayName("parameters with a quorum above n are refused")
  void badQuorum() {
    assertThatThrownBy(() -> CeremonyParameters.create("c", G, MANIFEST, List.of("a", "b"), 3, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the quorum k must satisfy 1 <= k <= n = 2, got 3");
    assertThatThrownBy(() -> CeremonyParameters.create("c", G, MANIFEST, List.of("a", "a/b"), 1, false))
        .hasMessage("guardian id \"a/b\" contains a path separator '/' at index 1");
  }

  @Test
  @DisplayName("a guardian id not in the ceremony cannot create a key")
  void unknownGuardian() {
    assertThatThrownBy(() -> KeyCeremonyGuardian.create(p, "mallory", random))
        .hasMessage("\"mallory\" is not a guardian of ceremony kc-test");
  }

  @Test
  @DisplayName("share encryption refuses a share for another recipient and a changed ciphertext")
  void shareEncryption() {
    SecretScalar s2 = SecretScalar.of(G.randomScalar(random));
    Element k2 = G.gExp(s2.unwrapSecret());
    SecretScalar share = SecretScalar.of(G.randomScalar(random));
    ShareCiphertext ct = ShareEncryption.encrypt(p.parameterBaseHash(), 1, 2, k2, share, SecretScalar.of(G.randomScalar(random)));
    assertThat(ShareEncryption.decrypt(p.parameterBaseHash(), 1, 2, k2, s2, ct).value().sameSecretAs(share)).isTrue();
    String mac = "the share's MAC C2 does not match HMAC(k0, C0 ∥ C1) (eq. 19-20)";
    assertThat(ShareEncryption.decrypt(p.parameterBaseHash(), 1, 3, k2, s2, ct).reasons()).containsExactly(mac);
    byte[] c1 = ct.c1().bytes();
    c1[0] ^= 1;
    ShareCiphertext changed = new ShareCiphertext(ct.c0(), org.evote.crypto.hash.ByteString.of(c1), ct.c2());
    assertThat(ShareEncryption.decrypt(p.parameterBaseHash(), 1, 2, k2, s2, changed).reasons()).containsExactly(mac);
  }
}

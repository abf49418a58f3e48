package org.evote.tally.decrypt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.ChaumPedersenProof;
import org.evote.crypto.proof.DecryptionProofs;
import org.evote.crypto.proof.Outcome;
import org.evote.tally.Checked;
import org.evote.tally.keyceremony.Commitments;

/**
 * The coordinator of a joint decryption (ElectionGuard 2.0 §3.6.2-§3.6.4). It holds no secret:
 * it combines the guardians' public partial decryptions and commitments, computes the joint
 * challenges, checks every guardian's responses, and assembles the proofs.
 *
 * <p>It keeps no state between rounds: {@link #finish} recomputes everything from the request,
 * the commitments, the challenge and the responses, so the rounds can run in separate processes.
 */
public final class DecryptionCoordinator {
  private final ElectionKeys election;

  public DecryptionCoordinator(ElectionKeys election) {
    this.election = Objects.requireNonNull(election, "election");
  }

  public ElectionKeys election() {
    return election;
  }

  /** The request that opens a session. */
  public DecryptionRequest request(String sessionId, String tallyId, List<BallotRef> ballots, List<DecryptionText> texts) {
    return new DecryptionRequest(sessionId, election.extendedBaseHash(), election.jointKey().element(), tallyId,
        ballots, texts);
  }

  /** The combined values of one text: M (eq. 68), a and b (eq. 70), c (eq. 71 or 81). */
  private record Combined(Element m, Element a, Element b, Scalar c) {}

  /** The guardians' commitments, checked against the request; by guardian id in U order. */
  private Checked<Map<String, GuardianCommitment>> checkCommitments(
      DecryptionRequest request, List<GuardianCommitment> commitments) {
    List<String> problems = new ArrayList<>();
    Map<String, GuardianCommitment> byId = new LinkedHashMap<>();
    if (!request.extendedBaseHash().equals(election.extendedBaseHash())
        || !request.jointKey().equals(election.jointKey().element())) {
      problems.add("the request is not for this election (H_E or K differ from the record)");
    }
    for (GuardianCommitment c : commitments) {
      String who = "guardian " + c.guardianId();
      if (election.guardian(c.guardianId()).isEmpty()) {
        problems.add("\"" + c.guardianId() + "\" is not a guardian of this election");
      } else if (!c.sessionId().equals(request.sessionId()) || !c.extendedBaseHash().equals(request.extendedBaseHash())) {
        problems.add(who + "'s commitment is for session " + c.sessionId() + ", not " + request.sessionId());
      } else if (c.partials().size() != request.texts().size()) {
        problems.add(who + " committed to " + c.partials().size() + " texts, the request has " + request.texts().size());
      } else if (byId.put(c.guardianId(), c) != null) {
        problems.add(who + " committed twice");
      }
    }
    return problems.isEmpty() ? Checked.ok(byId) : Checked.failed(problems);
  }

  private Map<String, Scalar> lagrange(Iterable<String> ids) {
    List<Integer> xs = new ArrayList<>();
    for (String id : ids) {
      xs.add(election.guardian(id).orElseThrow().xCoordinate());
    }
    Map<String, Scalar> w = new LinkedHashMap<>();
    for (String id : ids) {
      w.put(id, Lagrange.coefficient(election.group(), election.guardian(id).orElseThrow().xCoordinate(), xs));
    }
    return w;
  }

  private List<Combined> combine(DecryptionRequest request, Map<String, GuardianCommitment> u, Map<String, Scalar> w) {
    Group group = election.group();
    PublicKey k = election.jointKey();
    UInt256 he = election.extendedBaseHash();
    List<GuardianCommitment> list = List.copyOf(u.values());
    Combined[] out = new Combined[request.texts().size()];
    IntStream.range(0, out.length).parallel().forEach(j -> {
      Element m = group.identity();
      Element a = group.identity();
      Element b = group.identity();
      for (GuardianCommitment c : list) {
        PartialDecryption p = c.partials().get(j);
        m = m.multiply(p.m().exp(w.get(c.guardianId()))); // eq. 68, 78
        a = a.multiply(p.a()); // eq. 70, 80
        b = b.multiply(p.b());
      }
      Scalar challenge = switch (request.texts().get(j)) {
        case DecryptionText.Vote v -> DecryptionProofs.challenge(he, k, v.ciphertext(), a, b, m); // eq. 71
        case DecryptionText.ContestData d -> DecryptionProofs.contestDataChallenge(he, k, d.ciphertext(), a, b, m); // eq. 81
      };
      out[j] = new Combined(m, a, b, challenge);
    });
    return List.of(out);
  }

  /**
   * Round one's end: combines the commitments of the guardians that answered into the joint
   * challenges. U is every guardian that committed; there must be at least k of them.
   */
  public Checked<DecryptionChallenge> challenge(DecryptionRequest request, List<GuardianCommitment> commitments) {
    Checked<Map<String, GuardianCommitment>> checked = checkCommitments(request, commitments);
    if (!checked.isOk()) {
      return Checked.failed(checked.reasons());
    }
    Map<String, GuardianCommitment> u = checked.value();
    if (u.size() < election.quorum()) {
      return Checked.failed("a decryption needs at least k = " + election.quorum() + " guardians, but only "
          + u.size() + " took part" + (u.isEmpty() ? "" : " (" + String.join(", ", u.keySet()) + ")"));
    }
    List<Combined> combined = combine(request, u, lagrange(u.keySet()));
    return Checked.ok(new DecryptionChallenge(request.sessionId(), request.extendedBaseHash(),
        List.copyOf(u.keySet()), combined.stream().map(Combined::c).toList()));
  }

  /**
   * Round two's end: checks every guardian's responses (eq. 74, 75 or 83, 84) and assembles v =
   * Σ v_i (eq. 76, 85). A guardian whose response fails is named, with the first text it fails;
   * the session then cannot finish, and a new session without that guardian is needed.
   */
  public Checked<List<JointDecryption>> finish(
      DecryptionRequest request,
      List<GuardianCommitment> commitments,
      DecryptionChallenge challenge,
      List<GuardianResponse> responses) {
    Group group = election.group();
    Set<String> u = new HashSet<>(challenge.guardianIds());
    if (u.size() != challenge.guardianIds().size()) {
      return Checked.failed("the challenge names a guardian twice: " + challenge.guardianIds());
    }
    List<GuardianCommitment> used = commitments.stream().filter(c -> u.contains(c.guardianId())).toList();
    Checked<Map<String, GuardianCommitment>> checked = checkCommitments(request, used);
    if (!checked.isOk()) {
      return Checked.failed(checked.reasons());
    }
    Map<String, GuardianCommitment> byId = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (String id : challenge.guardianIds()) {
      GuardianCommitment c = checked.value().get(id);
      if (c == null) {
        problems.add("the commitment of guardian " + id + ", named in the challenge, is missing");
      }
      byId.put(id, c);
    }
    if (byId.size() < election.quorum()) {
      problems.add("a decryption needs at least k = " + election.quorum() + " guardians, the challenge names " + byId.size());
    }
    Map<String, GuardianResponse> answers = new LinkedHashMap<>();
    for (GuardianResponse r : responses) {
      if (!u.contains(r.guardianId())) {
        continue;
      }
      if (!r.sessionId().equals(request.sessionId()) || !r.extendedBaseHash().equals(request.extendedBaseHash())) {
        problems.add("guardian " + r.guardianId() + "'s response is for session " + r.sessionId());
      } else if (r.responses().size() != request.texts().size()) {
        problems.add("guardian " + r.guardianId() + " answered " + r.responses().size() + " challenges of "
            + request.texts().size());
      } else {
        answers.put(r.guardianId(), r);
      }
    }
    List<String> silent = challenge.guardianIds().stream().filter(id -> !answers.containsKey(id)).toList();
    if (!silent.isEmpty() && problems.isEmpty()) {
      problems.add("waiting for responses from " + String.join(", ", silent));
    }
    if (challenge.challenges().size() != request.texts().size()) {
      problems.add("the challenge has " + challenge.challenges().size() + " values for " + request.texts().size() + " texts");
    }
    if (!problems.isEmpty()) {
      return Checked.failed(problems);
    }
    Map<String, Scalar> w = lagrange(byId.keySet());
    List<Combined> combined = combine(request, byId, w);
    for (int j = 0; j < combined.size(); j++) {
      if (!combined.get(j).c().equals(challenge.challenge(j))) {
        return Checked.failed("the challenge for text " + j + " (" + request.texts().get(j).label()
            + ") does not match the guardians' commitments");
      }
    }
    // Each guardian's responses: a_i = g^{v_i}·(g^{P(i)})^{c_i} (eq. 74) and b_i = A^{v_i}·M_i^{c_i} (eq. 75).
    Map<String, String> failures = new LinkedHashMap<>();
    for (String id : byId.keySet()) {
      int x = election.guardian(id).orElseThrow().xCoordinate();
      Element gPi = Commitments.jointValueAt(group, election.guardians(), x);
      GuardianCommitment c = byId.get(id);
      List<Scalar> v = answers.get(id).responses();
      Scalar wi = w.get(id);
      int[] firstBad = {-1};
      String[] which = {null};
      int[] count = {0};
      IntStream.range(0, combined.size()).parallel().forEach(j -> {
        Scalar ci = challenge.challenge(j).multiply(wi); // eq. 72
        PartialDecryption p = c.partials().get(j);
        boolean a = group.multiExp(group.generator(), v.get(j), gPi, ci).equals(p.a());
        boolean b = group.multiExp(request.texts().get(j).pad(), v.get(j), p.m(), ci).equals(p.b());
        if (!a || !b) {
          synchronized (count) {
            count[0]++;
            if (firstBad[0] < 0 || j < firstBad[0]) {
              firstBad[0] = j;
              which[0] = !a ? "eq. 74 (a_i ≠ g^v_i·g^(P(i)·c_i))" : "eq. 75 (b_i ≠ A^v_i·M_i^c_i)";
            }
          }
        }
      });
      if (count[0] > 0) {
        failures.put(id, "guardian " + id + "'s response fails " + which[0] + " for " + count[0] + " of "
            + combined.size() + " texts (first: " + request.texts().get(firstBad[0]).label() + ")");
      }
    }
    if (!failures.isEmpty()) {
      List<String> out = new ArrayList<>(failures.values());
      List<String> good = byId.keySet().stream().filter(id -> !failures.containsKey(id)).toList();
      out.add("exclude " + String.join(", ", failures.keySet()) + " and start a new session"
          + (good.isEmpty() ? "" : " with guardians " + String.join(", ", good) + " and others"));
      return Checked.failed(out);
    }
    JointDecryption[] out = new JointDecryption[combined.size()];
    String[] bad = new String[1];
    IntStream.range(0, combined.size()).parallel().forEach(j -> {
      Scalar sum = group.scalar(0);
      for (String id : byId.keySet()) {
        sum = sum.add(answers.get(id).responses().get(j)); // eq. 76, 85
      }
      ChaumPedersenProof proof = new ChaumPedersenProof(combined.get(j).c(), sum);
      DecryptionText text = request.texts().get(j);
      Element m = combined.get(j).m();
      Outcome check = switch (text) {
        case DecryptionText.Vote vt -> vt.ciphertext().pad().isIdentity()
            ? verifyEmpty(vt, m, proof)
            : DecryptionProofs.verify(election.extendedBaseHash(), election.jointKey(), vt.ciphertext(),
                vt.ciphertext().data().divide(m), proof);
        case DecryptionText.ContestData d -> DecryptionProofs.verifyContestData(election.extendedBaseHash(),
            election.jointKey(), d.ciphertext(), m, proof);
      };
      if (!check.valid()) {
        synchronized (bad) {
          bad[0] = text.label() + ": " + check.reason();
        }
      }
      out[j] = new JointDecryption(text, m, proof);
    });
    if (bad[0] != null) {
      return Checked.failed("the assembled proof does not verify for " + bad[0]
          + "; the guardians' keys do not match the election record");
    }
    return Checked.ok(List.of(out));
  }

  /**
   * Verification 9 for an aggregate whose pad A is the identity (no ballot was counted for the
   * option): the same equations as {@link DecryptionProofs#verify}, whose {@link
   * Group#multiExp} accepts the identity as a base, reported with the step's number (9.B).
   */
  private Outcome verifyEmpty(DecryptionText.Vote vt, Element m, ChaumPedersenProof proof) {
    Group group = election.group();
    Element a = group.multiExp(group.generator(), proof.response(), election.jointKey().element(), proof.challenge());
    Element b = group.multiExp(vt.ciphertext().pad(), proof.response(), m, proof.challenge());
    Scalar c = DecryptionProofs.challenge(election.extendedBaseHash(), election.jointKey(), vt.ciphertext(), a, b, m);
    return c.equals(proof.challenge()) ? Outcome.VALID : Outcome.invalid("decryption challenge does not match (9.B)");
  }

  /** Runs both rounds with guardians in this process. */
  public Checked<List<JointDecryption>> runInProcess(DecryptionRequest request, List<DecryptingGuardian> guardians) {
    Checked<List<GuardianCommitment>> commitments = fromEach(guardians, "commit", g -> g.commit(request));
    if (!commitments.isOk()) {
      return Checked.failed(commitments.reasons());
    }
    Checked<DecryptionChallenge> challenge = challenge(request, commitments.value());
    if (!challenge.isOk()) {
      return Checked.failed(challenge.reasons());
    }
    Checked<List<GuardianResponse>> responses = fromEach(guardians, "respond", g -> g.respond(request, challenge.value()));
    if (!responses.isOk()) {
      return Checked.failed(responses.reasons());
    }
    return finish(request, commitments.value(), challenge.value(), responses.value());
  }

  /** Every guardian's answer, in order; or, for each guardian that refused, "guardian id refused to {@code verb}: why". */
  private static <T> Checked<List<T>> fromEach(
      List<DecryptingGuardian> guardians, String verb, Function<DecryptingGuardian, Checked<T>> ask) {
    List<T> answers = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (DecryptingGuardian g : guardians) {
      Checked<T> a = ask.apply(g);
      if (a.isOk()) {
        answers.add(a.value());
      } else {
        problems.add("guardian " + g.guardianId() + " refused to " + verb + ": " + a.summary());
      }
    }
    return problems.isEmpty() ? Checked.ok(answers) : Checked.failed(problems);
  }
}

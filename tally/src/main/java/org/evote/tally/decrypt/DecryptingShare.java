package org.evote.tally.decrypt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.evote.crypto.election.ElectionHashes;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.Hash;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.secret.SecretScalar;
import org.evote.tally.Checked;

/**
 * A guardian's side of a joint decryption (ElectionGuard 2.0 §3.6): its share P(i) of the joint
 * secret (eq. 65) and the two rounds it computes.
 *
 * <p>Round one ({@link #commit}) gives M_i = A^{P(i)} (eq. 66, 77) and (a_i, b_i) = (g^{u_i},
 * A^{u_i}) (eq. 69, 79) for every text. The nonces u_i are derived from a fresh random seed per
 * session: u_i for text j is H(seed; 0x62, j) mapped to Z_q (0x62 is a domain byte the spec does
 * not use). The caller keeps the seed secret until round two and deletes it after, so a nonce is
 * never answered twice. Round two ({@link #respond}) gives v_i = u_i - c·w_i·P(i) mod q (eq. 72,
 * 73, 82).
 *
 * <p>No {@code toString}, {@code equals} or {@code hashCode}.
 */
public final class DecryptingShare {
  private final String guardianId;
  private final int xCoordinate;
  private final SecretScalar keyShare;
  private final UInt256 electionBaseHash;
  private final Group group;

  /**
   * @param keyShare P(i)
   * @param electionBaseHash H_B of the guardian's election; a request must have H_E = H(H_B;
   *     0x12, K)
   */
  public DecryptingShare(String guardianId, int xCoordinate, SecretScalar keyShare, UInt256 electionBaseHash) {
    this.guardianId = Objects.requireNonNull(guardianId, "guardianId");
    this.xCoordinate = xCoordinate;
    this.keyShare = Objects.requireNonNull(keyShare, "keyShare");
    this.electionBaseHash = Objects.requireNonNull(electionBaseHash, "electionBaseHash");
    this.group = keyShare.group();
  }

  public String guardianId() {
    return guardianId;
  }

  public int xCoordinate() {
    return xCoordinate;
  }

  public Group group() {
    return group;
  }

  /** g^{P(i)}, the public value the coordinator checks responses against. */
  public Element publicKeyShare() {
    return group.gExp(keyShare);
  }

  /** A fresh random seed for one session's nonces. */
  public SecretScalar newSeed(java.security.SecureRandom random) {
    return SecretScalar.of(group.randomScalar(random));
  }

  /** u_j = H(seed; 0x62, j) mapped to Z_q, the commitment nonce for text j: a secret. */
  private static SecretScalar nonce(Group group, UInt256 seed, int j) {
    return SecretScalar.of(group.hashToScalar(Hash.key(seed).domain(0x62).int32(j).digest()));
  }

  private java.util.Optional<String> electionProblem(DecryptionRequest request) {
    if (request.jointKey().group() != group) {
      return java.util.Optional.of("the request is in group " + request.jointKey().group().name()
          + ", this guardian's key in " + group.name());
    }
    UInt256 he = ElectionHashes.extendedBaseHash(electionBaseHash, request.jointKey());
    if (!he.equals(request.extendedBaseHash())) {
      return java.util.Optional.of("the request is for another election: its H_E " + request.extendedBaseHash()
          + " is not H(H_B; 0x12, K) of guardian " + guardianId + "'s election");
    }
    return java.util.Optional.empty();
  }

  /** Round one for every text of the request (eq. 66, 69, 77, 79). */
  public Checked<GuardianCommitment> commit(DecryptionRequest request, SecretScalar seed) {
    java.util.Optional<String> election = electionProblem(request);
    if (election.isPresent()) {
      return Checked.failed(election.get());
    }
    UInt256 s = UInt256.of(seed.unwrapSecret().encode());
    List<DecryptionText> texts = request.texts();
    PartialDecryption[] out = new PartialDecryption[texts.size()];
    IntStream.range(0, texts.size()).parallel().forEach(j -> {
      Element pad = group.check("pad", texts.get(j).pad());
      SecretScalar u = nonce(group, s, j);
      // M_i = A^{P(i)}, a_i = g^{u}, b_i = A^{u}: secret exponents, constant-time
      out[j] = new PartialDecryption(pad.exp(keyShare), group.gExp(u), pad.exp(u));
    });
    return Checked.ok(new GuardianCommitment(request.sessionId(), request.extendedBaseHash(), guardianId, List.of(out)));
  }

  /**
   * Round two: v_i = u_i - c·w_i·P(i) for every text (eq. 72, 73, 82), where w_i is this
   * guardian's Lagrange coefficient for the challenge's set U.
   *
   * @param xCoordinates the x coordinate of every guardian of the election, by id
   */
  public Checked<GuardianResponse> respond(
      DecryptionRequest request, DecryptionChallenge challenge, SecretScalar seed, Map<String, Integer> xCoordinates) {
    java.util.Optional<String> election = electionProblem(request);
    if (election.isPresent()) {
      return Checked.failed(election.get());
    }
    if (!challenge.sessionId().equals(request.sessionId()) || !challenge.extendedBaseHash().equals(request.extendedBaseHash())) {
      return Checked.failed("the challenge is for session " + challenge.sessionId() + ", not " + request.sessionId());
    }
    if (!challenge.guardianIds().contains(guardianId)) {
      return Checked.failed("guardian " + guardianId + " is not among the guardians of the challenge " + challenge.guardianIds());
    }
    if (challenge.challenges().size() != request.texts().size()) {
      return Checked.failed("the challenge has " + challenge.challenges().size() + " values for "
          + request.texts().size() + " texts");
    }
    List<Integer> xs = new ArrayList<>();
    for (String id : challenge.guardianIds()) {
      Integer x = xCoordinates.get(id);
      if (x == null) {
        return Checked.failed("the challenge names \"" + id + "\", who is not a guardian of this election");
      }
      xs.add(x);
    }
    if (xCoordinates.get(guardianId) == null || xCoordinates.get(guardianId) != xCoordinate) {
      return Checked.failed("guardian " + guardianId + " has x coordinate " + xCoordinate + " but the election says "
          + xCoordinates.get(guardianId));
    }
    Scalar w = Lagrange.coefficient(group, xCoordinate, xs);
    Scalar wp = w.multiply(keyShare.unwrapSecret());
    UInt256 s = UInt256.of(seed.unwrapSecret().encode());
    List<Scalar> v = new ArrayList<>(challenge.challenges().size());
    for (int j = 0; j < challenge.challenges().size(); j++) {
      Scalar c = group.check("c", challenge.challenge(j));
      v.add(nonce(group, s, j).unwrapSecret().subtract(c.multiply(wp)));
    }
    return Checked.ok(new GuardianResponse(request.sessionId(), request.extendedBaseHash(), guardianId, v));
  }
}

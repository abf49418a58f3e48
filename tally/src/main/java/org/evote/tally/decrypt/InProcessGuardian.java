package org.evote.tally.decrypt;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.evote.crypto.secret.SecretScalar;
import org.evote.tally.Checked;

/**
 * A guardian whose key share is in this process (loaded from an egk-ec trustee file or a guardian
 * state file). It commits at most once per session; the nonce seed lives in memory from commit
 * to response and is removed before the response is computed, so no session is answered twice.
 */
public final class InProcessGuardian implements DecryptingGuardian {
  private final DecryptingShare share;
  private final Map<String, Integer> xCoordinates;
  private final SecureRandom random;
  private final Map<String, SecretScalar> seeds = new ConcurrentHashMap<>();
  private final java.util.Set<String> sessions = ConcurrentHashMap.newKeySet();

  /**
   * @param xCoordinates every guardian's x coordinate in the election, by id
   */
  public InProcessGuardian(DecryptingShare share, Map<String, Integer> xCoordinates, SecureRandom random) {
    this.share = Objects.requireNonNull(share, "share");
    this.xCoordinates = Map.copyOf(xCoordinates);
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public String guardianId() {
    return share.guardianId();
  }

  @Override
  public Checked<GuardianCommitment> commit(DecryptionRequest request) {
    if (!sessions.add(request.sessionId())) {
      return Checked.failed("guardian " + guardianId() + " has already committed in session " + request.sessionId());
    }
    SecretScalar seed = share.newSeed(random);
    seeds.put(request.sessionId(), seed);
    return share.commit(request, seed);
  }

  @Override
  public Checked<GuardianResponse> respond(DecryptionRequest request, DecryptionChallenge challenge) {
    SecretScalar seed = seeds.remove(request.sessionId());
    if (seed == null) {
      return Checked.failed("guardian " + guardianId() + " has no open commitment in session " + request.sessionId()
          + " (never committed, or already answered)");
    }
    return share.respond(request, challenge, seed, xCoordinates);
  }
}

package org.evote.tally.guardian;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.secret.SecretScalar;
import org.evote.tally.keyceremony.SecretPolynomial;

/**
 * Everything a guardian keeps secret between ceremony steps, held in one encrypted file (see
 * {@link org.evote.tally.vault.GuardianVault}): its polynomial (ElectionGuard 2.0 eq. 9), the
 * nonces ξ_{i,ℓ} of the shares it sent (to answer complaints), the shares P_j(i) it received and
 * verified, its key share P(i) (eq. 65) once complete, and the commitment seeds of open
 * decryption sessions (deleted when answered).
 *
 * <p>Immutable: each step returns a new state. No {@code toString}, {@code equals} or {@code
 * hashCode}.
 */
public final class GuardianState {
  private final String guardianId;
  private final int xCoordinate;
  private final Group group;
  private final int numberOfGuardians;
  private final int quorum;
  private final String ceremonyId;
  private final UInt256 electionBaseHash;
  private final SecretPolynomial polynomial;
  private final Map<String, SecretScalar> shareNonces;
  private final Map<String, SecretScalar> receivedShares;
  private final SecretScalar keyShare;
  private final Map<String, SecretScalar> decryptionSeeds;

  public GuardianState(
      String guardianId,
      int xCoordinate,
      Group group,
      int numberOfGuardians,
      int quorum,
      String ceremonyId,
      UInt256 electionBaseHash,
      SecretPolynomial polynomial,
      Map<String, SecretScalar> shareNonces,
      Map<String, SecretScalar> receivedShares,
      SecretScalar keyShare,
      Map<String, SecretScalar> decryptionSeeds) {
    this.guardianId = Objects.requireNonNull(guardianId, "guardianId");
    this.xCoordinate = xCoordinate;
    this.group = Objects.requireNonNull(group, "group");
    this.numberOfGuardians = numberOfGuardians;
    this.quorum = quorum;
    this.ceremonyId = Objects.requireNonNull(ceremonyId, "ceremonyId");
    this.electionBaseHash = Objects.requireNonNull(electionBaseHash, "electionBaseHash");
    this.polynomial = Objects.requireNonNull(polynomial, "polynomial");
    this.shareNonces = copy(shareNonces);
    this.receivedShares = copy(receivedShares);
    this.keyShare = keyShare;
    this.decryptionSeeds = copy(decryptionSeeds);
    if (polynomial.size() != quorum) {
      throw new IllegalArgumentException(
          "the polynomial has " + polynomial.size() + " coefficients, the quorum is " + quorum);
    }
    if (polynomial.group() != group) {
      throw new IllegalArgumentException("the polynomial is in " + polynomial.group().name() + ", not " + group.name());
    }
  }

  private static Map<String, SecretScalar> copy(Map<String, SecretScalar> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** A new guardian's state: its polynomial and nothing else yet. */
  public static GuardianState fresh(
      String guardianId, int xCoordinate, int n, String ceremonyId, UInt256 hb, SecretPolynomial polynomial) {
    return new GuardianState(guardianId, xCoordinate, polynomial.group(), n, polynomial.size(), ceremonyId, hb,
        polynomial, Map.of(), Map.of(), null, Map.of());
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

  public int numberOfGuardians() {
    return numberOfGuardians;
  }

  public int quorum() {
    return quorum;
  }

  public String ceremonyId() {
    return ceremonyId;
  }

  /** H_B of the election this guardian's key belongs to. */
  public UInt256 electionBaseHash() {
    return electionBaseHash;
  }

  public SecretPolynomial polynomial() {
    return polynomial;
  }

  /** ξ_{i,ℓ} by recipient id. */
  public Map<String, SecretScalar> shareNonces() {
    return shareNonces;
  }

  /** P_j(i) by sender id, each verified against eq. 21. */
  public Map<String, SecretScalar> receivedShares() {
    return receivedShares;
  }

  /** P(i), once every share has been verified. */
  public Optional<SecretScalar> keyShare() {
    return Optional.ofNullable(keyShare);
  }

  /** The commitment seed of each open decryption session. */
  public Map<String, SecretScalar> decryptionSeeds() {
    return decryptionSeeds;
  }

  public GuardianState withShareNonces(Map<String, SecretScalar> nonces) {
    return new GuardianState(guardianId, xCoordinate, group, numberOfGuardians, quorum, ceremonyId,
        electionBaseHash, polynomial, nonces, receivedShares, keyShare, decryptionSeeds);
  }

  public GuardianState withReceivedShares(Map<String, SecretScalar> shares, SecretScalar newKeyShare) {
    return new GuardianState(guardianId, xCoordinate, group, numberOfGuardians, quorum, ceremonyId,
        electionBaseHash, polynomial, shareNonces, shares, newKeyShare, decryptionSeeds);
  }

  public GuardianState withDecryptionSeeds(Map<String, SecretScalar> seeds) {
    return new GuardianState(guardianId, xCoordinate, group, numberOfGuardians, quorum, ceremonyId,
        electionBaseHash, polynomial, shareNonces, receivedShares, keyShare, seeds);
  }
}

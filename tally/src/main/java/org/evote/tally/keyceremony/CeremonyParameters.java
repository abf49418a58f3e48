package org.evote.tally.keyceremony;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.election.ElectionHashes;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.util.Require;

/**
 * The public parameters of one key ceremony, published by the coordinator as {@code
 * ceremony.json}: the group, n guardians with their ids and x coordinates, the quorum k, and the
 * hashes H_P, H_M and H_B (ElectionGuard 2.0 §3.1.2-§3.1.5, eq. 4, 6, 7). The ceremony id is a
 * random name that tells apart two ceremonies of the same manifest, n and k (which share H_B).
 *
 * @param ceremonyId a random id: 1 to 200 characters of A-Z a-z 0-9 . _ -
 * @param group the group
 * @param guardians the seats, x coordinates 1..n in order
 * @param quorum k, 1 &le; k &le; n
 * @param parameterBaseHash H_P
 * @param manifestHash H_M
 * @param electionBaseHash H_B
 * @param chainConfirmationCodes whether the election chains confirmation codes (§3.4.3)
 */
public record CeremonyParameters(
    String ceremonyId,
    Group group,
    List<Seat> guardians,
    int quorum,
    UInt256 parameterBaseHash,
    UInt256 manifestHash,
    UInt256 electionBaseHash,
    boolean chainConfirmationCodes) {

  /** The metadata key under which the ceremony id is written into election_config.json. */
  public static final String CEREMONY_ID_METADATA = "evote_ceremony_id";

  /**
   * One guardian's place in the ceremony.
   *
   * @param guardianId its id: 1 to 200 characters of A-Z a-z 0-9 . _ - (it names the guardian's
   *     messages)
   * @param xCoordinate i &ge; 1
   */
  public record Seat(String guardianId, int xCoordinate) {
    public Seat {
      Objects.requireNonNull(guardianId, "guardianId");
      if (xCoordinate < 1) {
        throw new IllegalArgumentException("x coordinates start at 1, got " + xCoordinate);
      }
    }
  }

  public CeremonyParameters {
    Require.nonNull(
        "ceremonyId", ceremonyId, "group", group, "parameterBaseHash", parameterBaseHash, "manifestHash", manifestHash,
        "electionBaseHash", electionBaseHash);
    guardians = List.copyOf(guardians);
    List<String> problems = problems(ceremonyId, guardians, quorum);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** What is wrong with a ceremony id, seats and quorum, if anything. */
  static List<String> problems(String ceremonyId, List<Seat> guardians, int quorum) {
    List<String> out = new ArrayList<>();
    ElectionRecordFiles.fileNameProblem(ceremonyId).ifPresent(p -> out.add("ceremony id " + p));
    if (ceremonyId.contains(" ")) {
      out.add("ceremony id \"" + ceremonyId + "\" contains a space");
    }
    if (guardians.isEmpty()) {
      out.add("a ceremony needs at least one guardian");
    }
    if (quorum < 1 || quorum > guardians.size()) {
      out.add("the quorum k must satisfy 1 <= k <= n = " + guardians.size() + ", got " + quorum);
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < guardians.size(); i++) {
      Seat s = guardians.get(i);
      ElectionRecordFiles.fileNameProblem(s.guardianId())
          .ifPresent(p -> out.add("guardian id \"" + s.guardianId() + "\" " + p));
      if (s.guardianId().contains(" ")) {
        out.add("guardian id \"" + s.guardianId() + "\" contains a space");
      }
      if (!ids.add(s.guardianId())) {
        out.add("guardian id \"" + s.guardianId() + "\" appears twice");
      }
      if (s.xCoordinate() != i + 1) {
        out.add("guardian " + s.guardianId() + " has x coordinate " + s.xCoordinate() + ", expected " + (i + 1));
      }
    }
    return out;
  }

  /**
   * New ceremony parameters for a manifest: H_P from the group's constants, H_M from the
   * manifest's bytes, H_B = H(H_P; 0x02, H_M, n, k).
   *
   * @param guardianIds the n guardian ids, given x coordinates 1..n in this order
   */
  public static CeremonyParameters create(
      String ceremonyId, Group group, Manifest manifest, List<String> guardianIds, int quorum, boolean chain) {
    List<Seat> seats = new ArrayList<>();
    for (int i = 0; i < guardianIds.size(); i++) {
      seats.add(new Seat(guardianIds.get(i), i + 1));
    }
    UInt256 hp = ElectionHashes.parameterBaseHash(group.constants());
    UInt256 hm = ElectionHashes.manifestHash(hp, manifest.bytes());
    UInt256 hb = ElectionHashes.electionBaseHash(hp, hm, seats.size(), quorum);
    return new CeremonyParameters(ceremonyId, group, seats, quorum, hp, hm, hb, chain);
  }

  /** n. */
  public int numberOfGuardians() {
    return guardians.size();
  }

  public Optional<Seat> seat(String guardianId) {
    return guardians.stream().filter(s -> s.guardianId().equals(guardianId)).findFirst();
  }

  /**
   * Whether the hashes are those of this group and manifest (a guardian checks this before it
   * takes part); empty when they are, else the reason.
   */
  public Optional<String> hashProblem(Manifest manifest) {
    UInt256 hp = ElectionHashes.parameterBaseHash(group.constants());
    if (!hp.equals(parameterBaseHash)) {
      return Optional.of("H_P " + parameterBaseHash + " is not the parameter base hash of " + group.name() + " (" + hp + ")");
    }
    UInt256 hm = ElectionHashes.manifestHash(hp, manifest.bytes());
    if (!hm.equals(manifestHash)) {
      return Optional.of("H_M " + manifestHash + " is not the hash of the manifest (" + hm + ")");
    }
    UInt256 hb = ElectionHashes.electionBaseHash(hp, hm, numberOfGuardians(), quorum);
    if (!hb.equals(electionBaseHash)) {
      return Optional.of("H_B " + electionBaseHash + " is not H(H_P; 0x02, H_M, n, k) (" + hb + ")");
    }
    return Optional.empty();
  }

  /** {@code election_config.json} for this ceremony, with the ceremony id in its metadata. */
  public ElectionConfig toConfig() {
    return new ElectionConfig(
        "2.1.0",
        numberOfGuardians(),
        quorum,
        parameterBaseHash,
        manifestHash,
        electionBaseHash,
        chainConfirmationCodes,
        ByteString.EMPTY,
        Map.of(CEREMONY_ID_METADATA, ceremonyId, "Created by", "evote ceremony"));
  }
}

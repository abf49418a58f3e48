package org.evote.tally.decrypt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.election.ElectionInitialized;
import org.evote.crypto.election.GuardianRecord;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.UInt256;

/**
 * The public facts of an election that a decryption needs: the group, K, H_E, H_B, the quorum k,
 * and every guardian's id, x coordinate and commitments, as the record's election_config.json and
 * election_initialized.json give them.
 */
public final class ElectionKeys {
  private final Group group;
  private final PublicKey jointKey;
  private final UInt256 extendedBaseHash;
  private final UInt256 electionBaseHash;
  private final int quorum;
  private final List<GuardianRecord> guardians;
  private final Map<String, GuardianRecord> byId;

  public ElectionKeys(Group group, ElectionConfig config, ElectionInitialized init) {
    this.group = Objects.requireNonNull(group, "group");
    this.jointKey = PublicKey.of(group.check("joint key", init.jointPublicKey()));
    this.extendedBaseHash = init.extendedBaseHash();
    this.electionBaseHash = config.electionBaseHash();
    this.quorum = config.quorum();
    this.guardians = List.copyOf(init.guardians());
    Map<String, GuardianRecord> m = new LinkedHashMap<>();
    for (GuardianRecord g : guardians) {
      if (m.put(g.guardianId(), g) != null) {
        throw new IllegalArgumentException("guardian " + g.guardianId() + " appears twice in the election record");
      }
    }
    this.byId = m;
    if (guardians.size() != config.numberOfGuardians()) {
      throw new IllegalArgumentException("the record lists " + guardians.size() + " guardians, the configuration says n = "
          + config.numberOfGuardians());
    }
  }

  public Group group() {
    return group;
  }

  /** K. */
  public PublicKey jointKey() {
    return jointKey;
  }

  /** H_E. */
  public UInt256 extendedBaseHash() {
    return extendedBaseHash;
  }

  /** H_B. */
  public UInt256 electionBaseHash() {
    return electionBaseHash;
  }

  /** k. */
  public int quorum() {
    return quorum;
  }

  public List<GuardianRecord> guardians() {
    return guardians;
  }

  public java.util.Optional<GuardianRecord> guardian(String id) {
    return java.util.Optional.ofNullable(byId.get(id));
  }

  /** Every guardian's x coordinate by id. */
  public Map<String, Integer> xCoordinates() {
    Map<String, Integer> m = new LinkedHashMap<>();
    guardians.forEach(g -> m.put(g.guardianId(), g.xCoordinate()));
    return m;
  }
}

package org.evote.crypto.election;

import java.util.Objects;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.UInt256;

/**
 * Everything needed to encrypt or check a ballot of one election: the group, the manifest, the
 * configuration, the joint key K (with its fixed-base table) and H_E. Immutable and shared.
 */
public final class Election {
  private final Group group;
  private final Manifest manifest;
  private final ElectionConfig config;
  private final PublicKey jointKey;
  private final UInt256 extendedBaseHash;

  private Election(
      Group group, Manifest manifest, ElectionConfig config, PublicKey jointKey, UInt256 he) {
    this.group = Objects.requireNonNull(group, "group");
    this.manifest = Objects.requireNonNull(manifest, "manifest");
    this.config = Objects.requireNonNull(config, "config");
    this.jointKey = Objects.requireNonNull(jointKey, "jointKey");
    this.extendedBaseHash = Objects.requireNonNull(he, "extendedBaseHash");
    group.check("jointPublicKey", jointKey.element());
  }

  /** An election from its record files. */
  public static Election of(
      Group group, Manifest manifest, ElectionConfig config, ElectionInitialized initialized) {
    return new Election(
        group,
        manifest,
        config,
        PublicKey.of(initialized.jointPublicKey()),
        initialized.extendedBaseHash());
  }

  public Group group() {
    return group;
  }

  public Manifest manifest() {
    return manifest;
  }

  public ElectionConfig config() {
    return config;
  }

  /** K. */
  public PublicKey jointKey() {
    return jointKey;
  }

  /** H_E, which egk-ec also uses as the election id. */
  public UInt256 extendedBaseHash() {
    return extendedBaseHash;
  }
}

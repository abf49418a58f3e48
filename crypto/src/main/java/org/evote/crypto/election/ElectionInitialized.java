package org.evote.crypto.election;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.evote.crypto.group.Element;
import org.evote.crypto.hash.UInt256;

/**
 * {@code election_initialized.json}: the key ceremony's output, the joint key K and H_E (spec
 * §3.2.2 eq. 8, §3.2.3 eq. 23), with every guardian's commitments and proofs.
 */
public record ElectionInitialized(
    Element jointPublicKey,
    UInt256 extendedBaseHash,
    List<GuardianRecord> guardians,
    Map<String, String> metadata) {
  public ElectionInitialized {
    Objects.requireNonNull(jointPublicKey, "jointPublicKey");
    Objects.requireNonNull(extendedBaseHash, "extendedBaseHash");
    guardians = List.copyOf(guardians);
    metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
  }
}

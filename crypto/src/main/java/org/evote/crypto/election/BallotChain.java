package org.evote.crypto.election;

import java.util.List;
import java.util.Map;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.util.Require;

/**
 * egk-ec's {@code ballot_chain.json} for one device folder when confirmation codes are chained
 * (spec §3.4.3).
 *
 * @param encryptingDevice the device
 * @param baux0 B_aux,0
 * @param extendedBaseHash H_E (egk-ec names the field {@code election_base_hash})
 * @param ballotIds the ballots in chain order
 * @param lastConfirmationCode H(B_ℓ)
 * @param closingHash H of eq. 61, or null if the chain is not closed
 */
public record BallotChain(
    String encryptingDevice,
    ByteString baux0,
    UInt256 extendedBaseHash,
    List<String> ballotIds,
    UInt256 lastConfirmationCode,
    UInt256 closingHash,
    Map<String, String> metadata) {
  public BallotChain {
    Require.nonNull(
        "encryptingDevice", encryptingDevice, "baux0", baux0, "extendedBaseHash", extendedBaseHash,
        "lastConfirmationCode", lastConfirmationCode);
    ballotIds = List.copyOf(ballotIds);
    metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
  }
}

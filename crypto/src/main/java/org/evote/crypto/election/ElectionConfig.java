package org.evote.crypto.election;

import java.util.Map;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.util.Require;

/**
 * {@code election_config.json}: the key ceremony's input, with H_P, H_M and H_B (spec §3.1.2 to
 * §3.1.5).
 *
 * @param configVersion egk-ec's config version, "2.1.0"
 * @param numberOfGuardians n
 * @param quorum k, 1 &le; k &le; n
 * @param parameterBaseHash H_P
 * @param manifestHash H_M
 * @param electionBaseHash H_B
 * @param chainConfirmationCodes whether confirmation codes are chained per device (spec §3.4.3)
 * @param baux0 B_aux,0 of eq. 59, possibly empty
 * @param metadata free key-value pairs
 */
public record ElectionConfig(
    String configVersion,
    int numberOfGuardians,
    int quorum,
    UInt256 parameterBaseHash,
    UInt256 manifestHash,
    UInt256 electionBaseHash,
    boolean chainConfirmationCodes,
    ByteString baux0,
    Map<String, String> metadata) {
  public ElectionConfig {
    Require.nonNull(
        "configVersion", configVersion, "parameterBaseHash", parameterBaseHash, "manifestHash", manifestHash,
        "electionBaseHash", electionBaseHash, "baux0", baux0);
    metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
  }
}

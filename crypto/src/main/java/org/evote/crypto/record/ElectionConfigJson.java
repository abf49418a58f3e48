package org.evote.crypto.record;

import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.hash.ByteString;

/** {@code election_config.json}: baux0 in base64, metadata optional. */
final class ElectionConfigJson {
  private ElectionConfigJson() {}

  static Parsed<ElectionConfig> parse(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> new ElectionConfig(
        in.field("config_version").string(),
        in.field("number_of_guardians").intAtLeast(1),
        in.field("quorum").intAtLeast(1),
        in.field("parameter_base_hash").uint256(),
        in.field("manifest_hash").uint256(),
        in.field("election_base_hash").uint256(),
        in.field("chain_confirmation_codes").bool(),
        ByteString.of(in.field("baux0").base64()),
        in.metadata()));
  }

  static byte[] write(ElectionConfig c) {
    return JsonOut.document(out -> {
      out.string("config_version", c.configVersion());
      out.number("number_of_guardians", c.numberOfGuardians());
      out.number("quorum", c.quorum());
      out.uint256("parameter_base_hash", c.parameterBaseHash());
      out.uint256("manifest_hash", c.manifestHash());
      out.uint256("election_base_hash", c.electionBaseHash());
      out.bool("chain_confirmation_codes", c.chainConfirmationCodes());
      out.string("baux0", c.baux0().toBase64());
      out.metadata(c.metadata());
    });
  }
}

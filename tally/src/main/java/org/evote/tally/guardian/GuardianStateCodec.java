package org.evote.tally.guardian;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.evote.crypto.group.Group;
import org.evote.crypto.record.JsonIn;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.secret.SecretScalar;
import org.evote.tally.internal.JsonOut;
import org.evote.tally.keyceremony.SecretPolynomial;

/**
 * The plaintext JSON of a {@link GuardianState}, which only ever exists inside the encrypted
 * state file and in memory. Scalars are base64 of their 32 bytes.
 */
public final class GuardianStateCodec {
  private GuardianStateCodec() {}

  /** The state's plaintext: secrets in clear. Encrypt it at once and wipe the array. */
  public static byte[] write(GuardianState s) {
    ObjectNode o = JsonOut.object();
    o.put("guardian_id", s.guardianId());
    o.put("x_coordinate", s.xCoordinate());
    o.put("group", s.group().name());
    o.put("number_of_guardians", s.numberOfGuardians());
    o.put("quorum", s.quorum());
    o.put("ceremony_id", s.ceremonyId());
    o.put("election_base_hash", JsonOut.uint256(s.electionBaseHash()));
    ArrayNode coefficients = o.putArray("polynomial_coefficients");
    for (SecretScalar a : s.polynomial().unwrapCoefficients()) {
      coefficients.add(JsonOut.scalar(a.unwrapSecret()));
    }
    secrets(o.putObject("share_nonces"), s.shareNonces());
    secrets(o.putObject("received_shares"), s.receivedShares());
    s.keyShare().ifPresent(k -> o.put("key_share", JsonOut.scalar(k.unwrapSecret())));
    secrets(o.putObject("decryption_seeds"), s.decryptionSeeds());
    return JsonOut.bytes(o);
  }

  private static void secrets(ObjectNode o, Map<String, SecretScalar> m) {
    m.forEach((k, v) -> o.put(k, JsonOut.scalar(v.unwrapSecret())));
  }

  public static Parsed<GuardianState> parse(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> {
      Group group = in.field("group").groupName();
      List<SecretScalar> coefficients = in.field("polynomial_coefficients").list(a -> SecretScalar.of(a.scalar(group)));
      JsonIn keyShare = in.optField("key_share");
      return new GuardianState(
          in.field("guardian_id").string(),
          in.field("x_coordinate").intIn(1, Integer.MAX_VALUE),
          group,
          in.field("number_of_guardians").intIn(1, Integer.MAX_VALUE),
          in.field("quorum").intIn(1, Integer.MAX_VALUE),
          in.field("ceremony_id").string(),
          in.field("election_base_hash").uint256(),
          SecretPolynomial.of(group, coefficients),
          in.field("share_nonces").map(v -> SecretScalar.of(v.scalar(group))),
          in.field("received_shares").map(v -> SecretScalar.of(v.scalar(group))),
          keyShare == null ? null : SecretScalar.of(keyShare.scalar(group)),
          in.field("decryption_seeds").map(v -> SecretScalar.of(v.scalar(group))));
    });
  }
}

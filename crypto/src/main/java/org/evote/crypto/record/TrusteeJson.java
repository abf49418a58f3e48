package org.evote.crypto.record;

import java.util.List;
import org.evote.crypto.election.TrusteeSecrets;
import org.evote.crypto.group.Group;
import org.evote.crypto.secret.SecretScalar;

/** {@code decryptingTrustee-*.json}: a decrypting trustee's private file, secrets in clear. */
final class TrusteeJson {
  private TrusteeJson() {}

  /** The scalars come back wrapped as secrets. */
  static Parsed<TrusteeSecrets> parse(byte[] json, String source, Group group) {
    return JsonIn.parse(json, source, in -> {
      String id = in.field("id").string();
      int x = in.field("x_coordinate").intAtLeast(1);
      JsonIn coeffIn = in.field("polynomial_coefficients");
      List<SecretScalar> coefficients = coeffIn.list(c -> SecretScalar.of(c.scalar(group)));
      if (coefficients.isEmpty()) {
        throw coeffIn.bad("a trustee needs at least one polynomial coefficient");
      }
      SecretScalar keyShare = SecretScalar.of(in.field("key_share").scalar(group));
      return new TrusteeSecrets(id, x, coefficients, keyShare);
    });
  }

  static byte[] write(TrusteeSecrets t, Group group) {
    return JsonOut.document(group, out -> {
      out.string("id", t.id());
      out.number("x_coordinate", t.xCoordinate());
      out.values("polynomial_coefficients", t.polynomialCoefficients(), s -> out.value("coefficient", s.unwrapSecret()));
      out.scalar("key_share", t.keyShare().unwrapSecret());
    });
  }
}

package org.evote.crypto.group.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.FixedBase;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.testing.TinyGroup;

/** Random exponents, edges mixed in: the secret paths equal the public ones (see ConstantTimeTest). */
class ConstantTimeProperties {
  private static final P256Group EC = P256Group.instance();
  private static final Group TINY = TinyGroup.INSTANCE;
  private final Element k = EC.gExp(EC.randomScalar(new SecureRandom()));
  private final FixedBase kTable = EC.fixedBase(k);

  @Property(tries = 300)
  void p256SecretPowersEqualTheFastOnes(@ForAll("p256Scalars") Scalar e) {
    SecretScalar s = SecretScalar.of(e);
    assertThat(EC.encode(EC.gExp(s))).isEqualTo(EC.encode(EC.gExp(e)));
    assertThat(EC.encode(kTable.exp(s))).isEqualTo(EC.encode(kTable.exp(e)));
    assertThat(EC.encode(EC.exp(k, s))).isEqualTo(EC.encode(EC.exp(k, e)));
  }

  @Property(tries = 300)
  void tinySecretPowersEqualModPow(@ForAll("tinyScalars") Scalar e, @ForAll("tinyScalars") Scalar b) {
    Element base = TINY.gExp(b);
    SecretScalar s = SecretScalar.of(e);
    assertThat(TINY.exp(base, s)).isEqualTo(TINY.exp(base, e));
    assertThat(TINY.gExp(s)).isEqualTo(TINY.gExp(e));
  }

  @Provide
  Arbitrary<Scalar> p256Scalars() {
    return scalars(EC);
  }

  @Provide
  Arbitrary<Scalar> tinyScalars() {
    return scalars(TINY);
  }

  private static Arbitrary<Scalar> scalars(Group group) {
    return Arbitraries.oneOf(
        Arbitraries.bigIntegers().between(BigInteger.ZERO, group.order().subtract(BigInteger.ONE)),
        Arbitraries.of(ConstantTimeTest.edges(group.order())))
        .map(group::scalar);
  }
}

package org.evote.crypto.group.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.FixedBase;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.testing.TinyGroup;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The constant-time paths for secret exponents give exactly the results of the fast
 * variable-time paths (and of Bouncy Castle or {@link BigInteger#modPow}), for random exponents
 * and for the edges where a window or a carry behaves differently.
 */
class ConstantTimeTest {
  private static final P256Group EC = P256Group.instance();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** 0, 1, q-1, small values, all-ones windows, single bits at limb and window boundaries. */
  static List<BigInteger> edges(BigInteger q) {
    List<BigInteger> out = new ArrayList<>();
    for (long v : new long[] {0, 1, 2, 3, 15, 16, 17, 255, 256, 0xffff}) {
      out.add(BigInteger.valueOf(v));
    }
    out.add(q.subtract(BigInteger.ONE));
    out.add(q.subtract(BigInteger.TWO));
    out.add(q.shiftRight(1));
    int bits = q.bitLength();
    for (int b : new int[] {4, 8, 31, 32, 63, 64, 65, 127, 128, 191, 192, 252, 255}) {
      if (b < bits - 1) {
        out.add(BigInteger.ONE.shiftLeft(b));
        out.add(BigInteger.ONE.shiftLeft(b).subtract(BigInteger.ONE)); // every window below b all ones
      }
    }
    BigInteger ones = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    out.add(ones.mod(q)); // all-ones windows up to the top
    out.add(new BigInteger("0f".repeat(bits / 8), 16).mod(q)); // alternating all-ones and zero windows
    out.add(new BigInteger("f0".repeat(bits / 8), 16).mod(q));
    return out;
  }

  static SecretScalar secret(Scalar s) {
    return SecretScalar.of(s);
  }

  @Nested
  @DisplayName("P-256")
  class P256 {
    private final Element k = EC.gExp(EC.randomScalar(RANDOM));
    private final FixedBase kTable = EC.fixedBase(k);

    void assertAllPathsAgree(Scalar e) {
      String what = "e = " + e.value().toString(16);
      Element want = EC.gExp(e);
      assertThat(EC.gExp(secret(e))).as("g^e " + what).isEqualTo(want);
      assertThat(EC.encode(EC.gExp(secret(e)))).as("g^e encoding " + what).isEqualTo(EC.encode(want));
      assertThat(kTable.exp(secret(e))).as("K^e fixed " + what).isEqualTo(kTable.exp(e));
      assertThat(EC.exp(k, secret(e))).as("K^e variable " + what).isEqualTo(EC.exp(k, e));
      assertThat(EC.encode(EC.exp(k, secret(e)))).as("K^e encoding " + what).isEqualTo(EC.encode(EC.exp(k, e)));
    }

    @Test
    @DisplayName("fixed-base and variable-base secret powers equal the fast ones at the edge exponents")
    void edgeExponents() {
      for (BigInteger v : edges(EC.order())) {
        assertAllPathsAgree(EC.scalar(v));
      }
    }

    @Test
    @DisplayName("g^0 and K^0 on the secret path are the identity, and so is any power of the identity")
    void identity() {
      SecretScalar zero = secret(EC.scalar(0));
      assertThat(EC.gExp(zero).isIdentity()).isTrue();
      assertThat(EC.exp(k, zero).isIdentity()).isTrue();
      assertThat(EC.exp(EC.identity(), secret(EC.randomScalar(RANDOM))).isIdentity()).isTrue();
      assertThat(EC.encode(EC.gExp(zero))).isEqualTo(EC.encode(EC.identity()));
    }

    @Test
    @DisplayName("a batch of secret fixed-base powers with one shared inversion equals each power alone, identities included")
    void batch() {
      PublicKey pk = PublicKey.of(k);
      FixedBase g = EC.fixedBase(EC.generator());
      List<FixedBase> bases = new ArrayList<>();
      List<SecretScalar> es = new ArrayList<>();
      List<Scalar> plain = new ArrayList<>();
      List<BigInteger> values = new ArrayList<>(edges(EC.order()));
      for (int i = 0; i < 30; i++) {
        values.add(EC.randomScalar(RANDOM).value());
      }
      for (int i = 0; i < values.size(); i++) {
        bases.add(i % 2 == 0 ? g : pk.fixedBase());
        plain.add(EC.scalar(values.get(i)));
        es.add(secret(plain.getLast()));
      }
      List<Element> got = EC.secretFixedBaseExps(bases, es);
      List<Element> want = EC.fixedBaseExps(bases, plain);
      assertThat(got).isEqualTo(want);
      for (int i = 0; i < got.size(); i++) {
        assertThat(EC.encode(got.get(i))).as("#" + i).isEqualTo(EC.encode(want.get(i)));
      }
      assertThat(got.get(0).isIdentity()).as("g^0").isTrue();
      assertThatThrownBy(() -> EC.secretFixedBaseExps(bases, es.subList(1, es.size())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("needs as many bases as exponents, got " + bases.size() + " and " + (es.size() - 1));
    }

    @Test
    @DisplayName("a secret of another group is refused with the group named")
    void otherGroup() {
      SecretScalar tiny = secret(TinyGroup.INSTANCE.scalar(5));
      assertThatThrownBy(() -> EC.gExp(tiny))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("e belongs to group Tiny, not P-256");
      assertThatThrownBy(() -> EC.exp(k, tiny)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  @DisplayName("P-256 field arithmetic in Montgomery form")
  class Field {
    private final BigInteger p = new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    private final P256ConstantTime ct = new P256ConstantTime();

    private long[] mont(BigInteger v) {
      long[] m = new long[4];
      ct.toMontgomery(P256ConstantTime.limbs(v), m);
      return m;
    }

    private BigInteger plain(long[] m) {
      long[] out = new long[4];
      ct.fromMontgomery(m, out);
      return P256ConstantTime.toBigInteger(out);
    }

    private List<BigInteger> values() {
      List<BigInteger> vs = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
          p.subtract(BigInteger.ONE), p.subtract(BigInteger.TWO), p.shiftRight(1), BigInteger.ONE.shiftLeft(255),
          BigInteger.ONE.shiftLeft(224), BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE),
          BigInteger.ONE.shiftLeft(256).subtract(p)));
      for (int i = 0; i < 40; i++) {
        vs.add(new BigInteger(256, RANDOM).mod(p));
      }
      return vs;
    }

    @Test
    @DisplayName("multiplication, addition, subtraction and inversion agree with BigInteger mod p")
    void agreesWithBigInteger() {
      List<BigInteger> vs = values();
      long[] z = new long[4];
      for (BigInteger a : vs) {
        assertThat(plain(mont(a))).isEqualTo(a);
        for (BigInteger b : vs) {
          ct.mul(mont(a), mont(b), z);
          assertThat(plain(z)).as("%s * %s", a, b).isEqualTo(a.multiply(b).mod(p));
          ct.add(mont(a), mont(b), z);
          assertThat(plain(z)).as("%s + %s", a, b).isEqualTo(a.add(b).mod(p));
          ct.sub(mont(a), mont(b), z);
          assertThat(plain(z)).as("%s - %s", a, b).isEqualTo(a.subtract(b).mod(p));
        }
        if (a.signum() != 0) {
          ct.invert(mont(a), z);
          assertThat(plain(z)).as("1 / %s", a).isEqualTo(a.modInverse(p));
        }
      }
    }
  }

  @Nested
  @DisplayName("integer groups")
  class Integers {

    static void assertAgrees(Group group, Element base, Scalar e) {
      String what = group.name() + " e = " + e.value().toString(16);
      assertThat(group.exp(base, secret(e))).as(what).isEqualTo(group.exp(base, e));
      assertThat(group.gExp(secret(e))).as(what).isEqualTo(group.gExp(e));
      assertThat(group.fixedBase(base).exp(secret(e))).as(what).isEqualTo(group.exp(base, e));
    }

    /** {@link #assertAgrees} for a random base, at the edges of Z_q and for {@code randomExponents} random exponents. */
    static void assertAgreesAtEdgesAndRandomly(Group group, int randomExponents) {
      Element base = group.gExp(group.randomScalar(RANDOM));
      for (BigInteger v : edges(group.order())) {
        assertAgrees(group, base, group.scalar(v));
      }
      for (int i = 0; i < randomExponents; i++) {
        assertAgrees(group, base, group.randomScalar(RANDOM));
      }
    }

    @Test
    @DisplayName("the tiny test group: secret powers equal modPow at the edges and for random exponents")
    void tiny() {
      assertAgreesAtEdgesAndRandomly(TinyGroup.INSTANCE, 500);
    }

    @Test
    @DisplayName("Integer4096: secret powers equal modPow at the edges and for random exponents")
    void integer4096() {
      assertAgreesAtEdgesAndRandomly(Groups.integer4096(), 10);
    }

    @Test
    @DisplayName("the recoding keeps every shifted exponent in 0 .. 16^n - 1 for both groups")
    void recodingRange() {
      for (Group group : List.of(TinyGroup.INSTANCE, Groups.integer4096())) {
        BigInteger q = group.order();
        IntegerConstantTime.Recoding r = IntegerConstantTime.recoding(q);
        BigInteger low = r.multipleOfQ().subtract(r.ones());
        BigInteger high = q.subtract(BigInteger.ONE).add(r.multipleOfQ()).subtract(r.ones());
        assertThat(low.signum()).as(group.name()).isGreaterThanOrEqualTo(0);
        assertThat(high.bitLength()).as(group.name()).isLessThanOrEqualTo(4 * r.windows());
      }
    }
  }
}

package org.evote.crypto.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import org.evote.crypto.election.ElectionHashes;
import org.evote.crypto.group.internal.IntegerGroup;
import org.evote.crypto.testing.TinyGroup;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GroupValidationTest {
  static final Group EC = Groups.p256();
  static final Group INT = Groups.integer4096();
  static final BigInteger P256_P =
      new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);

  static byte[] point(int prefix, BigInteger x) {
    byte[] b = new byte[33];
    b[0] = (byte) prefix;
    System.arraycopy(Bytes.fixedWidth(x, 32), 0, b, 1, 32);
    return b;
  }

  /** The smallest x ≥ start for which x^3 + ax + b is not a square mod p. */
  static BigInteger xNotOnCurve(BigInteger start) {
    BigInteger a = P256_P.subtract(BigInteger.valueOf(3));
    BigInteger b = EC.constants().get("b");
    BigInteger half = P256_P.subtract(BigInteger.ONE).shiftRight(1);
    for (BigInteger x = start; ; x = x.add(BigInteger.ONE)) {
      BigInteger rhs = x.pow(3).add(a.multiply(x)).add(b).mod(P256_P);
      if (!rhs.modPow(half, P256_P).equals(BigInteger.ONE)) {
        return x;
      }
    }
  }

  @Nested
  @DisplayName("A P-256 element decoded from bytes")
  class P256Decoding {
    @Test
    @DisplayName("round-trips the generator's 33-byte compressed encoding")
    void generatorRoundTrip() throws Exception {
      byte[] enc = EC.generator().encode();
      assertThat(enc).hasSize(33);
      assertThat(EC.decodeElement(enc)).isEqualTo(EC.generator());
    }

    @Test
    @DisplayName("is rejected when it is not 33 bytes long")
    void wrongLength() {
      assertThatThrownBy(() -> EC.decodeElement(new byte[32]))
          .isInstanceOf(InvalidElementException.class)
          .hasMessage("a P-256 element is a 33-byte compressed point, got 32");
    }

    @Test
    @DisplayName("is rejected when the prefix is not 02 or 03")
    void badPrefix() {
      byte[] enc = EC.generator().encode();
      enc[0] = 0x04;
      assertThatThrownBy(() -> EC.decodeElement(enc))
          .isInstanceOf(InvalidElementException.class)
          .hasMessage("compressed point prefix must be 02 or 03, got 04");
    }

    @Test
    @DisplayName("is rejected when x is not less than p (non-canonical)")
    void nonCanonicalX() {
      assertThatThrownBy(() -> EC.decodeElement(point(2, P256_P.add(BigInteger.ONE))))
          .isInstanceOf(InvalidElementException.class)
          .hasMessage("x coordinate is not less than p (non-canonical encoding)");
    }

    @Test
    @DisplayName("is rejected when it is not on the curve")
    void notOnCurve() {
      assertThatThrownBy(() -> EC.decodeElement(point(2, xNotOnCurve(BigInteger.TEN))))
          .isInstanceOf(InvalidElementException.class)
          .hasMessage("not a point on P-256 (x^3 + ax + b has no square root)");
    }

    @Test
    @DisplayName("is rejected when it is egk-ec's encoding of the point at infinity")
    void infinity() {
      byte[] ff = new byte[33];
      Arrays.fill(ff, (byte) 0xff);
      assertThatThrownBy(() -> EC.decodeElement(ff))
          .isInstanceOf(InvalidElementException.class)
          .hasMessage("element is the point at infinity");
    }

    @Test
    @DisplayName("may be the identity only where the identity is allowed")
    void identityWhereAllowed() throws Exception {
      byte[] ff = new byte[33];
      Arrays.fill(ff, (byte) 0xff);
      assertThat(EC.decodeElementOrIdentity(ff).isIdentity()).isTrue();
      assertThat(EC.identity().encode()).isEqualTo(ff);
    }
  }

  @Nested
  @DisplayName("An Integer4096 element decoded from bytes")
  class IntegerDecoding {
    BigInteger p = INT.constants().get("largePrime");

    @Test
    @DisplayName("is rejected when it is 0")
    void zero() {
      assertThatThrownBy(() -> INT.decodeElement(new byte[512]))
          .isInstanceOf(InvalidElementException.class)
          .hasMessage("element is 0, not in Z_p^r");
    }

    @Test
    @DisplayName("is rejected when it is not less than p")
    void notLessThanP() {
      assertThatThrownBy(() -> INT.decodeElement(Bytes.fixedWidth(p, 512)))
          .isInstanceOf(InvalidElementException.class)
          .hasMessage("element is not less than p");
    }

    @Test
    @DisplayName("is rejected when it is outside the order-q subgroup")
    void offSubgroup() {
      assertThatThrownBy(() -> INT.decodeElement(Bytes.fixedWidth(p.subtract(BigInteger.ONE), 512)))
          .isInstanceOf(InvalidElementException.class)
          .hasMessage("element is not in the order-q subgroup (x^q != 1 mod p)");
    }

    @Test
    @DisplayName("is rejected when it is not 512 bytes long")
    void wrongLength() {
      assertThatThrownBy(() -> INT.decodeElement(new byte[511]))
          .isInstanceOf(InvalidElementException.class)
          .hasMessage("an Integer4096 element is 512 bytes, got 511");
    }

    @Test
    @DisplayName("accepts g and 1")
    void generatorAndOne() throws Exception {
      assertThat(INT.decodeElement(INT.generator().encode())).isEqualTo(INT.generator());
      assertThat(INT.decodeElement(Bytes.fixedWidth(BigInteger.ONE, 512)).isIdentity()).isTrue();
    }
  }

  @Nested
  @DisplayName("An integer group made from parameters")
  class IntegerParameters {
    final BigInteger q = BigInteger.valueOf(1019); // p = 2q + 1 = 2039, both prime
    final BigInteger p = BigInteger.valueOf(2039);

    IntegerGroup group(BigInteger p, BigInteger q, BigInteger g, BigInteger r) {
      return new IntegerGroup("Small", p, q, g, r);
    }

    @Test
    @DisplayName("derives its element width from p and accepts the spec's relations")
    void accepted() {
      IntegerGroup small = group(p, q, BigInteger.valueOf(4), BigInteger.TWO);
      assertThat(small.elementByteLength()).isEqualTo(2);
      assertThat(small.scalarByteLength()).isEqualTo(32);
      assertThat(small.generator().exp(small.scalar(q.subtract(BigInteger.ONE))).multiply(small.generator()).isIdentity())
          .isTrue();
    }

    @Test
    @DisplayName("is refused when q is not a prime below 2^256")
    void badQ() {
      assertThatThrownBy(() -> group(p, BigInteger.valueOf(1018), BigInteger.valueOf(4), BigInteger.TWO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Small: q must be a prime less than 2^256");
      assertThatThrownBy(() -> group(p, BigInteger.ONE.shiftLeft(256).add(BigInteger.valueOf(297)), BigInteger.valueOf(4),
              BigInteger.TWO))
          .hasMessage("Small: q must be a prime less than 2^256");
    }

    @Test
    @DisplayName("is refused when p is not a prime larger than q")
    void badP() {
      assertThatThrownBy(() -> group(BigInteger.valueOf(2041), q, BigInteger.valueOf(4), BigInteger.TWO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Small: p must be a prime larger than q");
    }

    @Test
    @DisplayName("is refused when r is not (p - 1)/q, or when q divides r")
    void badR() {
      assertThatThrownBy(() -> group(p, q, BigInteger.valueOf(4), BigInteger.valueOf(3)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Small: r must be (p - 1)/q");
      // p = 2·3^2 + 1 = 19: q = 3 divides r = 6
      assertThatThrownBy(() -> group(BigInteger.valueOf(19), BigInteger.valueOf(3), BigInteger.valueOf(7), BigInteger.valueOf(6)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Small: q must not divide r");
    }

    @Test
    @DisplayName("is refused when g is 1, not less than p, or not of order q")
    void badG() {
      for (BigInteger g : new BigInteger[] {BigInteger.ONE, p.add(BigInteger.valueOf(4)), BigInteger.TWO.negate().mod(p)}) {
        assertThatThrownBy(() -> group(p, q, g, BigInteger.TWO))
            .as("g = %s", g)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Small: g must satisfy 1 < g < p and g^q = 1 mod p");
      }
    }
  }

  @Nested
  @DisplayName("A scalar decoded from bytes")
  class ScalarDecoding {
    @Test
    @DisplayName("is rejected when it is not less than q")
    void notLessThanQ() {
      byte[] ff = new byte[32];
      Arrays.fill(ff, (byte) 0xff);
      for (Group g : new Group[] {EC, INT}) {
        assertThatThrownBy(() -> g.decodeScalar(ff))
            .isInstanceOf(InvalidElementException.class)
            .hasMessage("scalar is not less than q");
        assertThatThrownBy(() -> g.decodeScalar(Bytes.fixedWidth(g.order(), 32)))
            .hasMessage("scalar is not less than q");
      }
    }

    @Test
    @DisplayName("is rejected when it is not 32 bytes long")
    void wrongLength() {
      assertThatThrownBy(() -> EC.decodeScalar(new byte[33]))
          .isInstanceOf(InvalidElementException.class)
          .hasMessage("a scalar is 32 bytes, got 33");
    }

    @Test
    @DisplayName("accepts q - 1")
    void qMinusOne() throws Exception {
      BigInteger qm1 = EC.order().subtract(BigInteger.ONE);
      assertThat(EC.decodeScalar(Bytes.fixedWidth(qm1, 32)).value()).isEqualTo(qm1);
    }
  }

  @Nested
  @DisplayName("A binary operation")
  class Operands {
    @Test
    @DisplayName("names the operand that belongs to another group")
    void mixedGroups() {
      assertThatThrownBy(() -> EC.multiply(EC.generator(), INT.generator()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("b belongs to group Integer4096, not P-256");
      assertThatThrownBy(() -> INT.exp(INT.generator(), EC.scalar(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("e belongs to group P-256, not Integer4096");
      assertThatThrownBy(() -> EC.scalar(1).add(TinyGroup.INSTANCE.scalar(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("other belongs to group Tiny, not P-256");
    }

    @Test
    @DisplayName("rejects a null operand with its name")
    void nullOperand() {
      assertThatThrownBy(() -> EC.multiply(EC.generator(), null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("b is null");
    }

    @Test
    @DisplayName("rejects a scalar out of range")
    void scalarRange() {
      assertThatThrownBy(() -> EC.scalar(EC.order()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("scalar must satisfy 0 <= value < q of P-256");
    }
  }

  @Nested
  @DisplayName("The standard constants")
  class Constants {
    @Test
    @DisplayName("give the parameter base hash printed in the spec (§3.1.2 eq. 5) for Integer4096")
    void specHp() {
      assertThat(ElectionHashes.parameterBaseHash(INT.constants()).toHex().toUpperCase())
          .isEqualTo("2B3B025E50E09C119CBA7E9448ACD1CABC9447EF39BF06327D81C665CDD86296");
    }

    @Test
    @DisplayName("satisfy p - 1 = q·r and g = 2^r mod p")
    void relations() {
      GroupConstants c = INT.constants();
      BigInteger p = c.get("largePrime");
      assertThat(p.subtract(BigInteger.ONE)).isEqualTo(c.get("smallPrime").multiply(c.get("cofactor")));
      assertThat(BigInteger.TWO.modPow(c.get("cofactor"), p)).isEqualTo(c.get("generator"));
      assertThat(c.get("smallPrime")).isEqualTo(BigInteger.TWO.pow(256).subtract(BigInteger.valueOf(189)));
    }

    @Test
    @DisplayName("fixed-base tables agree with plain exponentiation on both groups")
    void fixedBaseAgrees() {
      java.security.SecureRandom r = new java.security.SecureRandom();
      for (Group g : new Group[] {EC, INT}) {
        for (int i = 0; i < 5; i++) {
          Scalar e = g.randomScalar(r);
          assertThat(g.gExp(e)).isEqualTo(g.exp(g.generator(), e));
          Element base = g.gExp(g.randomScalar(r));
          assertThat(g.fixedBase(base).exp(e)).isEqualTo(g.exp(base, e));
          Scalar f = g.randomScalar(r);
          assertThat(g.multiExp(base, e, g.generator(), f))
              .isEqualTo(g.multiply(g.exp(base, e), g.exp(g.generator(), f)));
        }
        assertThat(g.gExp(g.scalar(0)).isIdentity()).isTrue();
      }
    }

    @Test
    @DisplayName("multiExps (split bases, 64 doublings) equals a^x·b^y computed apart, for random and edge scalars")
    void multiExpsEqualsSeparateExponentiations() {
      java.security.SecureRandom r = new java.security.SecureRandom();
      BigInteger q = EC.order();
      java.util.List<BigInteger> edges = java.util.List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
          q.subtract(BigInteger.ONE), q.subtract(BigInteger.TWO), BigInteger.ONE.shiftLeft(64),
          BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(128),
          BigInteger.ONE.shiftLeft(192).add(BigInteger.ONE), BigInteger.ONE.shiftLeft(255),
          BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE).mod(q), new BigInteger("ffffffffffffffff0000000000000000", 16));
      for (Group g : new Group[] {EC, INT}) {
        Element[] firstBases = {g.generator(), g.gExp(g.randomScalar(r))};
        for (Element a : firstBases) {
          for (int round = 0; round < 6; round++) {
            Element b = g.gExp(g.randomScalar(r));
            java.util.List<Scalar> xs = new java.util.ArrayList<>();
            java.util.List<Scalar> ys = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
              xs.add(g.randomScalar(r));
              ys.add(g.randomScalar(r));
            }
            if (g == EC) {
              for (BigInteger e : edges) {
                xs.add(g.scalar(e));
                ys.add(g.randomScalar(r));
                xs.add(g.randomScalar(r));
                ys.add(g.scalar(e));
                xs.add(g.scalar(e));
                ys.add(g.scalar(e));
              }
            }
            java.util.List<Element> got = g.multiExps(a, xs, b, ys);
            assertThat(got).hasSize(xs.size());
            for (int i = 0; i < xs.size(); i++) {
              Element want = g.multiply(g.exp(a, xs.get(i)), g.exp(b, ys.get(i)));
              assertThat(got.get(i)).as(g.name() + " #" + i).isEqualTo(want);
              assertThat(g.encode(got.get(i))).isEqualTo(g.encode(want));
            }
          }
        }
        // b = a, b = a^-1 (the split tables then meet their own negations)
        Element a = g.gExp(g.randomScalar(r));
        for (Element b : new Element[] {a, g.inverse(a)}) {
          java.util.List<Scalar> xs = java.util.List.of(g.randomScalar(r), g.scalar(5));
          java.util.List<Scalar> ys = java.util.List.of(g.randomScalar(r), g.scalar(5));
          java.util.List<Element> got = g.multiExps(a, xs, b, ys);
          for (int i = 0; i < 2; i++) {
            assertThat(got.get(i)).isEqualTo(g.multiply(g.exp(a, xs.get(i)), g.exp(b, ys.get(i))));
          }
        }
      }
    }

    @Test
    @DisplayName("multiExps takes the identity as either base, and refuses unequal lists")
    void multiExpsEdges() {
      java.security.SecureRandom r = new java.security.SecureRandom();
      for (Group g : new Group[] {EC, INT}) {
        Element b = g.gExp(g.randomScalar(r));
        java.util.List<Scalar> xs = java.util.List.of(g.randomScalar(r), g.randomScalar(r));
        java.util.List<Scalar> ys = java.util.List.of(g.randomScalar(r), g.randomScalar(r));
        assertThat(g.multiExps(g.identity(), xs, b, ys).get(1)).isEqualTo(g.exp(b, ys.get(1)));
        assertThat(g.multiExps(b, xs, g.identity(), ys).get(0)).isEqualTo(g.exp(b, xs.get(0)));
        assertThatThrownBy(() -> g.multiExps(b, xs, b, ys.subList(0, 1))).isInstanceOf(IllegalArgumentException.class);
      }
    }

    @Test
    @DisplayName("a double-base exponentiation accepts the identity as either base")
    void multiExpWithIdentity() {
      java.security.SecureRandom r = new java.security.SecureRandom();
      for (Group g : new Group[] {EC, INT}) {
        Scalar x = g.randomScalar(r);
        Scalar y = g.randomScalar(r);
        Element b = g.gExp(g.randomScalar(r));
        assertThat(g.multiExp(g.identity(), x, b, y)).isEqualTo(g.exp(b, y));
        assertThat(g.multiExp(b, x, g.identity(), y)).isEqualTo(g.exp(b, x));
        assertThat(g.multiExp(g.identity(), x, g.identity(), y).isIdentity()).isTrue();
      }
    }
  }
}

package org.evote.crypto.group.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.FixedBase;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.group.MultiExp;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.group.internal.P256Affine.Pt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The lock-step affine batches against Bouncy Castle's one-at-a-time Jacobian arithmetic. */
class P256BatchTest {
  private static final P256Group EC = P256Group.instance();
  private static final BigInteger Q = EC.order();
  private final SecureRandom random = new SecureRandom();

  private static final List<BigInteger> EDGES = List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
      Q.subtract(BigInteger.ONE), Q.subtract(BigInteger.TWO), BigInteger.valueOf(255), BigInteger.valueOf(256),
      BigInteger.ONE.shiftLeft(64), BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE),
      BigInteger.ONE.shiftLeft(128), BigInteger.ONE.shiftLeft(192).add(BigInteger.ONE),
      BigInteger.ONE.shiftLeft(248), BigInteger.ONE.shiftLeft(255),
      BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE).mod(Q), new BigInteger("ffffffffffffffff0000000000000000", 16));

  private Scalar rnd() {
    return EC.randomScalar(random);
  }

  private List<Element> randomElements(int n) {
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(EC.gExp(rnd()));
    }
    return out;
  }

  private static void assertSame(Element got, Element want, String what) {
    assertThat(got).as(what).isEqualTo(want);
    assertThat(EC.encode(got)).as(what).isEqualTo(want.isIdentity() ? EC.encode(EC.identity())
        : ((P256Element) want).point.normalize().getEncoded(true));
    // the element's point is usable by Bouncy Castle, and is the same point
    assertThat(((P256Element) got).point.normalize().equals(((P256Element) want).point.normalize())).as(what).isTrue();
  }

  @Test
  @DisplayName("fixedBaseExps over g and K in lock step equals each power computed alone, edge exponents included")
  void fixedBaseBatch() {
    FixedBase g = EC.fixedBase(EC.generator());
    PublicKey k = PublicKey.of(EC.gExp(rnd()));
    List<FixedBase> bases = new ArrayList<>();
    List<Scalar> es = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      bases.add(i % 3 == 0 ? k.fixedBase() : g);
      es.add(rnd());
    }
    for (BigInteger e : EDGES) {
      bases.add(g);
      es.add(EC.scalar(e));
      bases.add(k.fixedBase());
      es.add(EC.scalar(e));
    }
    List<Element> got = EC.fixedBaseExps(bases, es);
    assertThat(got).hasSize(bases.size());
    for (int i = 0; i < bases.size(); i++) {
      Element want = EC.exp(bases.get(i).base(), es.get(i));
      assertSame(got.get(i), want, "#" + i + " e=" + es.get(i).value().toString(16));
    }
    assertThat(got.get(40).isIdentity()).as("g^0").isTrue();
  }

  @Test
  @DisplayName("fixedBaseExps refuses a base of another group and unequal lists; small batches take the plain path")
  void fixedBaseBatchEdges() {
    FixedBase g = EC.fixedBase(EC.generator());
    Group other = Groups.integer4096();
    List<FixedBase> bases = new ArrayList<>();
    List<Scalar> es = new ArrayList<>();
    for (int i = 0; i < P256Group.FIXED_BATCH_MIN; i++) {
      bases.add(g);
      es.add(rnd());
    }
    assertThatThrownBy(() -> EC.fixedBaseExps(bases, es.subList(1, es.size())))
        .isInstanceOf(IllegalArgumentException.class);
    List<FixedBase> mixed = new ArrayList<>(bases);
    mixed.set(3, other.fixedBase(other.generator()));
    assertThatThrownBy(() -> EC.fixedBaseExps(mixed, es)).isInstanceOf(IllegalArgumentException.class);
    List<Element> small = EC.fixedBaseExps(bases.subList(0, 2), es.subList(0, 2));
    assertThat(small.get(1)).isEqualTo(EC.gExp(es.get(1)));
  }

  @Test
  @DisplayName("multiExpAll in lock step equals each a^x·b^y computed alone: repeated, equal and opposite bases, identity, edge scalars")
  void multiExpBatch() {
    Element k = EC.gExp(rnd());
    List<Element> bs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      bs.add(EC.gExp(rnd()));
    }
    List<MultiExp> terms = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Element a = i % 2 == 0 ? EC.generator() : k;
      terms.add(new MultiExp(a, rnd(), bs.get(i % bs.size()), rnd()));
    }
    for (BigInteger e : EDGES) {
      terms.add(new MultiExp(EC.generator(), EC.scalar(e), bs.get(0), rnd()));
      terms.add(new MultiExp(k, rnd(), bs.get(1), EC.scalar(e)));
      terms.add(new MultiExp(k, EC.scalar(e), bs.get(2), EC.scalar(e)));
    }
    // b = a and b = a^-1: the tables meet their own points and negations, x coordinates coincide
    terms.add(new MultiExp(EC.generator(), EC.scalar(5), EC.generator(), EC.scalar(5)));
    terms.add(new MultiExp(EC.generator(), EC.scalar(5), EC.inverse(EC.generator()), EC.scalar(5)));
    terms.add(new MultiExp(k, rnd(), EC.inverse(k), rnd()));
    terms.add(new MultiExp(k, EC.scalar(7), k, EC.scalar(9)));
    // the identity as either base
    terms.add(new MultiExp(EC.identity(), rnd(), bs.get(3), rnd()));
    terms.add(new MultiExp(k, rnd(), EC.identity(), rnd()));
    assertThat(terms.size()).isGreaterThanOrEqualTo(P256Group.MULTI_BATCH_MIN);
    List<Element> got = EC.multiExpAll(terms);
    assertThat(got).hasSize(terms.size());
    for (int i = 0; i < terms.size(); i++) {
      MultiExp t = terms.get(i);
      Element want = EC.multiply(EC.exp(t.a(), t.x()), EC.exp(t.b(), t.y()));
      assertSame(got.get(i), want, "#" + i);
    }
  }

  @Test
  @DisplayName("products split from their factors' splits (aggregates) give the same a^x·b^y: repeated, opposite and identity factors")
  void aggregatesFromFactors() {
    List<Element> sel = randomElements(6);
    Element a = sel.get(0);
    List<Element> products = List.of(
        EC.product(sel.subList(0, 4)),
        EC.product(List.of(a, a)), // the sum meets P + P
        EC.product(List.of(a, EC.inverse(a), sel.get(1))), // P + (-P) on the way
        EC.product(List.of(a, EC.inverse(a))), // the identity
        EC.product(List.of(sel.get(4), EC.identity(), sel.get(5))), // an identity factor: split directly
        EC.product(List.of(sel.get(2), EC.product(sel.subList(3, 5))))); // nested
    List<MultiExp> terms = new ArrayList<>();
    for (int round = 0; round < 6; round++) {
      for (Element s : sel) {
        terms.add(new MultiExp(EC.generator(), rnd(), s, rnd()));
      }
      for (Element p : products) {
        terms.add(new MultiExp(EC.generator(), rnd(), p, rnd()));
      }
    }
    List<Element> got = EC.multiExpAll(terms);
    for (int i = 0; i < terms.size(); i++) {
      MultiExp t = terms.get(i);
      assertSame(got.get(i), EC.multiply(EC.exp(t.a(), t.x()), EC.exp(t.b(), t.y())), "#" + i);
    }
    // the aggregate was split from its factors: same tables as a split made alone
    P256Split derived = ((P256Element) products.get(0)).batchSplitIfAny();
    assertThat(derived).isNotNull();
    P256Split alone = P256Split.of(EC.curve(), ((P256Element) products.get(0)).point, 4, P256Split.BATCH_PARTS);
    P256Split g = P256Split.of(EC.curve(), ((P256Element) EC.generator()).point, 8, P256Split.BATCH_PARTS);
    BigInteger x = rnd().value();
    BigInteger y = rnd().value();
    assertThat(P256Split.sumOfTwoMultiplies(EC.curve(), g, x, derived, y).normalize()
        .equals(P256Split.sumOfTwoMultiplies(EC.curve(), g, x, alone, y).normalize())).isTrue();
  }

  @Test
  @DisplayName("one at a time: an aggregate split from its factors' splits gives the same a^x·b^y (repeated and opposite factors too)")
  void aggregatesOneAtATime() {
    List<Element> sel = randomElements(4);
    Element a = sel.get(0);
    List<Element> products = List.of(EC.product(sel), EC.product(List.of(a, a)),
        EC.product(List.of(a, EC.inverse(a), sel.get(1))));
    List<Scalar> xs = List.of(rnd(), rnd(), EC.scalar(0), EC.scalar(Q.subtract(BigInteger.ONE)));
    List<Scalar> ys = List.of(rnd(), rnd(), rnd(), EC.scalar(1));
    for (Element s : sel) {
      EC.multiExps(EC.generator(), xs, s, ys); // splits the factors, as the selection proofs do
    }
    EC.multiExps(EC.generator(), xs, EC.inverse(a), ys);
    for (Element p : products) {
      List<Element> got = EC.multiExps(EC.generator(), xs, p, ys);
      for (int i = 0; i < xs.size(); i++) {
        assertSame(got.get(i), EC.multiply(EC.gExp(xs.get(i)), EC.exp(p, ys.get(i))), "product, #" + i);
      }
    }
    P256Split[] factors = new P256Split[sel.size()];
    for (int i = 0; i < factors.length; i++) {
      factors[i] = P256Split.of(EC.curve(), ((P256Element) sel.get(i)).point, 4);
    }
    P256Split derived = P256Split.ofProduct(EC.curve(), factors, 4);
    P256Split alone = P256Split.of(EC.curve(), ((P256Element) products.get(0)).point, 4);
    P256Split g = P256Split.of(EC.curve(), ((P256Element) EC.generator()).point, 8);
    BigInteger x = rnd().value();
    BigInteger y = rnd().value();
    assertThat(P256Split.sumOfTwoMultiplies(EC.curve(), g, x, derived, y).normalize()
        .equals(P256Split.sumOfTwoMultiplies(EC.curve(), g, x, alone, y).normalize())).isTrue();
    P256Split minusA = P256Split.of(EC.curve(), ((P256Element) EC.inverse(a)).point, 4);
    assertThatThrownBy(() -> P256Split.ofProduct(EC.curve(), new P256Split[] {factors[0], minusA}, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("a batch-made split gives the same products as one made alone")
  void splitsAgree() {
    ECPoint[] points = new ECPoint[5];
    for (int i = 0; i < points.length; i++) {
      points[i] = ((P256Element) EC.gExp(rnd())).point; // Jacobian, not normalised
    }
    P256Split[] batch = P256Split.ofAll(EC.curve(), points, 4, P256Split.BATCH_PARTS, new P256Affine(true));
    P256Split fixed = P256Split.of(EC.curve(), ((P256Element) EC.generator()).point, 8, P256Split.BATCH_PARTS);
    for (int i = 0; i < points.length; i++) {
      P256Split alone = P256Split.of(EC.curve(), points[i], 4, P256Split.BATCH_PARTS);
      BigInteger x = rnd().value();
      BigInteger y = rnd().value();
      ECPoint viaBatch = P256Split.sumOfTwoMultiplies(EC.curve(), fixed, x, batch[i], y).normalize();
      ECPoint viaAlone = P256Split.sumOfTwoMultiplies(EC.curve(), fixed, x, alone, y).normalize();
      assertThat(viaBatch.equals(viaAlone)).isTrue();
      assertThat(viaAlone.equals(((P256Element) EC.generator()).point.multiply(x).add(points[i].multiply(y)).normalize()))
          .isTrue();
    }
    assertThatThrownBy(() -> P256Split.ofAll(EC.curve(), new ECPoint[] {EC.curve().getInfinity()}, 4, P256Split.BATCH_PARTS,
        new P256Affine(true)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("NAF digits from limbs equal Bouncy Castle's for random and edge 64-bit values, widths 2 to 8, and sound up to 12")
  void nafMatchesBouncyCastle() {
    List<Long> values = new ArrayList<>(List.of(0L, 1L, 2L, 3L, 7L, 0x7fL, 0xffL, -1L, Long.MIN_VALUE, Long.MAX_VALUE,
        0xffffffffL, 0x5555555555555555L, 0xaaaaaaaaaaaaaaaaL));
    for (int i = 0; i < 500; i++) {
      values.add(random.nextLong());
      values.add(random.nextLong() >>> random.nextInt(64));
    }
    for (int w = 2; w <= 8; w++) {
      for (long v : values) {
        BigInteger unsigned = new BigInteger(Long.toUnsignedString(v));
        byte[] bc = org.bouncycastle.math.ec.WNafUtil.generateWindowNaf(w, unsigned);
        int[] want = new int[bc.length];
        for (int k = 0; k < bc.length; k++) {
          want[k] = bc[k];
        }
        assertThat(P256Split.naf(v, w)).as("w=" + w + " v=" + Long.toHexString(v)).isEqualTo(want);
      }
    }
    // wider than Bouncy Castle goes: the digits are odd, below 2^(w-1) in size, w - 1 zeros apart, and add up
    for (int w = 9; w <= 12; w++) {
      for (long v : values) {
        int[] d = P256Split.naf(v, w);
        BigInteger sum = BigInteger.ZERO;
        int lastNonZero = -w;
        for (int k = 0; k < d.length; k++) {
          if (d[k] != 0) {
            assertThat(d[k] % 2).isNotZero();
            assertThat(Math.abs(d[k])).isLessThan(1 << (w - 1));
            assertThat(k - lastNonZero).isGreaterThanOrEqualTo(w);
            lastNonZero = k;
          }
          sum = sum.add(BigInteger.valueOf(d[k]).shiftLeft(k));
        }
        assertThat(sum).isEqualTo(new BigInteger(Long.toUnsignedString(v)));
      }
    }
    assertThatThrownBy(() -> P256Split.of(EC.curve(), ((P256Element) EC.generator()).point, 4, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> P256Split.of(EC.curve(), ((P256Element) EC.generator()).point, 13, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("affine batch addition: P + P doubles, P + (-P) is the identity, and the identity on either side")
  void affineSpecialCases() {
    ECPoint p = ((P256Element) EC.gExp(rnd())).point.normalize();
    ECPoint q = ((P256Element) EC.gExp(rnd())).point.normalize();
    Pt[] acc = {Pt.of(p), Pt.of(p), new Pt(), Pt.of(q), Pt.of(p)};
    Pt[] add = {Pt.of(p), Pt.of(p.negate()), Pt.of(q), new Pt(), Pt.of(q)};
    new P256Affine(false).addAll(acc, add, acc.length);
    assertThat(acc[0].toPoint(EC.curve()).equals(p.twice().normalize())).isTrue();
    assertThat(acc[1].infinity).isTrue();
    assertThat(acc[2].toPoint(EC.curve()).equals(q)).isTrue();
    assertThat(acc[3].toPoint(EC.curve()).equals(q)).isTrue();
    assertThat(acc[4].toPoint(EC.curve()).equals(p.add(q).normalize())).isTrue();
    Pt[] dbl = {Pt.of(q), new Pt()};
    new P256Affine(true).doubleAll(dbl, 2);
    assertThat(dbl[0].toPoint(EC.curve()).equals(q.twice().normalize())).isTrue();
    assertThat(dbl[1].infinity).isTrue();
    assertThat(acc[0].compressed()).isEqualTo(p.twice().normalize().getEncoded(true));
  }
}

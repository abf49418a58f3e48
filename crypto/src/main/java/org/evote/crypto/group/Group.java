package org.evote.crypto.group;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import org.evote.crypto.group.internal.IntegerGroup;
import org.evote.crypto.group.internal.P256Group;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.secret.SecretScalar;

/**
 * A prime-order group in which ElectionGuard 2.0 runs: the order-q subgroup Z_p^r of the spec's
 * §3.1, or an elliptic curve of prime order used the same way.
 *
 * <p>The group is written multiplicatively, as in the spec: {@code multiply} is the group
 * operation, {@code exp} raises to a scalar power. Implementations validate every element and
 * scalar made from untrusted bytes; results of group operations stay in the group and need no
 * further check. Every binary operation checks that its operands belong to this group.
 *
 * <p>This is the seam for a second, native backend: an implementation owns its element
 * representation and may precompute whatever it likes for repeated bases. The interface is
 * sealed, so such a backend is one more permitted implementation in this module.
 */
public sealed interface Group permits IntegerGroup, P256Group {

  /** The group's record name: {@code "P-256"} or {@code "Integer4096"}. */
  String name();

  /** Whether this is an integer group or an elliptic curve group. */
  GroupKind kind();

  /** The prime order q of the group. */
  BigInteger order();

  /** The length of the canonical encoding of an element: 33 for P-256, 512 for Integer4096. */
  int elementByteLength();

  /** The length of the encoding of a scalar: 32 for both standard groups (spec §5.1.2). */
  int scalarByteLength();

  /** The standard generator g. */
  Element generator();

  /** The identity element (1 in Z_p^r, the point at infinity on a curve). */
  Element identity();

  /**
   * Decodes an element from untrusted bytes and validates it. For an integer group this checks
   * the length, 0 &lt; x &lt; p and x^q = 1 mod p (spec Verification 2.A, 5.A). For an elliptic
   * curve it checks the length, the compression prefix, x &lt; p, that the point is on the
   * curve and that it is not the point at infinity.
   *
   * @throws InvalidElementException naming what is wrong
   */
  Element decodeElement(byte[] encoded) throws InvalidElementException;

  /**
   * Like {@link #decodeElement} but also accepts the identity in the encoding of {@link
   * #encode}. Only for values that may legitimately be the identity, such as a decrypted
   * {@code T = K^t} with t = 0.
   */
  Element decodeElementOrIdentity(byte[] encoded) throws InvalidElementException;

  /** The canonical fixed-width encoding of an element (spec §5.1.1; 33-byte SEC1 point for P-256). */
  byte[] encode(Element element);

  /**
   * Canonical encodings of many elements at once. An implementation may batch work here, such
   * as normalising many curve points with a single field inversion.
   */
  List<byte[]> encodeAll(List<Element> elements);

  /**
   * Decodes a scalar from untrusted bytes: exactly {@link #scalarByteLength()} bytes, big-endian,
   * and less than q (spec Verification 5.C).
   *
   * @throws InvalidElementException naming what is wrong
   */
  Scalar decodeScalar(byte[] encoded) throws InvalidElementException;

  /** A scalar from a trusted integer, which must satisfy 0 &le; value &lt; q. */
  Scalar scalar(BigInteger value);

  /** A scalar from a trusted small non-negative integer. */
  default Scalar scalar(long value) {
    return scalar(BigInteger.valueOf(value));
  }

  /** The scalar value mod q of any integer, negative ones included. */
  Scalar scalarMod(BigInteger value);

  /**
   * Maps a hash output to a scalar, the way this group's records do: reduction mod q for the
   * integer group (spec §5.4), RFC 9380 hash_to_field for P-256 as egk-ec does.
   */
  Scalar hashToScalar(UInt256 hash);

  /** A uniformly random scalar in [1, q). */
  Scalar randomScalar(SecureRandom random);

  /** The group operation a·b. */
  Element multiply(Element a, Element b);

  /** a·b^-1. */
  Element divide(Element a, Element b);

  /** a^-1. */
  Element inverse(Element a);

  /** The product of all elements; the identity for an empty list. */
  Element product(List<Element> elements);

  /**
   * base^e for a public exponent, on the fastest path, whose running time depends on e. Secret
   * exponents take {@link #exp(Element, SecretScalar)}.
   */
  Element exp(Element base, Scalar e);

  /**
   * base^e for a secret exponent (a key share, a nonce): constant-time in e. For P-256 this is a
   * fixed sequence of complete point operations with masked table selection; for an integer
   * group the same structure on {@link java.math.BigInteger}, whose arithmetic is not itself
   * constant-time (see docs/ARCHITECTURE.md, "Side channels").
   */
  Element exp(Element base, SecretScalar e);

  /** g^e for a public exponent, using this group's precomputed table for g; variable-time in e. */
  Element gExp(Scalar e);

  /** g^e for a secret exponent, constant-time in e as {@link #exp(Element, SecretScalar)}. */
  Element gExp(SecretScalar e);

  /**
   * a^x · b^y as one double-base (Shamir) computation, the form of every proof check (spec
   * eq. 5.1, 5.2, 9.2, 9.3).
   */
  Element multiExp(Element a, Scalar x, Element b, Scalar y);

  /**
   * a^{x_i} · b^{y_i} for every i, in order: the commitments of one range proof, whose R + 1
   * checks all raise the same ciphertext part b (spec eq. 5.1, 5.2). An implementation may
   * prepare b once for all of them; this default computes each with {@link #multiExp}.
   */
  default List<Element> multiExps(Element a, List<Scalar> xs, Element b, List<Scalar> ys) {
    if (xs.size() != ys.size()) {
      throw new IllegalArgumentException("needs as many x as y, got " + xs.size() + " and " + ys.size());
    }
    List<Element> out = new java.util.ArrayList<>(xs.size());
    for (int i = 0; i < xs.size(); i++) {
      out.add(multiExp(a, xs.get(i), b, ys.get(i)));
    }
    return out;
  }

  /**
   * a_i^{x_i} · b_i^{y_i} for every term, in order, as one batch: the commitments of many proofs
   * at once, such as every range proof of many ballots. An implementation may prepare each
   * distinct b once and advance all products in lock step; this default computes each with
   * {@link #multiExp}.
   */
  default List<Element> multiExpAll(List<MultiExp> terms) {
    List<Element> out = new java.util.ArrayList<>(terms.size());
    for (MultiExp t : terms) {
      out.add(multiExp(t.a(), t.x(), t.b(), t.y()));
    }
    return out;
  }

  /**
   * bases_i^{e_i} for every i, in order, as one batch, for public exponents: variable-time. An
   * implementation may advance them in lock step; this default computes each with {@link
   * FixedBase#exp(Scalar)}. Encryption takes {@link #secretFixedBaseExps}.
   */
  default List<Element> fixedBaseExps(List<FixedBase> bases, List<Scalar> exponents) {
    return eachPower(bases, exponents, (b, e) -> b.exp(e));
  }

  /**
   * bases_i^{e_i} for every i, in order, for secret exponents: all the powers of g and K that
   * encrypting a ballot needs (spec eq. 24, 44, 45, 49). Each power is constant-time in its
   * exponent, as {@link FixedBase#exp(SecretScalar)}; an implementation may share the final
   * normalisation of the results. This default computes each on its own.
   */
  default List<Element> secretFixedBaseExps(List<FixedBase> bases, List<SecretScalar> exponents) {
    return eachPower(bases, exponents, (b, e) -> b.exp(e));
  }

  /** power(base_i, e_i) for every i, one at a time, after checking the lists and the bases. */
  private <E> List<Element> eachPower(
      List<FixedBase> bases, List<E> exponents, java.util.function.BiFunction<FixedBase, E, Element> power) {
    if (bases.size() != exponents.size()) {
      throw new IllegalArgumentException(
          "needs as many bases as exponents, got " + bases.size() + " and " + exponents.size());
    }
    List<Element> out = new java.util.ArrayList<>(bases.size());
    for (int i = 0; i < bases.size(); i++) {
      check("base", bases.get(i).base());
      out.add(power.apply(bases.get(i), exponents.get(i)));
    }
    return out;
  }

  /**
   * Prepares a base that will be raised to many powers, such as the joint key K. The returned
   * object is immutable and thread-safe; its precomputation is done once.
   */
  FixedBase fixedBase(Element base);

  /** The constants of this group as they appear in {@code constants.json}. */
  GroupConstants constants();

  /** Throws IllegalArgumentException unless the element belongs to this group. */
  default Element check(String name, Element e) {
    requireMember(name, e == null ? null : e.group());
    return e;
  }

  /** Throws IllegalArgumentException unless the secret scalar belongs to this group. */
  default SecretScalar check(String name, SecretScalar s) {
    requireMember(name, s == null ? null : s.group());
    return s;
  }

  /** Throws IllegalArgumentException unless the scalar belongs to this group. */
  default Scalar check(String name, Scalar s) {
    requireMember(name, s == null ? null : s.group());
    return s;
  }

  /** NullPointerException for a missing value, IllegalArgumentException for one of another group. */
  private void requireMember(String name, Group group) {
    if (group == null) {
      throw new NullPointerException(name + " is null");
    }
    if (group != this) {
      throw new IllegalArgumentException(
          name + " belongs to group " + group.name() + ", not " + name());
    }
  }
}

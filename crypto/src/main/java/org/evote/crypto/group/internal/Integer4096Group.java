package org.evote.crypto.group.internal;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.evote.crypto.group.Bytes;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.FixedBase;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.GroupConstants;
import org.evote.crypto.group.GroupKind;
import org.evote.crypto.group.InvalidElementException;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.UInt256;

/**
 * The standard ElectionGuard group: the order-q subgroup Z_p^r of Z_p^* with the baseline
 * parameters of spec §3.1.1. The constants are checked once, when the class is first used.
 */
public final class Integer4096Group implements Group {
  /** The record name egk-ec gives this group. */
  public static final String NAME = "Integer4096";

  private static final int P_BYTES = 512;
  private static final int Q_BYTES = 32;

  private static final Integer4096Group INSTANCE = new Integer4096Group();

  private final IntegerElement g;
  private final IntegerElement one;
  private final IntegerFixedBase gTable;
  private final GroupConstants constants;

  private Integer4096Group() {
    BigInteger p = Integer4096Constants.P;
    BigInteger q = Integer4096Constants.Q;
    BigInteger r = Integer4096Constants.R;
    BigInteger gv = Integer4096Constants.G;
    // Checked at start-up: the relations of §3.1.1 and footnote 19.
    if (p.bitLength() != 4096
        || !p.subtract(BigInteger.ONE).equals(q.multiply(r))
        || r.mod(q).signum() == 0
        || !BigInteger.TWO.modPow(r, p).equals(gv)
        || !gv.modPow(q, p).equals(BigInteger.ONE)
        || !q.isProbablePrime(64)
        || !p.isProbablePrime(8)) {
      throw new IllegalStateException("the hard-coded Integer4096 constants fail their checks");
    }
    this.g = new IntegerElement(this, gv);
    this.one = new IntegerElement(this, BigInteger.ONE);
    this.gTable = new IntegerFixedBase(this, g);
    Map<String, BigInteger> c = new LinkedHashMap<>();
    c.put("largePrime", p);
    c.put("smallPrime", q);
    c.put("cofactor", r);
    c.put("generator", gv);
    this.constants = new GroupConstants(NAME, GroupKind.IntegerGroup, "v2.0.0", c);
  }

  /** The one instance. */
  public static Integer4096Group instance() {
    return INSTANCE;
  }

  BigInteger p() {
    return Integer4096Constants.P;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GroupKind kind() {
    return GroupKind.IntegerGroup;
  }

  @Override
  public BigInteger order() {
    return Integer4096Constants.Q;
  }

  @Override
  public int elementByteLength() {
    return P_BYTES;
  }

  @Override
  public int scalarByteLength() {
    return Q_BYTES;
  }

  @Override
  public Element generator() {
    return g;
  }

  @Override
  public Element identity() {
    return one;
  }

  @Override
  public Element decodeElement(byte[] encoded) throws InvalidElementException {
    if (encoded == null) {
      throw new InvalidElementException("element is missing");
    }
    if (encoded.length != P_BYTES) {
      throw new InvalidElementException(
          "an Integer4096 element is " + P_BYTES + " bytes, got " + encoded.length);
    }
    BigInteger x = new BigInteger(1, encoded);
    if (x.signum() == 0) {
      throw new InvalidElementException("element is 0, not in Z_p^r");
    }
    if (x.compareTo(p()) >= 0) {
      throw new InvalidElementException("element is not less than p");
    }
    if (!x.modPow(order(), p()).equals(BigInteger.ONE)) {
      throw new InvalidElementException("element is not in the order-q subgroup (x^q != 1 mod p)");
    }
    return new IntegerElement(this, x);
  }

  @Override
  public Element decodeElementOrIdentity(byte[] encoded) throws InvalidElementException {
    // 1 is a member of Z_p^r and decodes like any other element.
    return decodeElement(encoded);
  }

  @Override
  public byte[] encode(Element element) {
    return Bytes.fixedWidth(own("element", element).value, P_BYTES);
  }

  @Override
  public List<byte[]> encodeAll(List<Element> elements) {
    List<byte[]> out = new ArrayList<>(elements.size());
    for (Element e : elements) {
      out.add(encode(e));
    }
    return out;
  }

  @Override
  public Scalar decodeScalar(byte[] encoded) throws InvalidElementException {
    return Scalars.decode(this, encoded);
  }

  @Override
  public Scalar scalar(BigInteger value) {
    return new Scalar(this, value);
  }

  @Override
  public Scalar scalarMod(BigInteger value) {
    return new Scalar(this, value.mod(order()));
  }

  @Override
  public Scalar hashToScalar(UInt256 hash) {
    return scalarMod(new BigInteger(1, hash.bytes()));
  }

  @Override
  public Scalar randomScalar(SecureRandom random) {
    return Scalars.random(this, random);
  }

  @Override
  public Element multiply(Element a, Element b) {
    return new IntegerElement(this, own("a", a).value.multiply(own("b", b).value).mod(p()));
  }

  @Override
  public Element divide(Element a, Element b) {
    BigInteger inv = own("b", b).value.modInverse(p());
    return new IntegerElement(this, own("a", a).value.multiply(inv).mod(p()));
  }

  @Override
  public Element inverse(Element a) {
    return new IntegerElement(this, own("a", a).value.modInverse(p()));
  }

  @Override
  public Element product(List<Element> elements) {
    BigInteger acc = BigInteger.ONE;
    for (Element e : elements) {
      acc = acc.multiply(own("element", e).value).mod(p());
    }
    return new IntegerElement(this, acc);
  }

  @Override
  public Element exp(Element base, Scalar e) {
    return new IntegerElement(this, own("base", base).value.modPow(check("e", e).value(), p()));
  }

  @Override
  public Element gExp(Scalar e) {
    return gTable.exp(e);
  }

  @Override
  public Element multiExp(Element a, Scalar x, Element b, Scalar y) {
    BigInteger ax = own("a", a).value.modPow(check("x", x).value(), p());
    BigInteger by = own("b", b).value.modPow(check("y", y).value(), p());
    return new IntegerElement(this, ax.multiply(by).mod(p()));
  }

  @Override
  public FixedBase fixedBase(Element base) {
    IntegerElement b = own("base", base);
    return b.equals(g) ? gTable : new IntegerFixedBase(this, b);
  }

  @Override
  public GroupConstants constants() {
    return constants;
  }

  IntegerElement own(String name, Element e) {
    check(name, e);
    return (IntegerElement) e;
  }

  @Override
  public String toString() {
    return NAME;
  }
}

package org.evote.crypto.testing;

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
 * A small, insecure integer group for property tests only: the order-q subgroup of Z_p^* with the
 * safe prime p = 2q + 1, q = 4611686018427389243 (a 62-bit prime), and g = 4. Large enough that
 * random challenges never collide in a test run, small enough to be fast. It lives in test code
 * only; production code has no way to select it.
 */
public final class TinyGroup implements Group {
  public static final TinyGroup INSTANCE = new TinyGroup();

  static final BigInteger Q = new BigInteger("4611686018427389243");
  static final BigInteger P = Q.shiftLeft(1).add(BigInteger.ONE);
  static final int P_BYTES = 8;

  private final E g = new E(BigInteger.valueOf(4));
  private final E one = new E(BigInteger.ONE);

  private TinyGroup() {}

  final class E implements Element {
    final BigInteger v;

    E(BigInteger v) {
      this.v = v;
    }

    @Override
    public Group group() {
      return TinyGroup.this;
    }

    @Override
    public boolean isIdentity() {
      return v.equals(BigInteger.ONE);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof E e && e.v.equals(v);
    }

    @Override
    public int hashCode() {
      return v.hashCode();
    }

    @Override
    public String toString() {
      return "Tiny(" + v + ")";
    }
  }

  private E own(String name, Element e) {
    check(name, e);
    return (E) e;
  }

  @Override
  public String name() {
    return "Tiny";
  }

  @Override
  public GroupKind kind() {
    return GroupKind.IntegerGroup;
  }

  @Override
  public BigInteger order() {
    return Q;
  }

  @Override
  public int elementByteLength() {
    return P_BYTES;
  }

  @Override
  public int scalarByteLength() {
    return 32;
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
    if (encoded == null || encoded.length != P_BYTES) {
      throw new InvalidElementException("a Tiny element is 8 bytes");
    }
    BigInteger x = new BigInteger(1, encoded);
    if (x.signum() == 0 || x.compareTo(P) >= 0 || !x.modPow(Q, P).equals(BigInteger.ONE)) {
      throw new InvalidElementException("not in the Tiny subgroup");
    }
    return new E(x);
  }

  @Override
  public Element decodeElementOrIdentity(byte[] encoded) throws InvalidElementException {
    return decodeElement(encoded);
  }

  @Override
  public byte[] encode(Element element) {
    return Bytes.fixedWidth(own("element", element).v, P_BYTES);
  }

  @Override
  public List<byte[]> encodeAll(List<Element> elements) {
    List<byte[]> out = new ArrayList<>();
    for (Element e : elements) {
      out.add(encode(e));
    }
    return out;
  }

  @Override
  public Scalar decodeScalar(byte[] encoded) throws InvalidElementException {
    if (encoded == null || encoded.length != 32) {
      throw new InvalidElementException("a scalar is 32 bytes");
    }
    BigInteger v = new BigInteger(1, encoded);
    if (v.compareTo(Q) >= 0) {
      throw new InvalidElementException("scalar is not less than q");
    }
    return scalar(v);
  }

  @Override
  public Scalar scalar(BigInteger value) {
    return new Scalar(this, value);
  }

  @Override
  public Scalar scalarMod(BigInteger value) {
    return new Scalar(this, value.mod(Q));
  }

  @Override
  public Scalar hashToScalar(UInt256 hash) {
    return scalarMod(new BigInteger(1, hash.bytes()));
  }

  @Override
  public Scalar randomScalar(SecureRandom random) {
    while (true) {
      BigInteger v = new BigInteger(Q.bitLength(), random);
      if (v.signum() > 0 && v.compareTo(Q) < 0) {
        return scalar(v);
      }
    }
  }

  @Override
  public Element multiply(Element a, Element b) {
    return new E(own("a", a).v.multiply(own("b", b).v).mod(P));
  }

  @Override
  public Element divide(Element a, Element b) {
    return new E(own("a", a).v.multiply(own("b", b).v.modInverse(P)).mod(P));
  }

  @Override
  public Element inverse(Element a) {
    return new E(own("a", a).v.modInverse(P));
  }

  @Override
  public Element product(List<Element> elements) {
    BigInteger acc = BigInteger.ONE;
    for (Element e : elements) {
      acc = acc.multiply(own("element", e).v).mod(P);
    }
    return new E(acc);
  }

  @Override
  public Element exp(Element base, Scalar e) {
    return new E(own("base", base).v.modPow(check("e", e).value(), P));
  }

  @Override
  public Element gExp(Scalar e) {
    return exp(g, e);
  }

  @Override
  public Element multiExp(Element a, Scalar x, Element b, Scalar y) {
    return multiply(exp(a, x), exp(b, y));
  }

  @Override
  public FixedBase fixedBase(Element base) {
    Element b = own("base", base);
    return new FixedBase() {
      @Override
      public Element base() {
        return b;
      }

      @Override
      public Element exp(Scalar e) {
        return TinyGroup.this.exp(b, e);
      }
    };
  }

  @Override
  public GroupConstants constants() {
    Map<String, BigInteger> c = new LinkedHashMap<>();
    c.put("largePrime", P);
    c.put("smallPrime", Q);
    c.put("generator", g.v);
    return new GroupConstants("Tiny", GroupKind.IntegerGroup, "test", c);
  }
}

package org.evote.crypto.group.internal;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.FixedBase;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.GroupConstants;
import org.evote.crypto.group.GroupKind;
import org.evote.crypto.group.InvalidElementException;
import org.evote.crypto.group.MultiExp;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.group.Bytes;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.secret.SecretScalar;

/**
 * The NIST P-256 curve as a prime-order ElectionGuard group, on Bouncy Castle's optimised field
 * arithmetic. Elements are encoded as 33-byte SEC1 compressed points, as egk-ec does; egk-ec
 * writes the point at infinity as 33 bytes of 0xFF, which only {@link #decodeElementOrIdentity}
 * accepts.
 */
public final class P256Group implements Group {
  /** The record name egk-ec gives this group. */
  public static final String NAME = "P-256";

  private static final int ELEMENT_BYTES = 33;
  private static final int FIELD_BYTES = 32;

  private static final P256Group INSTANCE = new P256Group();

  private final ECCurve curve;
  private final BigInteger n;
  private final BigInteger fieldP;
  private final P256Element g;
  private final P256Element infinity;
  private final P256FixedBase gTable;
  private final GroupConstants constants;

  private P256Group() {
    X9ECParameters params = CustomNamedCurves.getByName("P-256");
    this.curve = params.getCurve();
    this.n = params.getN();
    this.fieldP = curve.getField().getCharacteristic();
    if (!params.getH().equals(BigInteger.ONE) || !n.isProbablePrime(64)) {
      throw new IllegalStateException("P-256 parameters fail their checks");
    }
    this.g = new P256Element(this, params.getG().normalize());
    this.infinity = new P256Element(this, curve.getInfinity());
    this.gTable = new P256FixedBase(this, g);
    Map<String, BigInteger> c = new LinkedHashMap<>();
    c.put("a", curve.getA().toBigInteger());
    c.put("b", curve.getB().toBigInteger());
    c.put("primeModulus", fieldP);
    c.put("order", n);
    c.put("g.x", g.point.getAffineXCoord().toBigInteger());
    c.put("g.y", g.point.getAffineYCoord().toBigInteger());
    c.put("h", BigInteger.ONE);
    this.constants = new GroupConstants(NAME, GroupKind.EllipticCurve, "v2.1.0", c);
  }

  /** The one instance. */
  public static P256Group instance() {
    return INSTANCE;
  }

  ECCurve curve() {
    return curve;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public GroupKind kind() {
    return GroupKind.EllipticCurve;
  }

  @Override
  public BigInteger order() {
    return n;
  }

  @Override
  public int elementByteLength() {
    return ELEMENT_BYTES;
  }

  @Override
  public int scalarByteLength() {
    return FIELD_BYTES;
  }

  @Override
  public Element generator() {
    return g;
  }

  @Override
  public Element identity() {
    return infinity;
  }

  @Override
  public Element decodeElement(byte[] encoded) throws InvalidElementException {
    if (encoded == null) {
      throw new InvalidElementException("element is missing");
    }
    if (encoded.length != ELEMENT_BYTES) {
      throw new InvalidElementException(
          "a P-256 element is a " + ELEMENT_BYTES + "-byte compressed point, got " + encoded.length);
    }
    if (isInfinityEncoding(encoded)) {
      throw new InvalidElementException("element is the point at infinity");
    }
    if (encoded[0] != 0x02 && encoded[0] != 0x03) {
      throw new InvalidElementException(
          String.format("compressed point prefix must be 02 or 03, got %02x", encoded[0] & 0xff));
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(encoded, 1, ELEMENT_BYTES));
    if (x.compareTo(fieldP) >= 0) {
      throw new InvalidElementException("x coordinate is not less than p (non-canonical encoding)");
    }
    ECPoint point;
    try {
      point = curve.decodePoint(encoded);
    } catch (IllegalArgumentException e) {
      throw new InvalidElementException("not a point on P-256 (x^3 + ax + b has no square root)");
    }
    if (point.isInfinity() || !point.isValid()) {
      throw new InvalidElementException("not a point on P-256");
    }
    return new P256Element(this, point, encoded.clone());
  }

  @Override
  public Element decodeElementOrIdentity(byte[] encoded) throws InvalidElementException {
    if (encoded != null && encoded.length == ELEMENT_BYTES && isInfinityEncoding(encoded)) {
      return infinity;
    }
    return decodeElement(encoded);
  }

  private static boolean isInfinityEncoding(byte[] encoded) {
    for (byte b : encoded) {
      if (b != (byte) 0xff) {
        return false;
      }
    }
    return true;
  }

  byte[] encodePoint(ECPoint point) {
    if (point.isInfinity()) {
      byte[] ff = new byte[ELEMENT_BYTES];
      Arrays.fill(ff, (byte) 0xff);
      return ff;
    }
    return point.getEncoded(true);
  }

  @Override
  public byte[] encode(Element element) {
    return own("element", element).encodedUnsafe().clone();
  }

  @Override
  public List<byte[]> encodeAll(List<Element> elements) {
    // One pass decides which points to normalise together: another thread may encode a shared
    // element (such as K) at any moment, so nothing may rely on an earlier count.
    List<P256Element> owners = new ArrayList<>(elements.size());
    List<ECPoint> points = new ArrayList<>(elements.size());
    for (Element e : elements) {
      P256Element p = own("element", e);
      if (!p.hasEncoding() && !p.point.isInfinity()) {
        owners.add(p);
        points.add(p.point);
      }
    }
    if (points.size() > 1) {
      ECPoint[] normalized = points.toArray(new ECPoint[0]);
      curve.normalizeAll(normalized);
      for (int i = 0; i < normalized.length; i++) {
        owners.get(i).setEncoding(normalized[i].getEncoded(true));
      }
    }
    List<byte[]> out = new ArrayList<>(elements.size());
    for (Element e : elements) {
      out.add(((P256Element) e).encodedUnsafe().clone());
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
    return new Scalar(this, value.mod(n));
  }

  @Override
  public Scalar hashToScalar(UInt256 hash) {
    return new Scalar(this, Rfc9380.hashToField(hash.bytes(), n));
  }

  @Override
  public Scalar randomScalar(SecureRandom random) {
    return Scalars.random(this, random);
  }

  @Override
  public Element multiply(Element a, Element b) {
    return new P256Element(this, own("a", a).point.add(own("b", b).point));
  }

  @Override
  public Element divide(Element a, Element b) {
    return new P256Element(this, own("a", a).point.subtract(own("b", b).point));
  }

  @Override
  public Element inverse(Element a) {
    return new P256Element(this, own("a", a).point.negate());
  }

  /** Products of at most this many elements remember their factors (see multiExpAll). */
  static final int MAX_FACTORS = 16;

  /**
   * The product; a product of 2 to {@value #MAX_FACTORS} elements remembers its factors, so that
   * a batch can split it from their splits (a contest's aggregate ciphertext, spec eq. 6.1, 6.2).
   */
  @Override
  public Element product(List<Element> elements) {
    ECPoint acc = curve.getInfinity();
    P256Element[] factors = elements.size() >= 2 && elements.size() <= MAX_FACTORS
        ? new P256Element[elements.size()] : null;
    for (int i = 0; i < elements.size(); i++) {
      P256Element e = own("element", elements.get(i));
      acc = acc.add(e.point);
      if (factors != null) {
        factors[i] = e;
      }
    }
    return new P256Element(this, acc, factors);
  }

  /** base^e for a public e with Bouncy Castle's wNAF multiplier (variable-time). */
  @Override
  public Element exp(Element base, Scalar e) {
    return new P256Element(this, own("base", base).point.multiply(check("e", e).value()));
  }

  @Override
  public Element gExp(Scalar e) {
    return gTable.exp(e);
  }

  /** base^e for a secret e with {@link P256ConstantTime#multiply}: 256 doublings, 64 masked lookups and additions. */
  @Override
  public Element exp(Element base, SecretScalar e) {
    ECPoint point = own("base", base).point;
    long[] k = P256FixedBase.secretLimbs(this, e);
    P256ConstantTime ct = new P256ConstantTime();
    P256ConstantTime.Point r = new P256ConstantTime.Point();
    ct.multiply(point, k, r);
    return fromConstantTime(ct, new P256ConstantTime.Point[] {r}).get(0);
  }

  @Override
  public Element gExp(SecretScalar e) {
    return gTable.exp(e);
  }

  /**
   * Every power constant-time from its base's secret table ({@link P256FixedBase#exp(SecretScalar)}),
   * then one shared inversion for all the results.
   */
  @Override
  public List<Element> secretFixedBaseExps(List<FixedBase> bases, List<SecretScalar> exponents) {
    P256FixedBase[] fb = ownFixedBases(bases, exponents.size());
    int n = fb.length;
    long[][] ks = new long[n][];
    for (int i = 0; i < n; i++) {
      ks[i] = P256FixedBase.secretLimbs(this, exponents.get(i));
    }
    P256ConstantTime ct = new P256ConstantTime();
    P256ConstantTime.Point[] r = new P256ConstantTime.Point[n];
    for (int i = 0; i < n; i++) {
      r[i] = new P256ConstantTime.Point();
      ct.fixedBaseMultiply(fb[i].secretTable(), ks[i], r[i]);
    }
    return fromConstantTime(ct, r);
  }

  /** Elements from the projective results of the constant-time path, normalised together. */
  List<Element> fromConstantTime(P256ConstantTime ct, P256ConstantTime.Point[] points) {
    long[][] affine = ct.affineAll(points);
    List<Element> out = new ArrayList<>(points.length);
    for (long[] xy : affine) {
      if (xy == null) {
        out.add(infinity);
        continue;
      }
      long[] x = Arrays.copyOfRange(xy, 0, 4);
      long[] y = Arrays.copyOfRange(xy, 4, 8);
      byte[] encoded = new byte[ELEMENT_BYTES];
      encoded[0] = (byte) (0x02 | (y[0] & 1));
      System.arraycopy(Bytes.fixedWidth(P256ConstantTime.toBigInteger(x), FIELD_BYTES), 0, encoded, 1, FIELD_BYTES);
      ECPoint point = curve.createPoint(P256ConstantTime.toBigInteger(x), P256ConstantTime.toBigInteger(y));
      out.add(new P256Element(this, point, encoded));
    }
    return out;
  }

  @Override
  public Element multiExp(Element a, Scalar x, Element b, Scalar y) {
    ECPoint pa = own("a", a).point;
    ECPoint pb = own("b", b).point;
    check("x", x);
    check("y", y);
    // Bouncy Castle's interleaved multiplication cannot take the point at infinity, which a
    // legitimate identity element (an aggregate of no ballots, T = K^0) may be.
    if (pa.isInfinity()) {
      return new P256Element(this, pb.multiply(y.value()));
    }
    if (pb.isInfinity()) {
      return new P256Element(this, pa.multiply(x.value()));
    }
    return new P256Element(this, ECAlgorithms.sumOfTwoMultiplies(pa, x.value(), pb, y.value()));
  }

  /** NAF width for the split of a fixed base (g, K): 64 affine points per part, kept (8 is the widest NAF Bouncy Castle makes). */
  static final int FIXED_SPLIT_WIDTH = 8;
  /** NAF width for the split of a ciphertext part used R + 1 times: 4 points per part. */
  static final int VARIABLE_SPLIT_WIDTH = 4;

  /**
   * With two or more powers of b, b is split once (P256Split) and every a^{x_i}·b^{y_i} takes 64
   * doublings instead of 256; a keeps its own split (g and K are long-lived). Below two powers,
   * or with the identity, this is {@link #multiExp} each time.
   */
  @Override
  public List<Element> multiExps(Element a, List<Scalar> xs, Element b, List<Scalar> ys) {
    P256Element pa = own("a", a);
    P256Element pb = own("b", b);
    if (xs.size() != ys.size()) {
      throw new IllegalArgumentException("needs as many x as y, got " + xs.size() + " and " + ys.size());
    }
    if (xs.size() < 2 || pa.point.isInfinity() || pb.point.isInfinity()) {
      return Group.super.multiExps(a, xs, b, ys);
    }
    P256Split sa = pa.split(FIXED_SPLIT_WIDTH);
    P256Split sb = pb.split(VARIABLE_SPLIT_WIDTH);
    List<Element> out = new ArrayList<>(xs.size());
    for (int i = 0; i < xs.size(); i++) {
      out.add(new P256Element(this, P256Split.sumOfTwoMultiplies(curve, sa, check("x", xs.get(i)).value(), sb,
          check("y", ys.get(i)).value())));
    }
    return out;
  }

  /** Below this many terms a batch is computed one term at a time: its shared inversions would not pay. */
  static final int MULTI_BATCH_MIN = 64;
  /** Below this many powers a fixed-base batch is computed one power at a time. */
  static final int FIXED_BATCH_MIN = 16;

  /**
   * With {@value #MULTI_BATCH_MIN} or more terms: every distinct b is split once, all splits in
   * lock step ({@link P256Split#ofAll}), then all products advance in lock step in affine
   * coordinates ({@link P256Split#sumsOfTwoMultiplies}), each step sharing one inversion. Terms
   * with the identity as a base are computed on their own.
   */
  @Override
  public List<Element> multiExpAll(List<MultiExp> terms) {
    if (terms.size() < MULTI_BATCH_MIN) {
      return Group.super.multiExpAll(terms);
    }
    Element[] out = new Element[terms.size()];
    List<Integer> batched = new ArrayList<>(terms.size());
    Map<P256Element, Integer> distinct = new IdentityHashMap<>();
    List<P256Element> toSplit = new ArrayList<>();
    for (int i = 0; i < terms.size(); i++) {
      MultiExp t = terms.get(i);
      P256Element pa = own("a", t.a());
      P256Element pb = own("b", t.b());
      check("x", t.x());
      check("y", t.y());
      if (pa.point.isInfinity() || pb.point.isInfinity()) {
        out[i] = multiExp(pa, t.x(), pb, t.y());
        continue;
      }
      batched.add(i);
      P256Split s = pb.batchSplitIfAny();
      if ((s == null || s.width != VARIABLE_SPLIT_WIDTH) && distinct.putIfAbsent(pb, toSplit.size()) == null) {
        toSplit.add(pb);
      }
    }
    P256Affine arith = new P256Affine(true); // proof checks: public data
    // A product whose factors all get split (or have been) is split from their splits by
    // additions; every other base by 192 doublings.
    List<P256Element> direct = new ArrayList<>();
    List<P256Element> derived = new ArrayList<>();
    for (P256Element b : toSplit) {
      (derivable(b, distinct) ? derived : direct).add(b);
    }
    if (!direct.isEmpty()) {
      ECPoint[] points = new ECPoint[direct.size()];
      for (int i = 0; i < points.length; i++) {
        points[i] = direct.get(i).point;
      }
      P256Split[] splits = P256Split.ofAll(curve, points, VARIABLE_SPLIT_WIDTH, P256Split.BATCH_PARTS, arith);
      for (int i = 0; i < splits.length; i++) {
        direct.get(i).setBatchSplit(splits[i]);
      }
    }
    if (!derived.isEmpty()) {
      P256Split[][] factorSplits = new P256Split[derived.size()][];
      for (int i = 0; i < factorSplits.length; i++) {
        P256Element[] f = derived.get(i).factors;
        factorSplits[i] = new P256Split[f.length];
        for (int j = 0; j < f.length; j++) {
          factorSplits[i][j] = f[j].batchSplitIfAny();
        }
      }
      P256Split[] splits = P256Split.fromBases(
          curve, P256Split.basesBySum(factorSplits, arith), VARIABLE_SPLIT_WIDTH, arith);
      for (int i = 0; i < splits.length; i++) {
        derived.get(i).setBatchSplit(splits[i]);
      }
    }
    int n = batched.size();
    P256Split[] sa = new P256Split[n];
    P256Split[] sb = new P256Split[n];
    BigInteger[] xs = new BigInteger[n];
    BigInteger[] ys = new BigInteger[n];
    for (int k = 0; k < n; k++) {
      MultiExp t = terms.get(batched.get(k));
      sa[k] = ((P256Element) t.a()).batchSplit(FIXED_SPLIT_WIDTH); // width 10 measured no faster
      sb[k] = ((P256Element) t.b()).batchSplit(VARIABLE_SPLIT_WIDTH);
      xs[k] = t.x().value();
      ys[k] = t.y().value();
    }
    P256Affine.Pt[] r = P256Split.sumsOfTwoMultiplies(sa, xs, sb, ys, arith);
    for (int k = 0; k < n; k++) {
      out[batched.get(k)] = fromAffine(r[k]);
    }
    return Arrays.asList(out);
  }

  /** Whether b is a product whose every factor has a width-4 split or gets one directly in this batch. */
  private static boolean derivable(P256Element b, Map<P256Element, Integer> toSplit) {
    if (b.factors == null) {
      return false;
    }
    for (P256Element f : b.factors) {
      P256Split s = f.batchSplitIfAny();
      boolean ready = s != null && s.width == VARIABLE_SPLIT_WIDTH;
      boolean direct = toSplit.containsKey(f) && f.factors == null;
      if (f.point.isInfinity() || !(ready || direct)) {
        return false;
      }
    }
    return true;
  }

  /**
   * With {@value #FIXED_BATCH_MIN} or more powers of this group's fixed bases, all advance window
   * by window in lock step ({@link P256FixedBase#expAll}) and come out affine, already encoded.
   * Public exponents only: the batch skips zero digits and indexes its table by digit.
   */
  @Override
  public List<Element> fixedBaseExps(List<FixedBase> bases, List<Scalar> exponents) {
    if (bases.size() < FIXED_BATCH_MIN) {
      return Group.super.fixedBaseExps(bases, exponents);
    }
    P256FixedBase[] fb = ownFixedBases(bases, exponents.size());
    int n = fb.length;
    BigInteger[] es = new BigInteger[n];
    for (int i = 0; i < n; i++) {
      if (fb[i].width() != fb[0].width()) {
        return Group.super.fixedBaseExps(bases, exponents);
      }
      es[i] = check("exponent", exponents.get(i)).value();
    }
    P256Affine.Pt[] r = P256FixedBase.expAll(fb, es, new P256Affine(true)); // public exponents
    List<Element> out = new ArrayList<>(n);
    for (P256Affine.Pt p : r) {
      out.add(fromAffine(p));
    }
    return out;
  }

  /** The bases as this group's fixed bases, after checking that there are as many as exponents. */
  private P256FixedBase[] ownFixedBases(List<FixedBase> bases, int exponents) {
    if (bases.size() != exponents) {
      throw new IllegalArgumentException(
          "needs as many bases as exponents, got " + bases.size() + " and " + exponents);
    }
    P256FixedBase[] fb = new P256FixedBase[bases.size()];
    for (int i = 0; i < fb.length; i++) {
      if (!(bases.get(i) instanceof P256FixedBase f) || f.base().group() != this) {
        throw new IllegalArgumentException("base " + i + " is not a fixed base of " + NAME);
      }
      fb[i] = f;
    }
    return fb;
  }

  private P256Element fromAffine(P256Affine.Pt p) {
    if (p.infinity) {
      return infinity;
    }
    return new P256Element(this, p.toPoint(curve), p.compressed());
  }

  @Override
  public FixedBase fixedBase(Element base) {
    P256Element b = own("base", base);
    if (b == g || b.equals(g)) {
      return gTable;
    }
    return new P256FixedBase(this, new P256Element(this, b.point.normalize()));
  }

  @Override
  public GroupConstants constants() {
    return constants;
  }

  P256Element own(String name, Element e) {
    check(name, e);
    return (P256Element) e;
  }

  @Override
  public String toString() {
    return NAME;
  }
}

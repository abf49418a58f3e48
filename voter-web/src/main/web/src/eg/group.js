/**
 * The P-256 group as egk-ec uses it (docs/PROTOCOL.md §1): elements are 33-byte SEC1 compressed
 * points, scalars are integers mod n in 32 bytes, and a hash output maps to a scalar with RFC 9380
 * hash_to_field (expand_message_xmd over SHA-256, egk-ec's DST, 48 bytes, mod n). Curve arithmetic
 * is @noble/curves'; points are its immutable Point objects, scalars are bigints in [0, n).
 * @module
 */
import { p256 } from '@noble/curves/nist.js';
import { expand_message_xmd } from '@noble/curves/abstract/hash-to-curve.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fixedWidth, toBigInt, utf8 } from './bytes.js';
import { Hash } from './hash.js';

const Point = p256.Point;
const CURVE = Point.CURVE();
const DST = utf8('QUUX-V01-CS02-with-P256_XMD:SHA-256_SSWU_RO_');

/** An element or scalar that failed validation; the message says what is wrong. */
export class InvalidElementError extends Error {}

export const P256 = Object.freeze({
  name: 'P-256',
  /** The prime order n of the group. */
  n: CURVE.n,
  /** The field prime p. */
  p: CURVE.p,
  /** The generator g. */
  g: Point.BASE,
  /** The identity (point at infinity). */
  identity: Point.ZERO,
  /** The constants as constants.json holds them, in egk-ec's order. */
  constants: Object.freeze({
    a: CURVE.a, b: CURVE.b, primeModulus: CURVE.p, order: CURVE.n, 'g.x': CURVE.Gx, 'g.y': CURVE.Gy, h: CURVE.h,
  }),
  protocolVersion: 'v2.1.0',

  /**
   * Decodes an element from untrusted bytes: 33 bytes, prefix 02 or 03, x < p, on the curve,
   * not the point at infinity.
   */
  decodeElement(bytes) {
    if (!(bytes instanceof Uint8Array) || bytes.length !== 33) {
      throw new InvalidElementError(`a P-256 element is a 33-byte compressed point, got ${bytes?.length} bytes`);
    }
    if (bytes[0] !== 2 && bytes[0] !== 3) {
      throw new InvalidElementError(`compressed point prefix must be 02 or 03, got ${bytes[0].toString(16).padStart(2, '0')}`);
    }
    if (toBigInt(bytes.subarray(1)) >= CURVE.p) {
      throw new InvalidElementError('x coordinate is not less than the field prime');
    }
    let point;
    try {
      point = Point.fromBytes(bytes);
      point.assertValidity();
    } catch {
      throw new InvalidElementError('the point is not on the curve');
    }
    if (point.is0()) throw new InvalidElementError('the point at infinity is not allowed here');
    return point;
  },

  /** The 33-byte compressed encoding of an element (never the identity). */
  encode(point) {
    return point.toBytes(true);
  },

  /** A scalar from untrusted bytes: exactly 32 bytes and < n. */
  decodeScalar(bytes) {
    if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
      throw new InvalidElementError(`a scalar is 32 bytes, got ${bytes?.length}`);
    }
    const s = toBigInt(bytes);
    if (s >= CURVE.n) throw new InvalidElementError('scalar is not less than the group order');
    return s;
  },

  /** b(s, 32). */
  encodeScalar(s) {
    return fixedWidth(s, 32);
  },

  /** x mod n, for any bigint. */
  mod(x) {
    const r = x % CURVE.n;
    return r < 0n ? r + CURVE.n : r;
  },

  /** OS2IP(expand_message_xmd(H, DST, 48)) mod n: egk-ec's map from a hash output to Z_q. */
  hashToScalar(hash32) {
    return toBigInt(expandMessageXmd(hash32, DST, 48)) % CURVE.n;
  },

  /**
   * g^e for a secret e (a nonce, ξ + σ, a commitment exponent). @noble/curves' multiply() is its
   * constant-time path: a fixed sequence of point operations, table entries read by
   * data-oblivious scans, and the scalar blinded as e + r·n with a random r. multiplyUnsafe() is
   * the variable-time one; this page never calls it. The test e === 0 (multiply refuses 0) is a
   * branch on the secret, taken with probability 2^-256 for a derived nonce.
   */
  gExp(e) {
    return e === 0n ? Point.ZERO : Point.BASE.multiply(e);
  },

  /** base^e for a secret e: multiply(), constant-time as gExp. */
  exp(base, e) {
    return e === 0n ? Point.ZERO : base.multiply(e);
  },

  /** a^x · b^y for public values, as proof checks compute it. */
  multiExp(a, x, b, y) {
    return a.mulAddUnsafe(x, b, y);
  },

  /** Prepares a base that will be raised to many powers, such as the joint key K. */
  fixedBase(point) {
    return point.precompute(6, true);
  },
});

/**
 * expand_message_xmd(msg, DST, len_in_bytes) of RFC 9380 §5.3.1 with SHA-256 (@noble/curves'),
 * on which hashToScalar is built; checked against RFC 9380 Appendix K.1.
 */
export function expandMessageXmd(msg, dst, lenInBytes) {
  return expand_message_xmd(msg, dst, lenInBytes, sha256);
}

/**
 * H_P = H(ver; 0x00, a, b, p, g.x, g.y, h), 32 bytes each (spec eq. 4 in egk-ec's curve form),
 * where ver is "v2.1.0" padded with zero bytes to 32.
 */
export function parameterBaseHash() {
  const ver = new Uint8Array(32);
  ver.set(utf8(P256.protocolVersion));
  const c = P256.constants;
  return Hash.key(ver)
    .domain(0x00)
    .bytes(...['a', 'b', 'primeModulus', 'g.x', 'g.y', 'h'].map((k) => fixedWidth(c[k], 32)))
    .digest();
}


/**
 * Byte helpers: fixed-width integers, hex and base64, UTF-8. Everything the ElectionGuard code
 * hashes or writes goes through these, so that the encodings match the Java side exactly.
 * @module
 */

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export function utf8(s) {
  return encoder.encode(s);
}

/** The concatenation of byte arrays. */
export function concat(...parts) {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** b(n, 4): a 32-bit big-endian integer (spec §5.1.3). */
export function int32(n) {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0xffffffff) {
    throw new RangeError(`not a 32-bit integer: ${n}`);
  }
  return new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
}

/** b(x, len): a non-negative bigint, big-endian, in exactly len bytes. */
export function fixedWidth(x, len) {
  if (typeof x !== 'bigint' || x < 0n) throw new RangeError('expected a non-negative bigint');
  const out = new Uint8Array(len);
  let v = x;
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new RangeError(`integer does not fit in ${len} bytes`);
  return out;
}

/** The big-endian unsigned integer of some bytes. */
export function toBigInt(bytes) {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** Lower-case hex. */
export function toHex(bytes) {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Bytes from hex of either case; throws on anything else. */
export function fromHex(hex) {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new TypeError('not a hex string');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** Standard base64 with padding (RFC 4648 §4), as Java's Base64.getEncoder() writes it. */
export function toBase64(bytes) {
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    s += B64[v >> 18] + B64[(v >> 12) & 63] + B64[(v >> 6) & 63] + B64[v & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const v = bytes[i] << 16;
    s += B64[v >> 18] + B64[(v >> 12) & 63] + '==';
  } else if (rest === 2) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    s += B64[v >> 18] + B64[(v >> 12) & 63] + B64[(v >> 6) & 63] + '=';
  }
  return s;
}

/** base64url without padding (RFC 4648 §5), as JOSE and the voter signature use. */
export function toBase64Url(bytes) {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes standard or url-safe base64, padded or not; throws a TypeError on anything else. */
export function fromBase64(s) {
  if (typeof s !== 'string') throw new TypeError('not a base64 string');
  const t = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (t.length % 4 === 1 || !/^[A-Za-z0-9+/]*$/.test(t)) throw new TypeError('not a base64 string');
  const out = new Uint8Array(Math.floor((t.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let at = 0;
  for (const c of t) {
    acc = (acc << 6) | B64_INDEX.get(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Constant-time equality of two byte arrays of public length. */
export function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

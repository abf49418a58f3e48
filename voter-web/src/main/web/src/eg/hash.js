/**
 * The ElectionGuard hash H(B0; B1) = HMAC-SHA-256(B0, B1) (spec §5.2, eq. 105) with typed,
 * fixed-width inputs, following the Java class org.evote.crypto.hash.Hash input by input.
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { int32, utf8 } from './bytes.js';

export class Hash {
  #mac;
  #done = false;

  constructor(key32) {
    if (!(key32 instanceof Uint8Array) || key32.length !== 32) {
      throw new TypeError('the first input of H is 32 bytes');
    }
    this.#mac = hmac.create(sha256, key32);
  }

  /** Starts H(key; ...) with a 32-byte key such as H_P, H_B or H_E. */
  static key(key32) {
    return new Hash(key32);
  }

  /** The domain separation byte that opens B1 (spec §5.5). */
  domain(b) {
    if (!Number.isInteger(b) || b < 0 || b > 0xff) throw new RangeError('a domain separator is one byte');
    this.#mac.update(new Uint8Array([b]));
    return this;
  }

  /** b(n, 4). */
  int32(n) {
    this.#mac.update(int32(n));
    return this;
  }

  /** A 32-byte hash value. */
  uint256(b32) {
    if (b32.length !== 32) throw new TypeError('a hash value is 32 bytes');
    this.#mac.update(b32);
    return this;
  }

  /** Encoded group elements (or scalars), in order. */
  bytes(...encoded) {
    for (const e of encoded) this.#mac.update(e);
    return this;
  }

  /** A file with its 4-byte length in front (spec §5.1.5), as the manifest in eq. 6. */
  lengthPrefixed(b) {
    this.#mac.update(int32(b.length));
    this.#mac.update(b);
    return this;
  }

  /** UTF-8 with no length in front, as egk-ec hashes strings. */
  rawUtf8(s) {
    this.#mac.update(utf8(s));
    return this;
  }

  /** The 32-byte result. */
  digest() {
    if (this.#done) throw new Error('this hash has already been finished');
    this.#done = true;
    return this.#mac.digest();
  }
}

/** HMAC-SHA-256(key, parts...) for the KDF and MAC of contest data (spec eq. 52, 55). */
export function hmacSha256(key, ...parts) {
  const m = hmac.create(sha256, key);
  for (const p of parts) m.update(p);
  return m.digest();
}

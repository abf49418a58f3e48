package org.evote.crypto.hash;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.evote.crypto.group.Bytes;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Scalar;

/**
 * The ElectionGuard hash function H(B0; B1) = HMAC-SHA-256(B0, B1) (spec §5.2, eq. 105), with
 * typed, fixed-width inputs (spec §5.1). This is the only place the hash is computed.
 *
 * <p>Start with {@link #key(UInt256)} (B0, always 32 bytes), give the domain separation byte,
 * then append the inputs in the order of the equation:
 *
 * <pre>{@code
 * UInt256 c = Hash.key(he).domain(0x21).element(k).element(alpha).element(beta).digest();
 * }</pre>
 *
 * <p>A builder is single-use and not thread-safe.
 */
public final class Hash {
  /** Idle MAC objects of this thread; a builder borrows one so that nested hashes never share. */
  private static final ThreadLocal<java.util.ArrayDeque<Mac>> POOL =
      ThreadLocal.withInitial(java.util.ArrayDeque::new);

  private final Mac mac;
  private boolean done;

  private Hash(byte[] key) {
    Mac pooled = POOL.get().pollFirst();
    if (pooled == null) {
      try {
        pooled = Mac.getInstance("HmacSHA256");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
      }
    }
    this.mac = pooled;
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot key HMAC-SHA-256", e);
    }
  }

  /** Starts H(key; ...) with a 32-byte key such as H_P, H_B or H_E. */
  public static Hash key(UInt256 key) {
    return new Hash(key.bytes());
  }

  /**
   * Starts H(key; ...) with a raw 32-byte key, for the version array of eq. 4 and for HMAC keys
   * derived in the KDFs of eq. 16, 17 and 52.
   */
  public static Hash rawKey(byte[] key32) {
    if (key32.length != 32) {
      throw new IllegalArgumentException("the first input of H is 32 bytes, got " + key32.length);
    }
    return new Hash(key32);
  }

  /** The domain separation byte that opens B1 (spec §5.5). */
  public Hash domain(int separator) {
    if (separator < 0 || separator > 0xff) {
      throw new IllegalArgumentException("a domain separator is one byte, got " + separator);
    }
    return u8(separator);
  }

  /** One byte. */
  public Hash u8(int b) {
    mac.update((byte) b);
    return this;
  }

  /** b(n, 4), a small integer such as an index, n or k (spec §5.1.3). */
  public Hash int32(int n) {
    mac.update(Bytes.int32(n));
    return this;
  }

  /** A 32-byte hash value. */
  public Hash uint256(UInt256 value) {
    value.writeTo(mac);
    return this;
  }

  /** Several 32-byte hash values in order. */
  public Hash uint256s(List<UInt256> values) {
    for (UInt256 v : values) {
      v.writeTo(mac);
    }
    return this;
  }

  /** A group element in its canonical fixed-width encoding (spec §5.1.1). */
  public Hash element(Element e) {
    mac.update(e.encode());
    return this;
  }

  /** Several group elements in order, encoded in one batch. */
  public Hash elements(Group group, List<Element> elements) {
    for (byte[] b : group.encodeAll(elements)) {
      mac.update(b);
    }
    return this;
  }

  /** A scalar, b(x, 32) (spec §5.1.2). */
  public Hash scalar(Scalar s) {
    mac.update(s.encode());
    return this;
  }

  /** An integer in fixed width, b(x, len). */
  public Hash fixedWidth(java.math.BigInteger x, int len) {
    mac.update(Bytes.fixedWidth(x, len));
    return this;
  }

  /**
   * A file or byte string with its 4-byte length in front, b(len, 4) ∥ bytes (spec §5.1.5), as
   * for the manifest in eq. 6.
   */
  public Hash lengthPrefixed(byte[] bytes) {
    mac.update(Bytes.int32(bytes.length));
    mac.update(bytes);
    return this;
  }

  /**
   * Bytes with no length in front. egk-ec hashes B_aux (eq. 58-61) this way, where the spec's
   * table in §5.5.3 puts a length; we follow egk-ec so that records interoperate.
   */
  public Hash rawBytes(byte[] bytes) {
    mac.update(bytes);
    return this;
  }

  /**
   * A string's UTF-8 bytes with no length in front. egk-ec hashes its string inputs this way
   * (its Hash.kt, "not adding size"); the spec (§5.1.4) would put b(len, 4) first.
   */
  public Hash rawUtf8(String s) {
    mac.update(s.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Finishes the hash. */
  public UInt256 digest() {
    if (done) {
      throw new IllegalStateException("this hash has already been finished");
    }
    done = true;
    byte[] out = mac.doFinal();
    POOL.get().addFirst(mac);
    return UInt256.of(out);
  }

  /** HMAC-SHA-256(key, data) for the KDFs of eq. 16, 17, 52 and the MACs of eq. 19, 55. */
  public static byte[] hmac(byte[] key, byte[]... parts) {
    Hash h = new Hash(key);
    for (byte[] p : parts) {
      h.mac.update(p);
    }
    h.done = true;
    byte[] out = h.mac.doFinal();
    POOL.get().addFirst(h.mac);
    return out;
  }
}

package org.evote.crypto.hash;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A 32-byte value: an output of H, such as H_P, H_E, a contest hash or a confirmation code
 * (spec §5.4). Immutable; the byte array is copied in and out.
 */
public final class UInt256 implements Comparable<UInt256> {
  /** The length in bytes. */
  public static final int LENGTH = 32;

  private final byte[] bytes;

  private UInt256(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Wraps exactly 32 bytes.
   *
   * @throws IllegalArgumentException naming the length otherwise
   */
  public static UInt256 of(byte[] bytes) {
    if (bytes == null) {
      throw new NullPointerException("bytes is null");
    }
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a 256-bit value needs 32 bytes, got " + bytes.length);
    }
    return new UInt256(bytes.clone());
  }

  /** Decodes 64 hex digits. */
  public static UInt256 fromHex(String hex) {
    return of(HexFormat.of().parseHex(hex));
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Feeds the bytes to a MAC or digest without copying. */
  void writeTo(javax.crypto.Mac mac) {
    mac.update(bytes);
  }

  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  public String toBase64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Constant-time equality. */
  @Override
  public boolean equals(Object o) {
    return o instanceof UInt256 u && MessageDigest.isEqual(u.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(UInt256 o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}

package org.evote.verifier.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A 128-bit fingerprint: the first 16 bytes of SHA-256 over a one-byte domain tag and the input,
 * so that, say, a ballot id and a confirmation code never share a fingerprint by construction.
 *
 * @param hi the first 8 bytes, big-endian
 * @param lo the next 8 bytes
 */
record Fingerprint(long hi, long lo) {
  /** Ballot ids. */
  static final byte BALLOT_ID = 1;
  /** Confirmation codes. */
  static final byte CONFIRMATION_CODE = 2;
  /** Encodings of the group elements of selection ciphertexts. */
  static final byte CIPHERTEXT_ELEMENT = 3;

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  });

  static Fingerprint of(byte tag, byte[] input) {
    MessageDigest md = SHA256.get();
    md.reset();
    md.update(tag);
    md.update(input);
    ByteBuffer b = ByteBuffer.wrap(md.digest());
    return new Fingerprint(b.getLong(), b.getLong());
  }

  static Fingerprint ofId(String ballotId) {
    return of(BALLOT_ID, ballotId.getBytes(StandardCharsets.UTF_8));
  }
}

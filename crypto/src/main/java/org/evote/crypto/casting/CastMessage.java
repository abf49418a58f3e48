package org.evote.crypto.casting;

import java.nio.charset.StandardCharsets;
import org.evote.crypto.hash.UInt256;

/**
 * The bytes a voter signs to cast a ballot: {@code "evote-cast-v1" ∥ 0x00 ∥ H_E ∥ H(B)}, the
 * election id (its extended base hash) and the ballot's confirmation code. Binding both means a
 * signature cannot be moved to another ballot or another election.
 */
public final class CastMessage {
  private static final byte[] TAG = "evote-cast-v1".getBytes(StandardCharsets.US_ASCII);

  private CastMessage() {}

  public static byte[] of(UInt256 electionId, UInt256 confirmationCode) {
    byte[] out = new byte[TAG.length + 1 + 64];
    System.arraycopy(TAG, 0, out, 0, TAG.length);
    System.arraycopy(electionId.bytes(), 0, out, TAG.length + 1, 32);
    System.arraycopy(confirmationCode.bytes(), 0, out, TAG.length + 33, 32);
    return out;
  }
}

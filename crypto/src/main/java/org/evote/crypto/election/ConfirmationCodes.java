package org.evote.crypto.election;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Element;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.Hash;
import org.evote.crypto.hash.UInt256;

/**
 * Contest hashes, confirmation codes and ballot chaining, spec §3.4. B_aux enters the hash with
 * no length in front, as egk-ec computes it.
 */
public final class ConfirmationCodes {
  private ConfirmationCodes() {}

  /** χ_l = H(H_E; 0x23, ind_c(Λ_l), K, α_1, β_1, ..., α_m, β_m), spec eq. 57. */
  public static UInt256 contestHash(
      UInt256 he, PublicKey k, int contestIndex, List<Ciphertext> selections) {
    List<Element> all = new ArrayList<>(2 * selections.size() + 1);
    all.add(k.element());
    for (Ciphertext c : selections) {
      all.add(c.pad());
      all.add(c.data());
    }
    return Hash.key(he).domain(0x23).int32(contestIndex).elements(k.group(), all).digest();
  }

  /** H(B) = H(H_E; 0x24, χ_1, ..., χ_mB, B_aux), spec eq. 58. */
  public static UInt256 confirmationCode(UInt256 he, List<UInt256> contestHashes, ByteString baux) {
    return Hash.key(he).domain(0x24).uint256s(contestHashes).rawBytes(baux.bytes()).digest();
  }

  /** B_aux,0 of a device: the configured B_aux,0, or the device name when that is empty (egk-ec). */
  public static ByteString deviceBaux0(ByteString configBaux0, String device) {
    return configBaux0.isEmpty()
        ? ByteString.of(device.getBytes(StandardCharsets.UTF_8))
        : configBaux0;
  }

  /** H_0 = H(H_E; 0x24, B_aux,0), spec eq. 59. */
  public static UInt256 chainStart(UInt256 he, ByteString baux0) {
    return Hash.key(he).domain(0x24).rawBytes(baux0.bytes()).digest();
  }

  /** B_aux,j = H_{j-1} ∥ B_aux,0, spec eq. 60. */
  public static ByteString chainedBaux(UInt256 previousCode, ByteString baux0) {
    return ByteString.concat(previousCode.bytes(), baux0.bytes());
  }

  /**
   * The previous code H_{j-1} that B_aux,j = H_{j-1} ∥ B_aux,0 (eq. 60) holds, or null when
   * {@code baux} does not have that form: 32 bytes, then exactly B_aux,0.
   */
  public static UInt256 chainedPrevious(ByteString baux, ByteString baux0) {
    byte[] b = baux.bytes();
    byte[] tail = baux0.bytes();
    if (b.length != 32 + tail.length
        || !java.util.Arrays.equals(b, 32, b.length, tail, 0, tail.length)) {
      return null;
    }
    return UInt256.of(java.util.Arrays.copyOf(b, 32));
  }

  /** H = H(H_E; 0x24, H(B_ℓ) ∥ B_aux,0 ∥ "CLOSE"), spec eq. 61. */
  public static UInt256 chainClose(UInt256 he, UInt256 lastCode, ByteString baux0) {
    return Hash.key(he)
        .domain(0x24)
        .rawBytes(ByteString.concat(lastCode.bytes(), baux0.bytes(), "CLOSE".getBytes(StandardCharsets.UTF_8)).bytes())
        .digest();
  }
}

package org.evote.crypto.election;

import java.nio.charset.StandardCharsets;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.GroupConstants;
import org.evote.crypto.group.GroupKind;
import org.evote.crypto.hash.Hash;
import org.evote.crypto.hash.UInt256;

/** The base hashes H_P, H_M, H_B and H_E, spec §3.1.2 to §3.2.3. */
public final class ElectionHashes {
  private ElectionHashes() {}

  /**
   * H_P = H(ver; 0x00, p, q, g) (spec §3.1.2 eq. 4), where ver is the record's protocol version
   * in UTF-8, padded with zero bytes to 32. For an elliptic curve, as egk-ec does, the inputs are
   * the curve's a, b, field prime, generator coordinates and cofactor, 32 bytes each.
   */
  public static UInt256 parameterBaseHash(GroupConstants constants) {
    byte[] version = constants.protocolVersion().getBytes(StandardCharsets.UTF_8);
    if (version.length > 32) {
      throw new IllegalArgumentException("protocol version longer than 32 bytes");
    }
    byte[] ver = new byte[32];
    System.arraycopy(version, 0, ver, 0, version.length);
    Hash h = Hash.rawKey(ver).domain(0x00);
    if (constants.kind() == GroupKind.EllipticCurve) {
      for (String name : new String[] {"a", "b", "primeModulus", "g.x", "g.y", "h"}) {
        h.fixedWidth(constants.get(name), 32);
      }
    } else {
      h.fixedWidth(constants.get("largePrime"), 512)
          .fixedWidth(constants.get("smallPrime"), 32)
          .fixedWidth(constants.get("generator"), 512);
    }
    return h.digest();
  }

  /** H_M = H(H_P; 0x01, manifest) with the file's length in front (spec eq. 6, §5.1.5). */
  public static UInt256 manifestHash(UInt256 hp, byte[] manifestBytes) {
    return Hash.key(hp).domain(0x01).lengthPrefixed(manifestBytes).digest();
  }

  /** H_B = H(H_P; 0x02, H_M, n, k) (spec eq. 7). */
  public static UInt256 electionBaseHash(UInt256 hp, UInt256 hm, int n, int k) {
    return Hash.key(hp).domain(0x02).uint256(hm).int32(n).int32(k).digest();
  }

  /** H_E = H(H_B; 0x12, K) (spec eq. 23). */
  public static UInt256 extendedBaseHash(UInt256 hb, Element k) {
    return Hash.key(hb).domain(0x12).element(k).digest();
  }
}

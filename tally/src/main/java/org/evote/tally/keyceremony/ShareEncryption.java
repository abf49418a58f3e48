package org.evote.tally.keyceremony;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.evote.crypto.group.Bytes;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.InvalidElementException;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.Hash;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.secret.SecretScalar;
import org.evote.tally.Checked;

/**
 * Encryption of key shares between guardians, ElectionGuard 2.0 §3.2.2, eq. 14-20, exactly as the
 * spec writes it: Label = b("share enc keys", 14), Context = b("share encrypt", 13) ∥ b(i, 4) ∥
 * b(ℓ, 4), and the final length field 0x0200 (512 bits). b(C0, 512) in eq. 19 is the canonical
 * element encoding of the group (33 bytes for P-256). These messages never enter the election
 * record, so they need not match egk-ec's spelling ("share_enc_keys").
 */
public final class ShareEncryption {
  private static final byte[] LABEL = "share enc keys".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CONTEXT = "share encrypt".getBytes(StandardCharsets.UTF_8);
  private static final byte[] LENGTH_512 = {0x02, 0x00};

  private ShareEncryption() {}

  /**
   * E_ℓ(P_i(ℓ)) with nonce ξ_{i,ℓ} (eq. 14-19).
   *
   * @param hp H_P
   * @param i the sender's x coordinate
   * @param ell the recipient's x coordinate ℓ
   * @param kEll the recipient's public key K_ℓ = K_{ℓ,0}
   * @param share P_i(ℓ)
   * @param xi ξ_{i,ℓ} ∈ Z_q
   */
  public static ShareCiphertext encrypt(
      UInt256 hp, int i, int ell, Element kEll, SecretScalar share, SecretScalar xi) {
    Group group = kEll.group();
    group.check("xi", xi);
    Element alpha = group.gExp(xi); // eq. 14
    Element beta = kEll.exp(xi); // constant-time in ξ
    UInt256 kil = secretKey(hp, i, ell, kEll, alpha, beta); // eq. 15
    byte[] k0 = kdf(kil, 0x01, i, ell); // eq. 16
    byte[] k1 = kdf(kil, 0x02, i, ell); // eq. 17
    byte[] p = group.check("share", share.unwrapSecret()).encode();
    byte[] c1 = new byte[32];
    for (int b = 0; b < 32; b++) {
      c1[b] = (byte) (p[b] ^ k1[b]);
    }
    java.util.Arrays.fill(p, (byte) 0);
    UInt256 c2 = UInt256.of(Hash.hmac(k0, alpha.encode(), c1)); // eq. 19
    return new ShareCiphertext(alpha, ByteString.of(c1), c2);
  }

  /**
   * Share decryption (eq. 20): β = C0^{s_ℓ}, k_{i,ℓ} from eq. 15, the MAC checked before C1 is
   * decrypted. Fails when the MAC does not match or the plaintext is not a scalar below q.
   *
   * @param secretKey s_ℓ, the recipient's secret key
   */
  public static Checked<SecretScalar> decrypt(
      UInt256 hp, int i, int ell, Element kEll, SecretScalar secretKey, ShareCiphertext ct) {
    Group group = kEll.group();
    Element alpha = group.check("C0", ct.c0());
    Element beta = alpha.exp(group.check("secret key", secretKey)); // constant-time in s_ℓ
    UInt256 kil = secretKey(hp, i, ell, kEll, alpha, beta);
    byte[] k0 = kdf(kil, 0x01, i, ell);
    byte[] c1 = ct.c1().bytes();
    byte[] mac = Hash.hmac(k0, alpha.encode(), c1);
    if (!MessageDigest.isEqual(mac, ct.c2().bytes())) {
      return Checked.failed("the share's MAC C2 does not match HMAC(k0, C0 ∥ C1) (eq. 19-20)");
    }
    byte[] k1 = kdf(kil, 0x02, i, ell);
    byte[] p = new byte[32];
    for (int b = 0; b < 32; b++) {
      p[b] = (byte) (c1[b] ^ k1[b]);
    }
    try {
      return Checked.ok(SecretScalar.of(group.decodeScalar(p)));
    } catch (InvalidElementException e) {
      return Checked.failed("the decrypted share is not an integer mod q");
    } finally {
      java.util.Arrays.fill(p, (byte) 0);
    }
  }

  /**
   * Whether a revealed share and nonce reproduce a published encryption exactly (the spec's
   * complaint resolution, §3.2.2 "Share verification").
   */
  public static boolean reproduces(
      UInt256 hp, int i, int ell, Element kEll, SecretScalar share, SecretScalar xi, ShareCiphertext published) {
    ShareCiphertext again = encrypt(hp, i, ell, kEll, share, xi);
    return again.c0().equals(published.c0())
        && again.c1().equals(published.c1())
        && again.c2().equals(published.c2());
  }

  /** k_{i,ℓ} = H(H_P; 0x11, i, ℓ, K_ℓ, α_{i,ℓ}, β_{i,ℓ}), eq. 15. */
  private static UInt256 secretKey(UInt256 hp, int i, int ell, Element kEll, Element alpha, Element beta) {
    return Hash.key(hp).domain(0x11).int32(i).int32(ell).element(kEll).element(alpha).element(beta).digest();
  }

  /** HMAC(k_{i,ℓ}, counter ∥ Label ∥ 0x00 ∥ Context ∥ 0x0200), eq. 16 (counter 1) and 17 (counter 2). */
  private static byte[] kdf(UInt256 kil, int counter, int i, int ell) {
    return Hash.hmac(
        kil.bytes(),
        new byte[] {(byte) counter},
        LABEL,
        new byte[] {0},
        CONTEXT,
        Bytes.int32(i),
        Bytes.int32(ell),
        LENGTH_512);
  }
}

package org.evote.crypto.elgamal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.evote.crypto.group.Bytes;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.Hash;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.secret.SecretScalar;

/**
 * Hashed ElGamal encryption of contest data, spec §3.3.6 (eq. 49-55) and its decryption §3.6.4
 * (eq. 86-89), with the inputs egk-ec uses so that its records and ours decrypt alike: the KDF
 * label "share_enc_keys", the context "contest_data" followed by the contest id, and the length
 * field set to the plaintext length in bits.
 */
public final class ContestDataCipher {
  private static final byte[] LABEL = "share_enc_keys".getBytes(StandardCharsets.UTF_8);
  private static final String CONTEXT_PREFIX = "contest_data";
  private static final int BLOCK = 32;

  private ContestDataCipher() {}

  /**
   * ξ = H(H_E; 0x20, ξ_B, ind_c(Λ), "contest_data") mapped to Z_q (spec eq. 50, with egk-ec's
   * string spelling and no length prefix).
   */
  public static SecretScalar nonce(Group group, UInt256 he, UInt256 ballotNonce, int contestIndex) {
    return SecretScalar.of(group.hashToScalar(
        Hash.key(he)
            .domain(0x20)
            .uint256(ballotNonce)
            .int32(contestIndex)
            .rawUtf8(CONTEXT_PREFIX)
            .digest()));
  }

  /**
   * Encrypts D with nonce ξ: C0 = g^ξ, k = H(H_E; 0x22, K, C0, K^ξ), C1 = D ⊕ k_1 ∥ ..., C2 =
   * HMAC(k_0, C0 ∥ C1).
   */
  public static HashedCiphertext encrypt(
      UInt256 he, PublicKey k, String contestId, byte[] plaintext, SecretScalar xi) {
    return encrypt(he, k, contestId, plaintext, k.group().gExp(xi), k.exp(xi));
  }

  /**
   * {@link #encrypt(UInt256, PublicKey, String, byte[], SecretScalar)} with C0 = α = g^ξ and β = K^ξ
   * already computed, for callers that compute the powers of a whole ballot in one batch.
   */
  public static HashedCiphertext encrypt(
      UInt256 he, PublicKey k, String contestId, byte[] plaintext, Element alpha, Element beta) {
    UInt256 key = sessionKey(he, k, alpha, beta);
    byte[] c0 = alpha.encode();
    int blocks = (plaintext.length + BLOCK - 1) / BLOCK;
    byte[] c1 = new byte[blocks * BLOCK];
    byte[] contextBytes = context(contestId);
    for (int i = 0; i < blocks; i++) {
      byte[] ki = kdf(key, i + 1, contextBytes, plaintext.length);
      for (int j = 0; j < BLOCK; j++) {
        int idx = i * BLOCK + j;
        byte d = idx < plaintext.length ? plaintext[idx] : 0;
        c1[idx] = (byte) (d ^ ki[j]);
      }
    }
    byte[] k0 = kdf(key, 0, contextBytes, plaintext.length);
    UInt256 c2 = UInt256.of(Hash.hmac(k0, c0, c1));
    return new HashedCiphertext(alpha, ByteString.of(c1), c2, plaintext.length);
  }

  /**
   * Decrypts with β = C0^s (eq. 78), checking the MAC first; empty when the MAC does not match
   * or the lengths are inconsistent.
   */
  public static Optional<byte[]> decrypt(
      UInt256 he, PublicKey k, String contestId, HashedCiphertext ct, Element beta) {
    byte[] c1 = ct.c1().bytes();
    int n = ct.numBytes();
    if (c1.length % BLOCK != 0 || c1.length != ((n + BLOCK - 1) / BLOCK) * BLOCK) {
      return Optional.empty();
    }
    UInt256 key = sessionKey(he, k, ct.c0(), beta);
    byte[] contextBytes = context(contestId);
    byte[] k0 = kdf(key, 0, contextBytes, n);
    byte[] mac = Hash.hmac(k0, ct.c0().encode(), c1);
    if (!MessageDigest.isEqual(mac, ct.c2().bytes())) {
      return Optional.empty();
    }
    byte[] out = new byte[c1.length];
    for (int i = 0; i < c1.length / BLOCK; i++) {
      byte[] ki = kdf(key, i + 1, contextBytes, n);
      for (int j = 0; j < BLOCK; j++) {
        out[i * BLOCK + j] = (byte) (c1[i * BLOCK + j] ^ ki[j]);
      }
    }
    return Optional.of(java.util.Arrays.copyOf(out, n));
  }

  /** k = H(H_E; 0x22, K, α, β), spec eq. 51. */
  private static UInt256 sessionKey(UInt256 he, PublicKey k, Element alpha, Element beta) {
    return Hash.key(he).domain(0x22).element(k.element()).element(alpha).element(beta).digest();
  }

  private static byte[] context(String contestId) {
    return (CONTEXT_PREFIX + contestId).getBytes(StandardCharsets.UTF_8);
  }

  /** k_i = HMAC(k, b(i, 4) ∥ Label ∥ 0x00 ∥ Context ∥ b(len, 4)), spec eq. 52. */
  private static byte[] kdf(UInt256 key, int i, byte[] context, int numBytes) {
    return Hash.hmac(
        key.bytes(), Bytes.int32(i), LABEL, new byte[] {0}, context, Bytes.int32(numBytes * 8));
  }
}

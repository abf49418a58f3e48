package org.evote.crypto.elgamal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import org.evote.crypto.election.ContestData;
import org.evote.crypto.election.ContestDataCodec;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.secret.SecretScalar;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ContestDataCipherTest {
  static final Group G = Groups.p256();
  static final SecureRandom R = new SecureRandom();
  /** H_E; any value serves, since the same one encrypts and decrypts. */
  static final UInt256 HE = UInt256.of(new byte[32]);

  /** A fresh election key pair for each test: the secret s and K = g^s. */
  final Scalar s = G.randomScalar(R);
  final PublicKey k = PublicKey.of(G.gExp(s));

  @Test
  @DisplayName("contest data encrypted to K decrypts with β = C0^s and fills egk-ec's fixed size")
  void roundTrip() {
    ContestData data = new ContestData(List.of(), List.of("Ada Lovelace"), "under_vote");
    byte[] plain = ContestDataCodec.encode(data, 2);
    assertThat(plain).hasSize(3 * 32 - 2);
    HashedCiphertext ct = ContestDataCipher.encrypt(HE, k, "contest1", plain, SecretScalar.of(G.randomScalar(R)));
    assertThat(ct.c1().length()).isEqualTo(96);
    byte[] out = ContestDataCipher.decrypt(HE, k, "contest1", ct, ct.c0().exp(s)).orElseThrow();
    assertThat(ContestDataCodec.decode(out)).contains(data);
  }

  @Test
  @DisplayName("a changed C1 byte, C2, contest id or β fails the MAC")
  void tamperFailsMac() {
    byte[] plain = ContestDataCodec.encode(new ContestData(List.of(), List.of(), "normal"), 1);
    HashedCiphertext ct = ContestDataCipher.encrypt(HE, k, "c", plain, SecretScalar.of(G.randomScalar(R)));
    byte[] c1 = ct.c1().bytes();
    c1[5] ^= 1;
    HashedCiphertext badC1 = new HashedCiphertext(ct.c0(), ByteString.of(c1), ct.c2(), ct.numBytes());
    assertThat(ContestDataCipher.decrypt(HE, k, "c", badC1, ct.c0().exp(s))).isEmpty();
    assertThat(ContestDataCipher.decrypt(HE, k, "d", ct, ct.c0().exp(s))).isEmpty();
    assertThat(ContestDataCipher.decrypt(HE, k, "c", ct, ct.c0().exp(s.add(G.scalar(1))))).isEmpty();
    HashedCiphertext badC2 = new HashedCiphertext(ct.c0(), ct.c1(), UInt256.of(new byte[32]), ct.numBytes());
    assertThat(ContestDataCipher.decrypt(HE, k, "c", badC2, ct.c0().exp(s))).isEmpty();
  }
}

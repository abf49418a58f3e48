package org.evote.crypto.casting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** ES256 verification on our P-256 arithmetic, checked against the JDK's own ECDSA. */
class EcKeysTest {
  static final BigInteger N = new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
  static final byte[] MESSAGE = "election 39b0 / code 96292f6e".getBytes(StandardCharsets.UTF_8);

  static boolean jdkVerify(KeyPair kp, byte[] message, byte[] sig) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initVerify(kp.getPublic());
    s.update(message);
    try {
      return s.verify(sig);
    } catch (java.security.SignatureException e) {
      return false;
    }
  }

  @Test
  @DisplayName("a JDK signature verifies; every single-bit change to message or signature fails, as it does in the JDK")
  void agreesWithJdk() throws Exception {
    Random random = new Random(7);
    for (int k = 0; k < 20; k++) {
      KeyPair kp = EcKeys.generate();
      byte[] sig = EcKeys.sign(kp.getPrivate(), MESSAGE);
      assertThat(EcKeys.verify(kp.getPublic(), MESSAGE, sig)).isTrue();
      for (int t = 0; t < 10; t++) {
        byte[] s2 = sig.clone();
        s2[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
        assertThat(EcKeys.verify(kp.getPublic(), MESSAGE, s2)).isEqualTo(jdkVerify(kp, MESSAGE, s2)).isFalse();
        byte[] m2 = MESSAGE.clone();
        m2[random.nextInt(m2.length)] ^= (byte) (1 << random.nextInt(8));
        assertThat(EcKeys.verify(kp.getPublic(), m2, sig)).isFalse();
      }
      assertThat(EcKeys.verify(EcKeys.generate().getPublic(), MESSAGE, sig)).as("another key").isFalse();
    }
  }

  @Test
  @DisplayName("out-of-range r or s (0, n, 2^256-1), wrong lengths and null are refused")
  void malformed() {
    KeyPair kp = EcKeys.generate();
    byte[] sig = EcKeys.sign(kp.getPrivate(), MESSAGE);
    byte[] n = to32(N);
    byte[] ff = new byte[32];
    Arrays.fill(ff, (byte) 0xff);
    for (byte[] bad : new byte[][] {new byte[32], n, ff}) {
      byte[] r = sig.clone();
      System.arraycopy(bad, 0, r, 0, 32);
      assertThat(EcKeys.verify(kp.getPublic(), MESSAGE, r)).isFalse();
      byte[] s = sig.clone();
      System.arraycopy(bad, 0, s, 32, 32);
      assertThat(EcKeys.verify(kp.getPublic(), MESSAGE, s)).isFalse();
    }
    assertThat(EcKeys.verify(kp.getPublic(), MESSAGE, Arrays.copyOf(sig, 63))).isFalse();
    assertThat(EcKeys.verify(kp.getPublic(), MESSAGE, Arrays.copyOf(sig, 65))).isFalse();
    assertThat(EcKeys.verify(kp.getPublic(), MESSAGE, null)).isFalse();
    assertThat(EcKeys.verify(kp.getPublic(), null, sig)).isFalse();
  }

  @Test
  @DisplayName("a key on another curve, or no EC key at all, gets no verifier")
  void otherCurves() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    assertThat(EcKeys.verifier(g.generateKeyPair().getPublic())).isNull();
    KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
    assertThat(EcKeys.verifier(ed.generateKeyPair().getPublic())).isNull();
    assertThat(EcKeys.verify(ed.generateKeyPair().getPublic(), MESSAGE, new byte[64])).isFalse();
  }

  @Test
  @DisplayName("one verifier kept for a key checks many signatures, right and wrong")
  void reusableVerifier() {
    KeyPair kp = EcKeys.generate();
    EcKeys.Verifier v = EcKeys.verifier(kp.getPublic());
    for (int i = 0; i < 30; i++) {
      byte[] m = ("message " + i).getBytes(StandardCharsets.UTF_8);
      byte[] sig = EcKeys.sign(kp.getPrivate(), m);
      assertThat(v.verify(m, sig)).isTrue();
      assertThat(v.verify(("message " + (i + 1)).getBytes(StandardCharsets.UTF_8), sig)).isFalse();
    }
  }

  private static byte[] to32(BigInteger v) {
    byte[] b = v.toByteArray();
    byte[] out = new byte[32];
    System.arraycopy(b, Math.max(0, b.length - 32), out, Math.max(0, 32 - b.length), Math.min(32, b.length));
    return out;
  }
}

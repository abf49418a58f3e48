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

  /** The P-256 private key of RFC 6979 Appendix A.2.5. */
  static java.security.PrivateKey rfc6979Key() throws Exception {
    var params = ((java.security.interfaces.ECPublicKey) EcKeys.generate().getPublic()).getParams();
    BigInteger x = new BigInteger("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", 16);
    return java.security.KeyFactory.getInstance("EC").generatePrivate(new java.security.spec.ECPrivateKeySpec(x, params));
  }

  @Test
  @DisplayName("signatures are RFC 6979's deterministic ECDSA: its P-256/SHA-256 answers for 'sample' and 'test' (Appendix A.2.5)")
  void rfc6979KnownAnswers() throws Exception {
    java.security.PrivateKey key = rfc6979Key();
    assertThat(java.util.HexFormat.of().withUpperCase().formatHex(EcKeys.sign(key, "sample".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
            + "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
    assertThat(java.util.HexFormat.of().withUpperCase().formatHex(EcKeys.sign(key, "test".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367"
            + "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083");
  }

  @Test
  @DisplayName("the same key and message always give the same signature, which the JDK verifies; another message gives another")
  void deterministic() throws Exception {
    KeyPair kp = EcKeys.generate();
    byte[] first = EcKeys.sign(kp.getPrivate(), MESSAGE);
    assertThat(EcKeys.sign(kp.getPrivate(), MESSAGE)).isEqualTo(first);
    assertThat(jdkVerify(kp, MESSAGE, first)).isTrue();
    assertThat(EcKeys.sign(kp.getPrivate(), "another".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(first);
  }

  @Test
  @DisplayName("signing with a key that is not a P-256 private key is refused with a clear message")
  void wrongKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair p384 = g.generateKeyPair();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EcKeys.sign(p384.getPrivate(), MESSAGE))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the signing key is not a P-256 private key");
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

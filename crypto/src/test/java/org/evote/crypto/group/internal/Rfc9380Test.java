package org.evote.crypto.group.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * expand_message_xmd with SHA-256, which the P-256 group's hash-to-scalar is built on (RFC 9380
 * §5.3.1; egk-ec's map of a hash to Z_q), against the test vectors that RFC 9380 publishes in
 * Appendix K.1.
 */
class Rfc9380Test {
  /** RFC 9380 Appendix K.1: DST = "QUUX-V01-CS02-with-expander-SHA256-128". */
  private static final String K1_DST = "QUUX-V01-CS02-with-expander-SHA256-128";

  private record Vector(String msg, int lenInBytes, String uniformBytes) {}

  private static final String Q128 = "q128_" + "q".repeat(128);
  private static final String A512 = "a512_" + "a".repeat(512);

  /** RFC 9380 Appendix K.1, the ten (msg, len_in_bytes, uniform_bytes) triples, in its order. */
  private static final List<Vector> K1 = List.of(
      new Vector("", 0x20, "68a985b87eb6b46952128911f2a4412bbc302a9d759667f87f7a21d803f07235"),
      new Vector("abc", 0x20, "d8ccab23b5985ccea865c6c97b6e5b8350e794e603b4b97902f53a8a0d605615"),
      new Vector("abcdef0123456789", 0x20, "eff31487c770a893cfb36f912fbfcbff40d5661771ca4b2cb4eafe524333f5c1"),
      new Vector(Q128, 0x20, "b23a1d2b4d97b2ef7785562a7e8bac7eed54ed6e97e29aa51bfe3f12ddad1ff9"),
      new Vector(A512, 0x20, "4623227bcc01293b8c130bf771da8c298dede7383243dc0993d2d94823958c4c"),
      new Vector("", 0x80,
          "af84c27ccfd45d41914fdff5df25293e221afc53d8ad2ac06d5e3e29485dadbee0d121587713a3e0dd4d5e69e93eb7cd4f5df4cd103e188cf60cb02edc3edf18eda8576c412b18ffb658e3dd6ec849469b979d444cf7b26911a08e63cf31f9dcc541708d3491184472c2c29bb749d4286b004ceb5ee6b9a7fa5b646c993f0ced"),
      new Vector("abc", 0x80,
          "abba86a6129e366fc877aab32fc4ffc70120d8996c88aee2fe4b32d6c7b6437a647e6c3163d40b76a73cf6a5674ef1d890f95b664ee0afa5359a5c4e07985635bbecbac65d747d3d2da7ec2b8221b17b0ca9dc8a1ac1c07ea6a1e60583e2cb00058e77b7b72a298425cd1b941ad4ec65e8afc50303a22c0f99b0509b4c895f40"),
      new Vector("abcdef0123456789", 0x80,
          "ef904a29bffc4cf9ee82832451c946ac3c8f8058ae97d8d629831a74c6572bd9ebd0df635cd1f208e2038e760c4994984ce73f0d55ea9f22af83ba4734569d4bc95e18350f740c07eef653cbb9f87910d833751825f0ebefa1abe5420bb52be14cf489b37fe1a72f7de2d10be453b2c9d9eb20c7e3f6edc5a60629178d9478df"),
      new Vector(Q128, 0x80,
          "80be107d0884f0d881bb460322f0443d38bd222db8bd0b0a5312a6fedb49c1bbd88fd75d8b9a09486c60123dfa1d73c1cc3169761b17476d3c6b7cbbd727acd0e2c942f4dd96ae3da5de368d26b32286e32de7e5a8cb2949f866a0b80c58116b29fa7fabb3ea7d520ee603e0c25bcaf0b9a5e92ec6a1fe4e0391d1cdbce8c68a"),
      new Vector(A512, 0x80,
          "546aff5444b5b79aa6148bd81728704c32decb73a3ba76e9e75885cad9def1d06d6792f8a7d12794e90efed817d96920d728896a4510864370c207f99bd4a608ea121700ef01ed879745ee3e4ceef777eda6d9e5e38b90c86ea6fb0b36504ba4a45d22e86f6db5dd43d98a294bebb9125d5b794e9d2a81181066eb954966a487"));

  @Test
  @DisplayName("expand_message_xmd(SHA-256) gives RFC 9380 Appendix K.1's ten outputs")
  void appendixK1() {
    List<String> failures = new ArrayList<>();
    byte[] dst = K1_DST.getBytes(StandardCharsets.US_ASCII);
    for (Vector v : K1) {
      byte[] got = Rfc9380.expandMessageXmd(v.msg().getBytes(StandardCharsets.US_ASCII), dst, v.lenInBytes());
      String hex = HexFormat.of().formatHex(got);
      if (!hex.equals(v.uniformBytes())) {
        String shown = v.msg().length() > 20 ? v.msg().substring(0, 20) + "..." : v.msg();
        failures.add("msg \"" + shown + "\", len_in_bytes " + v.lenInBytes() + ": got " + hex);
      }
    }
    assertThat(failures).isEmpty();
    assertThat(K1).hasSize(10);
  }

  @Nested
  @DisplayName("expand_message_xmd refuses parameters outside RFC 9380 §5.3.1")
  class Limits {
    @Test
    @DisplayName("an empty DST is refused")
    void emptyDst() {
      assertThatThrownBy(() -> Rfc9380.expandMessageXmd(new byte[0], new byte[0], 32))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("DST must be 1 to 255 bytes, got 0");
    }

    @Test
    @DisplayName("a DST of 256 bytes is refused")
    void longDst() {
      assertThatThrownBy(() -> Rfc9380.expandMessageXmd(new byte[0], new byte[256], 32))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("DST must be 1 to 255 bytes, got 256");
    }

    @Test
    @DisplayName("an output longer than 255 blocks of 32 bytes is refused")
    void longOutput() {
      assertThatThrownBy(() -> Rfc9380.expandMessageXmd(new byte[0], new byte[1], 255 * 32 + 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("len_in_bytes must be 1 to 8160, got 8161");
    }

    @Test
    @DisplayName("an empty output is refused")
    void emptyOutput() {
      assertThatThrownBy(() -> Rfc9380.expandMessageXmd(new byte[0], new byte[1], 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("len_in_bytes must be 1 to 8160, got 0");
    }
  }
}

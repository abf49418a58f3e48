package org.evote.crypto.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ChainDevicesTest {
  private static final byte[] SESSION = HexFormat.of().parseHex("0011223344556677");

  @Nested
  @DisplayName("a device name")
  class Names {
    @Test
    @DisplayName("is the label, the voter tag (16 bytes of SHA-256 of the tagged voter id) and the session, in lower-case hex")
    void form() throws Exception {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(
          "evote-chain-device-v1\0alice".getBytes(StandardCharsets.UTF_8));
      String tag = HexFormat.of().formatHex(digest).substring(0, 32);
      assertThat(ChainDevices.voterTag("alice")).isEqualTo(tag);
      assertThat(ChainDevices.name("evote-cli", "alice", SESSION)).isEqualTo("evote-cli-" + tag + "-0011223344556677");
    }

    @Test
    @DisplayName("refuses a label outside A-Z a-z 0-9 . _ - or longer than 32, with the label")
    void badLabel() {
      assertThatThrownBy(() -> ChainDevices.name("my device", "alice", SESSION))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a device label is 1 to 32 of A-Z a-z 0-9 . _ -, not \"my device\"");
      assertThatThrownBy(() -> ChainDevices.name("x".repeat(33), "alice", SESSION)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("refuses a session that is not 8 bytes")
    void badSession() {
      assertThatThrownBy(() -> ChainDevices.name("evote-cli", "alice", new byte[7]))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("a device session is 8 bytes, not 7");
    }
  }

  @Nested
  @DisplayName("a node's check of a chained ballot's device")
  class Problems {
    @Test
    @DisplayName("accepts the voter's own device")
    void own() {
      assertThat(ChainDevices.problem(ChainDevices.name("evote-web", "bob", SESSION), "bob")).isNull();
    }

    @Test
    @DisplayName("names another voter's device as such")
    void another() {
      String carols = ChainDevices.name("evote-web", "carol", SESSION);
      assertThat(ChainDevices.isWellFormed(carols)).isTrue();
      assertThat(ChainDevices.problem(carols, "bob"))
          .isEqualTo("the encrypting device " + carols + " belongs to another voter: its voter tag is not this voter's");
    }

    @Test
    @DisplayName("refuses a name without the voter tag and session, quoting it")
    void malformed() {
      assertThat(ChainDevices.isWellFormed("evote-cli")).isFalse();
      assertThat(ChainDevices.problem("evote-cli", "bob")).isEqualTo(
          "a chained ballot's encrypting_device must be <label>-<voter tag>-<session> (docs/PROTOCOL.md), not \"evote-cli\"");
      String upper = ChainDevices.name("evote-cli", "bob", SESSION).toUpperCase();
      assertThat(ChainDevices.isWellFormed(upper.substring(0, 10) + upper.substring(10).toLowerCase().replace('a', 'A'))).isFalse();
    }
  }

  @Nested
  @DisplayName("the previous code held in B_aux (eq. 60)")
  class Previous {
    final ByteString baux0 = ByteString.of("dev".getBytes(StandardCharsets.UTF_8));
    final UInt256 code = UInt256.fromHex("11".repeat(32));

    @Test
    @DisplayName("is read back from H_j-1 ∥ B_aux,0")
    void roundTrip() {
      assertThat(ConfirmationCodes.chainedPrevious(ConfirmationCodes.chainedBaux(code, baux0), baux0)).isEqualTo(code);
    }

    @Test
    @DisplayName("is null when B_aux is empty, too short, too long, or ends with another B_aux,0")
    void notChained() {
      ByteString other = ByteString.of("deW".getBytes(StandardCharsets.UTF_8));
      assertThat(ConfirmationCodes.chainedPrevious(ByteString.EMPTY, baux0)).isNull();
      assertThat(ConfirmationCodes.chainedPrevious(ByteString.of(new byte[34]), baux0)).isNull();
      assertThat(ConfirmationCodes.chainedPrevious(ByteString.concat(code.bytes(), baux0.bytes(), new byte[1]), baux0)).isNull();
      assertThat(ConfirmationCodes.chainedPrevious(ConfirmationCodes.chainedBaux(code, other), baux0)).isNull();
    }
  }
}

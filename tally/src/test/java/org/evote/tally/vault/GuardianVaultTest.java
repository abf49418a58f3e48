package org.evote.tally.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.evote.crypto.group.Groups;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.secret.SecretScalar;
import org.evote.tally.Checked;
import org.evote.tally.guardian.GuardianState;
import org.evote.tally.keyceremony.SecretPolynomial;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A guardian's encrypted state file")
class GuardianVaultTest {
  /** Cheap Argon2 parameters, allowed only through the constructor. */
  static final KdfParameters TEST_KDF = new KdfParameters(64, 1, 1);
  static final UInt256 HB = UInt256.fromHex("11".repeat(32));
  static final char[] PASS = "correct horse battery".toCharArray();

  @TempDir Path dir;
  GuardianVault vault;
  GuardianState state;
  Path file;
  ElectionBinding binding;

  @BeforeEach
  void setUp() {
    vault = new GuardianVault(TEST_KDF, new SecureRandom());
    SecretPolynomial poly = SecretPolynomial.random(Groups.p256(), 3, new SecureRandom());
    state = GuardianState.fresh("guardian1", 1, 5, "ceremony-a", HB, poly);
    file = dir.resolve("guardian1.state.json");
    binding = new ElectionBinding("ceremony-a", HB);
  }

  private GuardianState open() throws Exception {
    Checked<GuardianVault.UnlockedState> c = vault.open(file, PASS, binding, "guardian1");
    assertThat(c.reasons()).isEmpty();
    try (GuardianVault.UnlockedState u = c.value()) {
      return u.state();
    }
  }

  private ObjectNode envelope() throws Exception {
    return (ObjectNode) JsonMapper.builder().build().readTree(Files.readAllBytes(file));
  }

  private void write(ObjectNode o) throws Exception {
    Files.write(file, JsonMapper.builder().build().writeValueAsBytes(o));
  }

  @Nested
  @DisplayName("when intact")
  class Intact {
    @Test
    @DisplayName("round-trips the state, and a save keeps the key and election")
    void roundTrip() throws Exception {
      vault.create(file, state, PASS).close();
      GuardianState back = open();
      assertThat(back.guardianId()).isEqualTo("guardian1");
      assertThat(back.polynomial().valueAt(7).sameSecretAs(state.polynomial().valueAt(7))).isTrue();
      try (GuardianVault.UnlockedState u = vault.open(file, PASS, binding, null).value()) {
        u.save(u.state().withDecryptionSeeds(Map.of("s1", SecretScalar.of(Groups.p256().scalar(42)))));
      }
      assertThat(open().decryptionSeeds().get("s1").unwrapSecret()).isEqualTo(Groups.p256().scalar(42));
    }

    @Test
    @DisplayName("is readable by its owner only and never overwritten by create")
    void permissions() throws Exception {
      vault.create(file, state, PASS).close();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
      assertThatThrownBy(() -> vault.create(file, state, PASS)).isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    @DisplayName("holds no secret in clear and names no secret in toString")
    void noClearSecrets() throws Exception {
      vault.create(file, state, PASS).close();
      String text = Files.readString(file);
      String a0 = Base64.getEncoder().encodeToString(state.polynomial().secretKey().unwrapSecret().encode());
      assertThat(text).doesNotContain(a0).contains("\"memory_kib\" : 64");
      assertThat(state.polynomial().secretKey().toString()).isEqualTo("SecretScalar[redacted]");
    }

    @Test
    @DisplayName("the production parameters cost at least 64 MiB of memory")
    void standardParameters() {
      assertThat(KdfParameters.STANDARD.memoryKiB()).isGreaterThanOrEqualTo(64 * 1024);
      assertThat(GuardianVault.standard().parameters()).isEqualTo(KdfParameters.STANDARD);
    }
  }

  @Nested
  @DisplayName("is refused with a clear reason when")
  class Refused {
    @BeforeEach
    void create() throws Exception {
      vault.create(file, state, PASS).close();
    }

    @Test
    @DisplayName("the passphrase is wrong")
    void wrongPassphrase() throws Exception {
      assertThat(vault.open(file, "not the passphrase".toCharArray(), binding, null).reasons())
          .containsExactly("wrong passphrase for guardian state file guardian1.state.json");
    }

    @Test
    @DisplayName("the ciphertext was changed")
    void corruptedCiphertext() throws Exception {
      ObjectNode o = envelope();
      byte[] ct = Base64.getDecoder().decode(o.get("ciphertext").asText());
      ct[ct.length / 2] ^= 1;
      o.put("ciphertext", Base64.getEncoder().encodeToString(ct));
      write(o);
      assertThat(vault.open(file, PASS, binding, null).reasons()).containsExactly(
          "guardian state file guardian1.state.json is corrupted: its contents fail authentication (AES-GCM tag),"
              + " so it was modified or damaged");
    }

    @Test
    @DisplayName("a header field was changed")
    void corruptedHeader() throws Exception {
      ObjectNode o = envelope();
      ((ObjectNode) o.get("kdf")).put("salt", Base64.getEncoder().encodeToString(new byte[16]));
      write(o);
      assertThat(vault.open(file, PASS, binding, null).reasons())
          .containsExactly("guardian state file guardian1.state.json is corrupted: its header checksum does not match");
    }

    @Test
    @DisplayName("the file is truncated")
    void truncated() throws Exception {
      byte[] b = Files.readAllBytes(file);
      Files.write(file, java.util.Arrays.copyOf(b, b.length / 2));
      assertThat(vault.open(file, PASS, binding, null).summary())
          .startsWith("guardian state file guardian1.state.json is corrupted or not a guardian state file: $: invalid JSON");
    }

    @Test
    @DisplayName("the file belongs to another election")
    void otherElection() throws Exception {
      ElectionBinding other = new ElectionBinding("ceremony-b", HB);
      assertThat(vault.open(file, PASS, other, null).reasons()).containsExactly(
          "guardian state file guardian1.state.json belongs to another election: it is guardian guardian1's file for"
              + " ceremony ceremony-a (H_B " + HB + "), not for this election (ceremony ceremony-b, H_B " + HB + ")");
      UInt256 hb2 = UInt256.fromHex("22".repeat(32));
      assertThat(vault.open(file, PASS, new ElectionBinding(null, hb2), null).summary())
          .contains("belongs to another election");
    }

    @Test
    @DisplayName("the file is another guardian's")
    void otherGuardian() throws Exception {
      assertThat(vault.open(file, PASS, binding, "guardian2").reasons())
          .containsExactly("guardian state file guardian1.state.json belongs to guardian guardian1, not guardian2");
    }

    @Test
    @DisplayName("its KDF parameters are weaker than required")
    void weakKdf() throws Exception {
      GuardianVault strict = new GuardianVault(new KdfParameters(128, 2, 1), new SecureRandom());
      assertThat(strict.open(file, PASS, binding, null).reasons()).containsExactly(
          "guardian state file guardian1.state.json uses KDF parameters Argon2id(m=64 KiB, t=1, p=1), weaker than"
              + " the required Argon2id(m=128 KiB, t=2, p=1)");
    }

    @Test
    @DisplayName("it does not exist")
    void missing() throws Exception {
      Path none = dir.resolve("none.state.json");
      assertThat(vault.open(none, PASS, binding, null).reasons())
          .containsExactly("guardian state file " + none + " does not exist");
    }
  }

  @Test
  @DisplayName("a passphrase shorter than 8 characters is refused")
  void shortPassphrase() {
    assertThatThrownBy(() -> vault.create(file, state, "short".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a guardian passphrase needs at least 8 characters");
  }

  @Test
  @DisplayName("KDF parameters outside Argon2's ranges are refused")
  void kdfRanges() {
    assertThatThrownBy(() -> new KdfParameters(4, 1, 1)).hasMessage("Argon2 memory must be 8·p KiB to 4 GiB, got 4 KiB with p = 1");
    assertThatThrownBy(() -> new KdfParameters(64, 0, 1)).hasMessage("Argon2 iterations must be 1 to 100, got 0");
    assertThat(List.of(TEST_KDF.atLeast(TEST_KDF), TEST_KDF.atLeast(KdfParameters.STANDARD))).containsExactly(true, false);
  }
}

package org.evote.crypto.elgamal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.testing.TinyGroup;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PublicKeyTest {
  private static final String IDENTITY =
      "the public key K is the identity, under which a ciphertext shows its plaintext (K ≠ 1, Verification 3)";

  @Nested
  @DisplayName("PublicKey.of")
  class Of {
    @Test
    @DisplayName("refuses the identity of every group, naming Verification 3")
    void refusesTheIdentity() {
      for (Group group : new Group[] {Groups.p256(), Groups.integer4096(), TinyGroup.INSTANCE}) {
        assertThatThrownBy(() -> PublicKey.of(group.identity()))
            .as(group.name())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(IDENTITY);
        assertThat(PublicKey.problem(group.identity())).as(group.name()).contains(IDENTITY);
      }
    }

    @Test
    @DisplayName("accepts any other element, and refuses null")
    void acceptsOthers() {
      Group group = Groups.p256();
      PublicKey k = PublicKey.of(group.gExp(group.randomScalar(new SecureRandom())));
      assertThat(PublicKey.problem(k.element())).isEmpty();
      assertThatThrownBy(() -> PublicKey.of(null)).isInstanceOf(NullPointerException.class).hasMessage("k");
    }
  }
}

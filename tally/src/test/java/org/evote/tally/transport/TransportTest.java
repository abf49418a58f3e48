package org.evote.tally.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.testing.Workloads;
import org.evote.tally.decrypt.BallotRef;
import org.evote.tally.decrypt.DecryptionChallenge;
import org.evote.tally.decrypt.DecryptionRequest;
import org.evote.tally.decrypt.DecryptionText;
import org.evote.tally.decrypt.GuardianCommitment;
import org.evote.tally.decrypt.PartialDecryption;
import org.evote.tally.keyceremony.CeremonyParameters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The message transport")
class TransportTest {
  static final Group G = Groups.p256();
  static final UInt256 HE = UInt256.fromHex("0a".repeat(32));
  final MessageCodec codec = new MessageCodec(G);
  final SecureRandom random = new SecureRandom();

  @Nested
  @DisplayName("in a shared folder")
  class Folder {
    @TempDir Path dir;

    @Test
    @DisplayName("publishes write-once files, accepts an identical repeat, and lists only finished messages")
    void writeOnce() throws Exception {
      FileTransport t = new FileTransport(dir);
      t.publish("a/b.json", "{}".getBytes(StandardCharsets.UTF_8));
      t.publish("a/b.json", "{}".getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> t.publish("a/b.json", "{ }".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(MessageConflictException.class);
      Files.writeString(dir.resolve("a/.c.json.123.tmp"), "partial");
      assertThat(t.list("a")).containsExactly("b.json");
      assertThat(t.read("a/none.json")).isEmpty();
      assertThat(new String(t.read("a/b.json").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    @DisplayName("refuses addresses that leave the folder")
    void addresses() {
      FileTransport t = new FileTransport(dir);
      assertThatThrownBy(() -> t.publish("../x.json", new byte[0]))
          .hasMessage("address \"../x.json\" has a bad name \"..\": contains \"..\"");
      assertThatThrownBy(() -> t.read("/etc/passwd")).hasMessage("address \"/etc/passwd\" has a bad name \"\": is empty");
    }
  }

  @Nested
  @DisplayName("codec")
  class Codec {
    DecryptionRequest request() {
      Ciphertext ct = new Ciphertext(G.gExp(G.randomScalar(random)), G.identity());
      return new DecryptionRequest("s1", HE, G.gExp(G.scalar(7)), "tally", List.of(new BallotRef("dev", "b1")),
          List.of(new DecryptionText.Vote("tally c s", ct)));
    }

    @Test
    @DisplayName("round-trips every decryption message")
    void roundTrip() {
      DecryptionRequest r = request();
      assertThat(codec.parseRequest(codec.write(r), "r").value()).isEqualTo(r);
      GuardianCommitment c = new GuardianCommitment("s1", HE, "g1",
          List.of(new PartialDecryption(G.identity(), G.generator(), G.gExp(G.scalar(3)))));
      assertThat(codec.parseCommitment(codec.write(c), "c").value()).isEqualTo(c);
      DecryptionChallenge ch = new DecryptionChallenge("s1", HE, List.of("g1", "g2"), List.of(G.scalar(5)));
      assertThat(codec.parseChallenge(codec.write(ch), "ch").value()).isEqualTo(ch);
    }

    @Test
    @DisplayName("names the path and reason of a malformed message")
    void malformed() {
      String json = new String(codec.write(request()), StandardCharsets.UTF_8);
      assertThat(codec.parseRequest(json.replace("\"version\" : 1", "\"version\" : 2").getBytes(StandardCharsets.UTF_8), "r")
          .problem().toString()).isEqualTo("r: $.version: expected an integer from 1 to 1, got 2");
      assertThat(codec.parseRequest(json.replace("\"decryption_request\"", "\"x\"").getBytes(StandardCharsets.UTF_8), "r")
          .problem().toString()).isEqualTo("r: $.type: expected \"decryption_request\", got \"x\"");
      assertThat(codec.parseChallenge("{\"type\":\"decryption_challenge\",\"version\":1}".getBytes(StandardCharsets.UTF_8), "c")
          .problem().toString()).isEqualTo("c: $.session_id: required field is missing");
      Parsed<CeremonyParameters> p = MessageCodec.parseParameters(
          "{\"type\":\"evote_ceremony\",\"version\":1,\"ceremony_id\":\"c\",\"group\":\"P-257\"}".getBytes(StandardCharsets.UTF_8), "ceremony.json");
      assertThat(p.problem().toString()).isEqualTo(
          "ceremony.json: $.group: unknown group 'P-257'; known groups are [P-256, Integer4096]");
    }

    @Test
    @DisplayName("refuses a commitment whose a_i is the identity")
    void identityCommitment() {
      GuardianCommitment c = new GuardianCommitment("s1", HE, "g1",
          List.of(new PartialDecryption(G.generator(), G.identity(), G.generator())));
      assertThat(codec.parseCommitment(codec.write(c), "c").problem().toString())
          .isEqualTo("c: $.partials[0].a: element is the point at infinity");
    }

    @Test
    @DisplayName("round-trips ceremony parameters")
    void parameters() {
      CeremonyParameters p = CeremonyParameters.create("c-1", G, Workloads.w1(), List.of("a", "b", "c"), 2, true);
      assertThat(MessageCodec.parseParameters(MessageCodec.writeParameters(p), "x").value()).isEqualTo(p);
    }
  }
}

package org.evote.crypto.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evote.crypto.testing.Conformance.read;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.testing.Conformance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * egk-ec's {@code pre_encryption} of an encrypted ballot (spec §4.4), on the ballots of the two
 * pre-encrypted conformance records that egk-ec wrote: read with every value validated, and
 * written back byte for byte.
 */
class PreEncryptedBallotJsonTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Group INTEGER = Groups.integer4096();
  static final Path INTEGER_DIR = Conformance.preEncryptedRecord("Integer4096");
  static final String FIRST = "eballot-pre-b-01.json";

  static List<Path> ballots(Path record) {
    try (Stream<Path> s = Files.list(record.resolve("encrypted_ballots"))) {
      return s.filter(p -> p.getFileName().toString().startsWith("eballot-")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RecordProblem problem(Consumer<ObjectNode> change) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(read(INTEGER_DIR.resolve("encrypted_ballots").resolve(FIRST)));
      change.accept(root);
      Parsed<EncryptedBallot> p = new RecordCodec(INTEGER).parseEncryptedBallot(JSON.writeValueAsBytes(root), FIRST);
      assertThat(p.isOk()).as("the change must be refused").isFalse();
      return p.problem();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode pre(ObjectNode ballot, int contest) {
    return (ObjectNode) ballot.get("contests").get(contest).get("pre_encryption");
  }

  static ObjectNode vector(ObjectNode ballot, int contest, int v) {
    return (ObjectNode) pre(ballot, contest).get("selected_vectors").get(v);
  }

  @Nested
  @DisplayName("known answers: egk-ec's records")
  class KnownAnswers {
    @Test
    @DisplayName("every ballot of both records reads, has pre-encryption data in each contest and is written back byte for byte")
    void roundTrip() {
      List<String> failures = new ArrayList<>();
      int ballots = 0;
      for (String folder : List.of("Integer4096", "P-256")) {
        Path record = Conformance.preEncryptedRecord(folder);
        RecordCodec codec = new RecordCodec(folder.equals("P-256") ? Groups.p256() : INTEGER);
        for (Path f : ballots(record)) {
          ballots++;
          byte[] bytes = read(f);
          Parsed<EncryptedBallot> p = codec.parseEncryptedBallot(bytes, f.toString());
          if (!p.isOk()) {
            failures.add(f + ": " + p.problem());
            continue;
          }
          EncryptedBallot b = p.value();
          if (!b.isPreencrypt() || b.contests().stream().anyMatch(c -> c.preEncryption() == null)) {
            failures.add(f + ": not read as pre-encrypted in every contest");
          }
          if (!java.util.Arrays.equals(bytes, codec.writeEncryptedBallot(b))) {
            failures.add(f + ": written bytes differ from egk-ec's");
          }
        }
      }
      assertThat(ballots).isEqualTo(40);
      assertThat(failures).isEmpty();
    }

    @Test
    @DisplayName("the values are read as published: χ, the m + L selection hashes, and the L selected vectors of m encryptions")
    void values() {
      EncryptedBallot b = new RecordCodec(INTEGER)
          .parseEncryptedBallot(read(INTEGER_DIR.resolve("encrypted_ballots").resolve(FIRST)), FIRST).orElseThrow();
      EncryptedBallot.PreEncryption mayor = b.contests().get(0).preEncryption();
      assertThat(mayor.allSelectionHashes()).hasSize(4 + 1);
      assertThat(mayor.selectedVectors()).singleElement().satisfies(v -> {
        assertThat(v.shortCode()).isEqualTo("2C40F");
        assertThat(v.encryptions()).hasSize(4);
        assertThat(v.encryptions().get(0)).isEqualTo(b.contests().get(0).selections().get(0).encryptedVote());
      });
      assertThat(b.contests().get(2).preEncryption().selectedVectors()).hasSize(2);
    }
  }

  @Nested
  @DisplayName("validation: untrusted pre-encryption data")
  class Validation {
    @Test
    @DisplayName("refuses a selected vector's encryption that is not in the group, naming the field")
    void notInGroup() {
      RecordProblem p = problem(r -> ((ObjectNode) vector(r, 0, 0).get("encryptions").get(1)).put("pad", "Ag=="));
      assertThat(p.jsonPath()).isEqualTo("$.contests[0].pre_encryption.selected_vectors[0].encryptions[1].pad");
    }

    @Test
    @DisplayName("refuses a selection hash of the wrong size")
    void shortHash() {
      RecordProblem p = problem(r -> ((com.fasterxml.jackson.databind.node.ArrayNode) pre(r, 1).get("all_selection_hashes"))
          .set(0, "AAAA"));
      assertThat(p.jsonPath()).isEqualTo("$.contests[1].pre_encryption.all_selection_hashes[0]");
      assertThat(p.message()).isEqualTo("a UInt256 is 32 bytes, got 3");
    }

    @Test
    @DisplayName("refuses a selected vector without its short code")
    void missingShortCode() {
      RecordProblem p = problem(r -> vector(r, 0, 0).remove("short_code"));
      assertThat(p.jsonPath()).isEqualTo("$.contests[0].pre_encryption.selected_vectors[0].short_code");
      assertThat(p.message()).isEqualTo("required field is missing");
    }

    @Test
    @DisplayName("refuses a missing contest hash χ")
    void missingChi() {
      RecordProblem p = problem(r -> pre(r, 0).remove("preencryption_hash"));
      assertThat(p.jsonPath()).isEqualTo("$.contests[0].pre_encryption.preencryption_hash");
      assertThat(p.message()).isEqualTo("required field is missing");
    }

    @Test
    @DisplayName("refuses pre-encryption data on a ballot whose is_preencrypt is false")
    void flagOff() {
      RecordProblem p = problem(r -> r.put("is_preencrypt", false));
      assertThat(p.jsonPath()).isEqualTo("$.contests[0].pre_encryption");
      assertThat(p.message()).isEqualTo("pre_encryption is present on a ballot whose is_preencrypt is false");
    }
  }
}

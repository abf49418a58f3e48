package org.evote.crypto.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.evote.crypto.testing.Conformance.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.BallotValidation;
import org.evote.crypto.election.BallotValidator;
import org.evote.crypto.election.Election;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.PreEncryptedBallot;
import org.evote.crypto.election.PreEncryptedRecorder;
import org.evote.crypto.election.PreEncryptor;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.testing.Conformance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Known answers from outside for the ballot encrypting tool (spec §4.2): the 40 ballots that
 * egk-ec's PreEncryptor made for {@code conformance/egk-ec-preencrypted}, recomputed from their
 * primary nonces in {@code private_data/preencrypted/}. Every selection hash and short code
 * (options and null vectors), every contest hash, every confirmation code, and on P-256 (where
 * the file gives them) every encryption of every vector must be egk-ec's; and each ballot's
 * record must publish exactly our sorted selection hashes and, as its selected vectors, our
 * vectors. Failures are collected so that one run shows them all.
 */
class PreEncryptionKnownAnswerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  /** One of egk-ec's pre-encrypted records ({@code folder} is Integer4096 or P-256), with its election read. */
  private record PreRecord(String folder, Path dir, RecordCodec codec, Election election) {
    static PreRecord of(String folder) {
      Path dir = Conformance.preEncryptedRecord(folder);
      Group group = RecordCodec.groupOf(
          RecordCodec.parseConstants(read(dir.resolve("constants.json")), "constants.json").orElseThrow());
      RecordCodec codec = new RecordCodec(group);
      return new PreRecord(folder, dir, codec, Election.of(group,
          codec.parseManifest(read(dir.resolve("manifest.json")), "manifest.json").orElseThrow(),
          codec.parseConfig(read(dir.resolve("election_config.json")), "election_config.json").orElseThrow(),
          codec.parseInitialized(read(dir.resolve("election_initialized.json")), "election_initialized.json").orElseThrow()));
    }

    /** Both records. */
    static List<PreRecord> both() {
      return List.of(of("Integer4096"), of("P-256"));
    }

    /** The private files of egk-ec's ballots ({@code private_data/preencrypted/preballot-*}), in name order. */
    List<JsonNode> preballots() {
      try (Stream<Path> s = Files.list(dir.resolve("private_data/preencrypted"))) {
        List<JsonNode> ballots = new ArrayList<>();
        for (Path p : s.filter(p -> p.getFileName().toString().startsWith("preballot-")).sorted().toList()) {
          ballots.add(JSON.readTree(p.toFile()));
        }
        return ballots;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static String hex(UInt256 u) {
    return HEX.formatHex(u.bytes());
  }

  @Test
  @DisplayName("every pre-encrypted ballot of both egk-ec records is recomputed from its primary nonce, value for value")
  void reproducesEgkEc() throws IOException {
    List<String> failures = new ArrayList<>();
    int ballots = 0;
    int vectors = 0;
    for (PreRecord r : PreRecord.both()) {
      Path dir = r.dir();
      RecordCodec codec = r.codec();
      PreEncryptor encryptor = new PreEncryptor(r.election());
      for (JsonNode x : r.preballots()) {
        ballots++;
        String id = x.get("ballot_id").asText();
        String where = r.folder() + " " + id;
        BallotNonce xi = BallotNonce.of(UInt256.fromHex(x.get("primary_nonce_hex").asText()));
        PreEncryptedBallot b = encryptor.preEncrypt(id, x.get("ballot_style_id").asText(), xi,
            ByteString.of(HexFormat.of().parseHex(x.get("code_baux_hex").asText())));
        if (!hex(b.confirmationCode()).equals(x.get("confirmation_code_hex").asText())) {
          failures.add(where + ": confirmation code (eq. 95)");
        }
        if (b.hasShortCodeCollision()) {
          failures.add(where + ": a short code collision, which egk-ec's generator would have refused");
        }
        EncryptedBallot recorded = codec.parseEncryptedBallot(
            read(dir.resolve("encrypted_ballots/eballot-" + id + ".json")), id).orElseThrow();
        if (!recorded.confirmationCode().equals(b.confirmationCode())) {
          failures.add(where + ": the record's confirmation code");
        }
        JsonNode cs = x.get("contests");
        if (cs.size() != b.contests().size()) {
          failures.add(where + ": " + b.contests().size() + " contests, egk-ec has " + cs.size());
          continue;
        }
        for (int c = 0; c < cs.size(); c++) {
          JsonNode ec = cs.get(c);
          PreEncryptedBallot.Contest ours = b.contests().get(c);
          String cw = where + " " + ours.contestId();
          if (!ours.contestId().equals(ec.get("contest_id").asText())
              || !hex(ours.contestHash()).equals(ec.get("preencryption_hash_hex").asText())) {
            failures.add(cw + ": contest hash χ (eq. 94)");
          }
          JsonNode ss = ec.get("selections");
          if (ss.size() != ours.selections().size()) {
            failures.add(cw + ": " + ours.selections().size() + " vectors, egk-ec has " + ss.size());
            continue;
          }
          for (int s = 0; s < ss.size(); s++) {
            JsonNode es = ss.get(s);
            PreEncryptedBallot.Selection sel = ours.selections().get(s);
            vectors++;
            String sw = cw + " " + sel.label();
            if (!sel.label().equals(es.get("selection_id").asText()) || sel.index() != es.get("sequence_order").asInt()) {
              failures.add(sw + ": label or index, egk-ec has " + es.get("selection_id").asText() + " " + es.get("sequence_order"));
            }
            if (!hex(sel.selectionHash()).equals(es.get("selection_hash_hex").asText())) {
              failures.add(sw + ": selection hash ψ (eq. 92, 93)");
            }
            if (!sel.shortCode().equals(es.get("short_code").asText())) {
              failures.add(sw + ": short code");
            }
            JsonNode vec = es.get("selection_vector");
            if (vec != null) {
              for (int e = 0; e < vec.size(); e++) {
                if (!HEX.formatHex(sel.vector().get(e).pad().encode()).equals(vec.get(e).get("pad_hex").asText())
                    || !HEX.formatHex(sel.vector().get(e).data().encode()).equals(vec.get(e).get("data_hex").asText())) {
                  failures.add(sw + ": encryption " + (e + 1) + " (eq. 91, nonce of eq. 96)");
                }
              }
            }
          }
          // what the record published for this contest: our sorted hashes, and our vectors as selected
          EncryptedBallot.PreEncryption published = recorded.contests().get(c).preEncryption();
          if (!published.allSelectionHashes().equals(ours.sortedSelectionHashes())) {
            failures.add(cw + ": the record's all_selection_hashes");
          }
          for (EncryptedBallot.SelectedVector v : published.selectedVectors()) {
            boolean found = ours.selections().stream()
                .anyMatch(s -> s.selectionHash().equals(v.selectionHash()) && s.vector().equals(v.encryptions()));
            if (!found) {
              failures.add(cw + ": the record's selected vector " + v.shortCode() + " is not one of ours");
            }
          }
        }
      }
    }
    assertThat(ballots).isEqualTo(40);
    assertThat(vectors).isGreaterThan(0);
    assertThat(failures).isEmpty();
  }

  @Test
  @DisplayName("the recording tool turns each ballot's primary nonce and marks into egk-ec's recorded ballot, byte for byte"
      + " (on P-256 but for contest_hash, which we key with H_E as eq. 57 says), and the ballot validates")
  void recordsAsEgkEc() throws IOException {
    List<String> failures = new ArrayList<>();
    int ballots = 0;
    for (PreRecord r : PreRecord.both()) {
      PreEncryptedRecorder recorder = new PreEncryptedRecorder(r.election());
      BallotValidator validator = new BallotValidator(r.election());
      for (JsonNode x : r.preballots()) {
        ballots++;
        String id = x.get("ballot_id").asText();
        String where = r.folder() + " " + id;
        byte[] egk = read(r.dir().resolve("encrypted_ballots/eballot-" + id + ".json"));
        EncryptedBallot recorded = r.codec().parseEncryptedBallot(egk, id).orElseThrow();
        Map<String, List<String>> marks = new LinkedHashMap<>();
        for (JsonNode c : x.get("contests")) {
          List<String> codes = new ArrayList<>();
          c.get("marked_short_codes").forEach(n -> codes.add(n.asText()));
          marks.put(c.get("contest_id").asText(), codes);
        }
        EncryptedBallot ours = recorder.record(id, x.get("ballot_style_id").asText(),
            BallotNonce.of(UInt256.fromHex(x.get("primary_nonce_hex").asText())), marks,
            BallotState.valueOf(x.get("state").asText()), recorded.codeBaux(), recorded.encryptingDevice(),
            recorded.timestamp());
        BallotValidation v = validator.validate(ours);
        if (!v.isValid()) {
          failures.add(where + ": our recorded ballot does not validate: " + v.summary());
        }
        EncryptedBallot compared = ours;
        if (r.folder().equals("P-256")) {
          List<EncryptedBallot.Contest> cs = new ArrayList<>();
          for (int c = 0; c < ours.contests().size(); c++) {
            EncryptedBallot.Contest o = ours.contests().get(c);
            if (o.contestHash().equals(recorded.contests().get(c).contestHash())) {
              failures.add(where + " " + o.contestId() + ": contest_hash equals egk-ec's, keyed with hash_to_field(H_E)");
            }
            cs.add(new EncryptedBallot.Contest(o.contestId(), o.sequenceOrder(), recorded.contests().get(c).contestHash(),
                o.selections(), o.proof(), o.contestData(), o.preEncryption()));
          }
          compared = new EncryptedBallot(ours.ballotId(), ours.ballotStyleId(), ours.encryptingDevice(), ours.timestamp(),
              ours.codeBaux(), ours.confirmationCode(), ours.electionId(), cs, ours.state(), ours.encryptedSn(), true);
        }
        if (!java.util.Arrays.equals(r.codec().writeEncryptedBallot(compared), egk)) {
          failures.add(where + ": the recorded ballot differs from egk-ec's");
        }
      }
    }
    assertThat(ballots).isEqualTo(40);
    assertThat(failures).isEmpty();
  }

  @Test
  @DisplayName("the recording tool refuses a short code that is no option's, naming the contest and the code")
  void unknownShortCode() {
    PreEncryptedRecorder recorder = new PreEncryptedRecorder(PreRecord.of("P-256").election());
    assertThatThrownBy(() -> recorder.record("b", "style-ward-1", BallotNonce.of(UInt256.of(new byte[32])),
        Map.of("mayor", List.of("XXXXX")), BallotState.CAST, ByteString.EMPTY, "d", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("contest mayor: no option has the short code 'XXXXX'");
  }

  @Test
  @DisplayName("an unknown ballot style is the caller's mistake, named in the message")
  void unknownStyle() {
    PreEncryptor encryptor = new PreEncryptor(PreRecord.of("P-256").election());
    assertThatThrownBy(() -> encryptor.preEncrypt("b", "style-9", BallotNonce.of(UInt256.of(new byte[32])), ByteString.EMPTY))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown ballot style 'style-9'");
  }
}

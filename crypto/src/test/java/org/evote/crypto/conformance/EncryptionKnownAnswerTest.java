package org.evote.crypto.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.evote.crypto.election.BallotEncryptor;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.BallotValidation;
import org.evote.crypto.election.BallotValidator;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.PlaintextBallot;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.ChaumPedersenProof;
import org.evote.crypto.proof.RangeProof;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.testing.Conformance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Known-answer tests for ballot encryption, from ballots that egk-ec encrypted with a fixed
 * primary nonce ({@code ../shared/conformance/egk-ec-kat}, its README says what must match). Our
 * encryptor, given the record's election, the plaintext and the same inputs, must give the same
 * value for every field: each selection ciphertext and range proof, each contest proof, contest
 * hash and contest data, the encrypted serial number and the confirmation code. Every mismatch of
 * every vector is collected, so one run shows them all.
 */
class EncryptionKnownAnswerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @DisplayName("P-256: our encryptor reproduces each of egk-ec's 7 ballots, field by field")
  void p256() {
    assertThat(mismatches(ConformanceRecord.ec(), "P-256")).isEmpty();
  }

  @Test
  @DisplayName("Integer4096: our encryptor reproduces each of egk-ec's 7 ballots, field by field")
  void integer4096() {
    assertThat(mismatches(ConformanceRecord.integer(), "Integer4096")).isEmpty();
  }

  private static List<String> mismatches(ConformanceRecord record, String groupFolder) {
    Path kat = Conformance.encryptionKat(groupFolder);
    List<Path> vectors;
    try (Stream<Path> s = Files.list(kat)) {
      vectors = s.filter(p -> p.getFileName().toString().startsWith("ballot-")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(vectors).as("egk-ec's vectors in " + kat).hasSize(7);
    List<String> failures = new ArrayList<>();
    for (Path v : vectors) {
      compare(record, v, failures);
    }
    return failures;
  }

  private static void compare(ConformanceRecord record, Path dir, List<String> failures) {
    String name = dir.getParent().getFileName() + "/" + dir.getFileName();
    JsonNode inputs = readJson(dir.resolve("inputs.json"));
    PlaintextBallot plaintext = record.codec
        .parsePlaintextBallot(Conformance.read(dir.resolve("plaintext.json")), name + "/plaintext.json")
        .orElseThrow();
    EncryptedBallot expected = record.codec
        .parseEncryptedBallot(Conformance.read(dir.resolve("eballot.json")), name + "/eballot.json")
        .orElseThrow();
    assertThat(inputs.get("chaining").asBoolean()).as(name + " chaining").isFalse();

    BallotNonce nonce = BallotNonce.of(UInt256.fromHex(inputs.get("primary_nonce_hex").asText()));
    ByteString codeBaux = ByteString.of(HexFormat.of().parseHex(inputs.get("code_baux_hex").asText()));
    EncryptedBallot got = new BallotEncryptor(record.election)
        .encrypt(plaintext, nonce, codeBaux, inputs.get("encrypting_device").asText(), inputs.get("timestamp").asLong())
        .withState(BallotState.valueOf(inputs.get("state").asText()));

    Check c = new Check(name, failures);
    c.same("ballot_id", got.ballotId(), expected.ballotId());
    c.same("ballot_style_id", got.ballotStyleId(), expected.ballotStyleId());
    c.same("encrypting_device", got.encryptingDevice(), expected.encryptingDevice());
    c.same("timestamp", got.timestamp(), expected.timestamp());
    c.same("code_baux", got.codeBaux(), expected.codeBaux());
    c.same("election_id", got.electionId(), expected.electionId());
    c.same("state", got.state(), expected.state());
    c.same("is_preencrypt", got.isPreencrypt(), expected.isPreencrypt());
    c.same("encrypted_sn", got.encryptedSn(), expected.encryptedSn());
    c.same("confirmation_code", got.confirmationCode(), expected.confirmationCode());
    if (!c.same("number of contests", got.contests().size(), expected.contests().size())) {
      return;
    }
    for (int i = 0; i < got.contests().size(); i++) {
      EncryptedBallot.Contest g = got.contests().get(i);
      EncryptedBallot.Contest e = expected.contests().get(i);
      String at = "contest " + e.contestId();
      c.same(at + " contest_id", g.contestId(), e.contestId());
      c.same(at + " sequence_order", g.sequenceOrder(), e.sequenceOrder());
      c.same(at + " contest_hash", g.contestHash(), e.contestHash());
      c.proof(at + " proof", g.proof(), e.proof());
      c.same(at + " encrypted_contest_data c0", g.contestData().c0(), e.contestData().c0());
      c.same(at + " encrypted_contest_data c1", g.contestData().c1(), e.contestData().c1());
      c.same(at + " encrypted_contest_data c2", g.contestData().c2(), e.contestData().c2());
      c.same(at + " encrypted_contest_data numBytes", g.contestData().numBytes(), e.contestData().numBytes());
      if (!c.same(at + " number of selections", g.selections().size(), e.selections().size())) {
        continue;
      }
      for (int j = 0; j < g.selections().size(); j++) {
        EncryptedBallot.Selection gs = g.selections().get(j);
        EncryptedBallot.Selection es = e.selections().get(j);
        String sat = at + " selection " + es.selectionId();
        c.same(sat + " selection_id", gs.selectionId(), es.selectionId());
        c.same(sat + " sequence_order", gs.sequenceOrder(), es.sequenceOrder());
        c.ciphertext(sat + " encrypted_vote", gs.encryptedVote(), es.encryptedVote());
        c.proof(sat + " proof", gs.proof(), es.proof());
      }
    }
    // Nothing outside the fields above may differ either: the whole decoded ballots are equal.
    c.same("the whole ballot", got, expected);
    BallotValidation validation = new BallotValidator(record.election).validate(got);
    if (!validation.isValid()) {
      failures.add(name + ": our ballot does not validate: " + validation.summary());
    }
  }

  /** Collects mismatches with the vector's name and the field's path. */
  private record Check(String vector, List<String> failures) {
    boolean same(String what, Object got, Object expected) {
      if (Objects.equals(got, expected)) {
        return true;
      }
      failures.add(vector + ": " + what + " differs: ours " + got + ", egk-ec's " + expected);
      return false;
    }

    void ciphertext(String what, Ciphertext got, Ciphertext expected) {
      same(what + " pad", got.pad(), expected.pad());
      same(what + " data", got.data(), expected.data());
    }

    void proof(String what, RangeProof got, RangeProof expected) {
      if (!same(what + " length", got.proofs().size(), expected.proofs().size())) {
        return;
      }
      for (int j = 0; j < got.proofs().size(); j++) {
        ChaumPedersenProof g = got.proofs().get(j);
        ChaumPedersenProof e = expected.proofs().get(j);
        same(what + " challenge c_" + j, g.challenge(), e.challenge());
        same(what + " response v_" + j, g.response(), e.response());
      }
    }
  }

  private static JsonNode readJson(Path p) {
    try {
      return JSON.readTree(Files.readAllBytes(p));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package org.evote.crypto.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.BallotValidation;
import org.evote.crypto.election.BallotValidator;
import org.evote.crypto.election.Election;
import org.evote.crypto.election.ElectionHashes;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.election.Finding;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.testing.Conformance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * egk-ec's two conformance records are the external oracle: our hashes must reproduce theirs,
 * every ballot must validate, the encrypted tally must be the product of the cast ballots, and
 * every tampered copy must be rejected with a reason that names what was changed.
 */
class ConformanceTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The checks of one record, read once for the class. */
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class RecordChecks {
    private final ConformanceRecord record;

    RecordChecks(ConformanceRecord record) {
      this.record = record;
    }

    ConformanceRecord record() {
      return record;
    }

    @Test
    @DisplayName("H_P, H_M, H_B and H_E recompute to the record's values")
    void baseHashes() {
      ConformanceRecord r = record();
      UInt256 hp = ElectionHashes.parameterBaseHash(r.group.constants());
      assertThat(ElectionHashes.parameterBaseHash(r.constants)).isEqualTo(hp);
      assertThat(hp).isEqualTo(r.config.parameterBaseHash());
      UInt256 hm = ElectionHashes.manifestHash(hp, r.manifest.bytes());
      assertThat(hm).isEqualTo(r.config.manifestHash());
      UInt256 hb = ElectionHashes.electionBaseHash(hp, hm, r.config.numberOfGuardians(), r.config.quorum());
      assertThat(hb).isEqualTo(r.config.electionBaseHash());
      assertThat(ElectionHashes.extendedBaseHash(hb, r.initialized.jointPublicKey()))
          .isEqualTo(r.initialized.extendedBaseHash());
    }

    @Test
    @DisplayName("the record's constants are exactly our standard group's")
    void constants() {
      ConformanceRecord r = record();
      assertThat(r.constants.constants()).isEqualTo(r.group.constants().constants());
      assertThat(r.constants.protocolVersion()).isEqualTo(r.group.constants().protocolVersion());
    }

    @Test
    @DisplayName("every encrypted ballot's proofs, contest hashes and confirmation code verify")
    void everyBallotValidates() throws Exception {
      ConformanceRecord r = record();
      BallotValidator validator = new BallotValidator(r.election);
      List<Finding> all = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
      try {
        List<Future<BallotValidation>> futures = new ArrayList<>();
        for (EncryptedBallot b : r.ballots) {
          futures.add(pool.submit(() -> validator.validate(b)));
        }
        for (Future<BallotValidation> f : futures) {
          all.addAll(f.get().findings());
        }
      } finally {
        pool.shutdown();
      }
      assertThat(r.ballots).hasSize(42);
      assertThat(all).isEmpty();
    }

    @Test
    @DisplayName("the encrypted tally is the component-wise product of the cast ballots")
    void tallyIsProductOfCastBallots() {
      ConformanceRecord r = record();
      Map<String, List<Ciphertext>> columns = new HashMap<>();
      Set<String> cast = new LinkedHashSet<>();
      for (EncryptedBallot b : r.ballots) {
        if (b.state() != BallotState.CAST) {
          continue;
        }
        cast.add(b.ballotId());
        for (EncryptedBallot.Contest c : b.contests()) {
          for (EncryptedBallot.Selection s : c.selections()) {
            columns.computeIfAbsent(c.contestId() + "/" + s.selectionId(), k -> new ArrayList<>()).add(s.encryptedVote());
          }
        }
      }
      EncryptedTally t = r.encryptedTally;
      assertThat(Set.copyOf(t.castBallotIds())).isEqualTo(cast);
      List<String> mismatches = new ArrayList<>();
      int checked = 0;
      for (EncryptedTally.Contest c : t.contests()) {
        for (EncryptedTally.Selection s : c.selections()) {
          List<Ciphertext> col = columns.get(c.contestId() + "/" + s.selectionId());
          if (col == null) {
            continue; // no cast ballot had this option; egk-ec writes a fresh encryption of zero
          }
          checked++;
          if (!Ciphertext.product(r.group, col).equals(s.encryptedVote())) {
            mismatches.add(c.contestId() + "/" + s.selectionId());
          }
        }
      }
      assertThat(checked).isGreaterThan(30);
      assertThat(mismatches).isEmpty();
    }

    // ---- tampered copies ------------------------------------------------------------------

    ObjectNode ballotJson(int index) throws Exception {
      return (ObjectNode) JSON.readTree(Conformance.read(record().ballotFiles.get(index)));
    }

    List<Finding> validateTampered(ObjectNode json) throws Exception {
      ConformanceRecord r = record();
      Parsed<EncryptedBallot> parsed = r.codec.parseEncryptedBallot(JSON.writeValueAsBytes(json), "tampered.json");
      return new BallotValidator(r.election).validate(parsed.orElseThrow()).findings();
    }

    /** The findings of ballot {@code index} with the scalar {@code field} of the object {@code at} picks changed. */
    List<Finding> withOtherScalar(int index, Function<ObjectNode, JsonNode> at, String field) throws Exception {
      ObjectNode b = ballotJson(index);
      ObjectNode node = (ObjectNode) at.apply(b);
      node.put(field, otherScalar(node.get(field).asText()));
      return validateTampered(b);
    }

    static ObjectNode firstSelection(ObjectNode ballot) {
      return (ObjectNode) ballot.get("contests").get(0).get("selections").get(0);
    }

    static String otherScalar(String b64) {
      byte[] b = Base64.getDecoder().decode(b64);
      b[31] ^= 1;
      b[0] &= 0x7f;
      return Base64.getEncoder().encodeToString(b);
    }

    @Test
    @DisplayName("a changed ciphertext pad is rejected by the selection proof and the contest hash")
    void tamperedPad() throws Exception {
      ObjectNode b = ballotJson(0);
      ObjectNode vote = (ObjectNode) firstSelection(b).get("encrypted_vote");
      vote.put("pad", Base64.getEncoder().encodeToString(record().group.generator().encode()));
      List<Finding> f = validateTampered(b);
      assertThat(f).extracting(Finding::check).contains("5", "6", "7.A");
      assertThat(f).anySatisfy(x -> assertThat(x.location()).contains("selection " + firstSelection(ballotJson(0)).get("selection_id").asText()));
    }

    @Test
    @DisplayName("a changed proof challenge is rejected with 5.D")
    void tamperedChallenge() throws Exception {
      List<Finding> f = withOtherScalar(1, b -> firstSelection(b).get("proof").get("proofs").get(0), "challenge");
      assertThat(f).hasSize(1);
      assertThat(f.get(0).check()).isEqualTo("5");
      assertThat(f.get(0).reason()).contains("5.D");
    }

    @Test
    @DisplayName("a changed proof response is rejected by Verification 5")
    void tamperedResponse() throws Exception {
      assertThat(withOtherScalar(2, b -> firstSelection(b).get("proof").get("proofs").get(1), "response"))
          .extracting(Finding::check).containsExactly("5");
    }

    @Test
    @DisplayName("a changed contest-limit proof response is rejected by Verification 6")
    void tamperedContestProof() throws Exception {
      assertThat(withOtherScalar(3, b -> b.get("contests").get(0).get("proof").get("proofs").get(0), "response"))
          .extracting(Finding::check).containsExactly("6");
    }

    @Test
    @DisplayName("a changed confirmation code is rejected with 7.B")
    void tamperedConfirmationCode() throws Exception {
      assertThat(withOtherScalar(4, b -> b, "confirmation_code")).extracting(Finding::check).containsExactly("7.B");
    }

    @Test
    @DisplayName("a changed contest hash is rejected with 7.A and 7.B")
    void tamperedContestHash() throws Exception {
      assertThat(withOtherScalar(5, b -> b.get("contests").get(0), "contest_hash"))
          .extracting(Finding::check).containsExactlyInAnyOrder("7.A", "7.B");
    }

    @Test
    @DisplayName("a ballot from another election is rejected by its election id")
    void otherElection() throws Exception {
      List<Finding> f = withOtherScalar(6, b -> b, "election_id");
      assertThat(f).extracting(Finding::check).containsExactly("election id");
    }

    @Test
    @DisplayName("a dropped selection is rejected as not matching the manifest")
    void droppedSelection() throws Exception {
      ObjectNode b = ballotJson(7);
      ArrayNode contests = (ArrayNode) b.get("contests");
      ArrayNode sels = null;
      for (JsonNode c : contests) {
        if (c.get("selections").size() > 1) {
          sels = (ArrayNode) c.get("selections");
          break;
        }
      }
      assertThat(sels).isNotNull();
      sels.remove(sels.size() - 1);
      List<Finding> f = validateTampered(b);
      assertThat(f).extracting(Finding::check).contains("selections");
    }

    @Test
    @DisplayName("a raised contest limit in the manifest breaks H_M and every contest-limit proof")
    void tamperedManifestLimit() throws Exception {
      ConformanceRecord r = record();
      ObjectNode m = (ObjectNode) JSON.readTree(r.manifest.bytes());
      ((ObjectNode) m.get("contests").get(0)).put("votes_allowed", 2);
      ((ObjectNode) m.get("contests").get(0)).put("vote_variation", "n_of_m");
      Manifest tampered = r.codec.parseManifest(JSON.writeValueAsBytes(m), "manifest.json").orElseThrow();
      UInt256 hm = ElectionHashes.manifestHash(r.config.parameterBaseHash(), tampered.bytes());
      assertThat(hm).isNotEqualTo(r.config.manifestHash());
      Election e = Election.of(r.group, tampered, r.config, r.initialized);
      String contestId = tampered.contests().get(0).contestId();
      EncryptedBallot b = r.ballots.stream()
          .filter(x -> x.contests().stream().anyMatch(c -> c.contestId().equals(contestId)))
          .findFirst().orElseThrow();
      List<Finding> f = new BallotValidator(e).validate(b).findings();
      assertThat(f).anySatisfy(x -> {
        assertThat(x.check()).isEqualTo("6");
        assertThat(x.location()).contains("contest " + contestId);
        assertThat(x.reason()).isEqualTo("range proof has 2 (c, v) pairs, expected 3");
      });
    }
  }

  @Nested
  @DisplayName("The P-256 record (allAvailableEc)")
  class Ec extends RecordChecks {
    Ec() {
      super(ConformanceRecord.ec());
    }
  }

  @Nested
  @DisplayName("The Integer4096 record (allAvailable)")
  class Integer extends RecordChecks {
    Integer() {
      super(ConformanceRecord.integer());
    }
  }
}

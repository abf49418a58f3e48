package org.evote.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evote.verifier.Mutations.assertFails;
import static org.evote.verifier.RecordEdits.array;
import static org.evote.verifier.RecordEdits.contest;
import static org.evote.verifier.RecordEdits.edit;
import static org.evote.verifier.RecordEdits.otherScalar;
import static org.evote.verifier.RecordEdits.selection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.evote.crypto.election.PreEncryptionHashes;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.testing.Conformance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mutation suite of Verification 15 to 18 (spec §4.5, §6.2.8) on egk-ec's Integer4096 record
 * with pre-encrypted ballots, which egk-ec's own verifier accepts: each test copies the record,
 * changes one value of a pre-encrypted ballot the way an attacker or a bug would, and asserts that
 * exactly the checks that must notice fail, with a reason that says what and where. Where the
 * attacker can keep the other equations true (a changed selection hash with its short code
 * recomputed, a changed contest hash with the confirmation code recomputed), the test does so, so
 * that one step alone is what catches the change.
 *
 * <p>In the record, pre-b-01 is CAST (style-ward-1: mayor and proposition-a with L = 1,
 * council-ward-1 with L = 2) and pre-b-08 is CHALLENGED, with dballot-pre-b-08.json.
 */
class PreEncryptedMutationTest {
  static final String CAST = "encrypted_ballots/eballot-pre-b-01.json";
  static final String CHALLENGED = "encrypted_ballots/eballot-pre-b-08.json";
  static final int MAYOR = 0;
  static final int COUNCIL = 2;

  @TempDir
  Path temp;

  /** Copies the record, applies the change, verifies the copy. */
  Cli.Run mutate(Mutations.Change change) {
    return Mutations.verifyChanged(Conformance.preEncryptedRecord("Integer4096"), temp.resolve("record"), change);
  }

  /**
   * Verifies the record with the ballot in {@code ballotFile} changed by {@code change}: it must fail {@code check} and
   * nothing else. Returns the failures of {@code check}.
   */
  List<String> failing(String check, String ballotFile, Consumer<ObjectNode> change) {
    Cli.Run run = mutate(r -> edit(r.resolve(ballotFile), change));
    assertFails(run, check);
    return run.failures(check);
  }

  static ObjectNode pre(ObjectNode ballot, int contest) {
    return (ObjectNode) contest(ballot, contest).get("pre_encryption");
  }

  static ObjectNode vector(ObjectNode ballot, int contest, int v) {
    return (ObjectNode) pre(ballot, contest).get("selected_vectors").get(v);
  }

  /** 32 bytes that are no hash of the record. */
  static String otherHash(String base64) {
    byte[] b = Base64.getDecoder().decode(base64);
    b[31] ^= 0x5a;
    return Base64.getEncoder().encodeToString(b);
  }

  /** egk-ec's Ω, written here from its description: the first 5 hex digits of ψ, upper case. */
  static String omega(String base64) {
    return HexFormat.of().withUpperCase().formatHex(Base64.getDecoder().decode(base64)).substring(0, 5);
  }

  static UInt256 u(JsonNode base64) {
    return UInt256.of(Base64.getDecoder().decode(base64.asText()));
  }

  /** What a consistent attacker does after changing a χ: H(B) of eq. 95 recomputed over the χ. */
  static void recomputeCode(ObjectNode ballot) {
    List<UInt256> chis = new ArrayList<>();
    for (JsonNode c : ballot.get("contests")) {
      chis.add(u(c.get("pre_encryption").get("preencryption_hash")));
    }
    UInt256 code = PreEncryptionHashes.confirmationCode(u(ballot.get("election_id")), chis, ByteString.EMPTY);
    ballot.put("confirmation_code", code.toBase64());
  }

  @Nested
  @DisplayName("Verification 15 and 16: the proofs of a pre-encrypted ballot")
  class Proofs {
    @Test
    @DisplayName("a changed response of a selection range proof fails 15 only, naming the selection")
    void selectionProof() {
      assertThat(failing("15", CAST, b -> {
        ObjectNode p = (ObjectNode) selection(b, MAYOR, 0).get("proof").get("proofs").get(0);
        p.put("response", otherScalar(p.get("response").asText()));
      })).singleElement().asString()
          .startsWith("ballot pre-b-01 contest mayor selection mayor-sel1: ");
    }

    @Test
    @DisplayName("a changed response of a contest limit proof fails 16 only, naming the contest")
    void contestProof() {
      assertThat(failing("16", CAST, b -> {
        ObjectNode p = (ObjectNode) contest(b, COUNCIL).get("proof").get("proofs").get(1);
        p.put("response", otherScalar(p.get("response").asText()));
      })).singleElement().asString().startsWith("ballot pre-b-01 contest council-ward-1: ");
    }
  }

  @Nested
  @DisplayName("Verification 17: selection hashes, contest hashes and confirmation codes")
  class Codes {
    @Test
    @DisplayName("17.A: a selected vector's selection hash changed, with its short code made to match, fails 17.A only")
    void selectionHash() {
      assertThat(failing("17.A-C", CAST, b -> {
        ObjectNode v = vector(b, MAYOR, 0);
        String psi = otherHash(v.get("selection_hash").asText());
        v.put("selection_hash", psi);
        v.put("short_code", omega(psi));
      })).singleElement().asString()
          .startsWith("ballot pre-b-01 contest mayor selected vector 1 (short code ")
          .endsWith("17.A: selection hash does not match H(H_E; 0x40, K, α_1, β_1, ..., α_m, β_m) of its encryptions (eq. 92)");
    }

    @Test
    @DisplayName("17.A: an encryption of a selected vector changed fails 17.A, and 18: the selection is no longer its product")
    void selectedVectorEncryption() {
      Cli.Run run = mutate(r -> edit(r.resolve(CAST), b -> {
        ArrayNode e = array(vector(b, COUNCIL, 0), "encryptions");
        e.set(0, e.get(1).deepCopy());
      }));
      assertFails(run, "17.A-C", "18");
      assertThat(run.failures("17.A-C")).singleElement().asString()
          .startsWith("ballot pre-b-01 contest council-ward-1 selected vector 1").contains("17.A: ");
      assertThat(run.failures("18")).singleElement().asString()
          .startsWith("ballot pre-b-01 contest council-ward-1 selection council-ward-1-sel1: 18: the encrypted vote is not the product");
    }

    @Test
    @DisplayName("17.A: a selected vector with an encryption too few fails 17.A: a vector has one per option (eq. 91)")
    void vectorTooShort() {
      assertThat(failing("17.A-C", CAST, b -> array(vector(b, MAYOR, 0), "encryptions").remove(3))).singleElement().asString()
          .startsWith("ballot pre-b-01 contest mayor selected vector 1 (short code ")
          .endsWith("17.A: has 3 encryptions; the contest has 4 options (eq. 91)");
    }

    @Test
    @DisplayName("17.B: a contest with a selection hash too few fails 17.B: χ hashes m + L of them")
    void hashTooFew() {
      assertThat(failing("17.A-C", CAST, b -> {
        ArrayNode all = array(pre(b, MAYOR), "all_selection_hashes");
        String selected = vector(b, MAYOR, 0).get("selection_hash").asText();
        all.remove(all.get(0).asText().equals(selected) ? 1 : 0);
      })).containsExactly(
          "ballot pre-b-01 contest mayor: 17.B: has 4 selection hashes; m + L = 4 + 1 = 5 (eq. 94)");
    }

    @Test
    @DisplayName("17.B: a changed contest hash χ, with the confirmation code recomputed over it, fails 17.B only")
    void contestHash() {
      assertThat(failing("17.A-C", CAST, b -> {
        ObjectNode p = pre(b, COUNCIL);
        p.put("preencryption_hash", otherHash(p.get("preencryption_hash").asText()));
        recomputeCode(b);
      })).containsExactly("ballot pre-b-01 contest council-ward-1: 17.B: preencryption_hash"
          + " does not match H(H_E; 0x41, ind_c, K, ψ_σ(1), ..., ψ_σ(m+L)) of eq. 94");
    }

    @Test
    @DisplayName("17.B: a changed unselected selection hash fails 17.B: χ no longer hashes to the published value")
    void unselectedSelectionHash() {
      assertThat(failing("17.A-C", CAST, b -> {
        ArrayNode all = array(pre(b, MAYOR), "all_selection_hashes");
        String selected = vector(b, MAYOR, 0).get("selection_hash").asText();
        int i = all.get(all.size() - 1).asText().equals(selected) ? all.size() - 2 : all.size() - 1;
        byte[] h = Base64.getDecoder().decode(all.get(i).asText());
        h[31] ^= 1; // the order stays as it was (unless the next hash is this one + 1)
        all.set(i, Base64.getEncoder().encodeToString(h));
      })).singleElement().asString()
          .isEqualTo("ballot pre-b-01 contest mayor: 17.B: preencryption_hash does not match"
              + " H(H_E; 0x41, ind_c, K, ψ_σ(1), ..., ψ_σ(m+L)) of eq. 94");
    }

    @Test
    @DisplayName("17.B: selection hashes out of numerical order fail 17.B: eq. 94 hashes them sorted")
    void unsorted() {
      assertThat(failing("17.A-C", CAST, b -> {
        ArrayNode all = array(pre(b, MAYOR), "all_selection_hashes");
        JsonNode first = all.get(0);
        all.set(0, all.get(1));
        all.set(1, first);
      })).containsExactly("ballot pre-b-01 contest mayor: 17.B: the selection hashes are"
          + " not in strictly increasing order as unsigned big-endian integers (σ of eq. 94)");
    }

    @Test
    @DisplayName("17.B: a well-formed selected vector of another ballot, with the selections and proofs it makes, fails"
        + " 17.B: its hash is not one this ballot's χ hashes (and B.3 and 8: ciphertexts reused, the tally changed)")
    void vectorNotOnTheBallot() {
      Cli.Run run = mutate(r -> {
        ObjectNode other = RecordEdits.read(r.resolve("encrypted_ballots/eballot-pre-b-03.json"));
        edit(r.resolve(CAST), b -> {
          // a well-formed vector of another ballot, with the selection it makes (proof included)
          ((ArrayNode) pre(b, MAYOR).get("selected_vectors")).set(0, vector(other, MAYOR, 0).deepCopy());
          ((ArrayNode) contest(b, MAYOR).get("selections")).removeAll().addAll((ArrayNode) contest(other, MAYOR).get("selections"));
          ((ObjectNode) contest(b, MAYOR)).set("proof", contest(other, MAYOR).get("proof"));
        });
      });
      assertThat(run.failures("17.A-C")).contains("ballot pre-b-01 contest mayor selected vector 1 (short code "
          + omega(vector(RecordEdits.read(Conformance.preEncryptedRecord("Integer4096").resolve("encrypted_ballots/eballot-pre-b-03.json")), MAYOR, 0)
              .get("selection_hash").asText())
          + "): 17.B: its selection hash is not one of the contest's selection hashes that χ hashes: the vector is not"
          + " from this pre-encrypted ballot");
      assertFails(run, "17.A-C", "B.3", "8");
      assertThat(run.failures("17.A-C")).hasSize(1);
    }

    @Test
    @DisplayName("17.C: a changed confirmation code fails 17.C only")
    void confirmationCode() {
      assertThat(failing("17.A-C", CAST, b -> b.put("confirmation_code", otherHash(b.get("confirmation_code").asText())))).containsExactly("ballot pre-b-01: 17.C: confirmation code does not match"
          + " H(H_E; 0x42, χ_1..χ_m, B_aux) of eq. 95 over the preencryption_hash values");
    }

    @Test
    @DisplayName("17.C: a B_aux the code was not computed with fails 17.C")
    void baux() {
      assertThat(failing("17.A-C", CAST, b -> b.put("code_baux", "00"))).singleElement().asString().contains("17.C: ");
    }

    @Test
    @DisplayName("17: a contest of a pre-encrypted ballot without pre_encryption fails 17, which cannot check its χ")
    void missingPreEncryption() {
      assertThat(failing("17.A-C", CAST, b -> contest(b, MAYOR).remove("pre_encryption"))).containsExactly("ballot pre-b-01 contest mayor: 17: the contest of a pre-encrypted"
          + " ballot has no pre_encryption data (selection hashes, selected vectors, short codes; §4.4): its contest hash"
          + " cannot be checked");
    }

    @Test
    @DisplayName("17.D: a copy of a pre-encrypted ballot under another id fails 17.D (and B.3: its ciphertexts are reused)")
    void duplicateCode() {
      Cli.Run run = mutate(r -> RecordEdits.copyBallot(r.resolve(CAST), "pre-b-99", r.resolve("encrypted_ballots/eballot-pre-b-99.json")));
      assertFails(run, "17.D", "B.3");
      assertThat(run.failures("17.D")).singleElement().asString()
          .contains("17.D: the confirmation code ").contains("is also in");
    }
  }

  @Nested
  @DisplayName("Verification 18: short codes, and the selections as the product of the selected vectors")
  class ShortCodes {
    @Test
    @DisplayName("18.A: a changed short code of a cast ballot fails 18.A only")
    void shortCode() {
      assertThat(failing("18", CAST, b -> vector(b, COUNCIL, 1).put("short_code", "0A0A0"))).singleElement().asString()
          .startsWith("ballot pre-b-01 contest council-ward-1 selected vector 2 (short code 0A0A0): 18.A: the short code"
              + " is not Ω(ψ) = ");
    }

    @Test
    @DisplayName("18.A: a changed short code of a challenged ballot fails 18.A too")
    void shortCodeChallenged() {
      assertThat(failing("18", CHALLENGED, b -> vector(b, MAYOR, 0).put("short_code", "0A0A0"))).singleElement().asString().startsWith("ballot pre-b-08 contest mayor");
    }

    @Test
    @DisplayName("18: a selected vector left out (L = 2, one vector) fails 18 only")
    void vectorMissing() {
      assertThat(failing("18", CAST, b -> array(pre(b, COUNCIL), "selected_vectors").remove(1))).containsExactly("ballot pre-b-01 contest council-ward-1: 18: has 1 selected vectors;"
          + " the selection limit L is 2 (§4.3: the voter's selections, filled up with null vectors)");
    }

    @Test
    @DisplayName("18: one vector selected twice fails 18: short codes are unique in a contest, and the product differs")
    void vectorTwice() {
      assertThat(failing("18", CAST, b -> {
        ArrayNode v = array(pre(b, COUNCIL), "selected_vectors");
        v.set(1, v.get(0).deepCopy());
      })).anyMatch(f -> f.contains("selected twice"))
          .anyMatch(f -> f.contains("is not the product of the selected vectors"));
    }

    @Test
    @DisplayName("18: two selections swapped with their proofs fail 18 (and 8: the cast ballot's votes moved)")
    void selectionsSwapped() {
      Cli.Run run = mutate(r -> edit(r.resolve(CAST), b -> {
        ObjectNode s0 = selection(b, COUNCIL, 0);
        ObjectNode s1 = selection(b, COUNCIL, 1);
        JsonNode v0 = s0.get("encrypted_vote");
        JsonNode p0 = s0.get("proof");
        s0.set("encrypted_vote", s1.get("encrypted_vote"));
        s0.set("proof", s1.get("proof"));
        s1.set("encrypted_vote", v0);
        s1.set("proof", p0);
      }));
      assertFails(run, "18", "8");
      assertThat(run.failures("18")).hasSize(2).allMatch(f -> f.startsWith("ballot pre-b-01 contest council-ward-1 selection"));
    }
  }

  @Nested
  @DisplayName("what the spec does not check")
  class NotChecked {
    @Test
    @DisplayName("egk-ec's contest_hash of a pre-encrypted contest is no value of the spec (§4.5): changed, the record still"
        + " verifies, and the report says in which contest it is not eq. 57")
    void contestHashField() {
      Cli.Run run = mutate(r -> edit(r.resolve(CAST), b -> contest(b, MAYOR).put("contest_hash",
          otherHash(contest(b, MAYOR).get("contest_hash").asText()))));
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(0);
      assertThat(run.line("7.A-B")).contains("is not eq. 57 under H_E in 1 of them (first: ballot pre-b-01 contest mayor)");
    }
  }
}

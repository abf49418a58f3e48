package org.evote.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evote.verifier.Mutations.assertFails;
import static org.evote.verifier.RecordEdits.contest;
import static org.evote.verifier.RecordEdits.edit;
import static org.evote.verifier.RecordEdits.freshElement;
import static org.evote.verifier.RecordEdits.otherScalar;
import static org.evote.verifier.RecordEdits.selection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.evote.crypto.group.Groups;
import org.evote.crypto.testing.Conformance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mutation suite on egk-ec's P-256 record: each test copies the valid record, changes one
 * thing the way an attacker or a bug would, and asserts that exactly the checks that must notice
 * fail (all others pass) with a reason that says what is wrong and where. Where one change
 * necessarily breaks more than one equation (a changed ciphertext of a cast ballot also changes
 * its contest's aggregate and the tally), the test names every check that must fail.
 *
 * <p>In the record, ballot id-1 is CAST and id-12 is CHALLENGED (with dballot-id-12.json).
 */
class ConformanceMutationTest {
  static final String DEVICE = "encrypted_ballots/runWorkflowDevice/";
  static final String CAST = DEVICE + "eballot-id-1.json";
  static final String CHALLENGED = DEVICE + "eballot-id-12.json";
  static final String DBALLOT = "challenged_ballots/dballot-id-12.json";

  @TempDir
  Path temp;

  /** Copies the record, applies the change, verifies the copy. */
  Cli.Run mutate(Mutations.Change change) {
    return Mutations.verifyChanged(Conformance.record(Conformance.EC), temp.resolve("record"), change);
  }

  static int castIndexOfId1() {
    JsonNode ids = RecordEdits.read(Conformance.record(Conformance.EC).resolve("encrypted_tally.json")).get("cast_ballot_ids");
    for (int i = 0; i < ids.size(); i++) {
      if (ids.get(i).asText().equals("id-1")) {
        return i;
      }
    }
    throw new AssertionError("id-1 is not cast");
  }

  static String p256Element(long x) {
    return freshElement(Groups.p256(), x);
  }

  @Nested
  @DisplayName("parameters and key ceremony (Verification 1 to 4)")
  class Parameters {
    @Test
    @DisplayName("a tampered generator coordinate fails 1.E only, and the record is still readable")
    void tamperedConstant() {
      Cli.Run run = mutate(r -> edit(r.resolve("constants.json"),
          j -> ((ObjectNode) j.get("constants")).put("g.x", "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c297")));
      assertFails(run, "1");
      assertThat(run.failures("1")).containsExactly(
          "constants.json $.constants.g.x: 1.E: the value is not the standard generator coordinate g.x of P-256 (ElectionGuard 2.0 §3.1.1)");
    }

    @Test
    @DisplayName("a tampered field prime fails 1.B, and a wrong protocol version 1.A")
    void tamperedPrimeAndVersion() {
      Cli.Run run = mutate(r -> edit(r.resolve("constants.json"), j -> {
        ((ObjectNode) j.get("constants")).put("primeModulus", "ffffffff00000001000000000000000000000000fffffffffffffffffffffffd");
        j.put("protocolVersion", "v2.0.0");
      }));
      assertFails(run, "1");
      assertThat(run.failures("1")).containsExactly(
          "constants.json $.protocolVersion: 1.A: the record's protocol version is \"v2.0.0\"; this verifier checks P-256 records of version v2.1.0",
          "constants.json $.constants.primeModulus: 1.B: the value is not the standard field prime p of P-256 (ElectionGuard 2.0 §3.1.1)");
    }

    @Test
    @DisplayName("one changed byte of manifest.json fails 1.G: H_M no longer recomputes")
    void manifestByte() {
      Cli.Run run = mutate(r -> {
        Path m = r.resolve("manifest.json");
        String s = Files.readString(m, StandardCharsets.UTF_8);
        assertThat(s).contains("\"subtitle\"");
        Files.writeString(m, s.replaceFirst("\"subtitle\"", "\"Subtitle\""), StandardCharsets.UTF_8);
      });
      assertFails(run, "1");
      assertThat(run.failures("1")).singleElement().asString()
          .startsWith("election_config.json $.manifest_hash: 1.G: H_M is not H(H_P; 0x01, manifest)");
    }

    @Test
    @DisplayName("a changed H_P in election_config.json fails 1.F (and 1.G, 1.H, which hash it)")
    void parameterBaseHash() {
      Cli.Run run = mutate(r -> edit(r.resolve("election_config.json"),
          j -> j.put("parameter_base_hash", otherScalar(j.get("parameter_base_hash").asText()))));
      assertFails(run, "1");
      assertThat(run.failures("1")).hasSize(3);
      assertThat(String.join("\n", run.failures("1"))).contains("1.F: H_P is not", "1.G:", "1.H:");
    }

    @Test
    @DisplayName("a changed Schnorr response fails 2 only, naming the guardian and coefficient")
    void schnorrResponse() {
      Cli.Run run = mutate(r -> edit(r.resolve("election_initialized.json"), j -> {
        ObjectNode p = (ObjectNode) j.get("guardians").get(1).get("coefficient_proofs").get(2);
        p.put("response", otherScalar(p.get("response").asText()));
      }));
      assertFails(run, "2");
      assertThat(run.failures("2")).singleElement().asString()
          .startsWith("guardian guardian2 coefficient 2: 2.C: the Schnorr proof of K_i,j does not verify");
    }

    @Test
    @DisplayName("a wrong commitment K_i,1 fails 2 only: its proof no longer verifies")
    void wrongCommitment() {
      Cli.Run run = mutate(r -> edit(r.resolve("election_initialized.json"),
          j -> ((ObjectNode) j.get("guardians").get(0).get("coefficient_proofs").get(1)).put("public_key", p256Element(77))));
      assertFails(run, "2");
      assertThat(run.failures("2")).singleElement().asString().startsWith("guardian guardian1 coefficient 1: 2.C:");
    }

    @Test
    @DisplayName("a wrong guardian key K_i,0 fails 2 and 3.B: K is no longer the product of the K_i")
    void wrongGuardianKey() {
      Cli.Run run = mutate(r -> edit(r.resolve("election_initialized.json"),
          j -> ((ObjectNode) j.get("guardians").get(2).get("coefficient_proofs").get(0)).put("public_key", p256Element(78))));
      assertFails(run, "2", "3");
      assertThat(run.failures("3")).containsExactly("election_initialized.json $.joint_public_key: "
          + "3.B: K is not the product of the 3 guardian public keys K_i (eq. 8)");
    }

    @Test
    @DisplayName("a changed H_E in election_initialized.json fails 4 only; ballots are checked against the recomputed H_E")
    void extendedBaseHash() {
      Cli.Run run = mutate(r -> edit(r.resolve("election_initialized.json"),
          j -> j.put("extended_base_hash", otherScalar(j.get("extended_base_hash").asText()))));
      assertFails(run, "4");
      assertThat(run.failures("4")).singleElement().asString()
          .startsWith("election_initialized.json $.extended_base_hash: 4.A: H_E is not H(H_B; 0x12, K) (eq. 23)");
    }

    @Test
    @DisplayName("a guardian missing from election_initialized.json fails 2 (n) and 3 (K)")
    void missingGuardian() {
      Cli.Run run = mutate(r -> edit(r.resolve("election_initialized.json"), j -> ((ArrayNode) j.get("guardians")).remove(2)));
      assertFails(run, "2", "3");
      assertThat(run.failures("2")).contains(
          "election_initialized.json $.guardians: there are 2 guardians, but election_config.json says n = 3");
    }
  }

  @Nested
  @DisplayName("encrypted ballots (B.1, Verification 5 to 7, B.2, B.3)")
  class Ballots {
    @Test
    @DisplayName("a changed vote ciphertext fails its range proof (5), its contest's limit proof (6), its contest hash (7.A) and the aggregate (8)")
    void changedCiphertext() {
      Cli.Run run = mutate(r -> edit(r.resolve(CAST), b -> ((ObjectNode) selection(b, 0, 1).get("encrypted_vote")).put("pad", p256Element(79))));
      assertFails(run, "5", "6", "7.A-B", "8");
      assertThat(run.failures("5")).singleElement().asString()
          .isEqualTo("ballot id-1 contest contest1 selection selection2: challenge c does not equal the sum of the c_j (5.D/6.D)");
      assertThat(run.failures("7.A-B")).singleElement().asString()
          .isEqualTo("ballot id-1 contest contest1: 7.A: contest hash does not match H(H_E; 0x23, index, K, α_1, β_1, ...)");
      assertThat(run.failures("8")).contains(
          "encrypted_tally.json contest1/selection2: 8.A: A is not the product of the α of this option on the 33 CAST ballots");
    }

    @Test
    @DisplayName("a changed challenge of a selection's range proof fails 5 only")
    void selectionChallenge() {
      Cli.Run run = mutate(r -> edit(r.resolve(CAST), b -> {
        ObjectNode p = (ObjectNode) selection(b, 1, 0).get("proof").get("proofs").get(1);
        p.put("challenge", otherScalar(p.get("challenge").asText()));
      }));
      assertFails(run, "5");
      assertThat(run.failures("5")).singleElement().asString().startsWith("ballot id-1 contest ");
    }

    @Test
    @DisplayName("a changed response of a selection's range proof fails 5 only")
    void selectionResponse() {
      Cli.Run run = mutate(r -> edit(r.resolve(CHALLENGED), b -> {
        ObjectNode p = (ObjectNode) selection(b, 0, 0).get("proof").get("proofs").get(0);
        p.put("response", otherScalar(p.get("response").asText()));
      }));
      assertFails(run, "5");
      assertThat(run.failures("5")).singleElement().asString()
          .startsWith("ballot id-12 contest ").endsWith("challenge c does not equal the sum of the c_j (5.D/6.D)");
    }

    @Test
    @DisplayName("a changed response of a contest limit proof fails 6 only")
    void contestProof() {
      Cli.Run run = mutate(r -> edit(r.resolve(CAST), b -> {
        ObjectNode p = (ObjectNode) contest(b, 0).get("proof").get("proofs").get(0);
        p.put("response", otherScalar(p.get("response").asText()));
      }));
      assertFails(run, "6");
      assertThat(run.failures("6")).singleElement().asString().startsWith("ballot id-1 contest contest1: ");
    }

    @Test
    @DisplayName("a changed confirmation code fails 7.B only")
    void confirmationCode() {
      Cli.Run run = mutate(r -> edit(r.resolve(CAST), b -> b.put("confirmation_code", otherScalar(b.get("confirmation_code").asText()))));
      assertFails(run, "7.A-B");
      assertThat(run.failures("7.A-B")).containsExactly(
          "ballot id-1: 7.B: confirmation code does not match H(H_E; 0x24, χ_1..χ_m, B_aux)");
    }

    @Test
    @DisplayName("a changed contest hash fails 7.A and the code built on it, 7.B")
    void contestHash() {
      Cli.Run run = mutate(r -> edit(r.resolve(CAST), b -> contest(b, 0).put("contest_hash", otherScalar(contest(b, 0).get("contest_hash").asText()))));
      assertFails(run, "7.A-B");
      assertThat(String.join("\n", run.failures("7.A-B"))).contains("7.A: contest hash does not match", "7.B: confirmation code does not match");
    }

    @Test
    @DisplayName("a ballot of another election fails B.1, naming both election ids")
    void otherElectionBallot() {
      Cli.Run run = mutate(r -> edit(r.resolve(CAST), b -> b.put("election_id", otherScalar(b.get("election_id").asText()))));
      assertFails(run, "B.1");
      assertThat(run.failures("B.1")).singleElement().asString()
          .startsWith("ballot id-1: ballot is for election ").contains(", not this election ");
    }

    @Test
    @DisplayName("a ballot that claims another ballot style fails B.1: its contests are not on that style")
    void wrongStyle() {
      Cli.Run run = mutate(r -> edit(r.resolve(CAST), b -> b.put("ballot_style_id", "BallotStyle1")));
      assertFails(run, "B.1");
      assertThat(String.join("\n", run.failures("B.1"))).contains("is not on ballot style 'BallotStyle1'");
    }

    @Test
    @DisplayName("a copy of a ballot under a new id, not cast, reuses a confirmation code (7.C) and every ciphertext (B.3)")
    void reusedConfirmationCode() {
      Cli.Run run = mutate(r -> RecordEdits.copyBallot(r.resolve(CAST), "id-99", r.resolve(DEVICE + "eballot-id-99.json")));
      assertFails(run, "7.C", "B.3");
      assertThat(run.failures("7.C")).singleElement().asString()
          .startsWith("ballot id-99 (" + DEVICE + "eballot-id-99.json): 7.C: the confirmation code ")
          .endsWith("is also in ballot id-1 (" + DEVICE + "eballot-id-1.json)");
      assertThat(run.failures("B.3")).first().asString().startsWith("ballot id-99 (")
          .contains("the α (pad) of contest").contains("is also in ballot id-1 (");
    }

    @Test
    @DisplayName("a ballot counted twice (a copy under a new id, cast) fails 7.C, B.3 and 8")
    void countedTwice() {
      Cli.Run run = mutate(r -> {
        ObjectNode b = RecordEdits.read(r.resolve(CAST));
        b.put("ballot_id", "id-99");
        RecordEdits.write(r.resolve(DEVICE + "eballot-id-99.json"), b);
      });
      assertFails(run, "7.C", "B.3", "8");
      assertThat(run.failures("8")).contains("ballot id-99: the ballot is CAST but is not in cast_ballot_ids of "
          + "encrypted_tally.json: it was left out of the tally");
    }

    @Test
    @DisplayName("the same ballot id in a second device folder fails B.2 (and, as it is a copy, 7.C, B.3 and 8)")
    void duplicateIdAcrossDevices() {
      Cli.Run run = mutate(r -> {
        Files.createDirectories(r.resolve("encrypted_ballots/device2"));
        Files.copy(r.resolve(CAST), r.resolve("encrypted_ballots/device2/eballot-id-1.json"));
      });
      assertFails(run, "B.2", "7.C", "B.3", "8");
      assertThat(run.failures("B.2")).singleElement().asString().isEqualTo(
          "ballot id-1 (" + DEVICE + "eballot-id-1.json): the ballot id id-1 is also in ballot id-1 "
              + "(encrypted_ballots/device2/eballot-id-1.json)");
    }
  }

  @Nested
  @DisplayName("the tally (Verification 8 to 10)")
  class Tally {
    @Test
    @DisplayName("a cast ballot dropped from the record fails 8: the tally counts a ballot that is not there")
    void droppedBallot() {
      Cli.Run run = mutate(r -> Files.delete(r.resolve(CAST)));
      assertFails(run, "8");
      assertThat(run.failures("8")).contains("encrypted_tally.json $.cast_ballot_ids[" + castIndexOfId1() + "]: names ballot id-1, which is not in "
          + "the record (no readable eballot file has this id): a ballot counted in the tally is missing");
    }

    @Test
    @DisplayName("a cast ballot dropped from cast_ballot_ids fails 8: it was left out of the tally")
    void droppedFromCastIds() {
      Cli.Run run = mutate(r -> edit(r.resolve("encrypted_tally.json"), t -> {
        ArrayNode ids = (ArrayNode) t.get("cast_ballot_ids");
        for (int i = 0; i < ids.size(); i++) {
          if (ids.get(i).asText().equals("id-1")) {
            ids.remove(i);
          }
        }
      }));
      assertFails(run, "8");
      assertThat(run.failures("8")).containsExactly("ballot id-1: the ballot is CAST but is not in cast_ballot_ids "
          + "of encrypted_tally.json: it was left out of the tally");
    }

    @Test
    @DisplayName("a challenged ballot listed in cast_ballot_ids fails 8: a challenged ballot is never counted")
    void challengedInCastIds() {
      Cli.Run run = mutate(r -> edit(r.resolve("encrypted_tally.json"), t -> ((ArrayNode) t.get("cast_ballot_ids")).add("id-12")));
      assertFails(run, "8");
      assertThat(run.failures("8")).containsExactly("ballot id-12: cast_ballot_ids counts this ballot, but its state is "
          + "CHALLENGED: a challenged ballot must never be counted");
    }

    @Test
    @DisplayName("a challenged ballot turned into a cast one fails 8 (not in the tally) and 12 (its decryption is of a cast ballot)")
    void challengedMadeCast() {
      Cli.Run run = mutate(r -> edit(r.resolve(CHALLENGED), b -> b.put("state", "CAST")));
      assertFails(run, "8", "12");
      assertThat(run.failures("12")).containsExactly("challenged ballot id-12: the encrypted ballot id-12 is CAST, "
          + "not CHALLENGED: only challenged ballots may be decrypted");
    }

    @Test
    @DisplayName("a changed aggregate in encrypted_tally.json fails 8 and 9 (tally.json decrypts another (A, B))")
    void changedAggregate() {
      Cli.Run run = mutate(r -> edit(r.resolve("encrypted_tally.json"),
          t -> ((ObjectNode) t.get("contests").get(0).get("selections").get(0).get("encrypted_vote")).put("data", p256Element(80))));
      assertFails(run, "8", "9");
      assertThat(run.failures("8")).containsExactly("encrypted_tally.json contest1/selection1: 8.B: B is not the product "
          + "of the β of this option on the 33 CAST ballots");
      assertThat(run.failures("9")).containsExactly("tally.json contest1/selection1: the (A, B) that tally.json decrypts "
          + "differs from the aggregate in encrypted_tally.json");
    }

    @Test
    @DisplayName("an encrypted tally of another election fails 8, naming the election")
    void encryptedTallyOtherElection() {
      Cli.Run run = mutate(r -> edit(r.resolve("encrypted_tally.json"), t -> t.put("election_id", otherScalar(t.get("election_id").asText()))));
      assertFails(run, "8");
      assertThat(run.failures("8")).singleElement().asString().startsWith("encrypted_tally.json $.election_id: the encrypted tally is for election ");
    }

    @Test
    @DisplayName("a changed tally value fails 10.A only: T is no longer K^t")
    void tallyValue() {
      Cli.Run run = mutate(r -> edit(r.resolve("tally.json"),
          t -> ((ObjectNode) t.get("contests").get(0).get("selections").get(0)).put("tally", 8)));
      assertFails(run, "10");
      assertThat(run.failures("10")).containsExactly(
          "tally.json contest1/selection1: 10.A: T (b_over_m) is not K^t for the stated tally t = 8");
    }

    @Test
    @DisplayName("a changed decrypted value T fails 9 (the proof) and 10.A")
    void tallyBOverM() {
      Cli.Run run = mutate(r -> edit(r.resolve("tally.json"),
          t -> ((ObjectNode) t.get("contests").get(1).get("selections").get(0)).put("b_over_m", p256Element(81))));
      assertFails(run, "9", "10");
      assertThat(run.failures("9")).singleElement().asString().startsWith("tally.json contest2/selection4: 9.B: ");
    }

    @Test
    @DisplayName("decryption proofs swapped between two contests fail 9 only")
    void swappedProofs() {
      Cli.Run run = mutate(r -> edit(r.resolve("tally.json"), t -> {
        ObjectNode a = (ObjectNode) t.get("contests").get(0).get("selections").get(0);
        ObjectNode b = (ObjectNode) t.get("contests").get(2).get("selections").get(0);
        JsonNode pa = a.get("proof");
        a.set("proof", b.get("proof"));
        b.set("proof", pa);
      }));
      assertFails(run, "9");
      assertThat(run.failures("9")).containsExactly(
          "tally.json contest1/selection1: 9.B: decryption challenge does not match H(H_E; 0x30, K, A, B, a, b, M)",
          "tally.json contest3/selection5: 9.B: decryption challenge does not match H(H_E; 0x30, K, A, B, a, b, M)");
    }

    @Test
    @DisplayName("a decrypted tally of another election fails 9, naming the election")
    void tallyOtherElection() {
      Cli.Run run = mutate(r -> edit(r.resolve("tally.json"), t -> t.put("election_id", otherScalar(t.get("election_id").asText()))));
      assertFails(run, "9");
      assertThat(run.failures("9")).singleElement().asString().startsWith("tally.json $.election_id: the decrypted tally is for election ");
    }

    @Test
    @DisplayName("an option missing from tally.json fails 10.D")
    void optionMissingFromTally() {
      Cli.Run run = mutate(r -> edit(r.resolve("tally.json"), t -> ((ArrayNode) t.get("contests").get(0).get("selections")).remove(2)));
      assertFails(run, "10");
      assertThat(run.failures("10")).containsExactly(
          "tally.json contest contest1: 10.D: the manifest's option selection3 is not in the decrypted tally");
    }

    @Test
    @DisplayName("a contest missing from tally.json fails 10.E")
    void contestMissingFromTally() {
      Cli.Run run = mutate(r -> edit(r.resolve("tally.json"), t -> ((ArrayNode) t.get("contests")).remove(0)));
      assertFails(run, "10");
      assertThat(run.failures("10")).containsExactly(
          "tally.json: 10.E: contest contest1 is on cast ballots but not in the decrypted tally");
    }
  }

  @Nested
  @DisplayName("challenged ballots (Verification 12 to 14)")
  class Challenged {
    @Test
    @DisplayName("a decryption that is missing fails 12")
    void missingDecryption() {
      Cli.Run run = mutate(r -> Files.delete(r.resolve(DBALLOT)));
      assertFails(run, "12");
      assertThat(run.failures("12")).containsExactly("ballot id-12: the ballot is CHALLENGED but challenged_ballots "
          + "has no decryption of it (dballot-id-12.json)");
    }

    @Test
    @DisplayName("a decryption of another ciphertext than the ballot's fails 12 (copy mismatch and proof)")
    void otherCiphertext() {
      Cli.Run run = mutate(r -> edit(r.resolve(DBALLOT), d -> ((ObjectNode) selection(d, 0, 0).get("encrypted_vote")).put("pad", p256Element(82))));
      assertFails(run, "12");
      assertThat(String.join("\n", run.failures("12"))).contains(
          "challenged ballot id-12 contest contest1 selection selection1: the decrypted (α, β) is not the encrypted ballot's ciphertext",
          "challenged ballot id-12 contest contest1 selection selection1: 12.B: decryption challenge does not match");
    }

    @Test
    @DisplayName("a changed selection value fails 13.A (S is not K^σ), and 13.C when it exceeds the limit")
    void changedSelection() {
      Cli.Run run = mutate(r -> edit(r.resolve(DBALLOT), d -> selection(d, 0, 0).put("tally", 1)));
      assertFails(run, "13");
      assertThat(run.failures("13")).contains(
          "challenged ballot id-12 contest contest1 selection selection1: 13.A: S (b_over_m) is not K^σ for the stated σ = 1");
    }

    @Test
    @DisplayName("changed decrypted contest data fails 14: the ciphertext decrypts to other data")
    void changedContestData() {
      Cli.Run run = mutate(r -> edit(r.resolve(DBALLOT),
          d -> ((ObjectNode) contest(d, 0).get("decrypted_contest_data").get("contest_data")).put("status", "over_vote")));
      assertFails(run, "14");
      assertThat(run.failures("14")).singleElement().asString()
          .startsWith("challenged ballot id-12 contest contest1: the contest data decrypts to ContestData[")
          .contains("not the stated ContestData[overvotes=[], writeIns=[], status=over_vote]");
    }

    @Test
    @DisplayName("a changed contest data proof fails 14.B")
    void contestDataProof() {
      Cli.Run run = mutate(r -> edit(r.resolve(DBALLOT), d -> {
        ObjectNode p = (ObjectNode) contest(d, 1).get("decrypted_contest_data").get("proof");
        p.put("challenge", otherScalar(p.get("challenge").asText()));
      }));
      assertFails(run, "14");
      assertThat(run.failures("14")).singleElement().asString().contains(": 14.B: contest data decryption challenge does not match");
    }

    @Test
    @DisplayName("a decryption whose contest is not in the manifest fails 13.D (and 12: the ballot's contest is then not decrypted)")
    void unknownContest() {
      Cli.Run run = mutate(r -> edit(r.resolve(DBALLOT), d -> contest(d, 0).put("contest_id", "contest99")));
      assertFails(run, "12", "13");
      assertThat(run.failures("13")).containsExactly("challenged ballot id-12 contest contest99: 13.D: the contest is not in the manifest");
    }
  }

  @Nested
  @DisplayName("unsupported and unreadable input")
  class Input {
    @Test
    @DisplayName("an ordinary ballot marked pre-encrypted fails 17: its contests have no pre-encryption data to check")
    void preEncrypted() {
      Cli.Run run = mutate(r -> edit(r.resolve(CAST), b -> b.put("is_preencrypt", true)));
      assertFails(run, "17.A-C");
      assertThat(run.failures("17.A-C")).isNotEmpty().allMatch(f -> f.startsWith("ballot id-1 contest ")
          && f.contains(": 17: the contest of a pre-encrypted ballot has no pre_encryption data"));
    }

    @Test
    @DisplayName("an evote/ extension folder without its files fails E.1 to E.6 and cannot pass Verification 8")
    void extensionFolder() {
      Cli.Run run = mutate(r -> {
        Files.createDirectories(r.resolve("evote"));
        Files.writeString(r.resolve("evote/receipts.json"), "[]");
      });
      assertThat(run.exitCode()).isNotZero();
      for (String e : List.of("E.1", "E.2", "E.3", "E.4", "E.5", "E.6")) {
        assertThat(run.failures(e)).contains("evote/: evote/idp.json is missing", "evote/: evote/policy.json is missing",
            "evote/: evote/officials.json is missing");
      }
    }

    @Test
    @DisplayName("an invalid point in a ballot makes the record unreadable (exit 2), naming the file and the field")
    void invalidPoint() {
      Cli.Run run = mutate(r -> edit(r.resolve(CAST), b -> ((ObjectNode) selection(b, 0, 0).get("encrypted_vote"))
          .put("pad", "AQIDBAUGBwgJCg==")));
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
      assertThat(run.report().get("verdict").asText()).isEqualTo("UNREADABLE");
      assertThat(run.unreadable()).singleElement().asString()
          .startsWith(CAST + ": $.contests[0].selections[0].encrypted_vote.pad: ");
      assertThat(run.out()).contains("Unreadable input (1):", "VERDICT: CANNOT VERIFY: 1 part of the record could not be read");
    }

    @Test
    @DisplayName("a missing tally.json makes the record unreadable (exit 2) and 9 to 11 unchecked, never passed")
    void missingTally() {
      Cli.Run run = mutate(r -> Files.delete(r.resolve("tally.json")));
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.unreadable()).singleElement().asString().startsWith("tally.json: $: file is missing");
      assertThat(run.failed()).containsExactlyInAnyOrder("9", "10", "11");
    }

    @Test
    @DisplayName("an ordinary ballot with pre_encryption data is unreadable (exit 2), naming the field")
    void preEncryptionData() {
      Cli.Run run = mutate(r -> edit(r.resolve(CAST), b -> contest(b, 0).putObject("pre_encryption").put("x", 1)));
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.unreadable()).singleElement().asString()
          .isEqualTo(CAST + ": $.contests[0].pre_encryption: pre_encryption is present on a ballot whose is_preencrypt is false");
    }

    @Test
    @DisplayName("a missing manifest.json stops verification with exit 2 and a message naming the file")
    void missingManifest() {
      Cli.Run run = mutate(r -> Files.delete(r.resolve("manifest.json")));
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.report().get("checks")).isEmpty();
      assertThat(run.err()).contains("evote verify: cannot read the election record: manifest.json: $: file is missing");
    }

    @Test
    @DisplayName("malformed JSON in election_config.json is unreadable, naming file and position")
    void malformedConfig() {
      Cli.Run run = mutate(r -> Files.writeString(r.resolve("election_config.json"), "{ \"config_version\": "));
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("cannot read the election record: election_config.json: ");
    }
  }
}

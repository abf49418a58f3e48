package org.evote.crypto.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.evote.crypto.testing.Conformance.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.evote.crypto.election.BallotChain;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.group.Bytes;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.group.InvalidElementException;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.testing.Conformance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Untrusted input that is wrong in one way, each reported with its file, JSON path and reason. */
@DisplayName("A malformed record file")
class MalformedRecordTest {
  static final Group P256 = Groups.p256();
  static final RecordCodec EC = new RecordCodec(P256);
  static final String EBALLOT = "eballot-id-1.json";
  static final Path EC_DIR = Conformance.record(Conformance.EC);
  static final byte[] EC_EBALLOT = read(EC_DIR.resolve("encrypted_ballots/runWorkflowDevice/" + EBALLOT));

  /** A real file's JSON with one change. */
  static byte[] mutate(byte[] original, Consumer<ObjectNode> change) {
    ObjectNode root = (ObjectNode) JsonTrees.tree(original);
    change.accept(root);
    return JsonTrees.bytes(root);
  }

  static ObjectNode at(ObjectNode root, String pointer) {
    return (ObjectNode) root.at(pointer);
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static RecordProblem problemOf(Parsed<?> parsed) {
    assertThat(parsed.isOk()).as("expected a problem").isFalse();
    return parsed.problem();
  }

  static RecordProblem eballotProblem(Consumer<ObjectNode> change) {
    return problemOf(EC.parseEncryptedBallot(mutate(EC_EBALLOT, change), EBALLOT));
  }

  static void assertProblem(RecordProblem p, String source, String path, String message) {
    assertThat(p.source()).isEqualTo(source);
    assertThat(p.jsonPath()).isEqualTo(path);
    assertThat(p.message()).isEqualTo(message);
    assertThat(p.toString()).isEqualTo(source + ": " + path + ": " + message);
  }

  @Test
  @DisplayName("the unchanged real ballot parses, so each failure below is caused by its one change")
  void baseline() {
    EncryptedBallot b = EC.parseEncryptedBallot(EC_EBALLOT, EBALLOT).orElseThrow();
    assertThat(b.ballotId()).isEqualTo("id-1");
    assertThat(b.contests().size()).isGreaterThan(2);
  }

  @Nested
  @DisplayName("with invalid JSON syntax")
  class Syntax {
    @Test
    @DisplayName("reports a stray comma with the enclosing path, the line and the column")
    void strayComma() {
      byte[] json = "{\"ballot_id\": \"id-1\",\n \"contests\": [ {\"contest_id\": \"c1\",, } ] }"
          .getBytes(StandardCharsets.UTF_8);
      RecordProblem p = problemOf(EC.parseEncryptedBallot(json, EBALLOT));
      assertThat(p.source()).isEqualTo(EBALLOT);
      assertThat(p.jsonPath()).isEqualTo("$.contests[0]");
      assertThat(p.message())
          .startsWith("invalid JSON: Unexpected character (','")
          .endsWith("(line 2, column 36)");
    }

    @Test
    @DisplayName("reports a truncated real ballot as an unexpected end of input")
    void truncated() {
      byte[] json = Arrays.copyOf(EC_EBALLOT, 600);
      RecordProblem p = problemOf(EC.parseEncryptedBallot(json, EBALLOT));
      assertThat(p.jsonPath()).startsWith("$.contests[0]");
      assertThat(p.message()).startsWith("invalid JSON: Unexpected end-of-input");
    }

    @Test
    @DisplayName("reports a bad literal with the path of the object holding it")
    void badLiteral() {
      byte[] json = "{\"ballot_id\": \"id-1\", \"contests\": [{}, {\"x\": tru}]}".getBytes(StandardCharsets.UTF_8);
      RecordProblem p = problemOf(EC.parseEncryptedBallot(json, EBALLOT));
      assertThat(p.jsonPath()).isEqualTo("$.contests[1]");
      assertThat(p.message()).startsWith("invalid JSON: Unrecognized token 'tru'");
    }

    @Test
    @DisplayName("reports an empty file")
    void empty() {
      assertProblem(problemOf(EC.parseConfig(new byte[0], "election_config.json")),
          "election_config.json", "$", "invalid JSON: the document is empty");
    }

    @Test
    @DisplayName("reports a document that is not an object")
    void notAnObject() {
      assertProblem(problemOf(EC.parseConfig("[1, 2]".getBytes(StandardCharsets.UTF_8), "election_config.json")),
          "election_config.json", "$", "expected an object, got an array");
    }

    @Test
    @DisplayName("reports content after the document")
    void trailing() {
      byte[] json = "{} {}".getBytes(StandardCharsets.UTF_8);
      RecordProblem p = problemOf(EC.parseConfig(json, "election_config.json"));
      assertThat(p.jsonPath()).isEqualTo("$");
      assertThat(p.message()).startsWith("invalid JSON: Trailing token");
    }

    @Test
    @DisplayName("reports a duplicated field instead of silently taking one of the values")
    void duplicate() {
      byte[] json = "{\"ballot_id\": \"a\", \"ballot_id\": \"b\"}".getBytes(StandardCharsets.UTF_8);
      RecordProblem p = problemOf(EC.parseEncryptedBallot(json, EBALLOT));
      assertThat(p.jsonPath()).isEqualTo("$");
      assertThat(p.message()).startsWith("invalid JSON: Duplicate field 'ballot_id'");
    }

    @Test
    @DisplayName("reports bytes that are not UTF-8 text")
    void notText() {
      byte[] json = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
      RecordProblem p = problemOf(EC.parseConfig(json, "election_config.json"));
      assertThat(p.message()).startsWith("invalid JSON: Invalid UTF-8");
    }
  }

  @Nested
  @DisplayName("with a missing or mistyped field")
  class Fields {
    @Test
    @DisplayName("reports a missing required field at its own path")
    void missing() {
      assertProblem(eballotProblem(r -> r.remove("confirmation_code")),
          EBALLOT, "$.confirmation_code", "required field is missing");
    }

    @Test
    @DisplayName("reports a missing field deep inside the ballot")
    void missingDeep() {
      assertProblem(eballotProblem(r -> at(r, "/contests/1/selections/0/proof").remove("proofs")),
          EBALLOT, "$.contests[1].selections[0].proof.proofs", "required field is missing");
    }

    @Test
    @DisplayName("reports a required field that is null")
    void nullField() {
      assertProblem(eballotProblem(r -> r.putNull("election_id")),
          EBALLOT, "$.election_id", "required field is null");
    }

    @Test
    @DisplayName("reports a string where an integer belongs")
    void wrongType() {
      assertProblem(eballotProblem(r -> r.put("timestamp", "yesterday")),
          EBALLOT, "$.timestamp", "expected an integer, got a string");
    }

    @Test
    @DisplayName("reports an object where an array belongs")
    void objectForArray() {
      assertProblem(eballotProblem(r -> at(r, "/contests/0").putObject("selections")),
          EBALLOT, "$.contests[0].selections", "expected an array, got an object");
    }

    @Test
    @DisplayName("reports a negative sequence order")
    void negative() {
      assertProblem(eballotProblem(r -> at(r, "/contests/0").put("sequence_order", -1)),
          EBALLOT, "$.contests[0].sequence_order", "expected an integer from 0 to 2147483647, got -1");
    }

    @Test
    @DisplayName("reports an integer that overflows 32 bits")
    void overflow() {
      assertProblem(eballotProblem(r -> at(r, "/contests/0/encrypted_contest_data").put("numBytes", 2147483648L)),
          EBALLOT, "$.contests[0].encrypted_contest_data.numBytes",
          "expected an integer from 0 to 2147483647, got 2147483648");
    }

    @Test
    @DisplayName("reports a fractional number where an integer belongs")
    void fraction() {
      assertProblem(eballotProblem(r -> r.put("timestamp", 1.5)),
          EBALLOT, "$.timestamp", "expected an integer, got the number 1.5");
    }

    @Test
    @DisplayName("ignores unknown fields and accepts an absent or null encrypted_sn, as egk-ec does")
    void lenientWhereEgkIs() {
      EncryptedBallot b = EC.parseEncryptedBallot(mutate(EC_EBALLOT, r -> {
        r.put("unknown_field", 42);
        r.putNull("encrypted_sn");
        at(r, "/contests/0").putNull("pre_encryption");
      }), EBALLOT).orElseThrow();
      assertThat(b.encryptedSn()).isNull();
      EncryptedBallot c = EC.parseEncryptedBallot(mutate(EC_EBALLOT, r -> r.remove("encrypted_sn")), EBALLOT)
          .orElseThrow();
      assertThat(c).isEqualTo(b);
      assertThat(new String(EC.writeEncryptedBallot(c), StandardCharsets.UTF_8)).doesNotContain("encrypted_sn");
    }

    @Test
    @DisplayName("accepts code_baux in lower-case hex and writes it in upper case")
    void lowerCaseHex() {
      EncryptedBallot b = EC.parseEncryptedBallot(mutate(EC_EBALLOT, r -> r.put("code_baux", "0aff")), EBALLOT)
          .orElseThrow();
      assertThat(b.codeBaux()).isEqualTo(ByteString.of(new byte[] {0x0a, (byte) 0xff}));
      assertThat(new String(EC.writeEncryptedBallot(b), StandardCharsets.UTF_8)).contains("\"code_baux\": \"0AFF\"");
    }

    @Test
    @DisplayName("accepts voting_device, as egk-ec's spec document names the device field")
    void votingDevice() {
      EncryptedBallot b = EC.parseEncryptedBallot(mutate(EC_EBALLOT, r -> {
        r.remove("encrypting_device");
        r.put("voting_device", "booth-7");
      }), EBALLOT).orElseThrow();
      assertThat(b.encryptingDevice()).isEqualTo("booth-7");
    }
  }

  @Nested
  @DisplayName("with a badly encoded value")
  class Encodings {
    @Test
    @DisplayName("reports invalid base64")
    void badBase64() {
      RecordProblem p = eballotProblem(r -> at(r, "/contests/0").put("contest_hash", "not*base64"));
      assertThat(p.jsonPath()).isEqualTo("$.contests[0].contest_hash");
      assertThat(p.message()).startsWith("invalid base64: Illegal base64 character 2a");
    }

    @Test
    @DisplayName("reports invalid hex in code_baux")
    void badHex() {
      assertProblem(eballotProblem(r -> r.put("code_baux", "XY")),
          EBALLOT, "$.code_baux", "invalid hex: character 'X' at index 0");
      assertProblem(eballotProblem(r -> r.put("code_baux", "ABC")),
          EBALLOT, "$.code_baux", "invalid hex: an odd number of digits (3)");
    }

    @Test
    @DisplayName("reports an element of the wrong length")
    void elementLength() {
      assertProblem(eballotProblem(r -> at(r, "/contests/0/selections/0/encrypted_vote").put("pad", b64(new byte[32]))),
          EBALLOT, "$.contests[0].selections[0].encrypted_vote.pad",
          "a P-256 element is a 33-byte compressed point, got 32");
    }

    @Test
    @DisplayName("reports a P-256 x coordinate that is not on the curve")
    void notOnCurve() {
      ObjectNode vote = at((ObjectNode) JsonTrees.tree(EC_EBALLOT), "/contests/2/selections/0/encrypted_vote");
      byte[] pad = Base64.getDecoder().decode(vote.get("pad").asText());
      byte[] bad = pad.clone();
      boolean onCurve = true;
      while (onCurve) {
        bad[32]++;
        try {
          P256.decodeElement(bad);
        } catch (InvalidElementException e) {
          onCurve = false;
        }
      }
      assertProblem(eballotProblem(r -> at(r, "/contests/2/selections/0/encrypted_vote").put("pad", b64(bad))),
          EBALLOT, "$.contests[2].selections[0].encrypted_vote.pad",
          "not a point on P-256 (x^3 + ax + b has no square root)");
    }

    @Test
    @DisplayName("reports a P-256 compression prefix other than 02 or 03")
    void prefix() {
      ObjectNode vote = at((ObjectNode) JsonTrees.tree(EC_EBALLOT), "/contests/0/selections/0/encrypted_vote");
      byte[] data = Base64.getDecoder().decode(vote.get("data").asText());
      data[0] = 0x04;
      assertProblem(eballotProblem(r -> at(r, "/contests/0/selections/0/encrypted_vote").put("data", b64(data))),
          EBALLOT, "$.contests[0].selections[0].encrypted_vote.data",
          "compressed point prefix must be 02 or 03, got 04");
    }

    @Test
    @DisplayName("reports the identity where a ballot needs a proper element")
    void identityInBallot() {
      byte[] ff = new byte[33];
      Arrays.fill(ff, (byte) 0xff);
      assertProblem(eballotProblem(r -> at(r, "/encrypted_sn").put("pad", b64(ff))),
          EBALLOT, "$.encrypted_sn.pad", "element is the point at infinity");
    }

    @Test
    @DisplayName("reports a proof response that is not less than q")
    void scalarTooLarge() {
      byte[] ff = new byte[32];
      Arrays.fill(ff, (byte) 0xff);
      assertProblem(eballotProblem(r -> at(r, "/contests/0/selections/1/proof/proofs/0").put("response", b64(ff))),
          EBALLOT, "$.contests[0].selections[1].proof.proofs[0].response", "scalar is not less than q");
    }

    @Test
    @DisplayName("reports a UInt256 of 31 bytes")
    void shortHash() {
      assertProblem(eballotProblem(r -> r.put("confirmation_code", b64(new byte[31]))),
          EBALLOT, "$.confirmation_code", "a UInt256 is 32 bytes, got 31");
    }

    @Test
    @DisplayName("reports an Integer4096 element that is not in the order-q subgroup (p - 1)")
    void integerNotInSubgroup() {
      Group integer = Groups.integer4096();
      Path dir = Conformance.record(Conformance.INTEGER);
      byte[] original = read(dir.resolve("encrypted_ballots/runWorkflowDevice/" + EBALLOT));
      BigInteger p = integer.constants().get("largePrime");
      byte[] pMinusOne = Bytes.fixedWidth(p.subtract(BigInteger.ONE), 512);
      byte[] json = mutate(original, r -> at(r, "/contests/0/selections/0/encrypted_vote").put("pad", b64(pMinusOne)));
      assertProblem(problemOf(new RecordCodec(integer).parseEncryptedBallot(json, EBALLOT)),
          EBALLOT, "$.contests[0].selections[0].encrypted_vote.pad",
          "element is not in the order-q subgroup (x^q != 1 mod p)");
    }
  }

  @Nested
  @DisplayName("with a value the model does not allow")
  class Values {
    final byte[] constants = read(EC_DIR.resolve("constants.json"));

    @Test
    @DisplayName("reports an unknown group name in constants.json at $.name")
    void unknownGroup() {
      assertProblem(
          problemOf(RecordCodec.parseConstants(mutate(constants, r -> r.put("name", "P-257")), "constants.json")),
          "constants.json", "$.name", "unknown group \"P-257\"; known groups are [P-256, Integer4096]");
    }

    @Test
    @DisplayName("reports an unknown group type")
    void unknownType() {
      assertProblem(
          problemOf(RecordCodec.parseConstants(mutate(constants, r -> r.put("type", "Lattice")), "constants.json")),
          "constants.json", "$.type", "unknown group type \"Lattice\"; expected EllipticCurve or IntegerGroup");
    }

    @Test
    @DisplayName("reports a constant that differs from the named group's")
    void wrongConstant() {
      assertProblem(
          problemOf(RecordCodec.parseConstants(mutate(constants, r -> at(r, "/constants").put("g.x", "2a")),
              "constants.json")),
          "constants.json", "$.constants['g.x']", "does not equal the constant 'g.x' of P-256");
    }

    @Test
    @DisplayName("reports an unknown ballot state")
    void unknownState() {
      assertProblem(eballotProblem(r -> r.put("state", "SPOILED")),
          EBALLOT, "$.state", "unknown ballot state \"SPOILED\"; expected CAST, CHALLENGED or UNKNOWN");
    }

    @Test
    @DisplayName("refuses pre-encryption data on a ballot that is not pre-encrypted instead of dropping it")
    void preEncryption() {
      assertProblem(eballotProblem(r -> at(r, "/contests/0").putObject("pre_encryption").put("preencryption_hash", "")),
          EBALLOT, "$.contests[0].pre_encryption",
          "pre_encryption is present on a ballot whose is_preencrypt is false");
    }

    @Test
    @DisplayName("reports a range proof without any pair")
    void emptyRangeProof() {
      assertProblem(eballotProblem(r -> at(r, "/contests/0/proof").putArray("proofs")),
          EBALLOT, "$.contests[0].proof.proofs", "a range proof needs at least one (challenge, response) pair");
    }

    @Test
    @DisplayName("reports an unknown contest data status in a challenged ballot")
    void contestDataStatus() {
      byte[] dballot = read(EC_DIR.resolve("challenged_ballots/dballot-id-12.json"));
      byte[] json = mutate(dballot, r -> at(r, "/contests/0/decrypted_contest_data/contest_data").put("status", "odd"));
      assertProblem(problemOf(EC.parseDecrypted(json, "dballot-id-12.json")),
          "dballot-id-12.json", "$.contests[0].decrypted_contest_data.contest_data.status",
          "unknown contest data status \"odd\"; expected normal, null_vote, over_vote or under_vote");
    }

    @Test
    @DisplayName("reports a metadata value that is not a string, naming the key")
    void metadataValue() {
      byte[] config = read(EC_DIR.resolve("election_config.json"));
      byte[] json = mutate(config, r -> at(r, "/metadata").put("Created by", 7));
      assertProblem(problemOf(EC.parseConfig(json, "election_config.json")),
          "election_config.json", "$.metadata['Created by']", "expected a string, got the integer 7");
    }

    @Test
    @DisplayName("reports a ballot chain byte outside -128..127 and round-trips a valid chain")
    void ballotChain() {
      BallotChain chain = new BallotChain("dev", ByteString.of(new byte[] {100, -1, 0}),
          UInt256.of(new byte[32]), List.of("id-1", "id-2"), UInt256.of(new byte[32]), null, java.util.Map.of());
      byte[] written = EC.writeBallotChain(chain);
      assertThat(new String(written, StandardCharsets.UTF_8)).contains("100,").contains("-1,").doesNotContain("closing_hash");
      assertThat(EC.parseBallotChain(written, "ballot_chain.json").orElseThrow()).isEqualTo(chain);
      byte[] json = mutate(written, r -> ((ArrayNode) r.get("baux0")).set(1, 200));
      assertProblem(problemOf(EC.parseBallotChain(json, "ballot_chain.json")),
          "ballot_chain.json", "$.baux0[1]", "expected a byte value (an integer from -128 to 127), got 200");
    }

    @Test
    @DisplayName("turns a problem into a RecordFormatException or an IllegalStateException on demand")
    void throwing() {
      Parsed<EncryptedBallot> bad = EC.parseEncryptedBallot(mutate(EC_EBALLOT, r -> r.put("state", "X")), EBALLOT);
      assertThatThrownBy(bad::orElseThrow)
          .isInstanceOf(RecordFormatException.class)
          .hasMessage("eballot-id-1.json: $.state: unknown ballot state \"X\"; expected CAST, CHALLENGED or UNKNOWN")
          .satisfies(e -> assertThat(((RecordFormatException) e).problem().jsonPath()).isEqualTo("$.state"));
      assertThatThrownBy(bad::value).isInstanceOf(IllegalStateException.class).hasMessageContaining("$.state");
      assertThat(bad.map(EncryptedBallot::ballotId).isOk()).isFalse();
      Parsed<EncryptedBallot> good = EC.parseEncryptedBallot(EC_EBALLOT, EBALLOT);
      assertThatThrownBy(good::problem).isInstanceOf(IllegalStateException.class);
      assertThat(good.map(EncryptedBallot::state).value()).isEqualTo(BallotState.CAST);
    }
  }

  @Nested
  @DisplayName("with a ballot id that cannot name a file")
  class FileNames {
    @TempDir Path tmp;

    @Test
    @DisplayName("refuses an id with \"..\"")
    void dotDot() {
      ElectionRecordFiles files = new ElectionRecordFiles(tmp, EC);
      assertThatThrownBy(() -> files.writeEncryptedBallot("dev", ballotWithId("../evil")))
          .isInstanceOf(RecordFormatException.class)
          .satisfies(e -> assertProblem(((RecordFormatException) e).problem(), "encrypted_ballots/dev", "$.ballot_id",
              "ballot id \"../evil\" cannot be used in a file name: it contains \"..\""));
      assertThat(tmp.resolve("encrypted_ballots")).doesNotExist();
    }

    @Test
    @DisplayName("refuses path separators, control characters and other characters")
    void badCharacters() {
      assertThat(ElectionRecordFiles.fileNameProblem("a/b")).hasValue("contains a path separator '/' at index 1");
      assertThat(ElectionRecordFiles.fileNameProblem("a\\b")).hasValue("contains a path separator '\\' at index 1");
      assertThat(ElectionRecordFiles.fileNameProblem("a\u0000b")).hasValue("contains a control character '\\u0000' at index 1");
      assertThat(ElectionRecordFiles.fileNameProblem("id:1"))
          .hasValue("contains a character outside A-Z a-z 0-9 . _ - and space ':' at index 2");
      assertThat(ElectionRecordFiles.fileNameProblem("")).hasValue("is empty");
      assertThat(ElectionRecordFiles.fileNameProblem(".")).hasValue("is \".\"");
      assertThat(ElectionRecordFiles.fileNameProblem("id-1.x_Y")).isEmpty();
    }

    @Test
    @DisplayName("reports a bad id given for reading as a problem, not an exception")
    void readBadId() {
      ElectionRecordFiles files = new ElectionRecordFiles(tmp, EC);
      assertProblem(problemOf(files.readEncryptedBallot("", "a/b")), "encrypted_ballots", "$.ballot_id",
          "ballot id \"a/b\" cannot be used in a file name: it contains a path separator '/' at index 1");
      assertProblem(problemOf(files.readChallengedBallot("..")), "challenged_ballots", "$.id",
          "ballot id \"..\" cannot be used in a file name: it contains \"..\"");
    }

    @Test
    @DisplayName("refuses a device name that would leave encrypted_ballots")
    void badDevice() {
      ElectionRecordFiles files = new ElectionRecordFiles(tmp, EC);
      assertThatThrownBy(() -> files.writeEncryptedBallot("..", ballotWithId("id-1")))
          .isInstanceOf(RecordFormatException.class)
          .hasMessage("encrypted_ballots: $.encrypting_device: device name \"..\" cannot be used in a file name: "
              + "it contains \"..\"");
    }

    @Test
    @DisplayName("writes spaces as underscores, as egk-ec does, and reads the ballot back")
    void spaces() throws Exception {
      ElectionRecordFiles files = new ElectionRecordFiles(tmp, EC);
      Path p = files.writeEncryptedBallot("", ballotWithId("id 1"));
      assertThat(p.getFileName().toString()).isEqualTo("eballot-id_1.json");
      assertThat(files.readEncryptedBallot("", "id 1").orElseThrow().ballotId()).isEqualTo("id 1");
    }

    EncryptedBallot ballotWithId(String id) {
      EncryptedBallot b = EC.parseEncryptedBallot(EC_EBALLOT, EBALLOT).orElseThrow();
      return new EncryptedBallot(id, b.ballotStyleId(), b.encryptingDevice(), b.timestamp(), b.codeBaux(),
          b.confirmationCode(), b.electionId(), b.contests(), b.state(), b.encryptedSn(), b.isPreencrypt());
    }
  }

  @Test
  @DisplayName("never throws, whatever single corruption a real ballot suffers (4000 seeded mutations)")
  void neverThrows() {
    java.util.Random random = new java.util.Random(20240611L);
    byte[] alphabet = "{}[]\",:0123456789-+.eEtrufalsnAZaz/=\\ \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    int invalid = 0;
    for (int i = 0; i < 4000; i++) {
      byte[] json = EC_EBALLOT.clone();
      int at = random.nextInt(json.length);
      switch (i % 4) {
        case 0 -> json[at] = alphabet[random.nextInt(alphabet.length)];
        case 1 -> json = Arrays.copyOf(json, at);
        case 2 -> {
          byte[] shorter = new byte[json.length - 1];
          System.arraycopy(json, 0, shorter, 0, at);
          System.arraycopy(json, at + 1, shorter, at, json.length - at - 1);
          json = shorter;
        }
        default -> json[at] ^= (byte) (1 << random.nextInt(8));
      }
      Parsed<EncryptedBallot> parsed = EC.parseEncryptedBallot(json, EBALLOT);
      if (!parsed.isOk()) {
        invalid++;
        assertThat(parsed.problem().source()).isEqualTo(EBALLOT);
        assertThat(parsed.problem().jsonPath()).startsWith("$");
        assertThat(parsed.problem().message()).isNotBlank().doesNotStartWith("cannot be read");
      }
    }
    assertThat(invalid).isGreaterThan(2000);
  }

  @Test
  @DisplayName("a real ballot's JSON node survives the test helper unchanged")
  void helperIsFaithful() {
    JsonNode a = JsonTrees.tree(EC_EBALLOT);
    assertThat(JsonTrees.tree(mutate(EC_EBALLOT, r -> {}))).isEqualTo(a);
  }
}

package org.evote.crypto.record;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.evote.crypto.election.BallotChain;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.ContestData;
import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.election.ElectionInitialized;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.election.GuardianRecord;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.election.PlaintextBallot;
import org.evote.crypto.election.TrusteeSecrets;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.HashedCiphertext;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.GroupConstants;
import org.evote.crypto.group.GroupKind;
import org.evote.crypto.group.Groups;
import org.evote.crypto.group.InvalidElementException;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.ChaumPedersenProof;
import org.evote.crypto.proof.RangeProof;
import org.evote.crypto.proof.SchnorrProof;
import org.evote.crypto.secret.SecretScalar;

/**
 * Reads and writes the JSON files of an election record in the layout of egk-ec, the Kotlin
 * ElectionGuard implementation (its {@code publish/json} package, serialised by kotlinx with
 * {@code explicitNulls = false, ignoreUnknownKeys = true, prettyPrint = true}).
 *
 * <p>Reading treats the bytes as untrusted: every required field must be present with the right
 * JSON type, unknown fields are ignored, optional fields may be absent or null, and every group
 * element, scalar and hash is decoded and validated. Any problem, including malformed JSON,
 * comes back as {@link Parsed#invalid} naming the source, the JSON path and the reason; parsing
 * never throws for bad input.
 *
 * <p>Writing produces pretty-printed UTF-8 JSON with egk-ec's field order and formatting; optional
 * values that are null (and empty metadata) are omitted, as kotlinx does.
 *
 * <p>Stateless apart from the group, and thread-safe.
 */
public final class RecordCodec {
  /** The ballot states egk-ec knows. */
  private static final String BALLOT_STATES = "CAST, CHALLENGED or UNKNOWN";

  /** egk-ec's ContestDataStatus values. */
  private static final Set<String> CONTEST_DATA_STATUSES =
      Set.of("normal", "null_vote", "over_vote", "under_vote");

  private static final JsonMapper MAPPER = StrictJson.mapper();

  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private final Group group;

  /** A codec for records of this group. */
  public RecordCodec(Group group) {
    this.group = Objects.requireNonNull(group, "group");
  }

  /** The group whose elements this codec reads and writes. */
  public Group group() {
    return group;
  }

  // ---------------------------------------------------------------------------------------------
  // The parsing frame

  private static <T> Parsed<T> parse(byte[] json, String source, Function<JsonIn, T> body) {
    return JsonIn.parse(json, source, body);
  }

  // ---------------------------------------------------------------------------------------------
  // Reading values

  private Element element(JsonIn in) {
    return in.element(group);
  }

  private Element elementOrIdentity(JsonIn in) {
    return in.elementOrIdentity(group);
  }

  private Scalar scalar(JsonIn in) {
    return in.scalar(group);
  }

  private Ciphertext ciphertext(JsonIn in, boolean identityAllowed) {
    return in.ciphertext(group, identityAllowed);
  }

  private ChaumPedersenProof chaumPedersen(JsonIn in) {
    return new ChaumPedersenProof(scalar(in.field("challenge")), scalar(in.field("response")));
  }

  private RangeProof rangeProof(JsonIn in) {
    JsonIn proofs = in.field("proofs");
    List<ChaumPedersenProof> list = proofs.list(this::chaumPedersen);
    if (list.isEmpty()) {
      throw proofs.bad("a range proof needs at least one (challenge, response) pair");
    }
    return new RangeProof(list);
  }

  private HashedCiphertext hashedCiphertext(JsonIn in) {
    return in.hashedCiphertext(group);
  }

  private static Map<String, String> metadata(JsonIn in) {
    return in.metadata();
  }

  private static <E extends Enum<E>> E enumValue(JsonIn in, Class<E> type, String what, String expected) {
    return in.enumValue(type, what, expected);
  }

  private static String clip(String s) {
    return JsonIn.clip(s);
  }

  // ---------------------------------------------------------------------------------------------
  // constants.json

  /**
   * Parses {@code constants.json}. The group must be one {@link Groups#byName} knows (else a
   * problem at {@code $.name}), the type must be its kind, and the file's values of the group's
   * constants must equal the group's; the constants are kept in file order.
   */
  public static Parsed<GroupConstants> parseConstants(byte[] json, String source) {
    return parse(json, source, in -> {
      JsonIn nameIn = in.field("name");
      String name = nameIn.string();
      JsonIn typeIn = in.field("type");
      GroupKind kind = enumValue(typeIn, GroupKind.class, "group type", "EllipticCurve or IntegerGroup");
      String protocolVersion = in.field("protocolVersion").string();
      JsonIn constantsIn = in.field("constants");
      Map<String, BigInteger> constants = new LinkedHashMap<>();
      for (String key : constantsIn.fieldNames()) {
        JsonIn v = constantsIn.field(key);
        String hex = v.string();
        if (hex.isEmpty() || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
          throw v.bad("expected a non-negative integer in hexadecimal, got \"" + clip(hex) + "\"");
        }
        constants.put(key, new BigInteger(hex, 16));
      }
      Group g;
      try {
        g = Groups.byName(name);
      } catch (IllegalArgumentException e) {
        throw nameIn.bad("unknown group \"" + clip(name) + "\"; known groups are " + Groups.names());
      }
      if (g.kind() != kind) {
        throw typeIn.bad("group " + g.name() + " is of type " + g.kind() + ", not " + kind);
      }
      for (Map.Entry<String, BigInteger> e : g.constants().constants().entrySet()) {
        BigInteger v = constants.get(e.getKey());
        String path = JsonIn.fieldPath(constantsIn.path(), e.getKey());
        if (v == null) {
          throw new JsonIn.Bad(path, "constant of " + g.name() + " is missing");
        }
        if (!v.equals(e.getValue())) {
          throw new JsonIn.Bad(path, "does not equal the constant '" + e.getKey() + "' of " + g.name());
        }
      }
      return new GroupConstants(name, kind, protocolVersion, constants);
    });
  }

  /** The group a parsed constants file names. */
  public static Group groupOf(GroupConstants constants) {
    return Groups.byName(constants.name());
  }

  /** {@code constants.json}: name, type, protocolVersion, then the constants in lower-case hex, in order. */
  public static byte[] writeConstants(GroupConstants constants) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("name", constants.name());
      g.writeStringField("type", constants.kind().name());
      g.writeStringField("protocolVersion", constants.protocolVersion());
      g.writeObjectFieldStart("constants");
      for (Map.Entry<String, BigInteger> e : constants.constants().entrySet()) {
        g.writeStringField(e.getKey(), e.getValue().toString(16));
      }
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  // ---------------------------------------------------------------------------------------------
  // manifest.json

  /**
   * Parses {@code manifest.json}, checking every field egk-ec requires, and keeps the exact bytes
   * (H_M hashes them). Contests and their selections come back in sequence order.
   */
  public Parsed<Manifest> parseManifest(byte[] json, String source) {
    return parseManifestJson(json, source);
  }

  /** {@link #parseManifest} without a codec: a manifest holds no group elements. */
  public static Parsed<Manifest> parseManifestJson(byte[] json, String source) {
    byte[] bytes = json.clone();
    return parse(bytes, source, in -> {
      String scope = in.field("election_scope_id").string();
      String specVersion = in.field("spec_version").string();
      String type = in.field("type").string();
      in.field("start_date").string();
      in.field("end_date").string();
      List<Manifest.GeopoliticalUnit> units = in.field("geopolitical_units").list(u -> {
        String id = u.field("object_id").string();
        String name = u.field("name").string();
        String t = u.field("type").string();
        optString(u, "contact_information");
        return new Manifest.GeopoliticalUnit(id, name, t);
      });
      List<Manifest.BallotStyle> styles = in.field("ballot_styles").list(s -> {
        String id = s.field("object_id").string();
        List<String> gpus = s.field("geopolitical_unit_ids").stringList();
        List<String> parties = s.field("party_ids").stringList();
        optString(s, "image_url");
        return new Manifest.BallotStyle(id, gpus, parties);
      });
      List<Manifest.Contest> contests = in.field("contests").list(c -> {
        String id = c.field("object_id").string();
        int seq = c.field("sequence_order").nonNegativeInt();
        String district = c.field("electoral_district_id").string();
        String variation = c.field("vote_variation").string();
        int elected = c.field("number_elected").nonNegativeInt();
        int allowed = c.field("votes_allowed").nonNegativeInt();
        String name = c.field("name").string();
        List<Manifest.Selection> selections = c.field("ballot_selections").list(s -> new Manifest.Selection(
            s.field("object_id").string(),
            s.field("sequence_order").nonNegativeInt(),
            s.field("candidate_id").string()));
        String title = optString(c, "ballot_title");
        String subtitle = optString(c, "ballot_subtitle");
        JsonIn limitIn = c.optField("option_selection_limit");
        int optionLimit = limitIn == null ? 1 : limitIn.nonNegativeInt();
        return new Manifest.Contest(
            id, seq, district, variation, elected, allowed, name, selections, title, subtitle, optionLimit);
      });
      List<Manifest.Candidate> candidates = in.field("candidates").list(c -> {
        String id = c.field("object_id").string();
        String name = optString(c, "name");
        String party = optString(c, "party_id");
        optString(c, "image_url");
        boolean writeIn = c.field("is_write_in").bool();
        return new Manifest.Candidate(id, name, party, writeIn);
      });
      JsonIn contact = in.optField("contact_information");
      if (contact != null) {
        contact.field("address_line").stringList();
        optString(contact, "email");
        optString(contact, "phone");
        optString(contact, "name");
      }
      in.field("name").list(l -> {
        l.field("value").string();
        return l.field("language").string();
      });
      List<Manifest.Party> parties = in.field("parties").list(p -> {
        String id = p.field("object_id").string();
        String name = p.field("name").string();
        optString(p, "abbreviation");
        optString(p, "color");
        optString(p, "logo_uri");
        return new Manifest.Party(id, name);
      });
      return new Manifest(scope, specVersion, type, units, parties, candidates, styles, contests, bytes);
    });
  }

  private static String optString(JsonIn in, String name) {
    JsonIn v = in.optField(name);
    return v == null ? null : v.string();
  }

  /** The bytes of a manifest, unchanged: H_M hashes them. */
  public static byte[] writeManifest(Manifest manifest) {
    return manifest.bytes();
  }

  /**
   * A manifest file in egk-ec's layout from model values, for a new election: every field egk-ec
   * requires is present; those the model lacks get empty values (start and end dates "", no
   * contact information, an empty name list), and null optional values are omitted.
   */
  public static byte[] writeManifestJson(
      String electionScopeId,
      String specVersion,
      String type,
      List<Manifest.GeopoliticalUnit> geopoliticalUnits,
      List<Manifest.Party> parties,
      List<Manifest.Candidate> candidates,
      List<Manifest.BallotStyle> ballotStyles,
      List<Manifest.Contest> contests) {
    Objects.requireNonNull(electionScopeId, "electionScopeId");
    Objects.requireNonNull(specVersion, "specVersion");
    Objects.requireNonNull(type, "type");
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("election_scope_id", electionScopeId);
      g.writeStringField("spec_version", specVersion);
      g.writeStringField("type", type);
      g.writeStringField("start_date", "");
      g.writeStringField("end_date", "");
      g.writeArrayFieldStart("geopolitical_units");
      for (Manifest.GeopoliticalUnit u : geopoliticalUnits) {
        g.writeStartObject();
        g.writeStringField("object_id", u.unitId());
        g.writeStringField("name", u.name());
        g.writeStringField("type", u.type());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("ballot_styles");
      for (Manifest.BallotStyle s : ballotStyles) {
        g.writeStartObject();
        g.writeStringField("object_id", s.styleId());
        writeStrings(g, "geopolitical_unit_ids", s.geopoliticalUnitIds());
        writeStrings(g, "party_ids", s.partyIds());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("contests");
      for (Manifest.Contest c : contests) {
        g.writeStartObject();
        g.writeStringField("object_id", c.contestId());
        g.writeNumberField("sequence_order", c.sequenceOrder());
        g.writeStringField("electoral_district_id", c.electoralDistrictId());
        g.writeStringField("vote_variation", c.voteVariation());
        g.writeNumberField("number_elected", c.numberElected());
        g.writeNumberField("votes_allowed", c.contestLimit());
        g.writeStringField("name", c.name());
        g.writeArrayFieldStart("ballot_selections");
        for (Manifest.Selection s : c.selections()) {
          g.writeStartObject();
          g.writeStringField("object_id", s.selectionId());
          g.writeNumberField("sequence_order", s.sequenceOrder());
          g.writeStringField("candidate_id", s.candidateId());
          g.writeEndObject();
        }
        g.writeEndArray();
        writeOptString(g, "ballot_title", c.ballotTitle());
        writeOptString(g, "ballot_subtitle", c.ballotSubtitle());
        g.writeNumberField("option_selection_limit", c.optionLimit());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("candidates");
      for (Manifest.Candidate c : candidates) {
        g.writeStartObject();
        g.writeStringField("object_id", c.candidateId());
        writeOptString(g, "name", c.name());
        writeOptString(g, "party_id", c.partyId());
        g.writeBooleanField("is_write_in", c.isWriteIn());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("name");
      g.writeEndArray();
      g.writeArrayFieldStart("parties");
      for (Manifest.Party p : parties) {
        g.writeStartObject();
        g.writeStringField("object_id", p.partyId());
        g.writeStringField("name", p.name());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  /** {@link #writeManifestJson(String, String, String, List, List, List, List, List)} from a manifest's model values (not its bytes). */
  public static byte[] writeManifestJson(Manifest m) {
    return writeManifestJson(
        m.electionScopeId(), m.specVersion(), m.type(), m.geopoliticalUnits(), m.parties(),
        m.candidates(), m.ballotStyles(), m.contests());
  }

  /** A new manifest whose bytes are {@link #writeManifestJson(String, String, String, List, List, List, List, List)} of its values. */
  public static Manifest newManifest(
      String electionScopeId,
      String specVersion,
      String type,
      List<Manifest.GeopoliticalUnit> geopoliticalUnits,
      List<Manifest.Party> parties,
      List<Manifest.Candidate> candidates,
      List<Manifest.BallotStyle> ballotStyles,
      List<Manifest.Contest> contests) {
    byte[] bytes = writeManifestJson(
        electionScopeId, specVersion, type, geopoliticalUnits, parties, candidates, ballotStyles, contests);
    return new Manifest(
        electionScopeId, specVersion, type, geopoliticalUnits, parties, candidates, ballotStyles, contests, bytes);
  }

  // ---------------------------------------------------------------------------------------------
  // election_config.json

  /** Parses {@code election_config.json}; baux0 is base64, metadata optional. */
  public Parsed<ElectionConfig> parseConfig(byte[] json, String source) {
    return parse(json, source, in -> new ElectionConfig(
        in.field("config_version").string(),
        in.field("number_of_guardians").intAtLeast(1),
        in.field("quorum").intAtLeast(1),
        in.field("parameter_base_hash").uint256(),
        in.field("manifest_hash").uint256(),
        in.field("election_base_hash").uint256(),
        in.field("chain_confirmation_codes").bool(),
        ByteString.of(in.field("baux0").base64()),
        metadata(in)));
  }

  /** {@code election_config.json} in egk-ec's layout. */
  public byte[] writeConfig(ElectionConfig c) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("config_version", c.configVersion());
      g.writeNumberField("number_of_guardians", c.numberOfGuardians());
      g.writeNumberField("quorum", c.quorum());
      writeUInt256(g, "parameter_base_hash", c.parameterBaseHash());
      writeUInt256(g, "manifest_hash", c.manifestHash());
      writeUInt256(g, "election_base_hash", c.electionBaseHash());
      g.writeBooleanField("chain_confirmation_codes", c.chainConfirmationCodes());
      g.writeStringField("baux0", c.baux0().toBase64());
      writeMetadata(g, c.metadata());
      g.writeEndObject();
    });
  }

  // ---------------------------------------------------------------------------------------------
  // election_initialized.json

  /** Parses {@code election_initialized.json}. */
  public Parsed<ElectionInitialized> parseInitialized(byte[] json, String source) {
    return parse(json, source, in -> {
      Element k = element(in.field("joint_public_key"));
      UInt256 he = in.field("extended_base_hash").uint256();
      List<GuardianRecord> guardians = in.field("guardians").list(gi -> {
        String id = gi.field("guardian_id").string();
        int x = gi.field("x_coordinate").intAtLeast(1);
        JsonIn proofsIn = gi.field("coefficient_proofs");
        List<SchnorrProof> proofs = proofsIn.list(p -> new SchnorrProof(
            element(p.field("public_key")), scalar(p.field("challenge")), scalar(p.field("response"))));
        if (proofs.isEmpty()) {
          throw proofsIn.bad("a guardian needs at least one coefficient proof");
        }
        return new GuardianRecord(id, x, proofs);
      });
      return new ElectionInitialized(k, he, guardians, metadata(in));
    });
  }

  /** {@code election_initialized.json} in egk-ec's layout. */
  public byte[] writeInitialized(ElectionInitialized init) {
    return write(g -> {
      g.writeStartObject();
      writeElement(g, "joint_public_key", init.jointPublicKey(), null);
      writeUInt256(g, "extended_base_hash", init.extendedBaseHash());
      g.writeArrayFieldStart("guardians");
      for (GuardianRecord gr : init.guardians()) {
        g.writeStartObject();
        g.writeStringField("guardian_id", gr.guardianId());
        g.writeNumberField("x_coordinate", gr.xCoordinate());
        g.writeArrayFieldStart("coefficient_proofs");
        for (SchnorrProof p : gr.coefficientProofs()) {
          g.writeStartObject();
          writeElement(g, "public_key", p.publicKey(), null);
          writeScalar(g, "challenge", p.challenge());
          writeScalar(g, "response", p.response());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      writeMetadata(g, init.metadata());
      g.writeEndObject();
    });
  }

  // ---------------------------------------------------------------------------------------------
  // pballot-*.json

  /**
   * Parses a plaintext ballot. egk-ec's optional {@code sn} (an integer) and {@code errors} (a
   * string) are checked but not kept: the model has no place for them.
   */
  public Parsed<PlaintextBallot> parsePlaintextBallot(byte[] json, String source) {
    return parse(json, source, in -> {
      String id = in.field("ballot_id").string();
      String style = in.field("ballot_style").string();
      List<PlaintextBallot.Contest> contests = in.field("contests").list(c -> new PlaintextBallot.Contest(
          c.field("contest_id").string(),
          c.field("sequence_order").nonNegativeInt(),
          c.field("selections").list(s -> new PlaintextBallot.Selection(
              s.field("selection_id").string(),
              s.field("sequence_order").nonNegativeInt(),
              s.field("vote").nonNegativeInt())),
          c.field("write_ins").stringList()));
      JsonIn sn = in.optField("sn");
      if (sn != null && !(sn.node().isIntegralNumber() && sn.node().canConvertToLong())) {
        throw sn.bad("expected a 64-bit integer, got " + JsonIn.describe(sn.node()));
      }
      optString(in, "errors");
      return new PlaintextBallot(id, style, contests);
    });
  }

  /** A plaintext ballot in egk-ec's layout (without {@code sn}, which the model lacks). */
  public byte[] writePlaintextBallot(PlaintextBallot b) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("ballot_id", b.ballotId());
      g.writeStringField("ballot_style", b.ballotStyle());
      g.writeArrayFieldStart("contests");
      for (PlaintextBallot.Contest c : b.contests()) {
        g.writeStartObject();
        g.writeStringField("contest_id", c.contestId());
        g.writeNumberField("sequence_order", c.sequenceOrder());
        g.writeArrayFieldStart("selections");
        for (PlaintextBallot.Selection s : c.selections()) {
          g.writeStartObject();
          g.writeStringField("selection_id", s.selectionId());
          g.writeNumberField("sequence_order", s.sequenceOrder());
          g.writeNumberField("vote", s.vote());
          g.writeEndObject();
        }
        g.writeEndArray();
        writeStrings(g, "write_ins", c.writeIns());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  // ---------------------------------------------------------------------------------------------
  // eballot-*.json

  /**
   * Parses an encrypted ballot. code_baux is hex of either case; the device is read from {@code
   * encrypting_device} (or, failing that, {@code voting_device} as egk-ec's spec document spells
   * it). A non-null {@code pre_encryption} is reported: pre-encrypted ballots are not supported.
   */
  public Parsed<EncryptedBallot> parseEncryptedBallot(byte[] json, String source) {
    return parse(json, source, in -> {
      String id = in.field("ballot_id").string();
      String style = in.field("ballot_style_id").string();
      String device = (in.optField("encrypting_device") == null && in.optField("voting_device") != null)
          ? in.field("voting_device").string()
          : in.field("encrypting_device").string();
      long timestamp = in.field("timestamp").nonNegativeLong();
      ByteString codeBaux = ByteString.of(in.field("code_baux").hex());
      UInt256 code = in.field("confirmation_code").uint256();
      UInt256 electionId = in.field("election_id").uint256();
      List<EncryptedBallot.Contest> contests = in.field("contests").list(this::encryptedContest);
      BallotState state = enumValue(in.field("state"), BallotState.class, "ballot state", BALLOT_STATES);
      JsonIn snIn = in.optField("encrypted_sn");
      Ciphertext sn = snIn == null ? null : ciphertext(snIn, false);
      boolean preencrypt = in.field("is_preencrypt").bool();
      return new EncryptedBallot(
          id, style, device, timestamp, codeBaux, code, electionId, contests, state, sn, preencrypt);
    });
  }

  private EncryptedBallot.Contest encryptedContest(JsonIn c) {
    String id = c.field("contest_id").string();
    int seq = c.field("sequence_order").nonNegativeInt();
    UInt256 hash = c.field("contest_hash").uint256();
    List<EncryptedBallot.Selection> selections = c.field("selections").list(s -> new EncryptedBallot.Selection(
        s.field("selection_id").string(),
        s.field("sequence_order").nonNegativeInt(),
        ciphertext(s.field("encrypted_vote"), false),
        rangeProof(s.field("proof"))));
    RangeProof proof = rangeProof(c.field("proof"));
    HashedCiphertext data = hashedCiphertext(c.field("encrypted_contest_data"));
    JsonIn pre = c.optField("pre_encryption");
    if (pre != null) {
      throw pre.bad("pre-encrypted ballots are not supported (pre_encryption is present)");
    }
    return new EncryptedBallot.Contest(id, seq, hash, selections, proof, data);
  }

  /** An encrypted ballot in egk-ec's layout; code_baux in upper-case hex, a null encrypted_sn omitted. */
  public byte[] writeEncryptedBallot(EncryptedBallot b) {
    List<Element> all = new ArrayList<>();
    for (EncryptedBallot.Contest c : b.contests()) {
      for (EncryptedBallot.Selection s : c.selections()) {
        all.add(s.encryptedVote().pad());
        all.add(s.encryptedVote().data());
      }
      all.add(c.contestData().c0());
    }
    if (b.encryptedSn() != null) {
      all.add(b.encryptedSn().pad());
      all.add(b.encryptedSn().data());
    }
    Map<Element, byte[]> enc = encodeAll(all);
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("ballot_id", b.ballotId());
      g.writeStringField("ballot_style_id", b.ballotStyleId());
      g.writeStringField("encrypting_device", b.encryptingDevice());
      g.writeNumberField("timestamp", b.timestamp());
      g.writeStringField("code_baux", b.codeBaux().toHexUpper());
      writeUInt256(g, "confirmation_code", b.confirmationCode());
      writeUInt256(g, "election_id", b.electionId());
      g.writeArrayFieldStart("contests");
      for (EncryptedBallot.Contest c : b.contests()) {
        g.writeStartObject();
        g.writeStringField("contest_id", c.contestId());
        g.writeNumberField("sequence_order", c.sequenceOrder());
        writeUInt256(g, "contest_hash", c.contestHash());
        g.writeArrayFieldStart("selections");
        for (EncryptedBallot.Selection s : c.selections()) {
          g.writeStartObject();
          g.writeStringField("selection_id", s.selectionId());
          g.writeNumberField("sequence_order", s.sequenceOrder());
          writeCiphertext(g, "encrypted_vote", s.encryptedVote(), enc);
          writeRangeProof(g, "proof", s.proof());
          g.writeEndObject();
        }
        g.writeEndArray();
        writeRangeProof(g, "proof", c.proof());
        writeHashed(g, "encrypted_contest_data", c.contestData(), enc);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("state", b.state().name());
      if (b.encryptedSn() != null) {
        writeCiphertext(g, "encrypted_sn", b.encryptedSn(), enc);
      }
      g.writeBooleanField("is_preencrypt", b.isPreencrypt());
      g.writeEndObject();
    });
  }

  // ---------------------------------------------------------------------------------------------
  // encrypted_tally.json

  /**
   * Parses {@code encrypted_tally.json}. Aggregates may be the identity (no ballots). egk-ec's
   * ballot_count is optional; an absent or null one reads as 0.
   */
  public Parsed<EncryptedTally> parseEncryptedTally(byte[] json, String source) {
    return parse(json, source, in -> {
      String id = in.field("tally_id").string();
      List<EncryptedTally.Contest> contests = in.field("contests").list(c -> {
        String cid = c.field("contest_id").string();
        int seq = c.field("sequence_order").nonNegativeInt();
        List<EncryptedTally.Selection> sels = c.field("selections").list(s -> new EncryptedTally.Selection(
            s.field("selection_id").string(),
            s.field("sequence_order").nonNegativeInt(),
            ciphertext(s.field("encrypted_vote"), true)));
        JsonIn countIn = c.optField("ballot_count");
        int count = countIn == null ? 0 : countIn.nonNegativeInt();
        return new EncryptedTally.Contest(cid, seq, sels, count);
      });
      List<String> cast = in.field("cast_ballot_ids").stringList();
      UInt256 electionId = in.field("election_id").uint256();
      return new EncryptedTally(id, contests, cast, electionId);
    });
  }

  /** {@code encrypted_tally.json} in egk-ec's layout. */
  public byte[] writeEncryptedTally(EncryptedTally t) {
    List<Element> all = new ArrayList<>();
    for (EncryptedTally.Contest c : t.contests()) {
      for (EncryptedTally.Selection s : c.selections()) {
        all.add(s.encryptedVote().pad());
        all.add(s.encryptedVote().data());
      }
    }
    Map<Element, byte[]> enc = encodeAll(all);
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("tally_id", t.tallyId());
      g.writeArrayFieldStart("contests");
      for (EncryptedTally.Contest c : t.contests()) {
        g.writeStartObject();
        g.writeStringField("contest_id", c.contestId());
        g.writeNumberField("sequence_order", c.sequenceOrder());
        g.writeArrayFieldStart("selections");
        for (EncryptedTally.Selection s : c.selections()) {
          g.writeStartObject();
          g.writeStringField("selection_id", s.selectionId());
          g.writeNumberField("sequence_order", s.sequenceOrder());
          writeCiphertext(g, "encrypted_vote", s.encryptedVote(), enc);
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("ballot_count", c.ballotCount());
        g.writeEndObject();
      }
      g.writeEndArray();
      writeStrings(g, "cast_ballot_ids", t.castBallotIds());
      writeUInt256(g, "election_id", t.electionId());
      g.writeEndObject();
    });
  }

  // ---------------------------------------------------------------------------------------------
  // tally.json and dballot-*.json

  /**
   * Parses a decrypted tally ({@code tally.json}) or challenged ballot ({@code dballot-*.json}).
   * b_over_m and the encrypted_vote copies may be the identity (a zero tally, an empty aggregate);
   * ballot_count and decrypted_contest_data are optional.
   */
  public Parsed<DecryptedTallyOrBallot> parseDecrypted(byte[] json, String source) {
    return parse(json, source, in -> {
      String id = in.field("id").string();
      List<DecryptedTallyOrBallot.Contest> contests = in.field("contests").list(c -> {
        String cid = c.field("contest_id").string();
        List<DecryptedTallyOrBallot.Selection> sels = c.field("selections").list(s -> {
          String sid = s.field("selection_id").string();
          int tally = s.field("tally").nonNegativeInt();
          Element bOverM = elementOrIdentity(s.field("b_over_m"));
          Ciphertext vote = ciphertext(s.field("encrypted_vote"), true);
          ChaumPedersenProof proof = chaumPedersen(s.field("proof"));
          return new DecryptedTallyOrBallot.Selection(sid, tally, bOverM, vote, proof);
        });
        JsonIn countIn = c.optField("ballot_count");
        Integer count = countIn == null ? null : countIn.nonNegativeInt();
        JsonIn dcdIn = c.optField("decrypted_contest_data");
        DecryptedTallyOrBallot.DecryptedContestData dcd = dcdIn == null ? null : decryptedContestData(dcdIn);
        return new DecryptedTallyOrBallot.Contest(cid, sels, count, dcd);
      });
      UInt256 electionId = in.field("election_id").uint256();
      return new DecryptedTallyOrBallot(id, contests, electionId);
    });
  }

  private DecryptedTallyOrBallot.DecryptedContestData decryptedContestData(JsonIn d) {
    JsonIn cd = d.field("contest_data");
    List<Integer> overVotes = cd.field("over_votes").list(JsonIn::nonNegativeInt);
    List<String> writeIns = cd.field("write_ins").stringList();
    JsonIn statusIn = cd.field("status");
    String status = statusIn.string();
    if (!CONTEST_DATA_STATUSES.contains(status)) {
      throw statusIn.bad("unknown contest data status \"" + clip(status)
          + "\"; expected normal, null_vote, over_vote or under_vote");
    }
    HashedCiphertext encrypted = hashedCiphertext(d.field("encrypted_contest_data"));
    ChaumPedersenProof proof = chaumPedersen(d.field("proof"));
    Element beta = element(d.field("beta"));
    return new DecryptedTallyOrBallot.DecryptedContestData(
        new ContestData(overVotes, writeIns, status), encrypted, proof, beta);
  }

  /** A decrypted tally or ballot in egk-ec's layout; null ballot_count and contest data omitted. */
  public byte[] writeDecrypted(DecryptedTallyOrBallot d) {
    List<Element> all = new ArrayList<>();
    for (DecryptedTallyOrBallot.Contest c : d.contests()) {
      for (DecryptedTallyOrBallot.Selection s : c.selections()) {
        all.add(s.bOverM());
        all.add(s.encryptedVote().pad());
        all.add(s.encryptedVote().data());
      }
      if (c.decryptedContestData() != null) {
        all.add(c.decryptedContestData().encryptedContestData().c0());
        all.add(c.decryptedContestData().beta());
      }
    }
    Map<Element, byte[]> enc = encodeAll(all);
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("id", d.id());
      g.writeArrayFieldStart("contests");
      for (DecryptedTallyOrBallot.Contest c : d.contests()) {
        g.writeStartObject();
        g.writeStringField("contest_id", c.contestId());
        g.writeArrayFieldStart("selections");
        for (DecryptedTallyOrBallot.Selection s : c.selections()) {
          g.writeStartObject();
          g.writeStringField("selection_id", s.selectionId());
          g.writeNumberField("tally", s.tally());
          writeElement(g, "b_over_m", s.bOverM(), enc);
          writeCiphertext(g, "encrypted_vote", s.encryptedVote(), enc);
          writeChaumPedersen(g, "proof", s.proof());
          g.writeEndObject();
        }
        g.writeEndArray();
        if (c.ballotCount() != null) {
          g.writeNumberField("ballot_count", c.ballotCount());
        }
        DecryptedTallyOrBallot.DecryptedContestData dcd = c.decryptedContestData();
        if (dcd != null) {
          g.writeObjectFieldStart("decrypted_contest_data");
          g.writeObjectFieldStart("contest_data");
          g.writeArrayFieldStart("over_votes");
          for (int v : dcd.contestData().overvotes()) {
            g.writeNumber(v);
          }
          g.writeEndArray();
          writeStrings(g, "write_ins", dcd.contestData().writeIns());
          g.writeStringField("status", dcd.contestData().status());
          g.writeEndObject();
          writeHashed(g, "encrypted_contest_data", dcd.encryptedContestData(), enc);
          writeChaumPedersen(g, "proof", dcd.proof());
          writeElement(g, "beta", dcd.beta(), enc);
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      writeUInt256(g, "election_id", d.electionId());
      g.writeEndObject();
    });
  }

  // ---------------------------------------------------------------------------------------------
  // decryptingTrustee-*.json

  /** Parses a decrypting trustee's private file; the scalars come back wrapped as secrets. */
  public Parsed<TrusteeSecrets> parseTrustee(byte[] json, String source) {
    return parse(json, source, in -> {
      String id = in.field("id").string();
      int x = in.field("x_coordinate").intAtLeast(1);
      JsonIn coeffIn = in.field("polynomial_coefficients");
      List<SecretScalar> coefficients = coeffIn.list(c -> SecretScalar.of(scalar(c)));
      if (coefficients.isEmpty()) {
        throw coeffIn.bad("a trustee needs at least one polynomial coefficient");
      }
      SecretScalar keyShare = SecretScalar.of(scalar(in.field("key_share")));
      return new TrusteeSecrets(id, x, coefficients, keyShare);
    });
  }

  /** A decrypting trustee's private file in egk-ec's layout. It holds secrets in clear. */
  public byte[] writeTrustee(TrusteeSecrets t) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("id", t.id());
      g.writeNumberField("x_coordinate", t.xCoordinate());
      g.writeArrayFieldStart("polynomial_coefficients");
      for (SecretScalar s : t.polynomialCoefficients()) {
        g.writeString(base64(group.check("coefficient", s.unwrapSecret()).encode()));
      }
      g.writeEndArray();
      writeScalar(g, "key_share", t.keyShare().unwrapSecret());
      g.writeEndObject();
    });
  }

  // ---------------------------------------------------------------------------------------------
  // ballot_chain.json

  /**
   * Parses a device's {@code ballot_chain.json}. egk-ec (kotlinx) writes baux0 as a JSON array of
   * signed byte values; election_base_hash holds H_E; closing_hash and metadata are optional.
   */
  public Parsed<BallotChain> parseBallotChain(byte[] json, String source) {
    return parse(json, source, in -> {
      String device = in.field("encrypting_device").string();
      List<Byte> baux = in.field("baux0").list(JsonIn::signedByte);
      byte[] baux0 = new byte[baux.size()];
      for (int i = 0; i < baux0.length; i++) {
        baux0[i] = baux.get(i);
      }
      UInt256 he = in.field("election_base_hash").uint256();
      List<String> ids = in.field("ballot_ids").stringList();
      UInt256 last = in.field("last_confirmation_code").uint256();
      JsonIn closingIn = in.optField("closing_hash");
      UInt256 closing = closingIn == null ? null : closingIn.uint256();
      return new BallotChain(device, ByteString.of(baux0), he, ids, last, closing, metadata(in));
    });
  }

  /** A device's {@code ballot_chain.json} in egk-ec's layout; a null closing hash is omitted. */
  public byte[] writeBallotChain(BallotChain c) {
    Objects.requireNonNull(c.extendedBaseHash(), "extendedBaseHash");
    Objects.requireNonNull(c.lastConfirmationCode(), "lastConfirmationCode");
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("encrypting_device", c.encryptingDevice());
      g.writeArrayFieldStart("baux0");
      for (byte b : c.baux0().bytes()) {
        g.writeNumber(b);
      }
      g.writeEndArray();
      writeUInt256(g, "election_base_hash", c.extendedBaseHash());
      writeStrings(g, "ballot_ids", c.ballotIds());
      writeUInt256(g, "last_confirmation_code", c.lastConfirmationCode());
      if (c.closingHash() != null) {
        writeUInt256(g, "closing_hash", c.closingHash());
      }
      writeMetadata(g, c.metadata());
      g.writeEndObject();
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Writing values

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.setPrettyPrinter(new KotlinxPrettyPrinter());
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String base64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  /** Encodes many elements at once (P-256 normalises them with one inversion), keyed by identity. */
  private Map<Element, byte[]> encodeAll(List<Element> elements) {
    for (Element e : elements) {
      group.check("element", e);
    }
    List<byte[]> encoded = group.encodeAll(elements);
    Map<Element, byte[]> map = new IdentityHashMap<>(elements.size() * 2);
    for (int i = 0; i < elements.size(); i++) {
      map.put(elements.get(i), encoded.get(i));
    }
    return map;
  }

  private void writeElement(JsonGenerator g, String name, Element e, Map<Element, byte[]> enc) throws IOException {
    byte[] b = enc == null ? null : enc.get(e);
    if (b == null) {
      b = group.encode(group.check(name, e));
    }
    g.writeStringField(name, base64(b));
  }

  private void writeScalar(JsonGenerator g, String name, Scalar s) throws IOException {
    g.writeStringField(name, base64(group.check(name, s).encode()));
  }

  private static void writeUInt256(JsonGenerator g, String name, UInt256 u) throws IOException {
    g.writeStringField(name, u.toBase64());
  }

  private void writeCiphertext(JsonGenerator g, String name, Ciphertext c, Map<Element, byte[]> enc)
      throws IOException {
    g.writeObjectFieldStart(name);
    writeElement(g, "pad", c.pad(), enc);
    writeElement(g, "data", c.data(), enc);
    g.writeEndObject();
  }

  private void writeChaumPedersen(JsonGenerator g, String name, ChaumPedersenProof p) throws IOException {
    g.writeObjectFieldStart(name);
    writeScalar(g, "challenge", p.challenge());
    writeScalar(g, "response", p.response());
    g.writeEndObject();
  }

  private void writeRangeProof(JsonGenerator g, String name, RangeProof p) throws IOException {
    g.writeObjectFieldStart(name);
    g.writeArrayFieldStart("proofs");
    for (ChaumPedersenProof cp : p.proofs()) {
      g.writeStartObject();
      writeScalar(g, "challenge", cp.challenge());
      writeScalar(g, "response", cp.response());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private void writeHashed(JsonGenerator g, String name, HashedCiphertext h, Map<Element, byte[]> enc)
      throws IOException {
    g.writeObjectFieldStart(name);
    writeElement(g, "c0", h.c0(), enc);
    g.writeStringField("c1", h.c1().toBase64());
    writeUInt256(g, "c2", h.c2());
    g.writeNumberField("numBytes", h.numBytes());
    g.writeEndObject();
  }

  private static void writeStrings(JsonGenerator g, String name, List<String> values) throws IOException {
    g.writeArrayFieldStart(name);
    for (String s : values) {
      g.writeString(s);
    }
    g.writeEndArray();
  }

  private static void writeOptString(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  /** Metadata sorted by key (the model's maps have no order); omitted when empty, as kotlinx omits defaults. */
  private static void writeMetadata(JsonGenerator g, Map<String, String> metadata) throws IOException {
    if (metadata.isEmpty()) {
      return;
    }
    g.writeObjectFieldStart("metadata");
    for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }
}

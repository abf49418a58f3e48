package org.evote.crypto.record;

import java.util.List;
import java.util.Objects;
import org.evote.crypto.election.BallotChain;
import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.election.ElectionInitialized;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.election.PlaintextBallot;
import org.evote.crypto.election.TrusteeSecrets;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.GroupConstants;
import org.evote.crypto.group.Groups;

/**
 * Reads and writes the JSON files of an election record in the layout of egk-ec, the Kotlin
 * ElectionGuard implementation (its {@code publish/json} package, serialised by kotlinx with
 * {@code explicitNulls = false, ignoreUnknownKeys = true, prettyPrint = true}). Each file format
 * has its own reader and writer in this package ({@code ConstantsJson}, {@code ManifestJson},
 * ...); this class binds them to a group.
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
  private final Group group;

  /** A codec for records of this group. */
  public RecordCodec(Group group) {
    this.group = Objects.requireNonNull(group, "group");
  }

  /** The group whose elements this codec reads and writes. */
  public Group group() {
    return group;
  }

  /**
   * Parses {@code constants.json}. The group must be one {@link Groups#byName} knows (else a
   * problem at {@code $.name}), the type must be its kind, and the file's values of the group's
   * constants must equal the group's; the constants are kept in file order.
   */
  public static Parsed<GroupConstants> parseConstants(byte[] json, String source) {
    return ConstantsJson.parse(json, source);
  }

  /** The group a parsed constants file names. */
  public static Group groupOf(GroupConstants constants) {
    return Groups.byName(constants.name());
  }

  /** {@code constants.json}: name, type, protocolVersion, then the constants in lower-case hex, in order. */
  public static byte[] writeConstants(GroupConstants constants) {
    return ConstantsJson.write(constants);
  }

  /**
   * Parses {@code manifest.json}, checking every field egk-ec requires, and keeps the exact bytes
   * (H_M hashes them). Contests and their selections come back in sequence order.
   */
  public Parsed<Manifest> parseManifest(byte[] json, String source) {
    return ManifestJson.parse(json, source);
  }

  /** {@link #parseManifest} without a codec: a manifest holds no group elements. */
  public static Parsed<Manifest> parseManifestJson(byte[] json, String source) {
    return ManifestJson.parse(json, source);
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
    return ManifestJson.write(new ManifestJson.Values(
        electionScopeId, specVersion, type, geopoliticalUnits, parties, candidates, ballotStyles, contests));
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

  /** Parses {@code election_config.json}; baux0 is base64, metadata optional. */
  public Parsed<ElectionConfig> parseConfig(byte[] json, String source) {
    return ElectionConfigJson.parse(json, source);
  }

  /** {@code election_config.json} in egk-ec's layout. */
  public byte[] writeConfig(ElectionConfig c) {
    return ElectionConfigJson.write(c);
  }

  /** Parses {@code election_initialized.json}. */
  public Parsed<ElectionInitialized> parseInitialized(byte[] json, String source) {
    return ElectionInitializedJson.parse(json, source, group);
  }

  /** {@code election_initialized.json} in egk-ec's layout. */
  public byte[] writeInitialized(ElectionInitialized init) {
    return ElectionInitializedJson.write(init, group);
  }

  /**
   * Parses a plaintext ballot. egk-ec's optional {@code sn} (an integer) and {@code errors} (a
   * string) are checked but not kept: the model has no place for them.
   */
  public Parsed<PlaintextBallot> parsePlaintextBallot(byte[] json, String source) {
    return PlaintextBallotJson.parse(json, source);
  }

  /** A plaintext ballot in egk-ec's layout (without {@code sn}, which the model lacks). */
  public byte[] writePlaintextBallot(PlaintextBallot b) {
    return PlaintextBallotJson.write(b);
  }

  /**
   * Parses an encrypted ballot. code_baux is hex of either case; the device is read from {@code
   * encrypting_device} (or, failing that, {@code voting_device} as egk-ec's spec document spells
   * it). A pre-encrypted ballot's {@code pre_encryption} (spec §4.4) is read with every element
   * validated; it is refused on a ballot whose {@code is_preencrypt} is false.
   */
  public Parsed<EncryptedBallot> parseEncryptedBallot(byte[] json, String source) {
    return EncryptedBallotJson.parse(json, source, group);
  }

  /**
   * {@link #parseEncryptedBallot(byte[], String)} of a ballot already parsed as JSON, such as the
   * {@code ballot} member of a cast envelope, so that it is read once.
   */
  public Parsed<EncryptedBallot> parseEncryptedBallot(com.fasterxml.jackson.databind.JsonNode json, String source) {
    return EncryptedBallotJson.parse(json, source, group);
  }

  /** An encrypted ballot in egk-ec's layout; code_baux in upper-case hex, a null encrypted_sn omitted. */
  public byte[] writeEncryptedBallot(EncryptedBallot b) {
    return EncryptedBallotJson.write(b, group);
  }

  /**
   * Parses {@code encrypted_tally.json}. Aggregates may be the identity (no ballots). egk-ec's
   * ballot_count is optional; an absent or null one reads as 0.
   */
  public Parsed<EncryptedTally> parseEncryptedTally(byte[] json, String source) {
    return EncryptedTallyJson.parse(json, source, group);
  }

  /** {@code encrypted_tally.json} in egk-ec's layout. */
  public byte[] writeEncryptedTally(EncryptedTally t) {
    return EncryptedTallyJson.write(t, group);
  }

  /**
   * Parses a decrypted tally ({@code tally.json}) or challenged ballot ({@code dballot-*.json}).
   * b_over_m and the encrypted_vote copies may be the identity (a zero tally, an empty aggregate);
   * ballot_count and decrypted_contest_data are optional.
   */
  public Parsed<DecryptedTallyOrBallot> parseDecrypted(byte[] json, String source) {
    return DecryptedTallyOrBallotJson.parse(json, source, group);
  }

  /** A decrypted tally or ballot in egk-ec's layout; null ballot_count and contest data omitted. */
  public byte[] writeDecrypted(DecryptedTallyOrBallot d) {
    return DecryptedTallyOrBallotJson.write(d, group);
  }

  /** Parses a decrypting trustee's private file; the scalars come back wrapped as secrets. */
  public Parsed<TrusteeSecrets> parseTrustee(byte[] json, String source) {
    return TrusteeJson.parse(json, source, group);
  }

  /** A decrypting trustee's private file in egk-ec's layout. It holds secrets in clear. */
  public byte[] writeTrustee(TrusteeSecrets t) {
    return TrusteeJson.write(t, group);
  }

  /**
   * Parses a device's {@code ballot_chain.json}. egk-ec (kotlinx) writes baux0 as a JSON array of
   * signed byte values; election_base_hash holds H_E; closing_hash and metadata are optional.
   */
  public Parsed<BallotChain> parseBallotChain(byte[] json, String source) {
    return BallotChainJson.parse(json, source);
  }

  /** A device's {@code ballot_chain.json} in egk-ec's layout; a null closing hash is omitted. */
  public byte[] writeBallotChain(BallotChain c) {
    return BallotChainJson.write(c);
  }
}

package org.evote.ballotserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.evote.crypto.casting.EcKeys;
import org.evote.ballotserver.auth.TokenVerifier;
import org.evote.crypto.election.BallotValidator;
import org.evote.crypto.election.Election;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.election.ElectionHashes;
import org.evote.crypto.election.ElectionInitialized;
import org.evote.crypto.election.GuardianRecord;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.election.ManifestValidation;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.GroupConstants;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.Outcome;
import org.evote.crypto.proof.SchnorrProofs;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.RecordCodec;

/**
 * An election as a node holds it: parsed from its stored definition, checked once (hashes,
 * guardian proofs, joint key), with its validator and token verifier ready.
 */
public final class LoadedElection {
  private static final ObjectMapper JSON = new ObjectMapper();

  final String id;
  final Election election;
  final RecordCodec codec;
  final BallotValidator validator;
  final TokenVerifier tokens;
  final String definition;

  private LoadedElection(String id, Election election, RecordCodec codec, TokenVerifier tokens, String definition) {
    this.id = id;
    this.election = election;
    this.codec = codec;
    this.validator = new BallotValidator(election);
    this.tokens = tokens;
    this.definition = definition;
  }

  public String id() {
    return id;
  }

  public Election election() {
    return election;
  }

  public RecordCodec codec() {
    return codec;
  }

  public BallotValidator validator() {
    return validator;
  }

  public TokenVerifier tokensFor() {
    return tokens;
  }

  /** The definition JSON this election was loaded from. */
  public String definition() {
    return definition;
  }

  /** The id of an election: its H_E in lower-case hex. */
  public static String idOf(UInt256 extendedBaseHash) {
    return extendedBaseHash.toHex();
  }

  /** The outcome of loading a definition: the election, or why it is not acceptable. */
  public record Load(LoadedElection election, String problem) {}

  /**
   * Parses and checks an election definition: {@code constants}, {@code manifest_base64},
   * {@code election_config}, {@code election_initialized} and {@code idp_public_key}.
   */
  public static Load parse(String definitionJson, Clock clock) {
    try {
      JsonNode d = JSON.readTree(definitionJson);
      byte[] constantsBytes = JSON.writeValueAsBytes(d.path("constants"));
      Parsed<GroupConstants> constants = RecordCodec.parseConstants(constantsBytes, "constants");
      if (!constants.isOk()) {
        return new Load(null, constants.problem().toString());
      }
      Group group = RecordCodec.groupOf(constants.value());
      RecordCodec codec = new RecordCodec(group);
      byte[] manifestBytes = Base64.getDecoder().decode(d.path("manifest_base64").asText(""));
      Parsed<Manifest> manifest = codec.parseManifest(manifestBytes, "manifest");
      if (!manifest.isOk()) {
        return new Load(null, manifest.problem().toString());
      }
      List<String> mp = ManifestValidation.validate(manifest.value());
      if (!mp.isEmpty()) {
        return new Load(null, "manifest: " + mp.get(0));
      }
      Parsed<ElectionConfig> config = codec.parseConfig(JSON.writeValueAsBytes(d.path("election_config")), "election_config");
      if (!config.isOk()) {
        return new Load(null, config.problem().toString());
      }
      Parsed<ElectionInitialized> init = codec.parseInitialized(JSON.writeValueAsBytes(d.path("election_initialized")), "election_initialized");
      if (!init.isOk()) {
        return new Load(null, init.problem().toString());
      }
      String consistency = checkConsistency(group, manifest.value(), config.value(), init.value());
      if (consistency != null) {
        return new Load(null, consistency);
      }
      ECPublicKey idp = EcKeys.parsePublicKey(d.path("idp_public_key").asText("")).orElse(null);
      if (idp == null) {
        return new Load(null, "idp_public_key is not a base64 P-256 public key");
      }
      Election e = Election.of(group, manifest.value(), config.value(), init.value());
      String id = idOf(init.value().extendedBaseHash());
      return new Load(new LoadedElection(id, e, codec, new TokenVerifier(idp, clock), definitionJson), null);
    } catch (java.io.IOException | IllegalArgumentException e) {
      return new Load(null, "the election definition is malformed: " + e.getMessage());
    }
  }

  /** Verification 1.F-1.H, 2, 3, 4 of the spec, on the definition an official uploads. */
  private static String checkConsistency(Group group, Manifest m, ElectionConfig c, ElectionInitialized init) {
    UInt256 hp = ElectionHashes.parameterBaseHash(group.constants());
    if (!hp.equals(c.parameterBaseHash())) {
      return "election_config: parameter_base_hash is not H_P of the group";
    }
    UInt256 hm = ElectionHashes.manifestHash(hp, m.bytes());
    if (!hm.equals(c.manifestHash())) {
      return "election_config: manifest_hash does not match the manifest";
    }
    UInt256 hb = ElectionHashes.electionBaseHash(hp, hm, c.numberOfGuardians(), c.quorum());
    if (!hb.equals(c.electionBaseHash())) {
      return "election_config: election_base_hash does not match";
    }
    if (init.guardians().size() != c.numberOfGuardians()) {
      return "election_initialized: has " + init.guardians().size() + " guardians, the config says " + c.numberOfGuardians();
    }
    List<Element> keys = new ArrayList<>();
    for (GuardianRecord g : init.guardians()) {
      if (g.coefficientProofs().size() != c.quorum()) {
        return "guardian " + g.guardianId() + " has " + g.coefficientProofs().size() + " commitments, expected " + c.quorum();
      }
      for (int j = 0; j < g.coefficientProofs().size(); j++) {
        Outcome o = SchnorrProofs.verify(hp, g.xCoordinate(), j, g.coefficientProofs().get(j));
        if (!o.valid()) {
          return "guardian " + g.guardianId() + " coefficient " + j + ": " + o.reason();
        }
      }
      keys.add(g.publicKey());
    }
    Element k = group.product(keys);
    if (!k.equals(init.jointPublicKey()) || k.isIdentity()) {
      return "election_initialized: joint_public_key is not the product of the guardians' keys";
    }
    if (!ElectionHashes.extendedBaseHash(hb, k).equals(init.extendedBaseHash())) {
      return "election_initialized: extended_base_hash does not match";
    }
    return null;
  }
}

package org.evote.ballotserver.election;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.evote.ballotserver.auth.TokenVerifier;
import org.evote.crypto.casting.CastEnvelopeShape;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.election.BallotValidator;
import org.evote.crypto.election.Election;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.election.ElectionConsistency;
import org.evote.crypto.election.ElectionInitialized;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.election.ManifestValidation;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.GroupConstants;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.record.EvoteLabelsJson;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.record.RecordProblem;
import org.evote.crypto.record.StrictJson;

/**
 * An election as a node holds it: parsed from its stored definition, checked once (hashes,
 * guardian proofs, joint key), with its validator and token verifier ready.
 */
public final class LoadedElection {
  private static final ObjectMapper JSON = StrictJson.mapper();

  final String id;
  final Election election;
  final RecordCodec codec;
  final BallotValidator validator;
  final TokenVerifier tokens;
  final String definition;
  final CastEnvelopeShape shape;
  final EvoteLabelsJson.Labels labels;

  private LoadedElection(String id, Election election, RecordCodec codec, TokenVerifier tokens, String definition,
      EvoteLabelsJson.Labels labels) {
    this.id = id;
    this.labels = labels;
    this.election = election;
    this.codec = codec;
    this.validator = new BallotValidator(election);
    this.tokens = tokens;
    this.definition = definition;
    this.shape = new CastEnvelopeShape(election.manifest(), election.group());
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

  /** The shape a cast envelope of this election may have, and the body limit that follows from it. */
  public CastEnvelopeShape envelopeShape() {
    return shape;
  }

  /** The labels in several languages uploaded with the election (checked against its manifest), if any. */
  public Optional<EvoteLabelsJson.Labels> labels() {
    return Optional.ofNullable(labels);
  }

  /** The definition JSON this election was loaded from. */
  public String definition() {
    return definition;
  }

  /** The id of an election: its H_E in lower-case hex. */
  public static String idOf(UInt256 extendedBaseHash) {
    return extendedBaseHash.toHex();
  }

  /**
   * The definition an official uploads with {@code POST /api/elections}, the format {@link #parse}
   * reads: the record's constants, manifest bytes, configuration and key ceremony output, and the
   * identity provider's P-256 public key.
   */
  public static String definition(
      Group group, Manifest manifest, ElectionConfig config, ElectionInitialized init, PublicKey idp) {
    return definition(group, manifest, config, init, idp, null);
  }

  /**
   * {@link #definition(Group, Manifest, ElectionConfig, ElectionInitialized, PublicKey)} with the
   * labels in several languages as its {@code labels} member.
   *
   * @param labels the labels (see {@link EvoteLabelsJson}), or null for none
   */
  public static String definition(Group group, Manifest manifest, ElectionConfig config, ElectionInitialized init,
      PublicKey idp, EvoteLabelsJson.Labels labels) {
    try {
      RecordCodec codec = new RecordCodec(group);
      ObjectNode d = JSON.createObjectNode();
      d.set("constants", JSON.readTree(RecordCodec.writeConstants(group.constants())));
      d.put("manifest_base64", Base64.getEncoder().encodeToString(manifest.bytes()));
      d.set("election_config", JSON.readTree(codec.writeConfig(config)));
      d.set("election_initialized", JSON.readTree(codec.writeInitialized(init)));
      d.put("idp_public_key", EcKeys.publicKeyBase64(idp));
      if (labels != null) {
        d.set("labels", JSON.readTree(EvoteLabelsJson.write(labels)));
      }
      return d.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("our own record JSON did not parse", e);
    }
  }

  /** The outcome of loading a definition: the election, or why it is not acceptable. */
  public record Load(LoadedElection election, String problem) {}

  /**
   * Parses and checks an election definition: {@code constants}, {@code manifest_base64},
   * {@code election_config}, {@code election_initialized}, {@code idp_public_key} and, optionally,
   * {@code labels}, which must label exactly the manifest's contests and options.
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
      EvoteLabelsJson.Labels labels = null;
      JsonNode labelsNode = d.get("labels");
      if (labelsNode != null && !labelsNode.isNull()) {
        Parsed<EvoteLabelsJson.Labels> l = EvoteLabelsJson.parse(labelsNode, "labels");
        if (!l.isOk()) {
          return new Load(null, "the labels are not valid: " + l.problem());
        }
        List<RecordProblem> misfit = EvoteLabelsJson.againstManifest(l.value(), manifest.value(), "labels");
        if (!misfit.isEmpty()) {
          return new Load(null, "the labels do not label exactly the manifest's contests and options: " + misfit.get(0)
              + (misfit.size() > 1 ? " (and " + (misfit.size() - 1) + " more problem" + (misfit.size() > 2 ? "s" : "") + ")" : ""));
        }
        labels = l.value();
      }
      Parsed<ElectionConfig> config = codec.parseConfig(JSON.writeValueAsBytes(d.path("election_config")), "election_config");
      if (!config.isOk()) {
        return new Load(null, config.problem().toString());
      }
      if (config.value().chainConfirmationCodes()) {
        // Our clients do not chain their confirmation codes yet (spec §3.4.3), so every ballot of
        // such an election would fail verification steps 7.D-7.G: refuse it now, not at the audit.
        return new Load(null, "election_config asks for chained confirmation codes (chain_confirmation_codes: true), "
            + "which this system's voting clients do not make yet; create the election with chaining off");
      }
      Parsed<ElectionInitialized> init = codec.parseInitialized(JSON.writeValueAsBytes(d.path("election_initialized")), "election_initialized");
      if (!init.isOk()) {
        return new Load(null, init.problem().toString());
      }
      String consistency = ElectionConsistency.problem(group, manifest.value(), config.value(), init.value()).orElse(null);
      if (consistency != null) {
        return new Load(null, consistency);
      }
      ECPublicKey idp = EcKeys.parsePublicKey(d.path("idp_public_key").asText("")).orElse(null);
      if (idp == null) {
        return new Load(null, "idp_public_key is not a base64 P-256 public key");
      }
      Election e = Election.of(group, manifest.value(), config.value(), init.value());
      String id = idOf(init.value().extendedBaseHash());
      return new Load(new LoadedElection(id, e, codec, new TokenVerifier(idp, clock), definitionJson, labels), null);
    } catch (IOException | IllegalArgumentException e) {
      return new Load(null, "the election definition is malformed: " + e.getMessage());
    }
  }

}

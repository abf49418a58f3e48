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
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.evote.ballotserver.auth.Pseudonyms;
import org.evote.ballotserver.auth.SignInConfig;
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
  final SignInConfig signIn;
  final Map<String, String> roll;
  final ECPublicKey idpKey;
  final EvoteLabelsJson.Labels labels;

  private LoadedElection(String id, Election election, RecordCodec codec, ECPublicKey idpKey, TokenVerifier tokens,
      String definition, EvoteLabelsJson.Labels labels, SignInConfig signIn, Map<String, String> roll) {
    this.id = id;
    this.idpKey = idpKey;
    this.signIn = signIn;
    this.roll = roll;
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

  /** The key voters' tokens must be signed with: the identity provider's, or the credential service's. */
  public ECPublicKey idpKey() {
    return idpKey;
  }

  /** How voters sign in through an OpenID Connect provider; null when they bring credential files. */
  public SignInConfig signIn() {
    return signIn;
  }

  /**
   * The electoral roll: voter id (a pseudonym when voters sign in through a provider) to ballot
   * style; null when the election has no roll (the identity provider's tokens alone decide).
   */
  public Map<String, String> roll() {
    return roll;
  }

  /** Why this voter may not vote with this ballot style under the roll, or null when they may. */
  public String rollProblem(String voterId, String style) {
    if (roll == null) {
      return null;
    }
    String s = roll.get(voterId);
    if (s == null) {
      return "voter " + voterId + " is not on the electoral roll of this election";
    }
    return s.equals(style) ? null : "the electoral roll gives voter " + voterId + " ballot style '" + s + "', not '" + style + "'";
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
    return definition(group, manifest, config, init, idp, labels, null, null);
  }

  /**
   * A definition with, besides the labels, voters who sign in through an OpenID Connect provider
   * and are checked against an electoral roll.
   *
   * @param signIn the provider, or null for credential files
   * @param roll voter id (pseudonyms with {@code signIn}) to ballot style, or null for no roll
   */
  public static String definition(Group group, Manifest manifest, ElectionConfig config, ElectionInitialized init,
      PublicKey idp, EvoteLabelsJson.Labels labels, SignInConfig signIn, Map<String, String> roll) {
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
      if (signIn != null) {
        signIn.writeTo(d.putObject("sign_in"));
      }
      if (roll != null) {
        ObjectNode r = d.putObject("roll");
        new TreeMap<>(roll).forEach(r::put);
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
      if (config.value().chainConfirmationCodes() && !config.value().baux0().isEmpty()) {
        // Spec §3.4.3: B_aux,0 must hold a unique device identifier. Our devices are the voters'
        // sessions (ChainDevices), each with its own name as B_aux,0, as egk-ec does when the
        // configured B_aux,0 is empty; a configured one would give every device the same H_0.
        return new Load(null, "election_config chains confirmation codes with a configured baux0; chaining needs an "
            + "empty baux0, so that each device's B_aux,0 is its own name (spec §3.4.3, docs/PROTOCOL.md)");
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
      SignInConfig signIn = d.has("sign_in") ? SignInConfig.parse(d.get("sign_in")) : null;
      Map<String, String> roll = null;
      if (d.has("roll")) {
        roll = new HashMap<>();
        String problem = readRoll(d.get("roll"), manifest.value(), signIn != null, roll);
        if (problem != null) {
          return new Load(null, problem);
        }
      } else if (signIn != null) {
        return new Load(null, "an election whose voters sign in through a provider (sign_in) needs its electoral roll (roll)");
      }
      Election e = Election.of(group, manifest.value(), config.value(), init.value());
      String id = idOf(init.value().extendedBaseHash());
      return new Load(new LoadedElection(id, e, codec, idp, new TokenVerifier(idp, clock), definitionJson, labels, signIn,
          roll == null ? null : Map.copyOf(roll)), null);
    } catch (IOException | IllegalArgumentException e) {
      return new Load(null, "the election definition is malformed: " + e.getMessage());
    }
  }

  /** Reads the roll object into {@code into}; the problem, or null. */
  private static String readRoll(JsonNode r, Manifest manifest, boolean pseudonyms, Map<String, String> into) {
    if (!r.isObject()) {
      return "roll must be an object: voter id to ballot style";
    }
    Set<String> styles = new HashSet<>();
    manifest.ballotStyles().forEach(s -> styles.add(s.styleId()));
    for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> v = it.next();
      String voter = v.getKey();
      if (pseudonyms ? !voter.matches(Pseudonyms.PATTERN) : !voter.matches("[\\x21-\\x7e]{1,200}")) {
        return "roll: '" + (voter.length() > 80 ? voter.substring(0, 80) + "..." : voter) + "' is not "
            + (pseudonyms ? "a voter pseudonym (v- and 32 hex digits; see election roll)" : "a voter id (1-200 printable characters)");
      }
      if (!v.getValue().isTextual() || !styles.contains(v.getValue().textValue())) {
        return "roll: voter " + voter + " has ballot style " + v.getValue() + ", which is not one of the manifest's " + new TreeSet<>(styles);
      }
      into.put(voter, v.getValue().textValue());
    }
    return into.isEmpty() ? "roll is empty: no voter could vote" : null;
  }
}

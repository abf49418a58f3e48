package org.evote.voterclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.evote.crypto.election.ElectionConsistency;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.election.Election;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.election.ElectionInitialized;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.GroupConstants;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.record.StrictJson;

/**
 * An election as the voter's device receives it from {@code GET /api/elections/{id}}, checked
 * before anything is encrypted under its key: the constants are a known group's, H_P, H_M and H_B
 * are recomputed (spec eq. 4, 6, 7), every guardian's Schnorr proofs verify (Verification 2), K is
 * the product of the guardians' keys (eq. 22), H_E = H(H_B; 0x12, K) (eq. 23), and the election
 * id is H_E. A node that sends anything else gets a "malformed response" sentence, never a crash.
 */
public final class ElectionView {
  private static final ObjectMapper JSON = StrictJson.mapper();

  private final String id;
  private final String status;
  private final Election election;
  private final RecordCodec codec;
  private final Map<String, String> nodeKeys;

  private ElectionView(String id, String status, Election election, RecordCodec codec, Map<String, String> nodeKeys) {
    this.id = id;
    this.status = status;
    this.election = election;
    this.codec = codec;
    this.nodeKeys = Map.copyOf(nodeKeys);
  }

  /**
   * Parses and checks a definition a node sent.
   *
   * @param expectedId the election id the voter asked for
   * @param node the node's URL, for the sentences
   */
  public static ElectionView parse(byte[] body, String expectedId, String node) throws VoterException {
    JsonNode d;
    try {
      d = JSON.readTree(body);
    } catch (IOException e) {
      throw malformed(node, "the election is not JSON");
    }
    if (d == null || !d.isObject()) {
      throw malformed(node, "the election is not a JSON object");
    }
    try {
      Parsed<GroupConstants> constants = RecordCodec.parseConstants(JSON.writeValueAsBytes(d.path("constants")), "constants");
      if (!constants.isOk()) {
        throw malformed(node, constants.problem().toString());
      }
      Group group = RecordCodec.groupOf(constants.value());
      RecordCodec codec = new RecordCodec(group);
      if (!d.path("manifest_base64").isTextual()) {
        throw malformed(node, "manifest_base64 is missing");
      }
      byte[] manifestBytes = Base64.getDecoder().decode(d.path("manifest_base64").asText());
      Parsed<Manifest> manifest = codec.parseManifest(manifestBytes, "manifest");
      if (!manifest.isOk()) {
        throw malformed(node, manifest.problem().toString());
      }
      Parsed<ElectionConfig> config = codec.parseConfig(JSON.writeValueAsBytes(d.path("election_config")), "election_config");
      if (!config.isOk()) {
        throw malformed(node, config.problem().toString());
      }
      Parsed<ElectionInitialized> init = codec.parseInitialized(
          JSON.writeValueAsBytes(d.path("election_initialized")), "election_initialized");
      if (!init.isOk()) {
        throw malformed(node, init.problem().toString());
      }
      String problem = ElectionConsistency.problem(group, manifest.value(), config.value(), init.value()).orElse(null);
      if (problem != null) {
        throw new VoterException("inconsistent_election",
            "The election that " + node + " sent does not check out (" + problem + "); do not vote with it.");
      }
      String id = init.value().extendedBaseHash().toHex();
      if (!id.equals(expectedId)) {
        throw new VoterException("wrong_election",
            "The node " + node + " sent election " + id + " instead of " + expectedId + ".");
      }
      Map<String, String> keys = new LinkedHashMap<>();
      d.path("node_keys").properties().forEach(e -> {
        if (e.getValue().isTextual()) {
          keys.put(e.getKey(), e.getValue().asText());
        }
      });
      String status = d.path("status").isTextual() ? d.path("status").asText() : "UNKNOWN";
      return new ElectionView(id, status, Election.of(group, manifest.value(), config.value(), init.value()), codec, keys);
    } catch (IOException | IllegalArgumentException e) {
      throw malformed(node, "the election cannot be read");
    }
  }

  private static VoterException malformed(String node, String why) {
    return new VoterException("malformed_response", "The node " + node + " sent a malformed election (" + why + ").");
  }

  /** The election id: H_E in lower-case hex. */
  public String id() {
    return id;
  }

  /** CREATED, OPEN or CLOSED as the node reported it. */
  public String status() {
    return status;
  }

  public Election election() {
    return election;
  }

  public RecordCodec codec() {
    return codec;
  }

  public Manifest manifest() {
    return election.manifest();
  }

  /** A node's receipt-signing key, when the node listed it. */
  public Optional<ECPublicKey> nodeKey(String nodeId) {
    String k = nodeKeys.get(nodeId);
    return k == null ? Optional.empty() : EcKeys.parsePublicKey(k);
  }

  /** What the voter reads for an option: the candidate's name, else the option id. */
  public String optionLabel(Manifest.Selection s) {
    for (Manifest.Candidate c : manifest().candidates()) {
      if (c.candidateId().equals(s.candidateId()) && c.name() != null && !c.name().isBlank()) {
        return c.name();
      }
    }
    return s.selectionId();
  }
}

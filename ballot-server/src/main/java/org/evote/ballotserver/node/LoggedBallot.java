package org.evote.ballotserver.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.evote.crypto.record.StrictJson;

/**
 * A ballot's record in a node's log, typed. Its JSON text is what the log hash-chains, what the
 * board mirrors and what the record's {@code evote/logs/} hold (docs/PROTOCOL.md): {@code type,
 * election_id, ballot_id, confirmation_code, state, voter, received, node, envelope, voter_seq},
 * in this order, compact; the envelope is the voter's {@code ballot}, {@code token} and {@code
 * signature} as the node checked them.
 *
 * <p>A record read back from the board comes through the cluster: {@link #read} refuses one whose
 * members are missing or of the wrong type, and whoever acts on its ballot decodes and checks it.
 *
 * @param state CAST or CHALLENGED, as the voter submitted and signed it
 * @param received when the node received it, ISO-8601
 * @param node the node that logged it
 * @param envelope {@code {"ballot", "token", "signature"}}
 * @param voterSeq the place the cluster gave a cast ballot among its voter's ballots; -1 for a
 *     challenged one
 */
record LoggedBallot(String electionId, String ballotId, String code, String state, String voter, String received,
    String node, JsonNode envelope, int voterSeq) {
  /** The type member of a ballot's log record. */
  static final String TYPE = "ballot";
  private static final ObjectMapper JSON = StrictJson.mapper();

  LoggedBallot {
    Objects.requireNonNull(electionId, "electionId");
    Objects.requireNonNull(ballotId, "ballotId");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(voter, "voter");
    Objects.requireNonNull(received, "received");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(envelope, "envelope");
  }

  /** The encrypted ballot as the voter sent it (decode it with the election's codec). */
  JsonNode ballot() {
    return envelope.get("ballot");
  }

  String token() {
    return envelope.get("token").textValue();
  }

  String signature() {
    return envelope.get("signature").textValue();
  }

  /** The ballot's style, as the envelope names it. */
  String style() {
    return ballot().path("ballot_style_id").asText("?");
  }

  /** The ballot's encrypting device, as the envelope names it ({@code voting_device} in egk-ec's spec document). */
  String device() {
    JsonNode b = ballot();
    return b.hasNonNull("encrypting_device") ? b.path("encrypting_device").asText() : b.path("voting_device").asText("?");
  }

  /** The text the log chains. */
  byte[] payload() {
    ObjectNode o = JSON.createObjectNode();
    o.put("type", TYPE);
    o.put("election_id", electionId);
    o.put("ballot_id", ballotId);
    o.put("confirmation_code", code);
    o.put("state", state);
    o.put("voter", voter);
    o.put("received", received);
    o.put("node", node);
    o.set("envelope", envelope);
    o.put("voter_seq", voterSeq);
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Reads a log record's text; see {@link #read(JsonNode, String)}. */
  static LoggedBallot read(byte[] payload, String where) {
    JsonNode p;
    try {
      p = JSON.readTree(payload);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(where + " is not JSON");
    }
    return read(p, where);
  }

  /**
   * A ballot's log record, parsed; an IllegalStateException naming {@code where} when it is not
   * one (another type, a member missing or of the wrong type).
   */
  static LoggedBallot read(JsonNode p, String where) {
    if (p == null || !TYPE.equals(p.path("type").textValue())) {
      throw new IllegalStateException(where + " is not a ballot's record");
    }
    JsonNode env = p.get("envelope");
    if (env == null || !env.path("ballot").isObject() || !env.path("token").isTextual()
        || !env.path("signature").isTextual() || !p.path("voter_seq").canConvertToInt() || !p.path("voter_seq").isIntegralNumber()) {
      throw new IllegalStateException(where + " has no envelope or no voter_seq");
    }
    return new LoggedBallot(text(p, "election_id", where), text(p, "ballot_id", where), text(p, "confirmation_code", where),
        text(p, "state", where), text(p, "voter", where), text(p, "received", where), text(p, "node", where), env,
        p.get("voter_seq").intValue());
  }

  private static String text(JsonNode p, String name, String where) {
    JsonNode v = p.get(name);
    if (v == null || !v.isTextual()) {
      throw new IllegalStateException(where + " has no text member '" + name + "'");
    }
    return v.textValue();
  }
}

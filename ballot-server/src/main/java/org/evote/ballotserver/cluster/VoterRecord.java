package org.evote.ballotserver.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.evote.crypto.record.StrictJson;

/**
 * A voter's entry in the cluster: their cast ballot ids with the sequence number the cluster gave
 * each, in that order, and whether an official recorded that they voted in person. Stored as a
 * JSON string so that Hazelcast never deserialises a class of ours from a map value.
 *
 * @param cast cast ballot ids, oldest first; the last one counts
 * @param seqs the sequence number of each, increasing
 * @param inPersonRequest the official's signed request that recorded an in-person vote, which
 *     overrides every online ballot; null when there is none
 */
public record VoterRecord(List<String> cast, List<Integer> seqs, String inPersonRequest) {
  private static final ObjectMapper JSON = StrictJson.mapper();

  public VoterRecord {
    cast = List.copyOf(cast);
    seqs = List.copyOf(seqs);
    if (cast.size() != seqs.size()) {
      throw new IllegalArgumentException("one sequence number per ballot");
    }
  }

  static final VoterRecord EMPTY = new VoterRecord(List.of(), List.of(), null);

  /** Whether an in-person vote was recorded (its request is checked by whoever relies on it). */
  public boolean inPerson() {
    return inPersonRequest != null;
  }

  /** This record with an in-person vote recorded by the given request. */
  VoterRecord withInPerson(String request) {
    return new VoterRecord(cast, seqs, request);
  }

  /** The ballot that currently counts, or null. */
  public String latest() {
    return cast.isEmpty() ? null : cast.get(cast.size() - 1);
  }

  /**
   * The voter's latest cast ballot that is stored. A ballot that got its place in the voter's
   * record but was never logged (its node stopped in between, and it was never acknowledged) is
   * not a ballot, and does not supersede the one before it.
   */
  public String latestStored(java.util.function.Predicate<String> isStored) {
    for (int i = cast.size() - 1; i >= 0; i--) {
      if (isStored.test(cast.get(i))) {
        return cast.get(i);
      }
    }
    return null;
  }

  /** The next sequence number. */
  int nextSeq() {
    return seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1) + 1;
  }

  /** This record with a ballot inserted at its sequence number (replay in any order). */
  VoterRecord with(String ballotId, int seq) {
    if (cast.contains(ballotId)) {
      return this;
    }
    List<String> ids = new ArrayList<>(cast);
    List<Integer> ss = new ArrayList<>(seqs);
    int at = 0;
    while (at < ss.size() && ss.get(at) < seq) {
      at++;
    }
    ids.add(at, ballotId);
    ss.add(at, seq);
    return new VoterRecord(ids, ss, inPersonRequest);
  }

  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode a = o.putArray("cast");
    cast.forEach(a::add);
    ArrayNode s = o.putArray("seqs");
    seqs.forEach(s::add);
    if (inPersonRequest != null) {
      o.put("in_person_request", inPersonRequest);
    }
    return o.toString();
  }

  public static VoterRecord fromJson(String json) {
    if (json == null) {
      return EMPTY;
    }
    try {
      JsonNode n = JSON.readTree(json);
      List<String> ids = new ArrayList<>();
      n.get("cast").forEach(x -> ids.add(x.asText()));
      List<Integer> seqs = new ArrayList<>();
      n.get("seqs").forEach(x -> seqs.add(x.asInt()));
      return new VoterRecord(ids, seqs, n.hasNonNull("in_person_request") ? n.get("in_person_request").asText() : null);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      // No library exception as the cause: this runs in entry processors, and an exception thrown on
      // another member crosses the cluster by Java serialisation, which admits only JDK and
      // Hazelcast classes (ClusterConfig).
      throw new IllegalStateException("corrupt voter record in the cluster: " + e.getOriginalMessage());
    }
  }
}

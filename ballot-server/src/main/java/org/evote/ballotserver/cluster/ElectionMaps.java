package org.evote.ballotserver.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * The replicated maps of one election. Every name starts with "evote." so that the map
 * configuration (one synchronous backup, split-brain protection) applies. Values are strings.
 *
 * @param ballots ballot id → {@link StoredBallot}: the receipt first issued for it, which points at
 *     its log record on the {@link #board board} (the one copy of the ballot in the cluster), with
 *     its voter, style and device
 * @param weeds weeding key (ballot id, confirmation code, pad fingerprint) → owner
 *     "voter|code|state"
 * @param voters voter id → {@link VoterRecord} JSON
 * @param codes confirmation code (hex) → ballot id
 */
public record ElectionMaps(
    IMap<String, String> ballots,
    IMap<String, String> weeds,
    IMap<String, String> voters,
    IMap<String, String> codes) {

  public static ElectionMaps of(HazelcastInstance hz, String electionId) {
    return new ElectionMaps(
        hz.getMap("evote.ballots." + electionId),
        hz.getMap("evote.weeds." + electionId),
        hz.getMap("evote.voters." + electionId),
        hz.getMap("evote.codes." + electionId));
  }

  /**
   * The board, one for all elections since a node's log is one chain whatever elections it
   * serves: "node:position" → board entry (JSON, naming its election).
   */
  public static IMap<String, String> board(HazelcastInstance hz) {
    return hz.getMap("evote.board");
  }

  /** The map of election definitions, election id → JSON. */
  public static IMap<String, String> elections(HazelcastInstance hz) {
    return hz.getMap("evote.elections");
  }

  /** The map of election states, election id → "CREATED", "OPEN" or "CLOSED". */
  public static IMap<String, String> statuses(HazelcastInstance hz) {
    return hz.getMap("evote.status");
  }

  /**
   * The results the officials published, election id → {@link PublishedResults} JSON; a node
   * checks the official's signature over them before it shows them.
   */
  public static IMap<String, String> results(HazelcastInstance hz) {
    return hz.getMap("evote.results");
  }

  /** The newest head each node signed for its log, node id → {@code EvoteHeadsJson} head. */
  public static IMap<String, String> heads(HazelcastInstance hz) {
    return hz.getMap("evote.heads");
  }

  /**
   * The origins voters' browsers reach the nodes at, node id → {@code https://host[:port]}; what a
   * node reads here is checked with {@link org.evote.ballotserver.PublicOrigin} before use.
   */
  public static IMap<String, String> urls(HazelcastInstance hz) {
    return hz.getMap("evote.urls");
  }

  /** Which nodes' logs the maps hold since they last lost data (see {@code node.ReplayedLogs}). */
  public static IMap<String, String> replayed(HazelcastInstance hz) {
    return hz.getMap("evote.replayed");
  }

  /** The map of node signing keys, node id → base64 public key. */
  public static IMap<String, String> nodes(HazelcastInstance hz) {
    return hz.getMap("evote.nodes");
  }
}

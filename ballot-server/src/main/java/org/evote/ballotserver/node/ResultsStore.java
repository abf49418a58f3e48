package org.evote.ballotserver.node;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.evote.ballotserver.auth.TokenVerifier;
import org.evote.ballotserver.cluster.ElectionMaps;
import org.evote.ballotserver.cluster.PublishedResults;
import org.evote.ballotserver.election.LoadedElection;
import org.evote.crypto.record.EvoteResultsJson;
import org.evote.crypto.record.Parsed;

/**
 * The published results of the elections, read back from the cluster as untrusted: each is shown
 * only with an official's signed request for this election and action that signs its SHA-256,
 * and only when it still reads as this election's proven tally. A forged one is reported
 * ({@link NodeContext#reportTampering}). Parsed results are kept per election.
 */
final class ResultsStore {
  /** What a look-up found: the results and who published them, or why there are none to show. */
  record Found(EvoteResultsJson.Results results, TokenVerifier.Claims claims, Reply refusal) {}

  private record Cached(String sha256, EvoteResultsJson.Results results) {}

  private final NodeContext node;
  private final Map<String, Cached> parsed = new ConcurrentHashMap<>();

  ResultsStore(NodeContext node) {
    this.node = node;
  }

  /** The checked results of an election; a 404 or 503 refusal when there are none to show. */
  Found find(String electionId) {
    LoadedElection e = node.election(electionId);
    if (e == null) {
      return new Found(null, null, Reply.unknownElection(electionId));
    }
    String raw = ElectionMaps.results(node.hazelcast()).get(electionId);
    if (raw == null) {
      return new Found(null, null, Reply.reject(404, "no_results", "no results are published for this election yet"));
    }
    PublishedResults stored = PublishedResults.fromJson(raw).orElse(null);
    String problem = stored == null ? "is not a results record"
        : node.officials().problemWithStored(stored.request(), electionId, "results", null).orElse(null);
    TokenVerifier.Claims claims = stored == null ? null : node.officials().storedClaims(stored.request()).orElse(null);
    String sha = stored == null ? null : sha256Hex(stored.results().getBytes(StandardCharsets.UTF_8));
    if (problem == null && (claims == null || !sha.equals(claims.bodySha256()))) {
      problem = "carries an official's request that signs other results";
    }
    if (problem != null) {
      node.reportTampering("the results of election " + electionId + " in the cluster " + problem);
      return new Found(null, null, Reply.reject(503, "results_unverifiable",
          "the results this node read from the cluster are not the officials' signed results"));
    }
    Cached c = parsed.get(electionId);
    if (c == null || !c.sha256().equals(sha)) {
      Parsed<EvoteResultsJson.Results> r = EvoteResultsJson.parse(stored.results().getBytes(StandardCharsets.UTF_8), "results",
          e.codec());
      if (!r.isOk() || !EvoteResultsJson.problemsAgainst(r.value(), e.election()).isEmpty()) {
        return new Found(null, null, Reply.reject(503, "results_unverifiable",
            "the officials' signed results no longer read as this election's proven tally"));
      }
      c = new Cached(sha, r.value());
      parsed.put(electionId, c);
    }
    return new Found(c.results(), claims, null);
  }

  static String sha256Hex(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package org.evote.ballotserver.node;

import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.evote.ballotserver.auth.TokenVerifier;

/**
 * Officials' signed requests (ES256 tokens from the officials' key that name the election, the
 * action and, for an in-person vote, the voter): checked in full when one arrives, and checked
 * again, all but the expiry, whenever a node is about to act on one it read back from the
 * cluster or its log. Signatures already checked are remembered by token.
 */
public final class OfficialRequests {
  private static final int REMEMBERED = 10_000;

  /** An accepted request: the token as sent and its claims. */
  public record Request(String token, TokenVerifier.Claims claims) {}

  /** The outcome of a request as it arrives: the request, or the answer refusing it. */
  public record Outcome(Request request, Reply refusal) {}

  private final TokenVerifier verifier;
  private final ECPublicKey key;
  private final ConcurrentHashMap<String, TokenVerifier.Claims> checked = new ConcurrentHashMap<>();

  public OfficialRequests(ECPublicKey officialsKey, Clock clock) {
    this.verifier = new TokenVerifier(officialsKey, clock, "the officials' key");
    this.key = officialsKey;
  }

  /** The officials' public key, base64 X.509, as the record publishes it. */
  public String publicKeyBase64() {
    return org.evote.crypto.casting.EcKeys.publicKeyBase64(key);
  }

  /**
   * Checks a request as it arrives with the bearer token: signed by the officials' key, not
   * expired, an official's, for this election, this action and (in person) this voter.
   *
   * @param voter the voter an in-person vote names, or null
   */
  public Outcome authorize(String bearer, String electionId, String action, String voter) {
    if (bearer == null || bearer.isBlank()) {
      return refused(401, "unauthenticated", "this endpoint needs an official's signed request as a bearer token");
    }
    TokenVerifier.Result r = verifier.verify(bearer);
    if (!r.ok()) {
      return refused(401, r.reason(), r.message());
    }
    TokenVerifier.Claims c = r.claims();
    if (!"official".equals(c.role())) {
      return refused(403, "forbidden", "this endpoint is for election officials only");
    }
    String problem = scopeProblem(c, electionId, action, voter);
    if (problem != null) {
      return refused(403, problem.substring(0, problem.indexOf(' ')), problem.substring(problem.indexOf(' ') + 1));
    }
    return new Outcome(new Request(bearer, c), null);
  }

  /**
   * Why a request stored in the cluster or a log does not authorize this change, or empty when
   * it does. Its expiry is not checked again.
   */
  public Optional<String> problemWithStored(String token, String electionId, String action, String voter) {
    if (token == null || token.isBlank()) {
      return Optional.of("carries no official's request");
    }
    TokenVerifier.Claims c = checked.get(token);
    if (c == null) {
      TokenVerifier.Result r = verifier.verifyStored(token);
      if (!r.ok()) {
        return Optional.of("carries a request that is not an official's: " + r.message());
      }
      c = r.claims();
      if (checked.size() > REMEMBERED) {
        checked.clear();
      }
      checked.put(token, c);
    }
    if (!"official".equals(c.role())) {
      return Optional.of("carries a request that is not an official's");
    }
    String problem = scopeProblem(c, electionId, action, voter);
    return problem == null ? Optional.empty() : Optional.of("carries a request that does not fit it: " + problem.substring(problem.indexOf(' ') + 1));
  }

  /** The claims of a stored request this node has checked (see {@link #problemWithStored}). */
  public Optional<TokenVerifier.Claims> storedClaims(String token) {
    return Optional.ofNullable(token == null ? null : checked.get(token));
  }

  /** "reason message" when the claims do not name this election, action and voter; else null. */
  private static String scopeProblem(TokenVerifier.Claims c, String electionId, String action, String voter) {
    if (electionId != null && !electionId.equals(c.election())) {
      return "token_wrong_election the official's request is for another election";
    }
    if (!action.equals(c.action())) {
      return "token_wrong_action the official's request asks for '" + c.action() + "', not '" + action + "'";
    }
    if (voter != null && !voter.equals(c.voter())) {
      return "token_wrong_voter the official's request names voter '" + c.voter() + "', not '" + voter + "'";
    }
    return null;
  }

  private static Outcome refused(int status, String reason, String message) {
    return new Outcome(null, Reply.reject(status, reason, message));
  }
}

package org.evote.ballotserver.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.Set;

/**
 * How an election's voters sign in: the OpenID Connect provider (its issuer URL), the client id
 * the election office registered there for evote, and the ID token claim that identifies the voter
 * (the provider's {@code sub} by default; an eID's national identifier claim, or Keycloak's
 * {@code preferred_username}). It is part of the election definition that officials sign.
 *
 * @param issuer the provider's issuer URL: https, or http on a loopback address for tests
 * @param clientId the client id for evote at the provider
 * @param voterClaim the ID token claim whose value identifies the voter on the roll
 * @param name the provider's name as voters know it ("FranceConnect"), shown on the voter page's
 *     "Sign in with …" button and by the CLI; null to show the issuer's host
 */
public record SignInConfig(String issuer, String clientId, String voterClaim, String name) {
  /** The fields of the {@code sign_in} object of an election definition. */
  private static final Set<String> FIELDS = Set.of("issuer", "client_id", "voter_claim", "name");
  /** The longest provider name, in characters. */
  public static final int NAME_MAX = 60;

  public SignInConfig {
    String p = problem(issuer, clientId, voterClaim);
    if (p == null) {
      p = nameProblem(name);
    }
    if (p != null) {
      throw new IllegalArgumentException(p);
    }
  }

  /** Settings without a provider name: the voter page shows the issuer's host. */
  public SignInConfig(String issuer, String clientId, String voterClaim) {
    this(issuer, clientId, voterClaim, null);
  }

  /** Reads the {@code sign_in} object of a definition; throws with a sentence when it is not acceptable. */
  public static SignInConfig parse(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("sign_in must be an object with issuer, client_id and voter_claim");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new IllegalArgumentException("sign_in has an unknown field '" + f + "'; its fields are " + FIELDS);
      }
    }
    if (!n.path("issuer").isTextual() || !n.path("client_id").isTextual()) {
      throw new IllegalArgumentException("sign_in needs issuer and client_id as strings");
    }
    JsonNode claim = n.path("voter_claim");
    JsonNode name = n.path("name");
    if (!name.isMissingNode() && !name.isTextual()) {
      throw new IllegalArgumentException("sign_in.name must be a string");
    }
    return new SignInConfig(n.get("issuer").textValue(), n.get("client_id").textValue(),
        claim.isMissingNode() ? "sub" : claim.asText(""), name.isMissingNode() ? null : name.textValue());
  }

  /** Writes this as the {@code sign_in} object. */
  public void writeTo(ObjectNode n) {
    n.put("issuer", issuer);
    n.put("client_id", clientId);
    n.put("voter_claim", voterClaim);
    if (name != null) {
      n.put("name", name);
    }
  }

  /**
   * Why a provider name is not acceptable, or null: absent, or 1 to {@value #NAME_MAX} characters
   * without control characters and without spaces at either end.
   */
  public static String nameProblem(String name) {
    if (name == null) {
      return null;
    }
    if (name.isEmpty() || name.codePointCount(0, name.length()) > NAME_MAX || !name.strip().equals(name)
        || name.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
      return "sign_in.name must be the provider's name as voters know it: 1-" + NAME_MAX
          + " characters, no control characters, no spaces at either end";
    }
    return null;
  }

  /** Why these settings are not acceptable, or null. */
  public static String problem(String issuer, String clientId, String voterClaim) {
    if (issuer == null || issuer.isBlank() || issuer.length() > 500) {
      return "sign_in.issuer must be the provider's issuer URL";
    }
    URI u;
    try {
      u = new URI(issuer);
    } catch (URISyntaxException e) {
      return "sign_in.issuer is not a URL: " + issuer;
    }
    if (u.getHost() == null || u.getQuery() != null || u.getFragment() != null || u.getUserInfo() != null) {
      return "sign_in.issuer must be an https URL with a host and no query, fragment or user, got " + issuer;
    }
    boolean loopback = u.getHost().equals("127.0.0.1") || u.getHost().equals("localhost") || u.getHost().equals("[::1]");
    if (!"https".equals(u.getScheme()) && !("http".equals(u.getScheme()) && loopback)) {
      return "sign_in.issuer must use https (plain http only on a loopback address, for tests), got " + issuer;
    }
    if (clientId == null || !clientId.matches("[\\x21-\\x7e]{1,200}")) {
      return "sign_in.client_id must be 1-200 printable characters without spaces";
    }
    if (voterClaim == null || !voterClaim.matches("[A-Za-z0-9_.:-]{1,100}")) {
      return "sign_in.voter_claim must be a claim name (letters, digits, _ . : -)";
    }
    return null;
  }
}

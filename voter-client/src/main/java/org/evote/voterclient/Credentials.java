package org.evote.voterclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.record.StrictJson;

/**
 * A voter's credentials as the identity provider issues them ({@code ./evote idp issue}): the
 * voter id, the election id, the ballot style, the identity token (a JWT) and the voter's P-256
 * key pair, whose public half the token binds. The private key is a secret: {@code toString}
 * leaves it out, there is no {@code equals} or {@code hashCode}, and it has one accessor.
 */
public final class Credentials {
  private static final ObjectMapper JSON = StrictJson.mapper();

  private final String voterId;
  private final String electionId;
  private final String ballotStyle;
  private final String token;
  private final PrivateKey privateKey;
  private final Instant tokenExpiry;

  private Credentials(String voterId, String electionId, String ballotStyle, String token,
      PrivateKey privateKey, Instant tokenExpiry) {
    this.voterId = voterId;
    this.electionId = electionId;
    this.ballotStyle = ballotStyle;
    this.token = token;
    this.privateKey = privateKey;
    this.tokenExpiry = tokenExpiry;
  }

  /** Reads a credentials file; every problem is a sentence for the voter. */
  public static Credentials read(Path file) throws VoterException {
    Objects.requireNonNull(file, "file");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new VoterException("credentials_missing", "The credentials file " + file + " does not exist.");
    } catch (IOException e) {
      throw new VoterException("credentials_unreadable", "The credentials file " + file + " cannot be read: " + e.getMessage() + ".");
    }
    return parse(bytes, file.toString());
  }

  /** Parses credentials JSON. */
  public static Credentials parse(byte[] json, String source) throws VoterException {
    JsonNode c;
    try {
      c = JSON.readTree(json);
    } catch (IOException e) {
      throw bad(source, "it is not JSON");
    }
    if (c == null || !c.isObject()) {
      throw bad(source, "it is not a JSON object");
    }
    for (String f : new String[] {"voter_id", "election_id", "ballot_style", "token"}) {
      text(c, f, source);
    }
    String keyText = text(c, "private_key", source);
    if (!c.get("election_id").asText().matches("[0-9a-f]{64}")) {
      throw bad(source, "election_id is not an election id (64 lower-case hex digits)");
    }
    PrivateKey key = EcKeys.parsePrivateKey(keyText)
        .orElseThrow(() -> bad(source, "private_key is not a base64 PKCS#8 P-256 key"));
    return issued(c, key, source);
  }

  /**
   * Credentials from a voting token the credential service issued after a sign-in ({@code
   * voter_id}, {@code election_id}, {@code ballot_style}, {@code token}) and the device key it
   * binds, which never leaves this process.
   */
  public static Credentials issued(JsonNode c, PrivateKey key, String source) throws VoterException {
    String voter = text(c, "voter_id", source);
    String election = text(c, "election_id", source);
    String style = text(c, "ballot_style", source);
    String token = text(c, "token", source);
    if (!election.matches("[0-9a-f]{64}")) {
      throw bad(source, "election_id is not an election id (64 lower-case hex digits)");
    }
    JsonNode claims = tokenClaims(token, source);
    if (!claims.path("exp").canConvertToLong()) {
      throw bad(source, "the identity token has no expiry");
    }
    Instant exp = Instant.ofEpochSecond(claims.path("exp").asLong());
    if (claims.has("election") && !election.equals(claims.path("election").asText())) {
      throw bad(source, "the identity token is for another election than election_id");
    }
    return new Credentials(voter, election, style, token, key, exp);
  }

  private static JsonNode tokenClaims(String token, String source) throws VoterException {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw bad(source, "the identity token is not a JWT");
    }
    try {
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      if (claims == null || !claims.isObject()) {
        throw bad(source, "the identity token's claims are not a JSON object");
      }
      return claims;
    } catch (IOException | IllegalArgumentException e) {
      throw bad(source, "the identity token's claims cannot be read");
    }
  }

  private static String text(JsonNode c, String name, String source) throws VoterException {
    JsonNode v = c.get(name);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw bad(source, "it has no '" + name + "'");
    }
    return v.asText();
  }

  private static VoterException bad(String source, String why) {
    return new VoterException("credentials_malformed",
        "The credentials file " + source + " is not valid: " + why + ".");
  }

  /** Throws the voter's sentence when the token has expired at {@code now}. */
  public void checkNotExpired(Instant now) throws VoterException {
    if (now.isAfter(tokenExpiry)) {
      throw new VoterException("token_expired", "Your identity token expired at " + tokenExpiry
          + "; ask your election office for new credentials.");
    }
  }

  public String voterId() {
    return voterId;
  }

  public String electionId() {
    return electionId;
  }

  public String ballotStyle() {
    return ballotStyle;
  }

  /** The identity token, sent with each ballot; it names the voter, so it is not logged. */
  public String token() {
    return token;
  }

  public Instant tokenExpiry() {
    return tokenExpiry;
  }

  /** The voter's signing key. Use it only to sign a cast message. */
  public PrivateKey unwrapPrivateKey() {
    return privateKey;
  }

  @Override
  public String toString() {
    return "Credentials[voter=" + voterId + ", election=" + electionId + ", key=redacted]";
  }
}

package org.evote.crypto.casting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.PrivateKey;
import java.util.Base64;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.record.StrictJson;

/**
 * The JSON a client POSTs to cast or challenge a ballot: {@code {"ballot": <egk-ec encrypted
 * ballot>, "token": <identity token>, "signature": <base64url ECDSA over CastMessage>}}.
 */
public final class CastEnvelope {
  private static final ObjectMapper JSON = StrictJson.mapper();

  private CastEnvelope() {}

  /** The envelope of a ballot, signed with the voter's key over its election id and code. */
  public static ObjectNode of(RecordCodec codec, EncryptedBallot ballot, String token, PrivateKey key) {
    JsonNode ballotJson;
    try {
      ballotJson = JSON.readTree(codec.writeEncryptedBallot(ballot));
    } catch (IOException e) {
      throw new IllegalStateException("a ballot written by the codec is always JSON", e);
    }
    return of(ballotJson, token, key, ballot.electionId(), ballot.confirmationCode(), ballot.state());
  }

  /**
   * The envelope of any ballot JSON, the key signing the given election id, confirmation code and
   * state (which a well-formed envelope takes from the ballot itself).
   */
  public static ObjectNode of(JsonNode ballotJson, String token, PrivateKey key, UInt256 electionId, UInt256 code,
      org.evote.crypto.election.BallotState state) {
    ObjectNode env = JSON.createObjectNode();
    env.set("ballot", ballotJson);
    env.put("token", token);
    env.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(
        EcKeys.sign(key, CastMessage.of(electionId, code, state))));
    return env;
  }
}

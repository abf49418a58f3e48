package org.evote.ballotserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;
import org.evote.ballotserver.auth.CastMessage;
import org.evote.ballotserver.auth.EcKeys;
import org.evote.ballotserver.auth.TokenIssuer;
import org.evote.ballotserver.idp.IdpCommand;
import org.evote.crypto.election.BallotEncryptor;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.election.PlaintextBallot;
import org.evote.crypto.election.Workloads;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.secret.SecretScalar;

/** A P-256 W1 election with one guardian, an identity provider and voters, for server tests. */
final class TestElection {
  static final ObjectMapper JSON = new ObjectMapper();
  final Group group = Groups.p256();
  final SecureRandom random = new SecureRandom();
  final Manifest manifest = Workloads.w1();
  final SecretScalar secret = SecretScalar.of(group.randomScalar(random));
  final Workloads.SingleGuardian setup = Workloads.singleGuardian(group, manifest, secret, random);
  final KeyPair idp = EcKeys.generate();
  final TokenIssuer issuer = new TokenIssuer(idp, "test-idp");
  final RecordCodec codec = new RecordCodec(group);
  final BallotEncryptor encryptor = new BallotEncryptor(setup.election());
  final String id = setup.initialized().extendedBaseHash().toHex();

  /** The definition an official uploads. */
  String definition() throws Exception {
    ObjectNode d = JSON.createObjectNode();
    d.set("constants", JSON.readTree(RecordCodec.writeConstants(group.constants())));
    d.put("manifest_base64", Base64.getEncoder().encodeToString(manifest.bytes()));
    d.set("election_config", JSON.readTree(codec.writeConfig(setup.config())));
    d.set("election_initialized", JSON.readTree(codec.writeInitialized(setup.initialized())));
    d.put("idp_public_key", EcKeys.publicKeyBase64(idp.getPublic()));
    return d.toString();
  }

  /** A voter's credentials: token and key. */
  record Voter(String id, String token, PrivateKey key) {}

  Voter voter(String voterId) throws Exception {
    return voter(voterId, Workloads.STYLE, Instant.now().plus(Duration.ofHours(1)));
  }

  Voter voter(String voterId, String style, Instant expiry) throws Exception {
    ObjectNode c = IdpCommand.credentials(issuer, voterId, id, style, expiry);
    PrivateKey k = KeyFactory.getInstance("EC").generatePrivate(
        new PKCS8EncodedKeySpec(Base64.getDecoder().decode(c.get("private_key").asText())));
    return new Voter(voterId, c.get("token").asText(), k);
  }

  EncryptedBallot ballot(String ballotId, int choice, BallotState state) {
    PlaintextBallot p = Workloads.randomBallot(manifest, Workloads.STYLE, ballotId, new Random(choice));
    return encryptor.encrypt(p, BallotNonce.random(random), ByteString.EMPTY, "test-device", 1_700_000_000L).withState(state);
  }

  /** The envelope JSON a client POSTs. */
  ObjectNode envelope(EncryptedBallot b, Voter v) throws Exception {
    ObjectNode env = JSON.createObjectNode();
    env.set("ballot", JSON.readTree(codec.writeEncryptedBallot(b)));
    env.put("token", v.token());
    byte[] sig = EcKeys.sign(v.key(), CastMessage.of(b.electionId(), b.confirmationCode()));
    env.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(sig));
    return env;
  }

  String officialToken() {
    return issuer.officialToken("official-1", Instant.now().plus(Duration.ofHours(1)));
  }
}

package org.evote.ballotserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.evote.ballotserver.election.LoadedElection;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.evote.crypto.casting.CastEnvelope;
import org.evote.crypto.casting.EcKeys;
import org.evote.ballotserver.auth.TokenIssuer;
import org.evote.ballotserver.idp.IdpCommand;
import org.evote.crypto.election.BallotEncryptor;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.ConfirmationCodes;
import org.evote.crypto.election.ContestData;
import org.evote.crypto.election.ContestDataCodec;
import org.evote.crypto.election.Election;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.election.PlaintextBallot;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.ContestDataCipher;
import org.evote.crypto.elgamal.ElGamal;
import org.evote.crypto.elgamal.HashedCiphertext;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.group.Groups;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.RangeProof;
import org.evote.crypto.proof.RangeProofs;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.testing.Workloads;

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
  String definition() {
    return LoadedElection.definition(group, manifest, setup.config(), setup.initialized(), idp.getPublic());
  }

  /** A voter's credentials: token and key. */
  record Voter(String id, String token, PrivateKey key) {}

  Voter voter(String voterId) throws Exception {
    return voter(voterId, Workloads.STYLE, Instant.now().plus(Duration.ofHours(1)));
  }

  Voter voter(String voterId, String style, Instant expiry) throws Exception {
    return voter(voterId, id, style, expiry);
  }

  /** A voter whose token, from this election's identity provider, names {@code electionClaim}. */
  Voter voter(String voterId, String electionClaim, String style, Instant expiry) throws Exception {
    ObjectNode c = IdpCommand.credentials(issuer, voterId, electionClaim, style, expiry);
    PrivateKey k = EcKeys.parsePrivateKey(c.get("private_key").asText()).orElseThrow();
    return new Voter(voterId, c.get("token").asText(), k);
  }

  EncryptedBallot ballot(String ballotId, int choice, BallotState state) {
    PlaintextBallot p = Workloads.randomBallot(manifest, Workloads.STYLE, ballotId, new Random(choice));
    return encryptor.encrypt(p, BallotNonce.random(random), ByteString.EMPTY, "test-device", 1_700_000_000L).withState(state);
  }

  /** The envelope JSON a client POSTs. */
  ObjectNode envelope(EncryptedBallot b, Voter v) {
    return CastEnvelope.of(codec, b, v.token(), v.key());
  }

  /**
   * An envelope of any ballot JSON, token and key: the key signs (electionId, code) and the state
   * the JSON gives (CAST when it gives neither CAST nor CHALLENGED, which the server refuses anyway).
   */
  static ObjectNode envelope(ObjectNode ballot, String token, PrivateKey key, UInt256 electionId, UInt256 code) {
    String s = ballot.path("state").asText();
    BallotState state = "CHALLENGED".equals(s) ? BallotState.CHALLENGED : BallotState.CAST;
    return envelope(ballot, token, key, electionId, code, state);
  }

  /** An envelope of any ballot JSON, token and key: the key signs (electionId, code, state). */
  static ObjectNode envelope(ObjectNode ballot, String token, PrivateKey key, UInt256 electionId, UInt256 code,
      BallotState state) {
    return CastEnvelope.of(ballot, token, key, electionId, code, state);
  }

  /** A ballot in its egk-ec JSON form. */
  ObjectNode ballotJson(EncryptedBallot b) throws Exception {
    return (ObjectNode) JSON.readTree(codec.writeEncryptedBallot(b));
  }

  /** A fresh random nonce ξ for one option. */
  Scalar nonce() {
    return group.randomScalar(random);
  }

  /**
   * A W1 ballot built by hand from each option's vote and nonce, so that tests can make
   * over-votes and reuse pads. Each option's range proof is for 0..{@code optionLimit} and the
   * contest proof for 0..{@code contestLimit}; the election's limits are 1 and 1, so anything
   * else must be rejected. Contest hash and confirmation code are computed correctly.
   */
  EncryptedBallot handMade(String ballotId, int[] votes, Scalar[] xi, int optionLimit, int contestLimit, BallotState state) {
    Election e = setup.election();
    UInt256 he = e.extendedBaseHash();
    PublicKey k = e.jointKey();
    Manifest.Contest mc = manifest.contestsForStyle(Workloads.STYLE).orElseThrow().get(0);
    List<EncryptedBallot.Selection> selections = new ArrayList<>();
    List<Ciphertext> cts = new ArrayList<>();
    Scalar sum = group.scalar(0);
    int total = 0;
    for (int i = 0; i < mc.selections().size(); i++) {
      Manifest.Selection ms = mc.selections().get(i);
      Ciphertext ct = ElGamal.encrypt(k, votes[i], SecretScalar.of(xi[i]));
      selections.add(new EncryptedBallot.Selection(ms.selectionId(), ms.sequenceOrder(), ct,
          RangeProofs.prove(he, k, ct, votes[i], optionLimit, SecretScalar.of(xi[i]))));
      cts.add(ct);
      sum = sum.add(xi[i]);
      total += votes[i];
    }
    RangeProof contestProof = RangeProofs.prove(he, k, Ciphertext.product(group, cts), total, contestLimit, SecretScalar.of(sum));
    byte[] data = ContestDataCodec.encode(new ContestData(List.of(), List.of(), total == 0 ? "null_vote" : "normal"), mc.contestLimit());
    HashedCiphertext contestData = ContestDataCipher.encrypt(he, k, mc.contestId(), data, SecretScalar.of(nonce()));
    UInt256 chi = ConfirmationCodes.contestHash(he, k, mc.sequenceOrder(), cts);
    UInt256 code = ConfirmationCodes.confirmationCode(he, List.of(chi), ByteString.EMPTY);
    EncryptedBallot.Contest contest = new EncryptedBallot.Contest(mc.contestId(), mc.sequenceOrder(), chi, selections, contestProof, contestData);
    return new EncryptedBallot(ballotId, Workloads.STYLE, "test-device", 1_700_000_000L, ByteString.EMPTY, code, he,
        List.of(contest), state, null, false);
  }

  /** The official's signed request for POSTing {@code body} to {@code path} (this provider signs officials' tokens in tests). */
  String official(String path, String body) {
    return Officials.requestFor(issuer, path, body);
  }

  /** An official's request to export this election (a token of the right kind for any other use). */
  String officialToken() {
    return issuer.officialToken("official-1", id, "export", null, Instant.now().plus(Duration.ofHours(1)));
  }
}

package org.evote.ballotserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.evote.crypto.casting.CastMessage;
import org.evote.crypto.casting.EcKeys;
import org.evote.ballotserver.auth.TokenIssuer;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.testing.Workloads;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of bad submissions against real nodes over HTTPS. Each one must get its exact status
 * and machine-readable reason, change nothing in the cluster (no ballot, weeding key, voter
 * record, receipt, board entry or log record), leave its confirmation code unknown, and leave
 * every node healthy.
 *
 * <p>Most cases run against one node; the weeding and election-state cases run again against a
 * three-node cluster, where the earlier ballot was taken by another node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String JSON_TYPE = "application/json";

  // P-256 (SEC 2, FIPS 186-4): y^2 = x^3 - 3x + b over F_p, group order q. An oracle for curve
  // membership that does not come from the code under test.
  static final BigInteger P = new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
  static final BigInteger B = new BigInteger("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16);
  static final BigInteger Q = new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

  @TempDir static Path dir;

  /** The open election of the single node that most cases target. */
  TestElection a;
  /** A second open election on the single node, with its own identity provider. */
  TestElection b;
  /** Created, never opened. */
  TestElection created;
  /** Opened, then closed. */
  TestElection closed;
  @AutoClose TestCluster one;

  /** The open election of the three-node cluster, and one closed there. */
  TestElection c3;
  TestElection c3closed;
  @AutoClose TestCluster three;

  // Ballots accepted before the corpus runs, so that replays and duplicates have something to meet.
  TestElection.Voter alice;
  TestElection.Voter erin;
  EncryptedBallot aliceBallot;
  EncryptedBallot carolBallot;
  EncryptedBallot erinChallenged;
  Scalar[] henryNonces;
  TestElection.Voter alice3;
  EncryptedBallot alice3Ballot;
  Scalar[] henry3Nonces;

  final AtomicInteger fresh = new AtomicInteger();
  final AtomicInteger clientAddress = new AtomicInteger(10);

  @BeforeAll
  void start() throws Exception {
    a = new TestElection();
    b = new TestElection();
    created = new TestElection();
    closed = new TestElection();
    one = new TestCluster(dir.resolve("one"), 1, a);
    for (TestElection e : List.of(a, b, created, closed)) {
      official(one, 0, "/api/elections", e.definition(), 201);
    }
    official(one, 0, "/api/elections/" + a.id + "/open", "", 200);
    official(one, 0, "/api/elections/" + b.id + "/open", "", 200);
    official(one, 0, "/api/elections/" + closed.id + "/open", "", 200);
    official(one, 0, "/api/elections/" + closed.id + "/close", "", 200);

    alice = a.voter("alice");
    aliceBallot = accepted(one, a, a.ballot("alice-1", 1, BallotState.CAST), alice);
    carolBallot = accepted(one, a, a.ballot("carol-1", 2, BallotState.CAST), a.voter("carol"));
    erin = a.voter("erin");
    erinChallenged = accepted(one, a, a.ballot("erin-c", 3, BallotState.CHALLENGED), erin);
    henryNonces = acceptedHenry(one, a, new int[] {1, 0, 0, 0});

    c3 = new TestElection();
    c3closed = new TestElection();
    three = new TestCluster(dir.resolve("three"), 3, c3);
    official(three, 0, "/api/elections", c3.definition(), 201);
    official(three, 1, "/api/elections", c3closed.definition(), 201);
    official(three, 2, "/api/elections/" + c3.id + "/open", "", 200);
    official(three, 0, "/api/elections/" + c3closed.id + "/open", "", 200);
    official(three, 1, "/api/elections/" + c3closed.id + "/close", "", 200);
    alice3 = c3.voter("alice");
    alice3Ballot = accepted(three, c3, c3.ballot("alice-1", 1, BallotState.CAST), alice3);
    henry3Nonces = acceptedHenry(three, c3, new int[] {0, 0, 1, 0});
  }

  void official(TestCluster c, int node, String path, String body, int status) throws Exception {
    TestElection officials = c == three ? c3 : a; // each cluster trusts its first election's provider for officials
    TestCluster.Response r = c.postAsOfficial(node, path, body, officials);
    assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(status);
  }

  /** Sends {@code ballot} of voter {@code v} to node 0 of {@code c}, which must acknowledge it; returns the ballot. */
  EncryptedBallot accepted(TestCluster c, TestElection e, EncryptedBallot ballot, TestElection.Voter v) throws Exception {
    TestCluster.Response r = c.post(0, "/api/elections/" + e.id + "/ballots", e.envelope(ballot, v).toString(), null);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return ballot;
  }

  /** Henry's hand-made ballot with {@code votes}, acknowledged by node 0 of {@code c}; returns its nonces (pads to reuse). */
  Scalar[] acceptedHenry(TestCluster c, TestElection e, int[] votes) throws Exception {
    Scalar[] nonces = {e.nonce(), e.nonce(), e.nonce(), e.nonce()};
    accepted(c, e, e.handMade("henry-1", votes, nonces, 1, 1, BallotState.CAST), e.voter("henry"));
    return nonces;
  }

  // ---- the single-node corpus ----------------------------------------------------------------

  @TestFactory
  @DisplayName("one node rejects each bad submission with its status and reason, and changes nothing")
  Stream<DynamicTest> singleNode() {
    List<DynamicTest> cases = new ArrayList<>();
    Corpus c = new Corpus(one, a, cases);

    // HTTP and envelope syntax
    c.add("malformed JSON", 400, "malformed_json", () -> c.raw("{\"ballot\": {\"ballot_id\": "));
    c.add("a valid envelope followed by more JSON", 400, "malformed_json", () -> c.raw(fresh(a).env + " {}"));
    c.add("an envelope naming two tokens (another voter's first, its own last)", 400, "malformed_json", () -> {
      Fresh f = fresh(a);
      String own = f.env.toString();
      String other = JSON.writeValueAsString(a.voter("other-" + fresh.incrementAndGet()).token());
      return c.raw("{\"token\":" + other + "," + own.substring(1));
    });
    c.add("JSON that is an array, not an object", 400, "malformed_envelope", () -> c.raw("[1, 2, 3]"));
    c.add("JSON that is a string, not an object", 400, "malformed_envelope", () -> c.raw("\"ballot\""));
    c.add("the JSON literal null", 400, "malformed_envelope", () -> c.raw("null"));
    c.add("an empty body", 400, "malformed_envelope", () -> c.raw(""));
    c.add("no ballot", 400, "malformed_envelope", () -> c.edited(a, f -> f.env.remove("ballot")));
    c.add("no token", 400, "malformed_envelope", () -> c.edited(a, f -> f.env.remove("token")));
    c.add("no signature", 400, "malformed_envelope", () -> c.edited(a, f -> f.env.remove("signature")));
    c.add("a ballot that is a string, not an object", 400, "malformed_envelope", () -> c.edited(a, f -> f.env.put("ballot", f.env.get("ballot").toString())));
    c.add("a token that is a number, not a string", 400, "malformed_envelope", () -> c.edited(a, f -> f.env.put("token", 12345)));
    c.add("content type text/plain", 415, "wrong_content_type", () -> c.to(a, fresh(a).env).withType("text/plain"));
    c.add("no content type", 415, "wrong_content_type", () -> c.to(a, fresh(a).env).withType(null));
    c.add("a body of 4 MiB, far over the largest legal envelope of the election", 413, "body_too_large", () -> {
      ObjectNode env = fresh(a).env;
      env.put("padding", "A".repeat(4 * 1024 * 1024));
      return c.to(a, env);
    });

    // elections
    c.add("an unknown election", 404, "unknown_election", () -> {
      byte[] id = new byte[32];
      new Random(7).nextBytes(id);
      return new Sent("/api/elections/" + HexFormat.of().formatHex(id) + "/ballots", fresh(a).env.toString(), JSON_TYPE);
    });
    c.add("an election id that is not 64 hex digits", 404, "unknown_election",
        () -> new Sent("/api/elections/not-an-election/ballots", fresh(a).env.toString(), JSON_TYPE));
    c.add("an election that is not open yet", 409, "election_not_open", () -> c.to(created, fresh(created).env));
    c.add("an election that is closed", 409, "election_not_open", () -> c.to(closed, fresh(closed).env));

    // identity tokens
    c.add("an empty token", 401, "token_missing", () -> c.edited(a, f -> f.env.put("token", "")));
    c.add("a garbage token", 401, "token_malformed", () -> c.edited(a, f -> f.env.put("token", "this.is-not.a-jwt")));
    c.add("a token signed by another key (forged)", 401, "token_forged", () -> {
      Fresh f = fresh(a);
      KeyPair voter = EcKeys.generate();
      String forged = new TokenIssuer(EcKeys.generate(), "test-idp")
          .voterToken("forger", a.id, Workloads.STYLE, (ECPublicKey) voter.getPublic(), Instant.now().plus(Duration.ofHours(1)));
      return c.to(a, signed(f.ballotJson(), forged, voter.getPrivate(), f.ballot));
    });
    c.add("a token with HS256 instead of ES256", 401, "token_forged", () -> {
      Fresh f = fresh(a);
      KeyPair voter = EcKeys.generate();
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), voterClaims(a, (ECPublicKey) voter.getPublic(), x -> x));
      byte[] secret = new byte[32];
      new Random(1).nextBytes(secret);
      jwt.sign(new MACSigner(secret));
      return c.to(a, signed(f.ballotJson(), jwt.serialize(), voter.getPrivate(), f.ballot));
    });
    c.add("a token with a critical header parameter the node does not understand", 401, "token_forged", () -> {
      Fresh f = fresh(a);
      KeyPair voter = EcKeys.generate();
      JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
          .criticalParams(java.util.Set.of("evote-unknown")).customParam("evote-unknown", "x").build();
      SignedJWT jwt = new SignedJWT(header, voterClaims(a, (ECPublicKey) voter.getPublic(), x -> x));
      jwt.sign(new ECDSASigner((ECPrivateKey) a.idp.getPrivate()));
      return c.to(a, signed(f.ballotJson(), jwt.serialize(), voter.getPrivate(), f.ballot));
    });
    c.add("a token whose ES256 signature was changed in its last byte", 401, "token_forged", () -> c.edited(a, f -> {
      String[] parts = f.voter.token().split("\\.");
      byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
      sig[63]++;
      parts[2] = Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
      f.env.put("token", String.join(".", parts));
    }));
    c.add("an unsigned token (alg none)", 401, "token_malformed", () -> {
      Fresh f = fresh(a);
      KeyPair voter = EcKeys.generate();
      String plain = new PlainJWT(voterClaims(a, (ECPublicKey) voter.getPublic(), x -> x)).serialize();
      return c.to(a, signed(f.ballotJson(), plain, voter.getPrivate(), f.ballot));
    });
    c.add("a token whose payload was edited to another voter", 401, "token_forged", () -> c.edited(a, f -> {
      String[] parts = f.voter.token().split("\\.");
      ObjectNode claims = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      claims.put("sub", "alice");
      parts[1] = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
      f.env.put("token", String.join(".", parts));
    }));
    c.add("an expired token", 401, "token_expired", () -> {
      TestElection.Voter v = a.voter("expired-" + fresh.incrementAndGet(), Workloads.STYLE, Instant.now().minus(Duration.ofHours(1)));
      return c.to(a, a.envelope(a.ballot("expired", 1, BallotState.CAST), v));
    });
    c.add("a token that is not valid yet", 401, "token_not_yet_valid",
        () -> craftedToken(c, x -> x.notBeforeTime(Date.from(Instant.now().plus(Duration.ofHours(1))))));
    c.add("a token for another audience", 401, "token_wrong_audience", () -> craftedToken(c, x -> x.audience("not-evote")));
    c.add("a token without expiry", 401, "token_malformed", () -> craftedToken(c, x -> x.expirationTime(null)));
    c.add("a voter token without the cnf key binding", 401, "token_malformed", () -> craftedToken(c, x -> x.claim("cnf", null)));
    c.add("a voter token whose cnf key is a private key", 401, "token_malformed", () -> {
      KeyPair voter = EcKeys.generate();
      Map<String, Object> jwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) voter.getPublic())
          .privateKey((ECPrivateKey) voter.getPrivate()).build().toJSONObject();
      return craftedToken(c, voter, x -> x.claim("cnf", Map.of("jwk", jwk)));
    });
    c.add("a voter token whose cnf key is not on the curve", 401, "token_malformed", () -> {
      Map<String, Object> jwk = Map.of("kty", "EC", "crv", "P-256",
          "x", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]),
          "y", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]));
      return craftedToken(c, x -> x.claim("cnf", Map.of("jwk", jwk)));
    });
    c.add("a voter token without a ballot style", 401, "token_malformed", () -> craftedToken(c, x -> x.claim("style", null)));
    c.add("a token for another election", 403, "token_wrong_election", () -> {
      TestElection.Voter v = a.voter("elsewhere-" + fresh.incrementAndGet(), b.id, Workloads.STYLE, Instant.now().plus(Duration.ofHours(1)));
      return c.to(a, a.envelope(a.ballot("elsewhere", 4, BallotState.CAST), v));
    });
    c.add("an official's token used to vote", 403, "not_a_voter", () -> c.edited(a, f -> f.env.put("token", a.officialToken())));

    // voter signatures
    c.add("a random voter signature", 401, "bad_signature", () -> c.edited(a, f -> {
      byte[] sig = new byte[64];
      new Random(3).nextBytes(sig);
      f.env.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(sig));
    }));
    c.add("a signature by another voter's key", 401, "bad_signature", () -> {
      Fresh f = fresh(a);
      TestElection.Voter other = a.voter("other-" + fresh.incrementAndGet());
      return c.to(a, TestElection.envelope(f.ballotJson(), f.voter.token(), other.key(), f.ballot.electionId(), f.ballot.confirmationCode(),
          f.ballot.state()));
    });
    c.add("a signature that is not base64url", 401, "bad_signature", () -> c.edited(a, f -> f.env.put("signature", "%%% not base64url %%%")));
    c.add("an empty signature", 401, "bad_signature", () -> c.edited(a, f -> f.env.put("signature", "")));
    c.add("a signature over another ballot's confirmation code", 401, "bad_signature", () -> {
      Fresh f = fresh(a);
      return c.to(a, TestElection.envelope(f.ballotJson(), f.voter.token(), f.voter.key(), f.ballot.electionId(), aliceBallot.confirmationCode()));
    });
    c.add("a signature over the code for another election", 401, "bad_signature", () -> {
      Fresh f = fresh(a);
      return c.to(a, TestElection.envelope(f.ballotJson(), f.voter.token(), f.voter.key(), UInt256.fromHex(b.id), f.ballot.confirmationCode()));
    });
    c.add("a valid signature in DER instead of P1363", 401, "bad_signature", () -> c.edited(a, f -> {
      Signature der = Signature.getInstance("SHA256withECDSA");
      der.initSign(f.voter.key());
      der.update(CastMessage.of(f.ballot.electionId(), f.ballot.confirmationCode(), f.ballot.state()));
      f.env.put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(der.sign()));
    }));
    c.add("mallory's token with alice's signature on alice's ballot", 401, "bad_signature", () -> {
      ObjectNode env = a.envelope(aliceBallot, alice);
      env.put("token", a.voter("mallory-" + fresh.incrementAndGet()).token());
      return c.to(a, env);
    });

    // element and scalar encodings (the signature stays valid: it covers only the code)
    c.add("a P-256 point that is not on the curve", 400, "invalid_encoding",
        () -> c.to(a, withFirstPad(fresh(a), compressed(0x02, offCurveX()))));
    c.add("a point with prefix 04", 400, "invalid_encoding", () -> {
      Fresh f = fresh(a);
      byte[] pad = Base64.getDecoder().decode(firstVote(f.ballotJson()).get("pad").asText());
      pad[0] = 0x04;
      return c.to(a, withFirstPad(f, pad));
    });
    c.add("a point with prefix 04 in its 65-byte uncompressed form", 400, "invalid_encoding", () -> {
      byte[] pad = new byte[65];
      pad[0] = 0x04;
      byte[] x = fixed32(smallOnCurveX());
      System.arraycopy(x, 0, pad, 1, 32);
      System.arraycopy(fixed32(sqrt(rhs(smallOnCurveX()))), 0, pad, 33, 32);
      return c.to(a, withFirstPad(fresh(a), pad));
    });
    c.add("a non-canonical x coordinate x + p >= p", 400, "invalid_encoding",
        () -> c.to(a, withFirstPad(fresh(a), compressed(0x02, smallOnCurveX().add(P)))));
    c.add("an x coordinate equal to p", 400, "invalid_encoding", () -> c.to(a, withFirstPad(fresh(a), compressed(0x03, P))));
    c.add("the point at infinity as a pad", 400, "invalid_encoding", () -> {
      byte[] inf = new byte[33];
      java.util.Arrays.fill(inf, (byte) 0xff);
      return c.to(a, withFirstPad(fresh(a), inf));
    });
    c.add("an element of 32 bytes instead of 33", 400, "invalid_encoding", () -> {
      Fresh f = fresh(a);
      byte[] pad = Base64.getDecoder().decode(firstVote(f.ballotJson()).get("pad").asText());
      return c.to(a, withFirstPad(f, java.util.Arrays.copyOf(pad, 32)));
    });
    c.add("a proof response of 32 bytes 0xFF (a scalar >= q)", 400, "invalid_encoding", () -> c.edited(a, f -> {
      byte[] ff = new byte[32];
      java.util.Arrays.fill(ff, (byte) 0xff);
      firstPair(f.ballotJson()).put("response", Base64.getEncoder().encodeToString(ff));
    }));
    c.add("a proof challenge equal to q", 400, "invalid_encoding", () -> c.edited(a, f -> firstPair(f.ballotJson()).put("challenge", Base64.getEncoder().encodeToString(fixed32(Q)))));
    c.add("a pad that is not base64", 400, "invalid_encoding", () -> c.edited(a, f -> firstVote(f.ballotJson()).put("pad", "not*base64!")));
    c.add("a ballot without its ballot_id", 400, "invalid_encoding", () -> c.edited(a, f -> f.ballotJson().remove("ballot_id")));

    // ballots that decode but are not valid for this election
    c.add("a ballot of another election (its proofs too) with a valid token there", 400, "ballot_wrong_election", () -> {
      EncryptedBallot other = a.ballot("from-a-" + fresh.incrementAndGet(), 5, BallotState.CAST);
      TestElection.Voter v = b.voter("b-voter-" + fresh.incrementAndGet());
      return c.to(b, TestElection.envelope(a.ballotJson(other), v.token(), v.key(), other.electionId(), other.confirmationCode()));
    });
    c.add("a ballot of another election relabelled with this election's id", 400, "invalid_ballot", () -> {
      EncryptedBallot other = a.ballot("relabelled-" + fresh.incrementAndGet(), 6, BallotState.CAST);
      ObjectNode json = a.ballotJson(other);
      json.put("election_id", UInt256.fromHex(b.id).toBase64());
      TestElection.Voter v = b.voter("b-voter-" + fresh.incrementAndGet());
      return c.to(b, TestElection.envelope(json, v.token(), v.key(), UInt256.fromHex(b.id), other.confirmationCode()));
    });
    c.add("a ballot style the token does not grant", 403, "style_not_granted", () -> {
      TestElection.Voter v = a.voter("styled-" + fresh.incrementAndGet(), "another-style", Instant.now().plus(Duration.ofHours(1)));
      return c.to(a, a.envelope(a.ballot("styled", 7, BallotState.CAST), v));
    });
    c.add("a ballot style the manifest does not have, granted by the token", 400, "ballot_shape", () -> {
      TestElection.Voter v = a.voter("nostyle-" + fresh.incrementAndGet(), "another-style", Instant.now().plus(Duration.ofHours(1)));
      EncryptedBallot bal = a.ballot("nostyle", 8, BallotState.CAST);
      ObjectNode json = a.ballotJson(bal);
      json.put("ballot_style_id", "another-style");
      return c.to(a, TestElection.envelope(json, v.token(), v.key(), bal.electionId(), bal.confirmationCode()));
    });
    c.add("an over-vote: two options marked, each with a valid 0..1 proof (its 0..2 contest proof has one pair too many)", 400, "ballot_shape", () -> {
      EncryptedBallot over = a.handMade("over-2", new int[] {1, 1, 0, 0}, nonces(a), 1, 2, BallotState.CAST);
      return c.to(a, a.envelope(over, a.voter("over-" + fresh.incrementAndGet())));
    });
    c.add("an over-vote: one option encrypting 2 (its 0..2 proofs have one pair too many)", 400, "ballot_shape", () -> {
      EncryptedBallot over = a.handMade("over-1", new int[] {2, 0, 0, 0}, nonces(a), 2, 2, BallotState.CAST);
      return c.to(a, a.envelope(over, a.voter("over-" + fresh.incrementAndGet())));
    });
    c.add("selection proofs swapped between two options", 400, "invalid_ballot", () -> c.edited(a, f -> {
      ArrayNode sels = (ArrayNode) f.ballotJson().get("contests").get(0).get("selections");
      JsonNode p0 = sels.get(0).get("proof");
      ((ObjectNode) sels.get(0)).set("proof", sels.get(1).get("proof"));
      ((ObjectNode) sels.get(1)).set("proof", p0);
    }));
    c.add("a contest proof taken from another ballot", 400, "invalid_ballot", () -> c.edited(a, f -> ((ObjectNode) f.ballotJson().get("contests").get(0)).set("proof", a.ballotJson(aliceBallot).get("contests").get(0).get("proof"))));
    c.add("a cast ballot's state switched to CHALLENGED under the voter's signature for CAST", 401, "bad_signature", () -> c.edited(a, f -> f.ballotJson().put("state", "CHALLENGED")));
    c.add("state UNKNOWN", 400, "invalid_state", () -> c.edited(a, f -> f.ballotJson().put("state", "UNKNOWN")));
    c.add("a pre-encrypted ballot flag", 400, "invalid_ballot", () -> c.edited(a, f -> f.ballotJson().put("is_preencrypt", true)));
    c.add("a changed confirmation code, signed by the voter", 400, "invalid_ballot", () -> {
      Fresh f = fresh(a);
      byte[] code = new byte[32];
      new Random(11).nextBytes(code);
      f.ballotJson().put("confirmation_code", Base64.getEncoder().encodeToString(code));
      return c.to(a, TestElection.envelope(f.ballotJson(), f.voter.token(), f.voter.key(), f.ballot.electionId(), UInt256.of(code)));
    });
    c.add("a changed contest hash", 400, "invalid_ballot", () -> c.edited(a, f -> {
      byte[] h = new byte[32];
      new Random(12).nextBytes(h);
      ((ObjectNode) f.ballotJson().get("contests").get(0)).put("contest_hash", Base64.getEncoder().encodeToString(h));
    }));
    c.add("a dropped contest", 400, "invalid_ballot", () -> c.edited(a, f -> ((ArrayNode) f.ballotJson().get("contests")).removeAll()));
    c.add("an extra contest the manifest does not have", 400, "ballot_shape", () -> c.edited(a, f -> {
      ObjectNode extra = f.ballotJson().get("contests").get(0).deepCopy();
      extra.put("contest_id", "contest99").put("sequence_order", 99);
      ((ArrayNode) f.ballotJson().get("contests")).add(extra);
    }));
    c.add("a dropped selection", 400, "invalid_ballot", () -> c.edited(a, f -> ((ArrayNode) f.ballotJson().get("contests").get(0).get("selections")).remove(3)));
    c.add("a ballot id with path characters", 400, "invalid_ballot_id", () -> c.edited(a, f -> f.ballotJson().put("ballot_id", "../../etc/passwd")));
    c.add("an empty ballot id", 400, "invalid_ballot_id", () -> c.edited(a, f -> f.ballotJson().put("ballot_id", "")));

    // weeding: replays, copies and duplicates of ballots the node took before
    c.add("the same voter's same ballot under another ballot id", 409, "duplicate_confirmation_code", () -> {
      ObjectNode json = a.ballotJson(aliceBallot);
      json.put("ballot_id", "alice-1-again");
      return c.to(a, TestElection.envelope(json, alice.token(), alice.key(), aliceBallot.electionId(), aliceBallot.confirmationCode()));
    });
    c.add("a ballot copied from another voter, signed by the copier", 409, "replayed_ballot",
        () -> c.to(a, a.envelope(aliceBallot, a.voter("mallory-" + fresh.incrementAndGet()))));
    c.add("a ballot copied from another voter under a new ballot id", 409, "replayed_ballot", () -> {
      ObjectNode json = a.ballotJson(aliceBallot);
      json.put("ballot_id", "mallory-copy");
      TestElection.Voter m = a.voter("mallory-" + fresh.incrementAndGet());
      return c.to(a, TestElection.envelope(json, m.token(), m.key(), aliceBallot.electionId(), aliceBallot.confirmationCode()));
    });
    c.add("a different ballot with the same voter's earlier ballot id", 409, "duplicate_ballot_id",
        () -> c.to(a, a.envelope(a.ballot("alice-1", 9, BallotState.CAST), alice)));
    c.add("a different ballot with another voter's ballot id", 409, "duplicate_ballot_id",
        () -> c.to(a, a.envelope(a.ballot("carol-1", 10, BallotState.CAST), a.voter("mallory-" + fresh.incrementAndGet()))));
    c.add("the same ballot id and code with another timestamp", 409, "duplicate_ballot_id", () -> {
      ObjectNode env = a.envelope(aliceBallot, alice);
      ((ObjectNode) env.get("ballot")).put("timestamp", aliceBallot.timestamp() + 1);
      return c.to(a, env);
    });
    c.add("the same ballot id and code with other contest data", 409, "duplicate_ballot_id", () -> {
      ObjectNode env = a.envelope(aliceBallot, alice);
      byte[] mac = new byte[32];
      new Random(13).nextBytes(mac);
      ((ObjectNode) env.get("ballot").get("contests").get(0).get("encrypted_contest_data")).put("c2", Base64.getEncoder().encodeToString(mac));
      return c.to(a, env);
    });
    c.add("a challenged ballot sent again as cast", 409, "state_conflict",
        () -> c.to(a, a.envelope(erinChallenged.withState(BallotState.CAST), erin)));
    c.add("a new ballot that reuses another ballot's pad (its nonce)", 409, "duplicate_ciphertext", () -> {
      Scalar[] xi = nonces(a);
      xi[0] = henryNonces[0];
      EncryptedBallot reuse = a.handMade("pad-reuse", new int[] {0, 1, 0, 0}, xi, 1, 1, BallotState.CAST);
      return c.to(a, a.envelope(reuse, a.voter("reuser-" + fresh.incrementAndGet())));
    });
    c.add("a new ballot that reuses another ballot's whole ciphertext", 409, "duplicate_ciphertext", () -> {
      Scalar[] xi = nonces(a);
      xi[0] = henryNonces[0];
      EncryptedBallot reuse = a.handMade("ct-reuse", new int[] {1, 0, 0, 0}, xi, 1, 1, BallotState.CAST);
      return c.to(a, a.envelope(reuse, a.voter("reuser-" + fresh.incrementAndGet())));
    });
    return c.tests(33);
  }

  // ---- the three-node corpus -----------------------------------------------------------------

  @TestFactory
  @DisplayName("a three-node cluster weeds and checks cluster-wide: another node took the earlier ballot")
  Stream<DynamicTest> cluster() {
    List<DynamicTest> cases = new ArrayList<>();
    Corpus c = new Corpus(three, c3, cases);
    c.add(1, "a ballot copied from another voter, sent to another node", 409, "replayed_ballot",
        () -> c.to(c3, c3.envelope(alice3Ballot, c3.voter("mallory-" + fresh.incrementAndGet()))));
    c.add(2, "the same voter's same ballot under another id, sent to another node", 409, "duplicate_confirmation_code", () -> {
      ObjectNode json = c3.ballotJson(alice3Ballot);
      json.put("ballot_id", "alice-1-again");
      return c.to(c3, TestElection.envelope(json, alice3.token(), alice3.key(), alice3Ballot.electionId(), alice3Ballot.confirmationCode()));
    });
    c.add(1, "a different ballot with a ballot id taken on another node", 409, "duplicate_ballot_id",
        () -> c.to(c3, c3.envelope(c3.ballot("alice-1", 2, BallotState.CAST), c3.voter("mallory-" + fresh.incrementAndGet()))));
    c.add(2, "the same ballot id and code with another timestamp, sent to another node", 409, "duplicate_ballot_id", () -> {
      ObjectNode env = c3.envelope(alice3Ballot, alice3);
      ((ObjectNode) env.get("ballot")).put("timestamp", alice3Ballot.timestamp() + 60);
      return c.to(c3, env);
    });
    c.add(2, "a pad taken on another node", 409, "duplicate_ciphertext", () -> {
      Scalar[] xi = nonces(c3);
      xi[2] = henry3Nonces[2];
      EncryptedBallot reuse = c3.handMade("pad-reuse", new int[] {0, 1, 0, 0}, xi, 1, 1, BallotState.CAST);
      return c.to(c3, c3.envelope(reuse, c3.voter("reuser-" + fresh.incrementAndGet())));
    });
    c.add(2, "an election closed through another node", 409, "election_not_open", () -> c.to(c3closed, fresh(c3closed).env));
    c.add(1, "an unknown election", 404, "unknown_election", () -> c.to(a, fresh(a).env));
    c.add(0, "a forged token", 401, "token_forged", () -> {
      Fresh f = fresh(c3);
      KeyPair voter = EcKeys.generate();
      String forged = new TokenIssuer(EcKeys.generate(), "test-idp")
          .voterToken("forger", c3.id, Workloads.STYLE, (ECPublicKey) voter.getPublic(), Instant.now().plus(Duration.ofHours(1)));
      return c.to(c3, signed(f.ballotJson(), forged, voter.getPrivate(), f.ballot));
    });
    c.add(1, "an over-vote (its 0..2 contest proof has one pair too many)", 400, "ballot_shape", () -> {
      EncryptedBallot over = c3.handMade("over-2", new int[] {0, 1, 1, 0}, nonces(c3), 1, 2, BallotState.CAST);
      return c.to(c3, c3.envelope(over, c3.voter("over-" + fresh.incrementAndGet())));
    });
    return c.tests(9);
  }

  // ---- running a case ------------------------------------------------------------------------

  /** A request: its path, body and content type. */
  record Sent(String path, String body, String contentType) {
    Sent withType(String type) {
      return new Sent(path, body, type);
    }
  }

  /** A freshly made valid envelope of a new voter. */
  record Fresh(TestElection.Voter voter, EncryptedBallot ballot, ObjectNode env) {
    ObjectNode ballotJson() {
      return (ObjectNode) env.get("ballot");
    }
  }

  Fresh fresh(TestElection e) throws Exception {
    int n = fresh.incrementAndGet();
    TestElection.Voter v = e.voter("voter-" + n);
    EncryptedBallot bal = e.ballot("fresh-" + n, n, BallotState.CAST);
    return new Fresh(v, bal, e.envelope(bal, v));
  }

  /** A change made to a fresh envelope before it is sent. */
  interface Edit {
    void apply(Fresh f) throws Exception;
  }

  /** The cases of one cluster, run in order as dynamic tests. */
  final class Corpus {
    final TestCluster cluster;
    final TestElection main;
    final List<DynamicTest> tests;
    final List<String> names = new ArrayList<>();

    Corpus(TestCluster cluster, TestElection main, List<DynamicTest> tests) {
      this.cluster = cluster;
      this.main = main;
      this.tests = tests;
    }

    void add(String name, int status, String reason, Callable<Sent> request) {
      add(0, name, status, reason, request);
    }

    void add(int node, String name, int status, String reason, Callable<Sent> request) {
      names.add(name);
      tests.add(DynamicTest.dynamicTest(name + " → " + status + " " + reason,
          () -> run(cluster, main, node, request.call(), status, reason)));
    }

    Sent raw(String body) {
      return new Sent("/api/elections/" + main.id + "/ballots", body, JSON_TYPE);
    }

    Sent to(TestElection e, JsonNode env) {
      return new Sent("/api/elections/" + e.id + "/ballots", env.toString(), JSON_TYPE);
    }

    /** A fresh valid envelope for {@code e}, changed by {@code edit}, sent to {@code e}. */
    Sent edited(TestElection e, Edit edit) throws Exception {
      Fresh f = fresh(e);
      edit.apply(f);
      return to(e, f.env);
    }

    Stream<DynamicTest> tests(int atLeast) {
      assertThat(names).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(atLeast);
      return tests.stream();
    }
  }

  void run(TestCluster c, TestElection main, int node, Sent s, int status, String reason) throws Exception {
    c.localAddress = InetAddress.getByName("127.0.0." + clientAddress.getAndIncrement());
    ClusterState before = ClusterState.of(c);
    List<Long> boards = boardSizes(c, main);

    TestCluster.Response r = c.post(node, s.path(), s.body(), null, s.contentType());
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(JSON.readTree(r.body()).path("error").asText()).as(r.body()).isEqualTo(reason);

    assertThat(ClusterState.of(c)).isEqualTo(before);
    assertThat(boardSizes(c, main)).isEqualTo(boards);
    String electionId = s.path().split("/")[3];
    String code = codeOf(s.body());
    if (code != null && before.map("evote.elections").containsKey(electionId)
        && !before.map("evote.codes." + electionId).containsKey(code)) {
      TestCluster.Response st = c.get(node, "/api/elections/" + electionId + "/ballots/" + code);
      assertThat(st.status()).as(st.body()).isEqualTo(404);
      assertThat(JSON.readTree(st.body()).path("error").asText()).isEqualTo("unknown_ballot");
    }
    for (int i = 0; i < c.nodes.size(); i++) {
      assertHealthy(c, i);
    }
  }

  /** Each node's log size as the public board shows it. */
  static List<Long> boardSizes(TestCluster c, TestElection e) throws Exception {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < c.nodes.size(); i++) {
      TestCluster.Response r = c.get(i, "/api/elections/" + e.id + "/board?limit=1");
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      out.add(JSON.readTree(r.body()).get("log_size").asLong());
    }
    return out;
  }

  /** Waits until the node reports itself healthy (a cluster is safe once its backups are in place). */
  static void assertHealthy(TestCluster c, int node) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    TestCluster.Response h = c.get(node, "/health");
    while (h.status() != 200 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      h = c.get(node, "/health");
    }
    assertThat(h.status()).as(h.body()).isEqualTo(200);
    assertThat(JSON.readTree(h.body()).get("ok").asBoolean()).isTrue();
    assertThat(JSON.readTree(h.body()).get("log_writable").asBoolean()).isTrue();
  }

  /** The confirmation code (hex) of the envelope's ballot, or null when there is none to read. */
  static String codeOf(String body) {
    try {
      String b64 = JSON.readTree(body).path("ballot").path("confirmation_code").asText("");
      byte[] code = Base64.getDecoder().decode(b64);
      return code.length == 32 ? HexFormat.of().formatHex(code) : null;
    } catch (Exception e) {
      return null;
    }
  }

  // ---- making bad parts ----------------------------------------------------------------------

  static ObjectNode firstVote(ObjectNode ballot) {
    return (ObjectNode) ballot.get("contests").get(0).get("selections").get(0).get("encrypted_vote");
  }

  static ObjectNode firstPair(ObjectNode ballot) {
    return (ObjectNode) ballot.get("contests").get(0).get("selections").get(0).get("proof").get("proofs").get(0);
  }

  static ObjectNode withFirstPad(Fresh f, byte[] pad) {
    firstVote(f.ballotJson()).put("pad", Base64.getEncoder().encodeToString(pad));
    return f.env;
  }

  static Scalar[] nonces(TestElection e) {
    return new Scalar[] {e.nonce(), e.nonce(), e.nonce(), e.nonce()};
  }

  static ObjectNode signed(ObjectNode ballot, String token, PrivateKey key, EncryptedBallot b) {
    return TestElection.envelope(ballot, token, key, b.electionId(), b.confirmationCode());
  }

  /** x^3 - 3x + b mod p. */
  static BigInteger rhs(BigInteger x) {
    return x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).add(B).mod(P);
  }

  static boolean onCurve(BigInteger x) {
    BigInteger r = rhs(x);
    return r.signum() == 0 || r.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).equals(BigInteger.ONE);
  }

  /** A square root mod p (p = 3 mod 4). */
  static BigInteger sqrt(BigInteger v) {
    return v.modPow(P.add(BigInteger.ONE).shiftRight(2), P);
  }

  static BigInteger offCurveX() {
    BigInteger x = BigInteger.ONE;
    while (onCurve(x)) {
      x = x.add(BigInteger.ONE);
    }
    return x;
  }

  static BigInteger smallOnCurveX() {
    BigInteger x = BigInteger.ONE;
    while (!onCurve(x) || rhs(x).signum() == 0) {
      x = x.add(BigInteger.ONE);
    }
    return x;
  }

  static byte[] fixed32(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }

  static byte[] compressed(int prefix, BigInteger x) {
    byte[] out = new byte[33];
    out[0] = (byte) prefix;
    System.arraycopy(fixed32(x), 0, out, 1, 32);
    return out;
  }

  /** The claims the identity provider puts in a voter token, edited. */
  static JWTClaimsSet voterClaims(TestElection e, ECPublicKey voterKey, UnaryOperator<JWTClaimsSet.Builder> edit) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder c = new JWTClaimsSet.Builder()
        .issuer("test-idp")
        .subject("crafted-" + UUID.randomUUID())
        .audience("evote")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
        .jwtID(UUID.randomUUID().toString())
        .claim("role", "voter")
        .claim("election", e.id)
        .claim("style", Workloads.STYLE)
        .claim("cnf", Map.of("jwk", new ECKey.Builder(Curve.P_256, voterKey).build().toJSONObject()));
    return edit.apply(c).build();
  }

  /** A fresh ballot with a token the election's own identity provider signed over edited claims. */
  Sent craftedToken(Corpus c, UnaryOperator<JWTClaimsSet.Builder> edit) throws Exception {
    return craftedToken(c, EcKeys.generate(), edit);
  }

  Sent craftedToken(Corpus c, KeyPair voter, UnaryOperator<JWTClaimsSet.Builder> edit) throws Exception {
    Fresh f = fresh(a);
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), voterClaims(a, (ECPublicKey) voter.getPublic(), edit));
    jwt.sign(new ECDSASigner((ECPrivateKey) a.idp.getPrivate()));
    return c.to(a, signed(f.ballotJson(), jwt.serialize(), voter.getPrivate(), f.ballot));
  }
}

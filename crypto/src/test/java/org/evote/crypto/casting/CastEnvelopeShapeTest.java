package org.evote.crypto.casting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Random;
import java.util.function.Consumer;
import org.evote.crypto.election.BallotEncryptor;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.testing.Workloads;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The shape check of a cast envelope, judged on its JSON before any point is decoded: every legal
 * envelope passes, and each kind of oversized or unknown part is refused with its reason.
 */
class CastEnvelopeShapeTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Group GROUP = Groups.p256();
  static final Manifest MANIFEST = Workloads.w1();
  static final SecureRandom RANDOM = new SecureRandom();
  static final Workloads.SingleGuardian SETUP =
      Workloads.singleGuardian(GROUP, MANIFEST, SecretScalar.of(GROUP.randomScalar(RANDOM)), RANDOM);
  static final CastEnvelopeShape SHAPE = new CastEnvelopeShape(MANIFEST, GROUP);

  static ObjectNode envelope(Random choices) {
    EncryptedBallot b = new BallotEncryptor(SETUP.election()).encrypt(
        Workloads.randomBallot(MANIFEST, Workloads.STYLE, "shape-" + choices.nextInt(1_000_000), choices),
        BallotNonce.random(RANDOM), ByteString.EMPTY, "shape-test", 1_700_000_000L).withState(BallotState.CAST);
    return CastEnvelope.of(new RecordCodec(GROUP), b, "a.token.here", EcKeys.generate().getPrivate());
  }

  static String refusal(Consumer<ObjectNode> edit) {
    ObjectNode e = envelope(new Random(1));
    edit.accept(e);
    var unknown = CastEnvelopeShape.unknownField(e);
    if (unknown.isPresent()) {
      return unknown.get().reason() + ": " + unknown.get().message();
    }
    return SHAPE.problem(e, Workloads.STYLE).map(p -> p.reason() + ": " + p.message()).orElse("accepted");
  }

  static ObjectNode firstContest(ObjectNode e) {
    return (ObjectNode) e.get("ballot").get("contests").get(0);
  }

  @Test
  @DisplayName("legal envelopes pass both checks and fit in the body limit the election sets")
  void legalEnvelopesPass() throws Exception {
    Random choices = new Random(7);
    for (int i = 0; i < 10; i++) {
      ObjectNode e = envelope(choices);
      assertThat(CastEnvelopeShape.unknownField(e)).isEmpty();
      assertThat(SHAPE.problem(e, Workloads.STYLE)).isEmpty();
      assertThat((long) JSON.writerWithDefaultPrettyPrinter().writeValueAsString(e).getBytes(StandardCharsets.UTF_8).length)
          .isLessThan(SHAPE.maxEnvelopeBytes());
    }
  }

  @Test
  @DisplayName("a field the format does not define is refused at any depth, naming its path")
  void unknownFields() {
    assertThat(refusal(e -> e.put("comment", "x".repeat(1000)))).startsWith("unknown_field").contains("comment");
    assertThat(refusal(e -> ((ObjectNode) e.get("ballot")).put("extra", 1))).startsWith("unknown_field").contains("extra");
    assertThat(refusal(e -> ((ObjectNode) firstContest(e).get("selections").get(1)).put("x", "y")))
        .startsWith("unknown_field").contains("selections[1]").contains("x");
  }

  @Test
  @DisplayName("more contests, selections or proof pairs than the style allows, or an over-long string, is refused by shape")
  void oversizedParts() {
    assertThat(refusal(e -> ((ArrayNode) e.get("ballot").get("contests")).add(firstContest(e).deepCopy())))
        .startsWith("ballot_shape");
    assertThat(refusal(e -> ((ArrayNode) firstContest(e).get("selections")).add(firstContest(e).get("selections").get(0).deepCopy())))
        .startsWith("ballot_shape");
    assertThat(refusal(e -> {
      ArrayNode pairs = (ArrayNode) firstContest(e).get("selections").get(0).get("proof").get("proofs");
      for (int i = 0; i < 50; i++) {
        pairs.add(pairs.get(0).deepCopy());
      }
    })).startsWith("ballot_shape");
    assertThat(refusal(e -> ((ObjectNode) e.get("ballot")).put("ballot_id", "b".repeat(100_000)))).startsWith("ballot_shape");
    assertThat(refusal(e -> ((ObjectNode) firstContest(e).get("selections").get(0).get("encrypted_vote"))
        .put("pad", "A".repeat(10_000)))).startsWith("ballot_shape");
  }

  @Test
  @DisplayName("a style the manifest does not have is refused by shape, naming it")
  void unknownStyle() {
    JsonNode e = envelope(new Random(3));
    assertThat(SHAPE.problem(e, "no-such-style")).get().satisfies(p -> {
      assertThat(p.reason()).isEqualTo(CastEnvelopeShape.BALLOT_SHAPE);
      assertThat(p.message()).contains("no-such-style");
    });
  }
}

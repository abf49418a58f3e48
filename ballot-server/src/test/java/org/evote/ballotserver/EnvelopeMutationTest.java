package org.evote.ballotserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.util.Base64URL;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.RecordCodec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random mutations of valid envelopes, POSTed over HTTPS to a real node: a seeded loop, so that a
 * failure can be replayed from its case number.
 *
 * <p>The envelopes of the pool are accepted first. A mutation that still means the same envelope
 * (the same ballot in its canonical encoding, the same token, the same signature bytes; for
 * example added whitespace or reordered fields) is then a client's retry and must get the
 * original receipt with 200. Every other mutation must be refused with a 4xx and a reason. None
 * may produce a 5xx, and at the end the cluster holds exactly what it held before the mutations.
 */
class EnvelopeMutationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  /** Reads a body as strictly as the node: one JSON text, no repeated member names. */
  static final ObjectMapper STRICT = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  static final long SEED = 0x5EED_E707EL;
  static final int CASES = 10_000;
  static final int POOL = 24;
  static final int THREADS = 4;
  /** Requests per client address: below the node's per-address burst, so none is rate-limited. */
  static final int PER_ADDRESS = 150;

  @TempDir static Path dir;

  /** A pool envelope: its text, tree, meaning and the receipt it got. */
  record Original(String text, JsonNode tree, Meaning meaning, JsonNode receipt) {}

  /** What a submission means to the node: canonical ballot, token (signing input and signature bytes), signature bytes. */
  record Meaning(String ballot, String tokenSigningInput, String tokenSignature, String signature) {}

  /** One mutated submission and its answer. */
  record Outcome(int index, String op, String change, boolean sameMeaning, int status, String reason, String body) {}

  @Test
  @DisplayName("10,000 random mutations of valid envelopes: none is accepted unless it means the same envelope, none gets a 5xx")
  void mutations() throws Exception {
    TestElection e = new TestElection();
    // each pool voter's envelope is mutated about 400 times: the per-voter limit is off here
    // (RateLimitTest covers it); the per-address limit stays on, below its burst per address
    try (TestCluster c = new TestCluster(dir, 1, e, NodeConfig.DEFAULT_ADDRESS_RATE_LIMIT, 0)) {
      assertThat(c.postAsOfficial(0, "/api/elections", e.definition(), e).status()).isEqualTo(201);
      assertThat(c.postAsOfficial(0, "/api/elections/" + e.id + "/open", "", e).status()).isEqualTo(200);
      String path = "/api/elections/" + e.id + "/ballots";

      List<Original> pool = new ArrayList<>();
      for (int i = 0; i < POOL; i++) {
        EncryptedBallot b = e.ballot("pool-" + i, i, BallotState.CAST);
        String text = e.envelope(b, e.voter("voter-" + i)).toString();
        TestCluster.Response r = c.post(0, path, text, null);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        pool.add(new Original(text, JSON.readTree(text), meaning(e.codec, text.getBytes(StandardCharsets.UTF_8)), JSON.readTree(r.body())));
      }
      assertThat(pool).allMatch(o -> o.meaning() != null);
      ClusterState before = ClusterState.of(c);

      SSLContext ssl = c.sslContext();
      URI uri = URI.create(c.url(0, path));
      Outcome[] outcomes = new Outcome[CASES];
      ExecutorService threads = Executors.newFixedThreadPool(THREADS);
      long t0 = System.nanoTime();
      try {
        for (int chunk = 0; chunk * PER_ADDRESS < CASES; chunk++) {
          InetAddress from = InetAddress.getByName("127.0.2." + (chunk + 1));
          try (HttpClient client = HttpClient.newBuilder().sslContext(ssl).localAddress(from)
              .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build()) {
            List<Callable<Outcome>> tasks = new ArrayList<>();
            for (int i = chunk * PER_ADDRESS; i < Math.min(CASES, (chunk + 1) * PER_ADDRESS); i++) {
              int index = i;
              tasks.add(() -> submit(client, uri, e.codec, pool, index));
            }
            for (Future<Outcome> f : threads.invokeAll(tasks)) {
              Outcome o = f.get();
              outcomes[o.index()] = o;
            }
          }
        }
      } finally {
        threads.shutdown();
        threads.awaitTermination(30, TimeUnit.SECONDS);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;

      List<String> failures = new ArrayList<>();
      for (Outcome o : outcomes) {
        String where = "case " + o.index() + " (" + o.op() + ", " + o.change() + "): " + o.status() + " " + o.body();
        if (o.status() >= 500 || o.status() < 200) {
          failures.add("server error, " + where);
        } else if (o.sameMeaning()) {
          JsonNode receipt = pool.get(poolIndex(o.index())).receipt();
          if (o.status() != 200 || !receipt.equals(parse(o.body()))) {
            failures.add("a retry of the same envelope did not get its receipt, " + where);
          }
        } else if (o.status() < 400) {
          failures.add("accepted, " + where);
        } else if (o.status() == 429) {
          failures.add("rate-limited, " + where);
        } else if (o.reason() == null || o.reason().isBlank() || o.reason().equals("internal") || o.reason().equals("bad_request")) {
          failures.add("no precise reason, " + where);
        }
      }
      report(outcomes, seconds);
      assertThat(failures.size())
          .as("%d failures, the first ones:%n%s", failures.size(), String.join("\n", failures.subList(0, Math.min(20, failures.size()))))
          .isZero();

      assertThat(ClusterState.of(c)).isEqualTo(before);
      TestCluster.Response h = c.get(0, "/health");
      assertThat(h.status()).as(h.body()).isEqualTo(200);
      assertThat(JSON.readTree(h.body()).get("ok").asBoolean()).isTrue();
    }
  }

  static int poolIndex(int caseIndex) {
    return new Random(SEED + caseIndex * 0x9E3779B97F4A7C15L).nextInt(POOL);
  }

  static Outcome submit(HttpClient client, URI uri, RecordCodec codec, List<Original> pool, int index) throws Exception {
    Random r = new Random(SEED + index * 0x9E3779B97F4A7C15L);
    int k = r.nextInt(POOL);
    int other = (k + 1 + r.nextInt(POOL - 1)) % POOL;
    Original o = pool.get(k);
    Mutator.Mutation m = new Mutator(r).mutate(o.text(), o.tree(), pool.get(other).tree());
    boolean same = o.meaning().equals(meaning(codec, m.body()));
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(m.body())).build();
    HttpResponse<String> resp = client.send(req, HttpResponse.BodyHandlers.ofString());
    JsonNode body = parse(resp.body());
    String reason = body != null && body.hasNonNull("error") ? body.get("error").asText() : null;
    return new Outcome(index, m.op(), change(o.text().getBytes(StandardCharsets.UTF_8), m.body()), same, resp.statusCode(), reason, resp.body());
  }

  /** Where a mutated body differs from the original: offset, the old and the new bytes (clipped). */
  static String change(byte[] before, byte[] after) {
    int p = 0;
    while (p < before.length && p < after.length && before[p] == after[p]) {
      p++;
    }
    int s = 0;
    while (s < before.length - p && s < after.length - p && before[before.length - 1 - s] == after[after.length - 1 - s]) {
      s++;
    }
    return "at " + p + ": '" + clip(new String(before, p, before.length - p - s, StandardCharsets.UTF_8))
        + "' -> '" + clip(new String(after, p, after.length - p - s, StandardCharsets.UTF_8)) + "'";
  }

  static String clip(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  static JsonNode parse(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * What the node reads from a body, decoded as the node decodes it (strict JSON, egk-ec ballot,
   * JWS parts, base64url signature); null when it cannot be read. The ballot is compared in its
   * canonical encoding, and a JWS signature after decoding, as the node verifies that.
   */
  static Meaning meaning(RecordCodec codec, byte[] body) {
    try {
      JsonNode env = STRICT.readTree(body);
      if (env == null || !env.isObject() || !env.path("ballot").isObject() || !env.path("token").isTextual()
          || !env.path("signature").isTextual()) {
        return null;
      }
      Parsed<EncryptedBallot> b = codec.parseEncryptedBallot(JSON.writeValueAsBytes(env.get("ballot")), "mutated");
      if (!b.isOk()) {
        return null;
      }
      String[] jws = env.get("token").asText().split("\\.", -1);
      if (jws.length != 3) {
        return null;
      }
      byte[] sig = Base64.getUrlDecoder().decode(env.get("signature").asText());
      HexFormat hex = HexFormat.of();
      return new Meaning(hex.formatHex(codec.writeEncryptedBallot(b.value())), jws[0] + "." + jws[1],
          hex.formatHex(new Base64URL(jws[2]).decode()), hex.formatHex(sig));
    } catch (Exception e) {
      return null;
    }
  }

  static void report(Outcome[] outcomes, double seconds) {
    Map<String, Long> byAnswer = Arrays.stream(outcomes)
        .collect(Collectors.groupingBy(o -> o.status() + " " + (o.reason() == null ? "(receipt)" : o.reason()), TreeMap::new, Collectors.counting()));
    Map<String, Long> byOp = Arrays.stream(outcomes)
        .collect(Collectors.groupingBy(o -> o.op() + (o.sameMeaning() ? " (same meaning)" : ""), TreeMap::new, Collectors.counting()));
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("envelope mutations: %d cases in %.1f s (%.0f/s)%n", outcomes.length, seconds, outcomes.length / seconds));
    sb.append("answers:\n");
    byAnswer.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(en -> sb.append(String.format("  %6d  %s%n", en.getValue(), en.getKey())));
    sb.append("mutations:\n");
    byOp.forEach((k, v) -> sb.append(String.format("  %6d  %s%n", v, k)));
    sb.append("examples of character edits that kept the meaning (retries that got their receipt):\n");
    Arrays.stream(outcomes).filter(o -> o.sameMeaning() && !o.op().contains("whitespace") && !o.op().contains("reorder")
            && !o.op().contains("its value"))
        .collect(Collectors.groupingBy(Outcome::op, TreeMap::new, Collectors.toList()))
        .forEach((op, list) -> list.stream().limit(3).forEach(o -> sb.append("  ").append(op).append(", ").append(o.change()).append('\n')));
    System.out.print(sb);
  }

  /** Random mutations of an envelope's text or JSON tree. */
  static final class Mutator {
    record Mutation(String op, byte[] body) {}

    /** A node in the tree with where it sits, so that it can be replaced or removed. */
    record Slot(JsonNode parent, String field, int index, JsonNode value, String pointer) {
      void set(JsonNode v) {
        if (parent instanceof ObjectNode o) {
          o.set(field, v);
        } else {
          ((ArrayNode) parent).set(index, v);
        }
      }

      void remove() {
        if (parent instanceof ObjectNode o) {
          o.remove(field);
        } else {
          ((ArrayNode) parent).remove(index);
        }
      }
    }

    static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    static final String B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    static final String WEIRD = "\u0000\u001f\"\\/é€\ud83d\ude00\ud800 \t.=-_+{}[]:,";

    final Random r;

    Mutator(Random r) {
      this.r = r;
    }

    Mutation mutate(String text, JsonNode original, JsonNode other) throws Exception {
      JsonNode tree = original.deepCopy();
      List<Slot> slots = new ArrayList<>();
      collect(tree, "", slots);
      return switch (r.nextInt(16)) {
        case 0 -> {
          byte[] b = text.getBytes(StandardCharsets.UTF_8);
          b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
          yield new Mutation("flip a bit", b);
        }
        case 1 -> text("replace a character", edit(text, 1));
        case 2 -> text("delete a character", edit(text, 2));
        case 3 -> text("insert a character", edit(text, 3));
        case 4 -> text("truncate", text.substring(0, r.nextInt(text.length())));
        case 5 -> text("add whitespace between tokens", whitespace(text));
        case 6 -> {
          List<Slot> members = slots.stream().filter(s -> s.parent() instanceof ObjectNode).toList();
          members.get(r.nextInt(members.size())).remove();
          yield tree("delete a field", tree);
        }
        case 7 -> duplicate(tree, slots, other);
        case 8 -> {
          List<Slot> b64 = slots.stream().filter(s -> s.value().isTextual() && s.value().asText().matches("[A-Za-z0-9+/=_-]{16,}")).toList();
          Slot s = b64.get(r.nextInt(b64.size()));
          String old = s.value().asText();
          boolean url = old.contains("-") || old.contains("_") || (!old.contains("+") && !old.contains("/") && !old.endsWith("="));
          int bytes = r.nextBoolean() ? old.replace("=", "").length() * 3 / 4 : r.nextInt(70);
          byte[] random = new byte[bytes];
          r.nextBytes(random);
          String v = url ? Base64.getUrlEncoder().withoutPadding().encodeToString(random) : Base64.getEncoder().encodeToString(random);
          s.set(JsonNodeFactory.instance.textNode(v));
          yield tree("replace a base64 value with random base64", tree);
        }
        case 9 -> {
          List<Slot> numbers = slots.stream().filter(s -> s.value().isNumber()).toList();
          Slot s = numbers.get(r.nextInt(numbers.size()));
          long v = s.value().asLong();
          JsonNode[] choices = {
              JsonNodeFactory.instance.numberNode(v + 1), JsonNodeFactory.instance.numberNode(v - 1),
              JsonNodeFactory.instance.numberNode(0), JsonNodeFactory.instance.numberNode(-1),
              JsonNodeFactory.instance.numberNode(Integer.MAX_VALUE + 1L), JsonNodeFactory.instance.numberNode(Long.MIN_VALUE),
              JsonNodeFactory.instance.numberNode(new java.math.BigInteger("1" + "0".repeat(40))),
              JsonNodeFactory.instance.numberNode(v + 0.5), JsonNodeFactory.instance.numberNode(1e300),
              JsonNodeFactory.instance.textNode(Long.toString(v))};
          s.set(choices[r.nextInt(choices.length)]);
          yield tree("change a number", tree);
        }
        case 10 -> {
          List<Slot> leaves = slots.stream().filter(s -> s.value().isValueNode()).toList();
          Slot x = leaves.get(r.nextInt(leaves.size()));
          Slot y = leaves.get(r.nextInt(leaves.size()));
          JsonNode xv = x.value();
          x.set(y.value());
          y.set(xv);
          yield tree("swap two values", tree);
        }
        case 11 -> {
          Slot s = slots.get(r.nextInt(slots.size()));
          JsonNode there = other.at(JsonPointer.compile(s.pointer()));
          if (there.isMissingNode()) {
            s.set(other.get("ballot").deepCopy());
          } else {
            s.set(there.deepCopy());
          }
          yield tree("splice in a part of another envelope", tree);
        }
        case 12 -> {
          JsonNode[] choices = {
              JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.booleanNode(true),
              JsonNodeFactory.instance.numberNode(0), JsonNodeFactory.instance.textNode(""),
              JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.objectNode(),
              JsonNodeFactory.instance.textNode("x")};
          slots.get(r.nextInt(slots.size())).set(choices[r.nextInt(choices.length)]);
          yield tree("replace a value with one of another type", tree);
        }
        case 13 -> {
          List<Slot> objects = new ArrayList<>(slots.stream().filter(s -> s.value().isObject()).toList());
          ObjectNode target = objects.isEmpty() || r.nextInt(4) == 0 ? (ObjectNode) tree : (ObjectNode) objects.get(r.nextInt(objects.size())).value();
          List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(target.properties());
          Collections.shuffle(fields, r);
          target.removeAll();
          fields.forEach(f -> target.set(f.getKey(), f.getValue()));
          yield tree("reorder the fields of an object", tree);
        }
        case 14 -> {
          Slot s = stringSlot(slots);
          char[] cs = s.value().asText().toCharArray();
          if (cs.length > 0) {
            int at = r.nextInt(cs.length);
            cs[at] = Character.isUpperCase(cs[at]) ? Character.toLowerCase(cs[at]) : Character.toUpperCase(cs[at]);
          }
          s.set(JsonNodeFactory.instance.textNode(new String(cs)));
          yield tree("flip the case of a letter in a string", tree);
        }
        default -> {
          Slot s = stringSlot(slots);
          s.set(JsonNodeFactory.instance.textNode(edit(s.value().asText(), 1 + r.nextInt(3), WEIRD)));
          yield tree("edit a string with an unusual character", tree);
        }
      };
    }

    Slot stringSlot(List<Slot> slots) {
      List<Slot> strings = slots.stream().filter(s -> s.value().isTextual()).toList();
      return strings.get(r.nextInt(strings.size()));
    }

    static Mutation text(String op, String s) {
      return new Mutation(op, s.getBytes(StandardCharsets.UTF_8));
    }

    static Mutation tree(String op, JsonNode tree) {
      return new Mutation(op, tree.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void collect(JsonNode n, String pointer, List<Slot> out) {
      if (n instanceof ObjectNode o) {
        for (Map.Entry<String, JsonNode> f : o.properties()) {
          String p = pointer + "/" + f.getKey().replace("~", "~0").replace("/", "~1");
          out.add(new Slot(o, f.getKey(), -1, f.getValue(), p));
          collect(f.getValue(), p, out);
        }
      } else if (n instanceof ArrayNode a) {
        for (int i = 0; i < a.size(); i++) {
          out.add(new Slot(a, null, i, a.get(i), pointer + "/" + i));
          collect(a.get(i), pointer + "/" + i, out);
        }
      }
    }

    String edit(String s, int kind) {
      StringBuilder chars = new StringBuilder();
      for (char ch = 0x20; ch < 0x7f; ch++) {
        chars.append(ch);
      }
      return edit(s, kind, chars.toString());
    }

    /** kind 1 replaces, 2 deletes, 3 inserts one character. */
    String edit(String s, int kind, String alphabet) {
      StringBuilder sb = new StringBuilder(s);
      char c = alphabet.charAt(r.nextInt(alphabet.length()));
      if (kind == 3 || sb.isEmpty()) {
        sb.insert(r.nextInt(sb.length() + 1), c);
      } else if (kind == 2) {
        sb.deleteCharAt(r.nextInt(sb.length()));
      } else {
        sb.setCharAt(r.nextInt(sb.length()), c);
      }
      return sb.toString();
    }

    /** Inserts whitespace after a structural character outside strings: the same JSON. */
    String whitespace(String s) {
      List<Integer> at = new ArrayList<>();
      boolean inString = false;
      for (int i = 0; i < s.length(); i++) {
        char ch = s.charAt(i);
        if (inString) {
          if (ch == '\\') {
            i++;
          } else if (ch == '"') {
            inString = false;
          }
        } else if (ch == '"') {
          inString = true;
        } else if ("{}[],:".indexOf(ch) >= 0) {
          at.add(i + 1);
        }
      }
      int pos = at.get(r.nextInt(at.size()));
      String ws = List.of(" ", "\n", "\t", "\r\n", "   ").get(r.nextInt(5));
      return s.substring(0, pos) + ws + s.substring(pos);
    }

    /** Writes the tree with one object's member repeated: with the same value, or another one. */
    Mutation duplicate(JsonNode tree, List<Slot> slots, JsonNode other) {
      List<Slot> members = slots.stream().filter(s -> s.parent() instanceof ObjectNode).toList();
      Slot s = members.get(r.nextInt(members.size()));
      boolean sameValue = r.nextBoolean();
      JsonNode value = sameValue ? s.value() : slots.get(r.nextInt(slots.size())).value();
      StringBuilder sb = new StringBuilder();
      write(sb, tree, (ObjectNode) s.parent(), s.field(), value);
      return text(sameValue ? "repeat a field with its value" : "repeat a field with another value", sb.toString());
    }

    static void write(StringBuilder sb, JsonNode n, ObjectNode target, String name, JsonNode extra) {
      if (n instanceof ObjectNode o) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> f : o.properties()) {
          if (!first) {
            sb.append(',');
          }
          first = false;
          sb.append(JsonNodeFactory.instance.textNode(f.getKey())).append(':');
          write(sb, f.getValue(), target, name, extra);
        }
        if (o == target) {
          sb.append(first ? "" : ",").append(JsonNodeFactory.instance.textNode(name)).append(':').append(extra);
        }
        sb.append('}');
      } else if (n instanceof ArrayNode a) {
        sb.append('[');
        for (int i = 0; i < a.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          write(sb, a.get(i), target, name, extra);
        }
        sb.append(']');
      } else {
        sb.append(n);
      }
    }
  }
}

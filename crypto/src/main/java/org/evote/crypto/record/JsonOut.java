package org.evote.crypto.record;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.HashedCiphertext;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.ChaumPedersenProof;
import org.evote.crypto.proof.RangeProof;

/**
 * The writing frame of the record files: pretty-printed UTF-8 JSON with kotlinx's formatting, as
 * egk-ec writes it. A document with group elements is written in two passes: the first collects
 * the elements so that they are encoded together (P-256 normalises them with one inversion), the
 * second writes them.
 */
final class JsonOut {
  private static final JsonFactory FACTORY = StrictJson.mapper().getFactory();

  /** What a document, an object or an array element writes. */
  @FunctionalInterface
  interface Body {
    void write() throws IOException;
  }

  /** What each item of a list writes. */
  @FunctionalInterface
  interface Each<T> {
    void write(T item) throws IOException;
  }

  private final JsonGenerator g;
  private final Group group;
  /** The encoded elements, by identity; null in the collecting pass. */
  private final Map<Element, byte[]> encoded;
  /** The elements met in the collecting pass; null in the writing pass. */
  private final List<Element> collected;

  private JsonOut(OutputStream out, Group group, Map<Element, byte[]> encoded, List<Element> collected)
      throws IOException {
    this.g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
    this.g.setPrettyPrinter(new KotlinxPrettyPrinter());
    this.group = group;
    this.encoded = encoded;
    this.collected = collected;
  }

  /** A document of a record without group elements: {@code body} writes the root object's members. */
  static byte[] document(Writer body) {
    return document(null, body);
  }

  /** A document of {@code group}'s elements: {@code body} writes the root object's members. */
  static byte[] document(Group group, Writer body) {
    try {
      Map<Element, byte[]> enc = Map.of();
      if (group != null) {
        List<Element> all = new ArrayList<>();
        JsonOut collect = new JsonOut(OutputStream.nullOutputStream(), group, null, all);
        collect.run(body);
        enc = encodeAll(group, all);
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
      new JsonOut(bytes, group, enc, null).run(body);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What writes a document's members. */
  @FunctionalInterface
  interface Writer {
    void write(JsonOut out) throws IOException;
  }

  private void run(Writer body) throws IOException {
    try (g) {
      g.writeStartObject();
      body.write(this);
      g.writeEndObject();
    }
  }

  private static Map<Element, byte[]> encodeAll(Group group, List<Element> elements) {
    List<byte[]> bytes = group.encodeAll(elements);
    Map<Element, byte[]> map = new IdentityHashMap<>(elements.size() * 2);
    for (int i = 0; i < elements.size(); i++) {
      map.put(elements.get(i), bytes.get(i));
    }
    return map;
  }

  private static String base64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  void string(String name, String value) throws IOException {
    g.writeStringField(name, value);
  }

  /** A string member, omitted when null (kotlinx {@code explicitNulls = false}). */
  void optString(String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  void number(String name, long value) throws IOException {
    g.writeNumberField(name, value);
  }

  void bool(String name, boolean value) throws IOException {
    g.writeBooleanField(name, value);
  }

  void uint256(String name, UInt256 u) throws IOException {
    g.writeStringField(name, u.toBase64());
  }

  /** An array member of 32-byte values in base64. */
  void uint256s(String name, List<UInt256> values) throws IOException {
    values(name, values, u -> g.writeString(u.toBase64()));
  }

  /** A member object whose members {@code body} writes. */
  void object(String name, Body body) throws IOException {
    g.writeObjectFieldStart(name);
    body.write();
    g.writeEndObject();
  }

  /** An array member of objects, one per item, whose members {@code each} writes. */
  <T> void objects(String name, List<T> items, Each<T> each) throws IOException {
    values(name, items, item -> {
      g.writeStartObject();
      each.write(item);
      g.writeEndObject();
    });
  }

  /** An array member of plain values, one per item, which {@code each} writes. */
  <T> void values(String name, List<T> items, Each<T> each) throws IOException {
    g.writeArrayFieldStart(name);
    for (T item : items) {
      each.write(item);
    }
    g.writeEndArray();
  }

  void strings(String name, List<String> values) throws IOException {
    values(name, values, g::writeString);
  }

  /** A JSON number as an array value. */
  void value(long v) throws IOException {
    g.writeNumber(v);
  }

  /** A scalar in base64 as an array value, {@code name} naming it if it is of another group. */
  void value(String name, Scalar s) throws IOException {
    g.writeString(base64(group.check(name, s).encode()));
  }

  /** A group element in base64, encoded in the batch of its document. */
  void element(String name, Element e) throws IOException {
    group.check(name, e);
    if (collected != null) {
      collected.add(e);
      g.writeStringField(name, "");
      return;
    }
    byte[] b = encoded.get(e);
    g.writeStringField(name, base64(b != null ? b : group.encode(e)));
  }

  void scalar(String name, Scalar s) throws IOException {
    g.writeStringField(name, base64(group.check(name, s).encode()));
  }

  /** {@code {"pad": α, "data": β}}. */
  void ciphertext(String name, Ciphertext c) throws IOException {
    object(name, () -> {
      element("pad", c.pad());
      element("data", c.data());
    });
  }

  /** {@code {"challenge": c, "response": v}}. */
  void chaumPedersen(String name, ChaumPedersenProof p) throws IOException {
    object(name, () -> challengeResponse(p));
  }

  private void challengeResponse(ChaumPedersenProof p) throws IOException {
    scalar("challenge", p.challenge());
    scalar("response", p.response());
  }

  /** {@code {"proofs": [{"challenge", "response"}, ...]}}. */
  void rangeProof(String name, RangeProof p) throws IOException {
    object(name, () -> objects("proofs", p.proofs(), this::challengeResponse));
  }

  /** egk-ec's hashed ciphertext {@code {"c0", "c1", "c2", "numBytes"}}. */
  void hashedCiphertext(String name, HashedCiphertext h) throws IOException {
    object(name, () -> {
      element("c0", h.c0());
      string("c1", h.c1().toBase64());
      uint256("c2", h.c2());
      number("numBytes", h.numBytes());
    });
  }

  /** Metadata sorted by key (the model's maps have no order); omitted when empty, as kotlinx omits defaults. */
  void metadata(Map<String, String> metadata) throws IOException {
    if (metadata.isEmpty()) {
      return;
    }
    object("metadata", () -> {
      for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
    });
  }
}

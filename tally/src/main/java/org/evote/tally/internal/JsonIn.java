package org.evote.tally.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.HashedCiphertext;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.InvalidElementException;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.RecordProblem;
import org.evote.crypto.record.StrictJson;

/**
 * A value of an untrusted JSON document with its JSON path. Every accessor checks the JSON type
 * and throws {@link Bad} naming the path; {@link #parse} turns that into {@link Parsed#invalid}.
 * Group elements and scalars are decoded through the group's validating factories.
 */
public final class JsonIn {
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private static final JsonMapper MAPPER = StrictJson.mapper();

  /** A problem at a JSON path; caught by {@link #parse}. */
  public static final class Bad extends RuntimeException {
    private final String path;

    Bad(String path, String message) {
      super(message, null, false, false);
      this.path = path;
    }

    public String path() {
      return path;
    }
  }

  private final JsonNode node;
  private final String path;

  private JsonIn(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /**
   * Parses a document whose root must be an object and converts it with {@code body}. Malformed
   * JSON, a {@link Bad} value, or a model constructor's IllegalArgumentException come back as a
   * problem of {@code source}; nothing is thrown for bad input.
   */
  public static <T> Parsed<T> parse(byte[] json, String source, Function<JsonIn, T> body) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JacksonException e) {
      return Parsed.invalid(new RecordProblem(source, "$", "invalid JSON: " + e.getOriginalMessage()));
    } catch (IOException e) {
      return Parsed.invalid(new RecordProblem(source, "$", "cannot be read: " + e.getMessage()));
    }
    if (tree == null || tree.isMissingNode()) {
      return Parsed.invalid(new RecordProblem(source, "$", "invalid JSON: the document is empty"));
    }
    try {
      JsonIn root = new JsonIn(tree, "$");
      root.expectObject();
      return Parsed.ok(body.apply(root));
    } catch (Bad b) {
      return Parsed.invalid(new RecordProblem(source, b.path, b.getMessage()));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Parsed.invalid(new RecordProblem(source, "$", "cannot be read: " + e.getMessage()));
    }
  }

  public String path() {
    return path;
  }

  /** A problem at this value. */
  public Bad bad(String message) {
    return new Bad(path, message);
  }

  private static String fieldPath(String parent, String name) {
    return PLAIN_NAME.matcher(name).matches() ? parent + "." + name : parent + "['" + printable(name) + "']";
  }

  private static String describe(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    if (n.isNull()) {
      return "null";
    }
    if (n.isObject()) {
      return "an object";
    }
    if (n.isArray()) {
      return "an array";
    }
    if (n.isTextual()) {
      return "a string";
    }
    if (n.isBoolean()) {
      return "a boolean";
    }
    return "the number " + n.asText();
  }

  private void expectObject() {
    if (!node.isObject()) {
      throw bad("expected an object, got " + describe(node));
    }
  }

  /** A required member: present and not null. */
  public JsonIn field(String name) {
    expectObject();
    JsonNode child = node.get(name);
    String childPath = fieldPath(path, name);
    if (child == null) {
      throw new Bad(childPath, "required field is missing");
    }
    if (child.isNull()) {
      throw new Bad(childPath, "required field is null");
    }
    return new JsonIn(child, childPath);
  }

  /** An optional member: null when absent or JSON null. */
  public JsonIn optField(String name) {
    expectObject();
    JsonNode child = node.get(name);
    return child == null || child.isNull() ? null : new JsonIn(child, fieldPath(path, name));
  }

  public String string() {
    if (!node.isTextual()) {
      throw bad("expected a string, got " + describe(node));
    }
    return node.textValue();
  }

  /** A string that must equal {@code expected}. */
  public void expect(String expected) {
    String s = string();
    if (!s.equals(expected)) {
      throw bad("expected \"" + expected + "\", got \"" + printable(s) + "\"");
    }
  }

  public boolean bool() {
    if (!node.isBoolean()) {
      throw bad("expected a boolean, got " + describe(node));
    }
    return node.booleanValue();
  }

  /** A JSON integer in [min, max]. */
  public int intIn(int min, int max) {
    if (!node.isIntegralNumber()) {
      throw bad("expected an integer, got " + describe(node));
    }
    BigInteger v = node.bigIntegerValue();
    if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
      throw bad("expected an integer from " + min + " to " + max + ", got " + v);
    }
    return v.intValue();
  }

  /** An array, each element converted by {@code f}. */
  public <T> List<T> list(Function<JsonIn, T> f) {
    if (!node.isArray()) {
      throw bad("expected an array, got " + describe(node));
    }
    List<T> out = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      out.add(f.apply(new JsonIn(node.get(i), path + "[" + i + "]")));
    }
    return out;
  }

  public List<String> stringList() {
    return list(JsonIn::string);
  }

  /** An object's members converted by {@code f}, in document order. */
  public <T> Map<String, T> map(Function<JsonIn, T> f) {
    expectObject();
    Map<String, T> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      out.put(e.getKey(), f.apply(new JsonIn(e.getValue(), fieldPath(path, e.getKey()))));
    }
    return out;
  }

  /** Standard base64. */
  public byte[] base64() {
    String s = string();
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw bad("invalid base64: " + e.getMessage());
    }
  }

  /** Base64 of exactly {@code length} bytes. */
  public byte[] base64(int length) {
    byte[] b = base64();
    if (b.length != length) {
      throw bad("expected " + length + " bytes, got " + b.length);
    }
    return b;
  }

  public UInt256 uint256() {
    return UInt256.of(base64(UInt256.LENGTH));
  }

  /** A group element, validated (never the identity). */
  public Element element(Group group) {
    try {
      return group.decodeElement(base64());
    } catch (InvalidElementException e) {
      throw bad(e.getMessage());
    }
  }

  /** A group element that may be the identity. */
  public Element elementOrIdentity(Group group) {
    try {
      return group.decodeElementOrIdentity(base64());
    } catch (InvalidElementException e) {
      throw bad(e.getMessage());
    }
  }

  /** A scalar in [0, q). */
  public Scalar scalar(Group group) {
    try {
      return group.decodeScalar(base64());
    } catch (InvalidElementException e) {
      throw bad(e.getMessage());
    }
  }

  /** {@code {"pad": α, "data": β}}, each possibly the identity when {@code identityAllowed}. */
  public Ciphertext ciphertext(Group group, boolean identityAllowed) {
    JsonIn pad = field("pad");
    JsonIn data = field("data");
    return identityAllowed
        ? new Ciphertext(pad.elementOrIdentity(group), data.elementOrIdentity(group))
        : new Ciphertext(pad.element(group), data.element(group));
  }

  /** egk-ec's hashed ciphertext {@code {"c0", "c1", "c2", "numBytes"}}. */
  public HashedCiphertext hashedCiphertext(Group group) {
    Element c0 = field("c0").element(group);
    ByteString c1 = ByteString.of(field("c1").base64());
    UInt256 c2 = field("c2").uint256();
    int numBytes = field("numBytes").intIn(0, Integer.MAX_VALUE);
    return new HashedCiphertext(c0, c1, c2, numBytes);
  }

  public static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7f || Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return s.length() > 80 ? sb + "..." : sb.toString();
  }
}

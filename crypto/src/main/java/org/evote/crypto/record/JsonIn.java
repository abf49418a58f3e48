package org.evote.crypto.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.evote.crypto.hash.UInt256;

/**
 * A JSON value of an untrusted document together with its JSON path. Every accessor checks the
 * JSON type and throws {@link Bad}, naming the path, when the value is not what the schema says.
 */
final class JsonIn {
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A problem at a JSON path; cheap to throw, caught by the codec and turned into Parsed.invalid. */
  static final class Bad extends RuntimeException {
    final String path;

    Bad(String path, String message) {
      super(message, null, false, false);
      this.path = path;
    }
  }

  private final JsonNode node;
  private final String path;

  JsonIn(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** The root of a document. */
  static JsonIn root(JsonNode node) {
    return new JsonIn(node, "$");
  }

  String path() {
    return path;
  }

  JsonNode node() {
    return node;
  }

  /** A problem at this value. */
  Bad bad(String message) {
    return new Bad(path, message);
  }

  /** The path of a member {@code name} of an object at {@code parent}. */
  static String fieldPath(String parent, String name) {
    if (PLAIN_NAME.matcher(name).matches()) {
      return parent + "." + name;
    }
    StringBuilder sb = new StringBuilder(parent).append("['");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\'' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append("']").toString();
  }

  static String describe(JsonNode n) {
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
    if (n.isIntegralNumber()) {
      return "the integer " + n.asText();
    }
    if (n.isNumber()) {
      return "the number " + n.asText();
    }
    return "a " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private void expectObject() {
    if (!node.isObject()) {
      throw bad("expected an object, got " + describe(node));
    }
  }

  /** A required member: present and not null. */
  JsonIn field(String name) {
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

  /** An optional member: null when absent or JSON null (kotlinx {@code explicitNulls = false}). */
  JsonIn optField(String name) {
    expectObject();
    JsonNode child = node.get(name);
    if (child == null || child.isNull()) {
      return null;
    }
    return new JsonIn(child, fieldPath(path, name));
  }

  String string() {
    if (!node.isTextual()) {
      throw bad("expected a string, got " + describe(node));
    }
    return node.textValue();
  }

  boolean bool() {
    if (!node.isBoolean()) {
      throw bad("expected a boolean, got " + describe(node));
    }
    return node.booleanValue();
  }

  /** A JSON integer in [min, Integer.MAX_VALUE]. */
  int intAtLeast(int min) {
    if (!node.isIntegralNumber()) {
      throw bad("expected an integer, got " + describe(node));
    }
    BigInteger v = node.bigIntegerValue();
    if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
      throw bad("expected an integer from " + min + " to " + Integer.MAX_VALUE + ", got " + v);
    }
    return v.intValue();
  }

  int nonNegativeInt() {
    return intAtLeast(0);
  }

  long nonNegativeLong() {
    if (!node.isIntegralNumber()) {
      throw bad("expected an integer, got " + describe(node));
    }
    BigInteger v = node.bigIntegerValue();
    if (v.signum() < 0 || v.bitLength() > 63) {
      throw bad("expected an integer from 0 to " + Long.MAX_VALUE + ", got " + v);
    }
    return v.longValue();
  }

  /** A JSON integer in [-128, 127], as kotlinx writes a byte of a ByteArray. */
  byte signedByte() {
    if (!node.isIntegralNumber()) {
      throw bad("expected a byte value (an integer from -128 to 127), got " + describe(node));
    }
    BigInteger v = node.bigIntegerValue();
    if (v.compareTo(BigInteger.valueOf(-128)) < 0 || v.compareTo(BigInteger.valueOf(127)) > 0) {
      throw bad("expected a byte value (an integer from -128 to 127), got " + v);
    }
    return v.byteValue();
  }

  /** An array, each element converted by {@code f} (which sees the element's path). */
  <T> List<T> list(Function<JsonIn, T> f) {
    if (!node.isArray()) {
      throw bad("expected an array, got " + describe(node));
    }
    List<T> out = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      out.add(f.apply(new JsonIn(node.get(i), path + "[" + i + "]")));
    }
    return out;
  }

  /** An array of strings. */
  List<String> stringList() {
    return list(JsonIn::string);
  }

  /** A JSON object whose values are strings, in document order. */
  Map<String, String> stringMap() {
    expectObject();
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      out.put(e.getKey(), new JsonIn(e.getValue(), fieldPath(path, e.getKey())).string());
    }
    return Collections.unmodifiableMap(out);
  }

  /** The names of an object's members, in document order. */
  List<String> fieldNames() {
    expectObject();
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      out.add(e.getKey());
    }
    return out;
  }

  /** Standard base64 (RFC 4648 §4, padding optional as in java.util.Base64). */
  byte[] base64() {
    String s = string();
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw bad("invalid base64: " + e.getMessage());
    }
  }

  /** Hexadecimal digits of either case, an even number of them. */
  byte[] hex() {
    String s = string();
    if ((s.length() & 1) != 0) {
      throw bad("invalid hex: an odd number of digits (" + s.length() + ")");
    }
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < s.length(); i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0 || s.charAt(i) > 'f') {
        throw bad("invalid hex: character '" + printable(s.charAt(i)) + "' at index " + i);
      }
      out[i / 2] = (byte) ((out[i / 2] << 4) | d);
    }
    return out;
  }

  /** A 32-byte value in base64. */
  UInt256 uint256() {
    byte[] b = base64();
    if (b.length != UInt256.LENGTH) {
      throw bad("a UInt256 is 32 bytes, got " + b.length);
    }
    return UInt256.of(b);
  }

  static String printable(char c) {
    return c < 0x20 || c == 0x7f || Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}

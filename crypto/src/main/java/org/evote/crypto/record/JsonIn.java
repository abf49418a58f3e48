package org.evote.crypto.record;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.HashedCiphertext;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.group.InvalidElementException;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.ChaumPedersenProof;
import org.evote.crypto.proof.RangeProof;

/**
 * The reading frame of every JSON format: a value of an untrusted document together with its JSON
 * path. {@link #parse} reads a document with {@link StrictJson}'s configuration; every accessor
 * checks the JSON type and throws {@link Bad}, naming the path, when the value is not what the
 * schema says, and {@link #parse} turns that into {@link Parsed#invalid}. Group elements and
 * scalars are decoded through the group's validating factories.
 */
public final class JsonIn {
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private static final JsonMapper MAPPER = StrictJson.mapper();

  /** A problem at a JSON path; cheap to throw, caught by {@link #parse}. */
  public static final class Bad extends RuntimeException {
    private final String path;

    Bad(String path, String message) {
      super(message, null, false, false);
      this.path = path;
    }

    /** The JSON path of the value at fault. */
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
   * JSON, a {@link Bad} value, or an IllegalArgumentException of a model constructor (a value the
   * checks let through) come back as a problem of {@code source}; nothing is thrown for bad input.
   * Any other exception of {@code body} is a programming error and propagates.
   *
   * @param source the name of the document in problems; "(bytes)" when null
   */
  public static <T> Parsed<T> parse(byte[] json, String source, Function<JsonIn, T> body) {
    Objects.requireNonNull(json, "json");
    String src = source == null ? "(bytes)" : source;
    return readTree(json, src).flatMap(tree -> parse(tree, src, body));
  }

  /**
   * The tree of a document, or why it cannot be read: malformed JSON (with where) or an I/O
   * failure, as a problem of {@code src}. An empty document reads as a missing node.
   */
  static Parsed<JsonNode> readTree(byte[] json, String src) {
    try {
      JsonNode tree = MAPPER.readTree(json);
      return Parsed.ok(tree == null ? MissingNode.getInstance() : tree);
    } catch (JacksonException e) {
      return Parsed.invalid(new RecordProblem(src, syntaxPath(e), syntaxMessage(e)));
    } catch (IOException e) {
      return Parsed.invalid(new RecordProblem(src, "$", "cannot be read: " + e.getMessage()));
    }
  }

  /**
   * {@link #parse(byte[], String, Function)} of a document already parsed, such as a member of
   * another document that its own format's reader reads.
   */
  public static <T> Parsed<T> parse(JsonNode tree, String source, Function<JsonIn, T> body) {
    String src = source == null ? "(bytes)" : source;
    if (tree == null || tree.isMissingNode()) {
      return Parsed.invalid(new RecordProblem(src, "$", "invalid JSON: the document is empty"));
    }
    try {
      JsonIn root = new JsonIn(tree, "$");
      root.expectObject();
      return Parsed.ok(body.apply(root));
    } catch (Bad b) {
      return Parsed.invalid(new RecordProblem(src, b.path, b.getMessage()));
    } catch (IllegalArgumentException e) {
      // A model constructor rejected a value that the checks above let through.
      return Parsed.invalid(new RecordProblem(src, "$", "cannot be read: " + e.getMessage()));
    }
  }

  /**
   * The path of the innermost object or array in which the syntax error struck. (The name of the
   * field being read is not reliable at that moment: the streaming parser reads a name together
   * with the start of its value.) The message adds the line and column.
   */
  private static String syntaxPath(JacksonException e) {
    if (!(e.getProcessor() instanceof JsonParser p)) {
      return "$";
    }
    Deque<String> parts = new ArrayDeque<>();
    JsonStreamContext innermost = p.getParsingContext();
    for (JsonStreamContext c = innermost; c != null && !c.inRoot(); c = c.getParent()) {
      if (c == innermost) {
        continue;
      }
      if (c.inArray()) {
        parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.inObject() && c.getCurrentName() != null) {
        parts.push(fieldPath("", c.getCurrentName()));
      }
    }
    return "$" + String.join("", parts);
  }

  private static String syntaxMessage(JacksonException e) {
    String m = e.getOriginalMessage();
    JsonLocation loc = e.getLocation();
    String where = loc == null || loc.getLineNr() < 1
        ? ""
        : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    return "invalid JSON: " + m + where;
  }

  /** The JSON path of this value. */
  public String path() {
    return path;
  }

  JsonNode node() {
    return node;
  }

  /** A problem at this value. */
  public Bad bad(String message) {
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

  void expectObject() {
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

  /** An optional member: null when absent or JSON null (kotlinx {@code explicitNulls = false}). */
  public JsonIn optField(String name) {
    expectObject();
    JsonNode child = node.get(name);
    if (child == null || child.isNull()) {
      return null;
    }
    return new JsonIn(child, fieldPath(path, name));
  }

  public String string() {
    if (!node.isTextual()) {
      throw bad("expected a string, got " + describe(node));
    }
    return node.textValue();
  }

  /** A string that names a standard group ({@link Groups#byName}); an unknown name is bad here. */
  public Group groupName() {
    String name = string();
    try {
      return Groups.byName(name);
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
  }

  /** A string that must equal {@code expected}. */
  public void expect(String expected) {
    String s = string();
    if (!s.equals(expected)) {
      throw bad("expected \"" + expected + "\", got \"" + clip(s) + "\"");
    }
  }

  /** An optional string member: null when absent or JSON null. */
  public String optString(String name) {
    JsonIn v = optField(name);
    return v == null ? null : v.string();
  }

  public boolean bool() {
    if (!node.isBoolean()) {
      throw bad("expected a boolean, got " + describe(node));
    }
    return node.booleanValue();
  }

  /** A JSON integer in [min, Integer.MAX_VALUE]. */
  public int intAtLeast(int min) {
    return intIn(min, Integer.MAX_VALUE);
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

  public int nonNegativeInt() {
    return intAtLeast(0);
  }

  public long nonNegativeLong() {
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
  public byte signedByte() {
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

  /** An array of strings. */
  public List<String> stringList() {
    return list(JsonIn::string);
  }

  /** A JSON object whose values are strings, in document order. */
  public Map<String, String> stringMap() {
    expectObject();
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      out.put(e.getKey(), new JsonIn(e.getValue(), fieldPath(path, e.getKey())).string());
    }
    return Collections.unmodifiableMap(out);
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

  /** egk-ec's optional {@code metadata}: a string map, empty when absent. */
  public Map<String, String> metadata() {
    JsonIn m = optField("metadata");
    return m == null ? Map.of() : m.stringMap();
  }

  /** The constant of {@code type} this string names; {@code expected} lists them in the message. */
  public <E extends Enum<E>> E enumValue(Class<E> type, String what, String expected) {
    String s = string();
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(s)) {
        return e;
      }
    }
    throw bad("unknown " + what + " \"" + clip(s) + "\"; expected " + expected);
  }

  /** Refuses any member other than {@code names}: for evote's own formats, which have no unknown fields. */
  public void onlyFields(String... names) {
    List<String> known = List.of(names);
    for (String name : fieldNames()) {
      if (!known.contains(name)) {
        throw new Bad(fieldPath(path, name), "unknown field");
      }
    }
  }

  /** The names of an object's members, in document order. */
  public List<String> fieldNames() {
    expectObject();
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      out.add(e.getKey());
    }
    return out;
  }

  /** Standard base64 (RFC 4648 §4, padding optional as in java.util.Base64). */
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

  /** Hexadecimal digits of either case, an even number of them. */
  public byte[] hex() {
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
  public UInt256 uint256() {
    byte[] b = base64();
    if (b.length != UInt256.LENGTH) {
      throw bad("a UInt256 is 32 bytes, got " + b.length);
    }
    return UInt256.of(b);
  }

  /** A validating factory of a group. */
  @FunctionalInterface
  private interface Decoder<T> {
    T decode(byte[] encoded) throws InvalidElementException;
  }

  private <T> T decoded(Decoder<T> decoder) {
    byte[] b = base64();
    try {
      return decoder.decode(b);
    } catch (InvalidElementException e) {
      throw bad(e.getMessage());
    }
  }

  /** A group element in base64, validated (never the identity). */
  public Element element(Group group) {
    return decoded(group::decodeElement);
  }

  /** A group element in base64 that may be the identity. */
  public Element elementOrIdentity(Group group) {
    return decoded(group::decodeElementOrIdentity);
  }

  /** A scalar in [0, q), in base64. */
  public Scalar scalar(Group group) {
    return decoded(group::decodeScalar);
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
    int numBytes = field("numBytes").nonNegativeInt();
    return new HashedCiphertext(c0, c1, c2, numBytes);
  }

  /** {@code {"challenge": c, "response": v}}. */
  public ChaumPedersenProof chaumPedersen(Group group) {
    return new ChaumPedersenProof(field("challenge").scalar(group), field("response").scalar(group));
  }

  /** {@code {"proofs": [{"challenge", "response"}, ...]}}, at least one pair. */
  public RangeProof rangeProof(Group group) {
    JsonIn proofs = field("proofs");
    List<ChaumPedersenProof> list = proofs.list(p -> p.chaumPedersen(group));
    if (list.isEmpty()) {
      throw proofs.bad("a range proof needs at least one (challenge, response) pair");
    }
    return new RangeProof(list);
  }

  /** At most 64 characters of {@code s}, control characters escaped, for a problem message. */
  public static String clip(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < 64; i++) {
      sb.append(printable(s.charAt(i)));
    }
    return s.length() > 64 ? sb + "..." : sb.toString();
  }

  static String printable(char c) {
    return c < 0x20 || c == 0x7f || Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}

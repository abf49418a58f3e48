package org.evote.tally.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.HashedCiphertext;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.UInt256;

/** Small helpers to write JSON documents with the encodings {@link org.evote.crypto.record.JsonIn} reads. */
public final class JsonOut {
  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private JsonOut() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /** Pretty-printed UTF-8 with a final newline. */
  public static byte[] bytes(ObjectNode node) {
    try {
      byte[] b = MAPPER.writeValueAsBytes(node);
      byte[] out = java.util.Arrays.copyOf(b, b.length + 1);
      out[b.length] = '\n';
      return out;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String base64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  public static String element(Element e) {
    return base64(e.encode());
  }

  public static String scalar(Scalar s) {
    return base64(s.encode());
  }

  public static String uint256(UInt256 u) {
    return u.toBase64();
  }

  public static ObjectNode ciphertext(Ciphertext c) {
    ObjectNode o = object();
    o.put("pad", element(c.pad()));
    o.put("data", element(c.data()));
    return o;
  }

  public static ObjectNode hashedCiphertext(HashedCiphertext h) {
    ObjectNode o = object();
    o.put("c0", element(h.c0()));
    o.put("c1", h.c1().toBase64());
    o.put("c2", h.c2().toBase64());
    o.put("numBytes", h.numBytes());
    return o;
  }
}

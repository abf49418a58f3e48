package org.evote.crypto.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** The layout of the {@code evote/} extension files: Jackson's indented JSON. */
final class ExtensionJson {
  private static final ObjectMapper INDENTED = StrictJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ExtensionJson() {}

  static ObjectNode object() {
    return INDENTED.createObjectNode();
  }

  static byte[] indented(ObjectNode o) {
    try {
      return INDENTED.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}

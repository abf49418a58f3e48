package org.evote.crypto.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code evote/nodes.json} (each node's receipt-signing key, by node id), {@code evote/idp.json}
 * (the identity provider's key as {@code {"public_key": ...}}) and {@code evote/officials.json}
 * (the key that signs officials' requests, in the same shape): base64 P-256 public keys, which
 * the reader checks only as strings; whether they are keys is the caller's check.
 */
public final class EvoteKeysJson {
  /** The node keys' file name in the {@code evote/} folder. */
  public static final String NODES_FILE = "nodes.json";

  /** The identity provider key's file name in the {@code evote/} folder. */
  public static final String IDP_FILE = "idp.json";

  /** The officials' key's file name in the {@code evote/} folder; read and written as {@link #parseIdp}, {@link #writeIdp}. */
  public static final String OFFICIALS_FILE = "officials.json";

  private EvoteKeysJson() {}

  /** The node keys by node id, in file order. */
  public static Parsed<Map<String, String>> parseNodes(byte[] json, String source) {
    return JsonIn.parse(json, source, JsonIn::stringMap);
  }

  /** The node keys sorted by node id. */
  public static byte[] writeNodes(Map<String, String> keys) {
    ObjectNode o = ExtensionJson.object();
    new TreeMap<>(keys).forEach(o::put);
    return ExtensionJson.indented(o);
  }

  /** The identity provider's key (or the officials' key: one shape). */
  public static Parsed<String> parseIdp(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> {
      in.onlyFields("public_key");
      return in.field("public_key").string();
    });
  }

  public static byte[] writeIdp(String publicKey) {
    return ExtensionJson.indented(ExtensionJson.object().put("public_key", publicKey));
  }
}

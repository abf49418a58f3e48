package org.evote.crypto.casting;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;

/** The bytes a node signs in a {@link LogHead}, signing and checking them. */
public final class LogHeads {
  private LogHeads() {}

  /** The signed bytes of a head; its signature is not among them. */
  public static byte[] signedBytes(LogHead h) {
    String s = String.join("\n",
        "evote-log-head-v1",
        h.nodeId(),
        Long.toString(h.position()),
        h.hash(),
        h.time());
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The head with the node's (deterministic, RFC 6979) signature over its {@link #signedBytes}. */
  public static LogHead sign(LogHead h, PrivateKey key) {
    String signature = Base64.getUrlEncoder().withoutPadding().encodeToString(EcKeys.sign(key, signedBytes(h)));
    return new LogHead(h.nodeId(), h.position(), h.hash(), h.time(), signature);
  }

  /** Whether the head's signature verifies with the node's key. */
  public static boolean verify(LogHead h, PublicKey key) {
    byte[] sig;
    try {
      sig = Base64.getUrlDecoder().decode(h.signature());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return EcKeys.verify(key, signedBytes(h), sig);
  }
}

package org.evote.ballotserver.office;

/** A refusal of an official's command, with the message the official sees. */
final class OfficeException extends Exception {
  /** Exit code of bad input: an option or a file. */
  static final int BAD_INPUT = 2;
  /** Exit code of a refusal: by a node, by every node, or by a check. */
  static final int REFUSED = 1;

  private final int exitCode;

  /** Bad input (exit code 2). */
  OfficeException(String message) {
    this(message, BAD_INPUT);
  }

  OfficeException(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }

  /** The "message" of a node's error JSON, or the body itself (clipped) when it has none. */
  static String message(String body) {
    try {
      var n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
      if (n != null && n.has("message")) {
        return n.get("message").asText() + (n.has("error") ? " (" + n.get("error").asText() + ")" : "");
      }
    } catch (java.io.IOException e) {
      // not JSON: shown as it is
    }
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }
}

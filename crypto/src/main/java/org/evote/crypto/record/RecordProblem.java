package org.evote.crypto.record;

import org.evote.crypto.util.Require;


/**
 * What is wrong with one election-record file, and where.
 *
 * @param source the file name, or a name the caller gave for bytes not read from a file
 * @param jsonPath where in the JSON document the problem is, such as {@code
 *     $.contests[2].selections[0].encrypted_vote.pad}; {@code $} for the whole document
 * @param message what is wrong, in words
 */
public record RecordProblem(String source, String jsonPath, String message) {
  public RecordProblem {
    Require.nonNull("source", source, "jsonPath", jsonPath, "message", message);
  }

  /** {@code source: path: message}. */
  @Override
  public String toString() {
    return source + ": " + jsonPath + ": " + message;
  }
}

package org.evote.crypto.election;

import org.evote.crypto.util.Require;


/**
 * One failed check on untrusted data.
 *
 * @param check the check's name, with the spec's verification number where there is one (such
 *     as "5" or "7.B")
 * @param location where it failed, such as "ballot id-1 contest contest2 selection selection4"
 * @param reason why
 */
public record Finding(String check, String location, String reason) {
  public Finding {
    Require.nonNull("check", check, "location", location, "reason", reason);
  }

  @Override
  public String toString() {
    return "[" + check + "] " + location + ": " + reason;
  }
}

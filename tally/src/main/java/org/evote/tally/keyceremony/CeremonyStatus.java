package org.evote.tally.keyceremony;

import java.util.List;

/**
 * What the coordinator sees of a key ceremony: one line per fact, and the reasons it cannot
 * finish yet (empty when it can).
 *
 * @param lines the progress of each guardian, for officials
 * @param complaints every complaint published, with its resolution so far
 * @param blocking why the ceremony cannot finish; empty when it can
 */
public record CeremonyStatus(List<String> lines, List<String> complaints, List<String> blocking) {
  public CeremonyStatus {
    lines = List.copyOf(lines);
    complaints = List.copyOf(complaints);
    blocking = List.copyOf(blocking);
  }

  public boolean complete() {
    return blocking.isEmpty();
  }
}

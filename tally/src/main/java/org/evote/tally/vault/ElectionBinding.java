package org.evote.tally.vault;

import java.util.Objects;
import org.evote.crypto.hash.UInt256;

/**
 * The election a guardian's state file belongs to: its key ceremony's id and H_B. Both are bound
 * into the file's authenticated data.
 *
 * @param ceremonyId the ceremony id, or null when only H_B is known (an egk-ec record)
 * @param electionBaseHash H_B
 */
public record ElectionBinding(String ceremonyId, UInt256 electionBaseHash) {
  public ElectionBinding {
    Objects.requireNonNull(electionBaseHash, "electionBaseHash");
  }

  @Override
  public String toString() {
    return (ceremonyId == null ? "" : "ceremony " + ceremonyId + ", ") + "H_B " + electionBaseHash;
  }
}

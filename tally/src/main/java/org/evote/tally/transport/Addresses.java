package org.evote.tally.transport;

import java.util.Optional;
import org.evote.crypto.record.ElectionRecordFiles;

/** Checks transport addresses: relative, '/'-separated, each name file-name safe. */
final class Addresses {
  private Addresses() {}

  static String check(String address) {
    if (address == null) {
      throw new NullPointerException("address is null");
    }
    if (address.isEmpty()) {
      throw new IllegalArgumentException("an address cannot be empty");
    }
    for (String part : address.split("/", -1)) {
      Optional<String> p = ElectionRecordFiles.fileNameProblem(part);
      if (p.isPresent() || part.contains(" ")) {
        throw new IllegalArgumentException(
            "address \"" + address + "\" has a bad name \"" + part + "\": " + p.orElse("contains a space"));
      }
    }
    return address;
  }
}

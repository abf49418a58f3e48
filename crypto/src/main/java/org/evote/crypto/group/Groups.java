package org.evote.crypto.group;

import java.util.List;
import org.evote.crypto.group.internal.IntegerGroup;
import org.evote.crypto.group.internal.P256Group;

/** The standard groups, by name. */
public final class Groups {
  private Groups() {}

  /** P-256, the default: fast, with 33-byte compressed points as egk-ec encodes them. */
  public static Group p256() {
    return P256Group.instance();
  }

  /** Integer4096, the standard group of ElectionGuard 2.0 §3.1.1. */
  public static Group integer4096() {
    return IntegerGroup.INTEGER4096;
  }

  /** The names {@link #byName} accepts. */
  public static List<String> names() {
    return List.of(P256Group.NAME, IntegerGroup.INTEGER4096_NAME);
  }

  /**
   * The group a record names. egk-ec writes "Integer4096 (low memory use)" and similar variants
   * for the integer group, so any name that starts with "Integer4096" selects it.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static Group byName(String name) {
    if (P256Group.NAME.equals(name)) {
      return p256();
    }
    if (name != null && name.startsWith(IntegerGroup.INTEGER4096_NAME)) {
      return integer4096();
    }
    throw new IllegalArgumentException(
        "unknown group '" + name + "'; known groups are " + names());
  }
}

package org.evote.crypto.group;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.evote.crypto.util.Require;

/**
 * The contents of {@code constants.json}: the group's name, kind, the protocol version hashed
 * into H_P, and its named constants in record order.
 *
 * @param name the group name, such as {@code "P-256"}
 * @param kind integer or elliptic curve
 * @param protocolVersion the version string hashed into H_P ("v2.0.0", or egk-ec's "v2.1.0" for
 *     curves)
 * @param constants the named constants, in the order egk-ec writes them
 */
public record GroupConstants(
    String name, GroupKind kind, String protocolVersion, Map<String, BigInteger> constants) {

  public GroupConstants {
    Require.nonNull("name", name, "kind", kind, "protocolVersion", protocolVersion);
    constants = Collections.unmodifiableMap(new LinkedHashMap<>(constants));
  }

  /** The named constant, or IllegalArgumentException naming it when absent. */
  public BigInteger get(String key) {
    BigInteger v = constants.get(key);
    if (v == null) {
      throw new IllegalArgumentException("constant '" + key + "' is missing from group " + name);
    }
    return v;
  }
}

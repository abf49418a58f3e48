package org.evote.crypto.record;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.GroupConstants;
import org.evote.crypto.group.GroupKind;
import org.evote.crypto.group.Groups;

/** {@code constants.json}: the group's name, type, protocol version and constants. */
final class ConstantsJson {
  private ConstantsJson() {}

  /**
   * The group must be one {@link Groups#byName} knows (else a problem at {@code $.name}), the type
   * must be its kind, and the file's values of the group's constants must equal the group's; the
   * constants are kept in file order.
   */
  static Parsed<GroupConstants> parse(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> {
      JsonIn nameIn = in.field("name");
      String name = nameIn.string();
      JsonIn typeIn = in.field("type");
      GroupKind kind = typeIn.enumValue(GroupKind.class, "group type", "EllipticCurve or IntegerGroup");
      String protocolVersion = in.field("protocolVersion").string();
      JsonIn constantsIn = in.field("constants");
      Map<String, BigInteger> constants = new LinkedHashMap<>();
      for (String key : constantsIn.fieldNames()) {
        constants.put(key, hexInteger(constantsIn.field(key)));
      }
      Group g;
      try {
        g = Groups.byName(name);
      } catch (IllegalArgumentException e) {
        throw nameIn.bad("unknown group \"" + JsonIn.clip(name) + "\"; known groups are " + Groups.names());
      }
      if (g.kind() != kind) {
        throw typeIn.bad("group " + g.name() + " is of type " + g.kind() + ", not " + kind);
      }
      for (Map.Entry<String, BigInteger> e : g.constants().constants().entrySet()) {
        BigInteger v = constants.get(e.getKey());
        String path = JsonIn.fieldPath(constantsIn.path(), e.getKey());
        if (v == null) {
          throw new JsonIn.Bad(path, "constant of " + g.name() + " is missing");
        }
        if (!v.equals(e.getValue())) {
          throw new JsonIn.Bad(path, "does not equal the constant '" + e.getKey() + "' of " + g.name());
        }
      }
      return new GroupConstants(name, kind, protocolVersion, constants);
    });
  }

  private static BigInteger hexInteger(JsonIn v) {
    String hex = v.string();
    if (hex.isEmpty() || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      throw v.bad("expected a non-negative integer in hexadecimal, got \"" + JsonIn.clip(hex) + "\"");
    }
    return new BigInteger(hex, 16);
  }

  /** Name, type, protocolVersion, then the constants in lower-case hex, in order. */
  static byte[] write(GroupConstants constants) {
    return JsonOut.document(out -> {
      out.string("name", constants.name());
      out.string("type", constants.kind().name());
      out.string("protocolVersion", constants.protocolVersion());
      out.object("constants", () -> {
        for (Map.Entry<String, BigInteger> e : constants.constants().entrySet()) {
          out.string(e.getKey(), e.getValue().toString(16));
        }
      });
    });
  }
}

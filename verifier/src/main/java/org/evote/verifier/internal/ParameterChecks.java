package org.evote.verifier.internal;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.election.ElectionHashes;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.election.ManifestValidation;
import org.evote.crypto.group.GroupConstants;
import org.evote.crypto.group.GroupKind;
import org.evote.crypto.hash.UInt256;

/**
 * Verification 1 (Parameter validation), ElectionGuard 2.0 §6.2.1, and the manifest's own rules.
 *
 * <p>Each stored hash is recomputed from the stored values it depends on: 1.F H_P from the
 * standard group's constants and version, 1.G H_M = H(H_P; 0x01, manifest) over the exact bytes
 * of manifest.json with the record's H_P, 1.H H_B = H(H_P; 0x02, H_M, n, k) with the record's
 * H_P and H_M. Together they hold exactly when the whole chain recomputes, and a wrong value fails
 * only the sub-check that holds it.
 */
final class ParameterChecks {
  private ParameterChecks() {}

  /** The spec's sub-check for each constant (1.B p, 1.C q, 1.D r, 1.E g; egk-ec's mapping for curves). */
  private static final Map<String, String> SUB_CHECK = Map.of(
      "largePrime", "1.B", "smallPrime", "1.C", "cofactor", "1.D", "generator", "1.E",
      "primeModulus", "1.B", "order", "1.C", "a", "1.D", "b", "1.D", "h", "1.D",
      "g.x", "1.E");

  static void run(Check check, RawConstants raw, Manifest manifest, ElectionConfig config) {
    GroupConstants standard = raw.group().constants();
    String name = raw.group().name();
    long order = 0;
    int subChecks = 0;

    // 1.A: the version the record was made for is the one we verify.
    subChecks++;
    if (!standard.protocolVersion().equals(raw.protocolVersion())) {
      check.fail(order++, "constants.json $.protocolVersion",
          "1.A: the record's protocol version is " + quote(raw.protocolVersion()) + "; this verifier checks "
              + name + " records of version " + standard.protocolVersion());
    }
    subChecks++;
    if (!standard.kind().name().equals(raw.type())) {
      check.fail(order++, "constants.json $.type",
          "the group type is " + quote(raw.type()) + ", but " + name + " is of type " + standard.kind().name());
    }

    // 1.B to 1.E: the constants are exactly the standard group's.
    for (Map.Entry<String, BigInteger> e : standard.constants().entrySet()) {
      subChecks++;
      String key = e.getKey();
      String sub = SUB_CHECK.getOrDefault(key, key.startsWith("g.") ? "1.E" : "1.B-E");
      String where = "constants.json $.constants." + key;
      Optional<BigInteger> stated = raw.constants().get(key);
      if (stated == null) {
        check.fail(order++, where, sub + ": the constant is missing (" + name + " has " + describe(key, standard.kind()) + ")");
      } else if (stated.isEmpty()) {
        check.fail(order++, where, sub + ": the value is not a hexadecimal integer");
      } else if (!stated.get().equals(e.getValue())) {
        check.fail(order++, where, sub + ": the value is not the standard " + describe(key, standard.kind())
            + " of " + name + " (ElectionGuard 2.0 §3.1.1)");
      }
    }

    // 1.F to 1.H: the base hashes.
    UInt256 hp = ElectionHashes.parameterBaseHash(standard);
    subChecks++;
    if (!hp.equals(config.parameterBaseHash())) {
      check.fail(order++, "election_config.json $.parameter_base_hash",
          "1.F: H_P is not H(ver; 0x00, p, q, g) of the standard " + name + " parameters, version "
              + standard.protocolVersion() + " (eq. 4)");
    }
    subChecks++;
    UInt256 hm = ElectionHashes.manifestHash(config.parameterBaseHash(), manifest.bytes());
    if (!hm.equals(config.manifestHash())) {
      check.fail(order++, "election_config.json $.manifest_hash",
          "1.G: H_M is not H(H_P; 0x01, manifest) over the " + manifest.bytes().length
              + " bytes of manifest.json (eq. 6): the manifest or its hash was changed");
    }
    subChecks++;
    UInt256 hb = ElectionHashes.electionBaseHash(
        config.parameterBaseHash(), config.manifestHash(), config.numberOfGuardians(), config.quorum());
    if (!hb.equals(config.electionBaseHash())) {
      check.fail(order++, "election_config.json $.election_base_hash",
          "1.H: H_B is not H(H_P; 0x02, H_M, n, k) with n = " + config.numberOfGuardians() + ", k = "
              + config.quorum() + " (eq. 7)");
    }
    subChecks++;
    if (config.quorum() > config.numberOfGuardians()) {
      check.fail(order++, "election_config.json $.quorum",
          "the quorum k = " + config.quorum() + " exceeds the number of guardians n = " + config.numberOfGuardians());
    }

    // The manifest's own rules (egk-ec's input validation, Manifest.A to C).
    List<String> problems = ManifestValidation.validate(manifest);
    subChecks++;
    for (String p : problems) {
      check.fail(order++, "manifest.json", p);
    }
    check.checked(subChecks);
    int options = manifest.contests().stream().mapToInt(c -> c.selections().size()).sum();
    check.detail(name + " " + standard.protocolVersion() + " standard constants; H_P, H_M, H_B recomputed;"
        + " manifest valid: " + manifest.contests().size() + " contests, " + options + " options, "
        + manifest.ballotStyles().size() + " ballot styles");
  }

  private static String describe(String key, GroupKind kind) {
    return switch (key) {
      case "largePrime" -> "large prime p";
      case "smallPrime" -> "small prime q";
      case "cofactor" -> "cofactor r";
      case "generator" -> "generator g";
      case "primeModulus" -> "field prime p";
      case "order" -> "group order n";
      case "a", "b" -> "curve coefficient " + key;
      case "g.x", "g.y" -> "generator coordinate " + key;
      case "h" -> "cofactor h";
      default -> (kind == GroupKind.EllipticCurve ? "curve constant " : "constant ") + key;
    };
  }

  private static String quote(String s) {
    return s == null ? "missing" : "\"" + RawConstants.clip(s) + "\"";
  }
}

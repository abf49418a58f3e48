package org.evote.crypto.election;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The encrypting devices of an election whose confirmation codes are chained (ElectionGuard 2.0
 * §3.4.3), as evote names them. A device is one voting session of one voter's client (the
 * command line's run, the page's load): its chain holds the ballots that session submitted, in
 * order, challenged ones included (docs/PROTOCOL.md, "Chained confirmation codes").
 *
 * <p>A device's name is {@code <label>-<voter tag>-<session>}: the client's label (A-Z a-z 0-9 . _ -,
 * at most 32 characters), the voter tag (the first 16 bytes of SHA-256("evote-chain-device-v1" ∥
 * 0x00 ∥ UTF-8(voter id)), in lower-case hex) and 8 random bytes of the session in lower-case hex.
 * The tag binds the device to one voter, so that a node can refuse a ballot that puts itself into
 * another voter's chain; the session part keeps two sessions of one voter apart. The name is the
 * device's folder in the record and, the configured B_aux,0 being empty, its B_aux,0 (egk-ec's
 * convention, {@link ConfirmationCodes#deviceBaux0}).
 */
public final class ChainDevices {
  private ChainDevices() {}

  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]{1,32}");
  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9._-]{1,32})-([0-9a-f]{32})-([0-9a-f]{16})");
  private static final byte[] TAG_PREFIX = "evote-chain-device-v1\0".getBytes(StandardCharsets.US_ASCII);

  /** The bytes of the session part of a device name. */
  public static final int SESSION_BYTES = 8;

  /** The voter tag of a device name: 16 bytes of SHA-256("evote-chain-device-v1" ∥ 0x00 ∥ voter), hex. */
  public static String voterTag(String voter) {
    Objects.requireNonNull(voter, "voter");
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(TAG_PREFIX);
      return HexFormat.of().formatHex(sha.digest(voter.getBytes(StandardCharsets.UTF_8)), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * A device's name.
   *
   * @param label the client's label: 1 to 32 of A-Z a-z 0-9 . _ -
   * @param voter the voter's id (the token's subject)
   * @param session {@value #SESSION_BYTES} random bytes of this session
   */
  public static String name(String label, String voter, byte[] session) {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(session, "session");
    if (!LABEL.matcher(label).matches()) {
      throw new IllegalArgumentException("a device label is 1 to 32 of A-Z a-z 0-9 . _ -, not \"" + label + "\"");
    }
    if (session.length != SESSION_BYTES) {
      throw new IllegalArgumentException("a device session is " + SESSION_BYTES + " bytes, not " + session.length);
    }
    return label + "-" + voterTag(voter) + "-" + HexFormat.of().formatHex(session);
  }

  /** Whether a device name has the form of {@link #name}, whoever's it is. */
  public static boolean isWellFormed(String device) {
    return NAME.matcher(device).matches();
  }

  /**
   * Why a device name may not carry this voter's chained ballots, or null when it may: it must
   * have the form of {@link #name} with this voter's tag.
   */
  public static String problem(String device, String voter) {
    Objects.requireNonNull(device, "device");
    var m = NAME.matcher(device);
    if (!m.matches()) {
      return "a chained ballot's encrypting_device must be <label>-<voter tag>-<session> (docs/PROTOCOL.md), not \""
          + (device.length() <= 80 ? device : device.substring(0, 80) + "...") + "\"";
    }
    if (!m.group(2).equals(voterTag(voter))) {
      return "the encrypting device " + device + " belongs to another voter: its voter tag is not this voter's";
    }
    return null;
  }
}

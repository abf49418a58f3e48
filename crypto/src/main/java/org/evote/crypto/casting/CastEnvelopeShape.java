package org.evote.crypto.casting;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.group.Group;

/**
 * The shape a cast envelope ({@link CastEnvelope}) may have, checked on its JSON tree before any
 * group element in it is decoded: only the fields the envelope and egk-ec's encrypted ballot
 * define, no more contests than the voter's ballot style has, no more selections than its
 * contests have, no more range-proof pairs than their limits allow, and no string longer than
 * the longest legal value of its field. What it lets through can still be invalid (a missing
 * field, a bad point, a wrong proof); the codec and the validator find that. What it refuses
 * could never have been a legal ballot of this election, and costs the server only the JSON
 * parse.
 *
 * <p>{@link #maxEnvelopeBytes()} is the request body limit that follows from the same bounds.
 */
public final class CastEnvelopeShape {
  /** Longest identity token, in characters. */
  public static final int MAX_TOKEN = 8192;
  /** Longest voter signature (base64url), in characters. */
  public static final int MAX_SIGNATURE = 256;
  /** Longest ballot id, device or state, in characters. */
  public static final int MAX_TEXT = 256;
  /** Longest code_baux, in hex digits. */
  public static final int MAX_CODE_BAUX_HEX = 1024;

  /** Why an envelope was refused: a machine-readable reason and a message naming the JSON path. */
  public record Problem(String reason, String message) {
    public Problem {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  /** The reason of an unknown field. */
  public static final String UNKNOWN_FIELD = "unknown_field";
  /** The reason of a ballot whose counts or lengths no legal ballot has. */
  public static final String BALLOT_SHAPE = "ballot_shape";

  private static final Set<String> ENVELOPE = Set.of("ballot", "token", "signature");
  private static final Set<String> BALLOT = Set.of("ballot_id", "ballot_style_id", "encrypting_device", "voting_device",
      "timestamp", "code_baux", "confirmation_code", "election_id", "contests", "state", "encrypted_sn", "is_preencrypt");
  private static final Set<String> CONTEST = Set.of("contest_id", "sequence_order", "contest_hash", "selections", "proof",
      "encrypted_contest_data", "pre_encryption");
  private static final Set<String> SELECTION = Set.of("selection_id", "sequence_order", "encrypted_vote", "proof");
  private static final Set<String> CIPHERTEXT = Set.of("pad", "data");
  private static final Set<String> RANGE_PROOF = Set.of("proofs");
  private static final Set<String> PAIR = Set.of("challenge", "response");
  private static final Set<String> HASHED = Set.of("c0", "c1", "c2", "numBytes");

  private final Manifest manifest;
  private final int elementChars;
  private final int scalarChars;
  private final int hashChars;
  private final int idChars;
  private final long maxEnvelopeBytes;

  /**
   * The shape of envelopes for one election.
   *
   * @param manifest the election's manifest: its styles, contests, selections and limits
   * @param group the election's group: the length of its encoded elements and scalars
   */
  public CastEnvelopeShape(Manifest manifest, Group group) {
    this.manifest = Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(group, "group");
    this.elementChars = room(group.elementByteLength());
    this.scalarChars = room(group.scalarByteLength());
    this.hashChars = room(32);
    int longest = 64;
    for (Manifest.BallotStyle s : manifest.ballotStyles()) {
      longest = Math.max(longest, s.styleId().length());
    }
    for (Manifest.Contest c : manifest.contests()) {
      longest = Math.max(longest, c.contestId().length());
      for (Manifest.Selection s : c.selections()) {
        longest = Math.max(longest, s.selectionId().length());
      }
    }
    this.idChars = longest;
    this.maxEnvelopeBytes = largestEnvelope();
  }

  /**
   * Room for a base64 value of {@code bytes} bytes: twice its canonical length and a little, so
   * that an encoding the codec refuses with a precise message (an uncompressed point, say) still
   * reaches it.
   */
  private static int room(int bytes) {
    return 2 * 4 * ((bytes + 2) / 3) + 4;
  }

  /**
   * The first field, at any depth of the envelope, that neither the envelope nor egk-ec's
   * encrypted ballot defines; empty when there is none. Values of an unexpected JSON type are
   * not descended into (the codec refuses them).
   */
  public static Optional<Problem> unknownField(JsonNode envelope) {
    Objects.requireNonNull(envelope, "envelope");
    return new FieldWalk().envelope(envelope);
  }

  /**
   * Why the envelope cannot be a legal ballot of {@code styleId}, judged by counts and lengths
   * alone; empty when it may be one. Call it after {@link #unknownField}.
   *
   * @param styleId the ballot style the voter's token grants
   */
  public Optional<Problem> problem(JsonNode envelope, String styleId) {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(styleId, "styleId");
    List<Manifest.Contest> contests = manifest.contestsForStyle(styleId).orElse(null);
    if (contests == null) {
      return shape("the token grants ballot style '" + clip(styleId) + "', which the election's manifest does not have");
    }
    try {
      new ShapeWalk(styleId, contests).envelope(envelope);
      return Optional.empty();
    } catch (Refused r) {
      return Optional.of(r.problem);
    }
  }

  /**
   * The largest request body a legal envelope of this election needs: the largest legal ballot
   * of any of its styles with every string at its longest allowed length, the token and the
   * signature, doubled for whitespace, and 16 KiB more.
   */
  public long maxEnvelopeBytes() {
    return maxEnvelopeBytes;
  }

  private long largestEnvelope() {
    final long f = 40; // one field's name, quotes, colon, comma and braces
    long largest = 0;
    for (Manifest.BallotStyle style : manifest.ballotStyles()) {
      long contests = 0;
      for (Manifest.Contest c : manifest.contestsForStyle(style.styleId()).orElse(List.of())) {
        long pairs = c.contestLimit() + 1L;
        long selection = 5 * f + idChars + 20 + 2 * f + 2L * elementChars + f
            + (c.optionLimit() + 1L) * (2 * f + 2L * scalarChars);
        long data = 4 * f + elementChars + room((1 + c.contestLimit()) * 32) + hashChars + 20;
        contests += 7 * f + idChars + 20 + hashChars + c.selections().size() * selection + f
            + pairs * (2 * f + 2L * scalarChars) + data;
      }
      long ballot = 12 * f + 3L * MAX_TEXT + idChars + 20 + MAX_CODE_BAUX_HEX + 2L * hashChars
          + 2 * f + 2L * elementChars + contests;
      largest = Math.max(largest, ballot);
    }
    long envelope = largest + 3 * f + MAX_TOKEN + MAX_SIGNATURE;
    return 2 * envelope + 16 * 1024;
  }

  private static Optional<Problem> shape(String message) {
    return Optional.of(new Problem(BALLOT_SHAPE, message));
  }

  /** A name from the request, shortened for a message. */
  private static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  private static String at(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  /** Finds fields the format does not define. */
  private static final class FieldWalk {
    Optional<Problem> envelope(JsonNode env) {
      Optional<Problem> p = only(env, "", ENVELOPE);
      JsonNode ballot = env.get("ballot");
      return p.isPresent() || ballot == null ? p : ballot(ballot);
    }

    private Optional<Problem> ballot(JsonNode b) {
      Optional<Problem> p = only(b, "ballot", BALLOT);
      if (p.isPresent()) {
        return p;
      }
      p = only(b.get("encrypted_sn"), "ballot.encrypted_sn", CIPHERTEXT);
      if (p.isPresent()) {
        return p;
      }
      JsonNode contests = b.get("contests");
      if (contests == null || !contests.isArray()) {
        return Optional.empty();
      }
      for (int i = 0; i < contests.size(); i++) {
        p = contest(contests.get(i), "ballot.contests[" + i + "]");
        if (p.isPresent()) {
          return p;
        }
      }
      return Optional.empty();
    }

    private Optional<Problem> contest(JsonNode c, String path) {
      Optional<Problem> p = only(c, path, CONTEST);
      if (p.isPresent()) {
        return p;
      }
      p = rangeProof(c.get("proof"), at(path, "proof"));
      if (p.isPresent()) {
        return p;
      }
      p = only(c.get("encrypted_contest_data"), at(path, "encrypted_contest_data"), HASHED);
      if (p.isPresent()) {
        return p;
      }
      JsonNode selections = c.get("selections");
      if (selections == null || !selections.isArray()) {
        return Optional.empty();
      }
      for (int i = 0; i < selections.size(); i++) {
        String sp = at(path, "selections[" + i + "]");
        JsonNode s = selections.get(i);
        p = only(s, sp, SELECTION);
        if (p.isEmpty() && s.isObject()) {
          p = only(s.get("encrypted_vote"), at(sp, "encrypted_vote"), CIPHERTEXT);
        }
        if (p.isEmpty() && s.isObject()) {
          p = rangeProof(s.get("proof"), at(sp, "proof"));
        }
        if (p.isPresent()) {
          return p;
        }
      }
      return Optional.empty();
    }

    private Optional<Problem> rangeProof(JsonNode proof, String path) {
      Optional<Problem> p = only(proof, path, RANGE_PROOF);
      JsonNode pairs = proof == null ? null : proof.get("proofs");
      if (p.isPresent() || pairs == null || !pairs.isArray()) {
        return p;
      }
      for (int i = 0; i < pairs.size(); i++) {
        p = only(pairs.get(i), at(path, "proofs[" + i + "]"), PAIR);
        if (p.isPresent()) {
          return p;
        }
      }
      return Optional.empty();
    }

    /** The first field of {@code node} outside {@code known}; nothing for a node that is not an object. */
    private static Optional<Problem> only(JsonNode node, String path, Set<String> known) {
      if (node == null || !node.isObject()) {
        return Optional.empty();
      }
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!known.contains(name)) {
          return Optional.of(new Problem(UNKNOWN_FIELD, "the envelope has a field its format does not define: "
              + at(path, clip(name)) + "; nothing was stored"));
        }
      }
      return Optional.empty();
    }
  }

  /** Thrown inside {@link ShapeWalk} with the first problem found. */
  private static final class Refused extends RuntimeException {
    final Problem problem;

    Refused(String message) {
      super(message, null, false, false);
      this.problem = new Problem(BALLOT_SHAPE, message);
    }
  }

  /** Checks counts and string lengths against one ballot style. */
  private final class ShapeWalk {
    private final String styleId;
    private final List<Manifest.Contest> contests;
    private final int maxSelections;
    private final int maxOptionLimit;

    ShapeWalk(String styleId, List<Manifest.Contest> contests) {
      this.styleId = styleId;
      this.contests = contests;
      int sel = 0;
      int opt = 0;
      for (Manifest.Contest c : contests) {
        sel = Math.max(sel, c.selections().size());
        opt = Math.max(opt, c.optionLimit());
      }
      this.maxSelections = sel;
      this.maxOptionLimit = opt;
    }

    void envelope(JsonNode env) {
      text(env, "", "token", MAX_TOKEN);
      text(env, "", "signature", MAX_SIGNATURE);
      JsonNode b = env.get("ballot");
      if (b == null || !b.isObject()) {
        return;
      }
      text(b, "ballot", "ballot_id", MAX_TEXT);
      text(b, "ballot", "ballot_style_id", idChars);
      text(b, "ballot", "encrypting_device", MAX_TEXT);
      text(b, "ballot", "voting_device", MAX_TEXT);
      text(b, "ballot", "code_baux", MAX_CODE_BAUX_HEX);
      text(b, "ballot", "confirmation_code", hashChars);
      text(b, "ballot", "election_id", hashChars);
      text(b, "ballot", "state", MAX_TEXT);
      ciphertext(b.get("encrypted_sn"), "ballot.encrypted_sn");
      JsonNode cs = b.get("contests");
      if (cs == null || !cs.isArray()) {
        return;
      }
      if (cs.size() > contests.size()) {
        throw new Refused("ballot.contests has " + cs.size() + " entries; ballot style '" + clip(styleId) + "' has "
            + contests.size() + " contest" + (contests.size() == 1 ? "" : "s"));
      }
      for (int i = 0; i < cs.size(); i++) {
        contest(cs.get(i), "ballot.contests[" + i + "]");
      }
    }

    private void contest(JsonNode c, String path) {
      if (!c.isObject()) {
        return;
      }
      text(c, path, "contest_id", idChars);
      text(c, path, "contest_hash", hashChars);
      Manifest.Contest mc = null;
      JsonNode id = c.get("contest_id");
      for (Manifest.Contest m : contests) {
        if (id != null && m.contestId().equals(id.asText())) {
          mc = m;
        }
      }
      JsonNode pre = c.get("pre_encryption");
      if (pre != null && !pre.isNull()) {
        throw new Refused(at(path, "pre_encryption") + " is present; pre-encrypted ballots are not supported");
      }
      int selections = mc == null ? maxSelections : mc.selections().size();
      int optionLimit = mc == null ? maxOptionLimit : mc.optionLimit();
      int contestLimit = mc == null ? Integer.MAX_VALUE : mc.contestLimit();
      if (mc != null) {
        rangeProof(c.get("proof"), at(path, "proof"), contestLimit);
      }
      JsonNode data = c.get("encrypted_contest_data");
      if (data != null && data.isObject()) {
        String dp = at(path, "encrypted_contest_data");
        text(data, dp, "c0", elementChars);
        text(data, dp, "c2", hashChars);
        if (mc != null) {
          text(data, dp, "c1", room((1 + contestLimit) * 32));
        }
      }
      if (mc == null) {
        // Not a contest of this style: the validator names it; here only its size is bounded.
        int largestLimit = 0;
        for (Manifest.Contest m : contests) {
          largestLimit = Math.max(largestLimit, m.contestLimit());
        }
        rangeProof(c.get("proof"), at(path, "proof"), largestLimit);
        if (data != null && data.isObject()) {
          text(data, at(path, "encrypted_contest_data"), "c1", room((1 + largestLimit) * 32));
        }
      }
      JsonNode ss = c.get("selections");
      if (ss == null || !ss.isArray()) {
        return;
      }
      if (ss.size() > selections) {
        throw new Refused(at(path, "selections") + " has " + ss.size() + " entries; "
            + (mc == null ? "no contest of ballot style '" + clip(styleId) + "' has more than " + selections
                : "contest '" + clip(mc.contestId()) + "' has " + selections) + " selection" + (selections == 1 ? "" : "s"));
      }
      for (int i = 0; i < ss.size(); i++) {
        JsonNode s = ss.get(i);
        String sp = at(path, "selections[" + i + "]");
        if (s.isObject()) {
          text(s, sp, "selection_id", idChars);
          ciphertext(s.get("encrypted_vote"), at(sp, "encrypted_vote"));
          rangeProof(s.get("proof"), at(sp, "proof"), optionLimit);
        }
      }
    }

    private void ciphertext(JsonNode ct, String path) {
      if (ct != null && ct.isObject()) {
        text(ct, path, "pad", elementChars);
        text(ct, path, "data", elementChars);
      }
    }

    /** A range proof for 0..limit has limit + 1 pairs. */
    private void rangeProof(JsonNode proof, String path, int limit) {
      JsonNode pairs = proof == null || !proof.isObject() ? null : proof.get("proofs");
      if (pairs == null || !pairs.isArray()) {
        return;
      }
      if (pairs.size() > limit + 1L) {
        throw new Refused(at(path, "proofs") + " has " + pairs.size() + " entries; a range proof for a limit of "
            + limit + " has " + (limit + 1));
      }
      for (int i = 0; i < pairs.size(); i++) {
        String pp = at(path, "proofs[" + i + "]");
        JsonNode pair = pairs.get(i);
        if (pair.isObject()) {
          text(pair, pp, "challenge", scalarChars);
          text(pair, pp, "response", scalarChars);
        }
      }
    }

    /** A string field no longer than {@code max} characters; a value of another type is left to the codec. */
    private void text(JsonNode parent, String path, String field, int max) {
      JsonNode v = parent.get(field);
      if (v != null && v.isTextual() && v.textValue().length() > max) {
        throw new Refused(at(path, field) + " is " + v.textValue().length() + " characters long; at most " + max
            + " are allowed");
      }
    }
  }
}

package org.evote.tally.aggregate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.RecordProblem;

/**
 * A streaming reader of an egk-ec {@code eballot-*.json} that takes only what aggregation needs:
 * the ballot's header (id, style, device, timestamp, confirmation code, election id, state) and
 * each selection's (α, β) as encoded bytes. Proofs and contest data are skipped without being
 * built, which makes it several times cheaper than a full parse. The element bytes are decoded
 * and validated by the aggregator, through the group's factory, only for ballots that count.
 *
 * <p>The JSON checks match {@link org.evote.crypto.record.RecordCodec#parseEncryptedBallot} for
 * the fields read: each must be present with the right JSON type; duplicate keys and trailing
 * content are refused. Thread-safe.
 */
final class BallotScanner {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private BallotScanner() {}

  record Selection(String selectionId, byte[] pad, byte[] data) {}

  record Contest(String contestId, List<Selection> selections) {}

  record Ballot(
      String ballotId, String styleId, String encryptingDevice, long timestamp, UInt256 confirmationCode,
      UInt256 electionId, BallotState state, List<Contest> contests) {}

  private static final class Bad extends RuntimeException {
    final String path;

    Bad(String path, String message) {
      super(message, null, false, false);
      this.path = path;
    }
  }

  static Parsed<Ballot> scan(byte[] json, String source) {
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Parsed.invalid(new RecordProblem(source, "$", "expected an object"));
      }
      Ballot b = ballot(p);
      if (p.nextToken() != null) {
        return Parsed.invalid(new RecordProblem(source, "$", "invalid JSON: trailing content after the document"));
      }
      return Parsed.ok(b);
    } catch (Bad e) {
      return Parsed.invalid(new RecordProblem(source, e.path, e.getMessage()));
    } catch (IOException e) {
      return Parsed.invalid(new RecordProblem(source, "$", "invalid JSON: " + e.getMessage()));
    }
  }

  private static Ballot ballot(JsonParser p) throws IOException {
    String id = null;
    String style = null;
    String device = null;
    String votingDevice = null;
    Long timestamp = null;
    UInt256 code = null;
    UInt256 election = null;
    BallotState state = null;
    List<Contest> contests = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      String path = "$." + name;
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (name) {
        case "ballot_id" -> id = string(p, t, path);
        case "ballot_style_id" -> style = string(p, t, path);
        case "encrypting_device" -> device = string(p, t, path);
        case "voting_device" -> votingDevice = string(p, t, path);
        case "timestamp" -> {
          if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
              || p.getLongValue() < 0) {
            throw new Bad(path, "expected an integer from 0 to " + Long.MAX_VALUE);
          }
          timestamp = p.getLongValue();
        }
        case "confirmation_code" -> code = uint256(p, t, path);
        case "election_id" -> election = uint256(p, t, path);
        case "state" -> {
          String s = string(p, t, path);
          try {
            state = BallotState.valueOf(s);
          } catch (IllegalArgumentException e) {
            throw new Bad(path, "unknown ballot state \"" + s + "\"; expected CAST, CHALLENGED or UNKNOWN");
          }
        }
        case "contests" -> contests = objects(p, t, path, BallotScanner::contest);
        default -> p.skipChildren();
      }
    }
    if (device == null) {
      device = votingDevice;
    }
    require(id, "$.ballot_id");
    require(style, "$.ballot_style_id");
    require(device, "$.encrypting_device");
    require(timestamp, "$.timestamp");
    require(code, "$.confirmation_code");
    require(election, "$.election_id");
    require(state, "$.state");
    require(contests, "$.contests");
    return new Ballot(id, style, device, timestamp, code, election, state, contests);
  }

  /** Reads one object of an array, the parser at its start; {@code path} is the object's JSON path. */
  @FunctionalInterface
  private interface ObjectReader<T> {
    T read(JsonParser p, String path) throws IOException;
  }

  /** An array of objects, each read by {@code reader}. */
  private static <T> List<T> objects(JsonParser p, JsonToken t, String path, ObjectReader<T> reader) throws IOException {
    if (t != JsonToken.START_ARRAY) {
      throw new Bad(path, "expected an array");
    }
    List<T> out = new ArrayList<>();
    int i = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      String ep = path + "[" + i++ + "]";
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw new Bad(ep, "expected an object");
      }
      out.add(reader.read(p, ep));
    }
    return out;
  }

  private static Contest contest(JsonParser p, String cp) throws IOException {
    String id = null;
    List<Selection> selections = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "contest_id" -> id = string(p, v, cp + ".contest_id");
        case "selections" -> selections = objects(p, v, cp + ".selections", BallotScanner::selection);
        default -> p.skipChildren();
      }
    }
    require(id, cp + ".contest_id");
    require(selections, cp + ".selections");
    return new Contest(id, selections);
  }

  private static Selection selection(JsonParser p, String sp) throws IOException {
    String id = null;
    byte[] pad = null;
    byte[] data = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "selection_id" -> id = string(p, v, sp + ".selection_id");
        case "encrypted_vote" -> {
          String vp = sp + ".encrypted_vote";
          if (v != JsonToken.START_OBJECT) {
            throw new Bad(vp, "expected an object");
          }
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String n = p.currentName();
            JsonToken x = p.nextToken();
            switch (n) {
              case "pad" -> pad = base64(p, x, vp + ".pad");
              case "data" -> data = base64(p, x, vp + ".data");
              default -> p.skipChildren();
            }
          }
          require(pad, vp + ".pad");
          require(data, vp + ".data");
        }
        default -> p.skipChildren();
      }
    }
    require(id, sp + ".selection_id");
    require(pad, sp + ".encrypted_vote");
    return new Selection(id, pad, data);
  }

  private static void require(Object value, String path) {
    if (value == null) {
      throw new Bad(path, "required field is missing");
    }
  }

  private static String string(JsonParser p, JsonToken t, String path) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      throw new Bad(path, "expected a string");
    }
    return p.getText();
  }

  private static byte[] base64(JsonParser p, JsonToken t, String path) throws IOException {
    String s = string(p, t, path);
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new Bad(path, "invalid base64: " + e.getMessage());
    }
  }

  private static UInt256 uint256(JsonParser p, JsonToken t, String path) throws IOException {
    byte[] b = base64(p, t, path);
    if (b.length != UInt256.LENGTH) {
      throw new Bad(path, "a UInt256 is 32 bytes, got " + b.length);
    }
    return UInt256.of(b);
  }
}

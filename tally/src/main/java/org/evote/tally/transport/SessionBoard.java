package org.evote.tally.transport;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.RecordProblem;
import org.evote.tally.Checked;
import org.evote.tally.decrypt.DecryptionChallenge;
import org.evote.tally.decrypt.DecryptionRequest;
import org.evote.tally.decrypt.GuardianCommitment;
import org.evote.tally.decrypt.GuardianResponse;

/**
 * One decryption session's messages on a {@link Transport}, typed and checked:
 *
 * <pre>
 * decryption/&lt;session&gt;/request.json            the coordinator's request
 * decryption/&lt;session&gt;/commit-&lt;id&gt;.json         guardian id's M_i, a_i, b_i
 * decryption/&lt;session&gt;/challenge.json          the coordinator's U and joint challenges c
 * decryption/&lt;session&gt;/response-&lt;id&gt;.json       guardian id's v_i
 * </pre>
 *
 * Every message must carry this session's id, and a guardian's message the id its address names.
 */
public final class SessionBoard {
  private static final String COMMIT = "commit-";
  private static final String RESPONSE = "response-";
  private static final String JSON = ".json";

  private final Transport transport;
  private final MessageCodec codec;
  private final String sessionId;
  private final String folder;

  public SessionBoard(Transport transport, MessageCodec codec, String sessionId) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    ElectionRecordFiles.fileNameProblem(sessionId).ifPresent(p -> {
      throw new IllegalArgumentException("session id \"" + sessionId + "\" " + p);
    });
    if (sessionId.contains(" ")) {
      throw new IllegalArgumentException("session id \"" + sessionId + "\" contains a space");
    }
    this.folder = "decryption/" + sessionId;
  }

  public String sessionId() {
    return sessionId;
  }

  public String describe() {
    return transport.describe() + "/" + folder;
  }

  public void publish(DecryptionRequest m) throws IOException {
    transport.publish(folder + "/request.json", codec.write(m));
  }

  public void publish(GuardianCommitment m) throws IOException {
    transport.publish(folder + "/" + COMMIT + m.guardianId() + JSON, codec.write(m));
  }

  public void publish(DecryptionChallenge m) throws IOException {
    transport.publish(folder + "/challenge.json", codec.write(m));
  }

  public void publish(GuardianResponse m) throws IOException {
    transport.publish(folder + "/" + RESPONSE + m.guardianId() + JSON, codec.write(m));
  }

  private <T> Parsed<T> session(String address, String actual, T value) {
    return sessionId.equals(actual) ? Parsed.ok(value) : Parsed.invalid(new RecordProblem(address, "$.session_id",
        "is for session \"" + actual + "\", not \"" + sessionId + "\""));
  }

  private static <T> Parsed<T> guardian(String address, String expected, String actual, T value) {
    return expected.equals(actual) ? Parsed.ok(value) : Parsed.invalid(new RecordProblem(address, "$.guardian_id",
        "names \"" + actual + "\", but its address is for \"" + expected + "\""));
  }

  private static <T> Checked<T> checked(Parsed<T> p) {
    return p.isOk() ? Checked.ok(p.value()) : Checked.failed(p.problem().toString());
  }

  /** The request, if published. */
  public Optional<Checked<DecryptionRequest>> request() throws IOException {
    String a = folder + "/request.json";
    return transport.read(a).map(b -> checked(codec.parseRequest(b, a).flatMap(m -> session(a, m.sessionId(), m))));
  }

  /** The challenge, if published. */
  public Optional<Checked<DecryptionChallenge>> challenge() throws IOException {
    String a = folder + "/challenge.json";
    return transport.read(a).map(b -> checked(codec.parseChallenge(b, a).flatMap(m -> session(a, m.sessionId(), m))));
  }

  /** Whether guardian {@code id} has committed / responded in this session. */
  public boolean hasCommitment(String guardianId) throws IOException {
    return transport.read(folder + "/" + COMMIT + guardianId + JSON).isPresent();
  }

  public boolean hasResponse(String guardianId) throws IOException {
    return transport.read(folder + "/" + RESPONSE + guardianId + JSON).isPresent();
  }

  /** Every published commitment, by guardian id. */
  public Map<String, Checked<GuardianCommitment>> commitments() throws IOException {
    return byGuardian(COMMIT, codec::parseCommitment, GuardianCommitment::sessionId, GuardianCommitment::guardianId);
  }

  /** Every published response, by guardian id. */
  public Map<String, Checked<GuardianResponse>> responses() throws IOException {
    return byGuardian(RESPONSE, codec::parseResponse, GuardianResponse::sessionId, GuardianResponse::guardianId);
  }

  /**
   * The guardians' messages of one kind (at {@code <prefix><id>.json}), by guardian id, each read and
   * checked: for this session, from the guardian its address names.
   */
  private <T> Map<String, Checked<T>> byGuardian(String prefix, BiFunction<byte[], String, Parsed<T>> parser,
      Function<T, String> sessionIdOf, Function<T, String> guardianIdOf) throws IOException {
    Map<String, Checked<T>> out = new LinkedHashMap<>();
    for (String name : transport.list(folder)) {
      if (name.startsWith(prefix) && name.endsWith(JSON)) {
        String id = name.substring(prefix.length(), name.length() - JSON.length());
        String a = folder + "/" + name;
        transport.read(a).ifPresent(b -> out.put(id, checked(parser.apply(b, a)
            .flatMap(m -> session(a, sessionIdOf.apply(m), m)).flatMap(m -> guardian(a, id, guardianIdOf.apply(m), m)))));
      }
    }
    return out;
  }
}

package org.evote.tally.transport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.record.RecordProblem;
import org.evote.tally.Checked;
import org.evote.tally.keyceremony.CeremonyParameters;
import org.evote.tally.keyceremony.CoefficientCommitments;
import org.evote.tally.keyceremony.ComplaintAnswer;
import org.evote.tally.keyceremony.EncryptedShare;
import org.evote.tally.keyceremony.ShareReport;

/**
 * The key ceremony's messages on a {@link Transport}, typed and checked. Layout:
 *
 * <pre>
 * ceremony.json, manifest.json                 the coordinator's set-up
 * key/commitments/&lt;i&gt;.json                     G_i's commitments and Schnorr proofs
 * key/shares/&lt;ℓ&gt;/from-&lt;i&gt;.json                 E_ℓ(P_i(ℓ)), G_i's share for G_ℓ
 * key/reports/&lt;ℓ&gt;/revision-&lt;r&gt;.json           G_ℓ's confirmations and complaints
 * key/answers/&lt;i&gt;/to-&lt;ℓ&gt;.json                   G_i's answer to G_ℓ's complaint
 * </pre>
 *
 * <p>Every read returns the message or the problem with it: besides the JSON checks of {@link
 * MessageCodec}, a message must carry this ceremony's id and H_B and name the sender and recipient
 * its address names.
 */
public final class CeremonyBoard {
  public static final String PARAMETERS = "ceremony.json";
  public static final String MANIFEST = "manifest.json";

  private final Transport transport;
  private final CeremonyParameters parameters;
  private final Manifest manifest;
  private final MessageCodec codec;

  private CeremonyBoard(Transport transport, CeremonyParameters parameters, Manifest manifest) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    this.manifest = Objects.requireNonNull(manifest, "manifest");
    this.codec = new MessageCodec(parameters.group());
  }

  /** Publishes the set-up (ceremony.json and the manifest's bytes) and returns the board. */
  public static CeremonyBoard create(Transport transport, CeremonyParameters parameters, Manifest manifest)
      throws IOException {
    parameters.hashProblem(manifest).ifPresent(p -> {
      throw new IllegalArgumentException("the ceremony parameters do not fit the manifest: " + p);
    });
    transport.publish(MANIFEST, manifest.bytes());
    transport.publish(PARAMETERS, MessageCodec.writeParameters(parameters));
    return new CeremonyBoard(transport, parameters, manifest);
  }

  /**
   * Opens the ceremony on a transport: reads ceremony.json and the manifest, and checks that
   * H_P, H_M and H_B are those of the group and manifest.
   */
  public static Checked<CeremonyBoard> open(Transport transport) throws IOException {
    Optional<byte[]> p = transport.read(PARAMETERS);
    if (p.isEmpty()) {
      return Checked.failed("no ceremony has been set up in " + transport.describe() + " (" + PARAMETERS + " is missing)");
    }
    Parsed<CeremonyParameters> params = MessageCodec.parseParameters(p.get(), PARAMETERS);
    if (!params.isOk()) {
      return Checked.failed(params.problem().toString());
    }
    Optional<byte[]> m = transport.read(MANIFEST);
    if (m.isEmpty()) {
      return Checked.failed(MANIFEST + " is missing from " + transport.describe());
    }
    Parsed<Manifest> manifest = RecordCodec.parseManifestJson(m.get(), MANIFEST);
    if (!manifest.isOk()) {
      return Checked.failed(manifest.problem().toString());
    }
    Optional<String> hashProblem = params.value().hashProblem(manifest.value());
    if (hashProblem.isPresent()) {
      return Checked.failed(PARAMETERS + ": " + hashProblem.get());
    }
    return Checked.ok(new CeremonyBoard(transport, params.value(), manifest.value()));
  }

  public CeremonyParameters parameters() {
    return parameters;
  }

  public Manifest manifest() {
    return manifest;
  }

  public Transport transport() {
    return transport;
  }

  public MessageCodec codec() {
    return codec;
  }

  // ---------------------------------------------------------------------------------------------
  // Addresses

  static String commitmentsAddress(String guardianId) {
    return "key/commitments/" + guardianId + ".json";
  }

  static String shareAddress(String senderId, String recipientId) {
    return "key/shares/" + recipientId + "/from-" + senderId + ".json";
  }

  static String reportFolder(String guardianId) {
    return "key/reports/" + guardianId;
  }

  static String answerAddress(String senderId, String recipientId) {
    return "key/answers/" + senderId + "/to-" + recipientId + ".json";
  }

  // ---------------------------------------------------------------------------------------------
  // Publishing

  public void publish(CoefficientCommitments m) throws IOException {
    transport.publish(commitmentsAddress(m.guardianId()), codec.write(m));
  }

  public void publish(EncryptedShare m) throws IOException {
    transport.publish(shareAddress(m.senderId(), m.recipientId()), codec.write(m));
  }

  public void publish(ShareReport m) throws IOException {
    transport.publish(reportFolder(m.guardianId()) + "/revision-" + m.revision() + ".json", codec.write(m));
  }

  public void publish(ComplaintAnswer m) throws IOException {
    transport.publish(answerAddress(m.senderId(), m.recipientId()), codec.write(m));
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  private <T> Optional<Parsed<T>> read(String address, BiFunction<byte[], String, Parsed<T>> parser) throws IOException {
    Optional<byte[]> b = transport.read(address);
    return b.map(bytes -> parser.apply(bytes, address));
  }

  private <T> Parsed<T> same(String address, String what, String expected, String actual, T value) {
    if (!expected.equals(actual)) {
      return Parsed.invalid(new RecordProblem(address, "$." + what,
          "names \"" + actual + "\", but its address is for \"" + expected + "\""));
    }
    return Parsed.ok(value);
  }

  private <T> Parsed<T> sameCeremony(String address, String ceremonyId, UInt256 hb, T value) {
    if (!parameters.ceremonyId().equals(ceremonyId)) {
      return Parsed.invalid(new RecordProblem(address, "$.ceremony_id",
          "belongs to ceremony \"" + ceremonyId + "\", not \"" + parameters.ceremonyId() + "\""));
    }
    if (!parameters.electionBaseHash().equals(hb)) {
      return Parsed.invalid(new RecordProblem(address, "$.election_base_hash",
          "is for election H_B " + hb + ", not this ceremony's " + parameters.electionBaseHash()));
    }
    return Parsed.ok(value);
  }

  private Parsed<Integer> seatX(String address, String path, String guardianId, int x) {
    Optional<CeremonyParameters.Seat> seat = parameters.seat(guardianId);
    if (seat.isEmpty()) {
      return Parsed.invalid(new RecordProblem(address, path, "\"" + guardianId + "\" is not a guardian of this ceremony"));
    }
    if (seat.get().xCoordinate() != x) {
      return Parsed.invalid(new RecordProblem(address, path,
          "guardian " + guardianId + " has x coordinate " + seat.get().xCoordinate() + ", not " + x));
    }
    return Parsed.ok(x);
  }

  /** G_i's commitments, if published. */
  public Optional<Parsed<CoefficientCommitments>> commitments(String guardianId) throws IOException {
    String a = commitmentsAddress(guardianId);
    return read(a, codec::parseCommitments).map(p -> p
        .flatMap(m -> sameCeremony(a, m.ceremonyId(), m.electionBaseHash(), m))
        .flatMap(m -> same(a, "guardian_id", guardianId, m.guardianId(), m))
        .flatMap(m -> seatX(a, "$.x_coordinate", m.guardianId(), m.xCoordinate()).map(x -> m)));
  }

  /** G_i's share for G_ℓ, if published. */
  public Optional<Parsed<EncryptedShare>> share(String senderId, String recipientId) throws IOException {
    String a = shareAddress(senderId, recipientId);
    return read(a, codec::parseShare).map(p -> p
        .flatMap(m -> sameCeremony(a, m.ceremonyId(), m.electionBaseHash(), m))
        .flatMap(m -> same(a, "sender_id", senderId, m.senderId(), m))
        .flatMap(m -> same(a, "recipient_id", recipientId, m.recipientId(), m))
        .flatMap(m -> seatX(a, "$.sender_x", m.senderId(), m.senderX()).map(x -> m))
        .flatMap(m -> seatX(a, "$.recipient_x", m.recipientId(), m.recipientX()).map(x -> m)));
  }

  /** G_ℓ's report with the highest revision, if any. */
  public Optional<Parsed<ShareReport>> latestReport(String guardianId) throws IOException {
    String folder = reportFolder(guardianId);
    int best = 0;
    for (String name : transport.list(folder)) {
      if (name.startsWith("revision-") && name.endsWith(".json")) {
        try {
          best = Math.max(best, Integer.parseInt(name.substring(9, name.length() - 5)));
        } catch (NumberFormatException e) {
          // Not one of ours: ignored.
        }
      }
    }
    if (best == 0) {
      return Optional.empty();
    }
    String a = folder + "/revision-" + best + ".json";
    int revision = best;
    return read(a, codec::parseReport).map(p -> p
        .flatMap(m -> sameCeremony(a, m.ceremonyId(), m.electionBaseHash(), m))
        .flatMap(m -> same(a, "guardian_id", guardianId, m.guardianId(), m))
        .flatMap(m -> m.revision() == revision ? Parsed.ok(m) : Parsed.<ShareReport>invalid(new RecordProblem(
            a, "$.revision", "is " + m.revision() + ", but its address is for revision " + revision))));
  }

  /** G_i's answer to G_ℓ's complaint, if published. */
  public Optional<Parsed<ComplaintAnswer>> answer(String senderId, String recipientId) throws IOException {
    String a = answerAddress(senderId, recipientId);
    return read(a, codec::parseAnswer).map(p -> p
        .flatMap(m -> sameCeremony(a, m.ceremonyId(), m.electionBaseHash(), m))
        .flatMap(m -> same(a, "sender_id", senderId, m.senderId(), m))
        .flatMap(m -> same(a, "recipient_id", recipientId, m.recipientId(), m)));
  }

  private static <T> Checked<T> checked(Parsed<T> p) {
    return p.isOk() ? Checked.ok(p.value()) : Checked.failed(p.problem().toString());
  }

  /** Every guardian's commitments that have been published, by id, each read and checked. */
  public Map<String, Checked<CoefficientCommitments>> allCommitments() throws IOException {
    return byGuardian(allGuardians(), this::commitments);
  }

  /** The shares published for G_ℓ, by sender. */
  public Map<String, Checked<EncryptedShare>> sharesFor(String recipientId) throws IOException {
    return byGuardian(others(recipientId), sender -> share(sender, recipientId));
  }

  /** The answers published to G_ℓ's complaints, by sender. */
  public Map<String, Checked<ComplaintAnswer>> answersFor(String recipientId) throws IOException {
    return byGuardian(others(recipientId), sender -> answer(sender, recipientId));
  }

  /** Every guardian's latest report, by id, for those that have published one. */
  public Map<String, Checked<ShareReport>> latestReports() throws IOException {
    return byGuardian(allGuardians(), this::latestReport);
  }

  /** A guardian's published message, if there is one. */
  @FunctionalInterface
  private interface Published<T> {
    Optional<Parsed<T>> of(String guardianId) throws IOException;
  }

  /** What each of {@code guardianIds} has published, by id, each read and checked; the others are left out. */
  private static <T> Map<String, Checked<T>> byGuardian(List<String> guardianIds, Published<T> published)
      throws IOException {
    Map<String, Checked<T>> out = new LinkedHashMap<>();
    for (String id : guardianIds) {
      Optional<Parsed<T>> p = published.of(id);
      if (p.isPresent()) {
        out.put(id, checked(p.get()));
      }
    }
    return out;
  }

  private List<String> allGuardians() {
    return parameters.guardians().stream().map(CeremonyParameters.Seat::guardianId).toList();
  }

  /** The ids of every guardian but {@code guardianId}, in seat order. */
  public List<String> others(String guardianId) {
    List<String> out = new ArrayList<>();
    for (CeremonyParameters.Seat s : parameters.guardians()) {
      if (!s.guardianId().equals(guardianId)) {
        out.add(s.guardianId());
      }
    }
    return out;
  }
}

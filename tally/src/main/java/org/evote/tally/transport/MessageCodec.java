package org.evote.tally.transport;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.proof.SchnorrProof;
import org.evote.crypto.record.JsonIn;
import org.evote.crypto.record.Parsed;
import org.evote.tally.decrypt.BallotRef;
import org.evote.tally.decrypt.DecryptionChallenge;
import org.evote.tally.decrypt.DecryptionRequest;
import org.evote.tally.decrypt.DecryptionText;
import org.evote.tally.decrypt.GuardianCommitment;
import org.evote.tally.decrypt.GuardianResponse;
import org.evote.tally.decrypt.PartialDecryption;
import org.evote.tally.internal.JsonOut;
import org.evote.tally.keyceremony.CeremonyParameters;
import org.evote.tally.keyceremony.CoefficientCommitments;
import org.evote.tally.keyceremony.ComplaintAnswer;
import org.evote.tally.keyceremony.EncryptedShare;
import org.evote.tally.keyceremony.ShareCiphertext;
import org.evote.tally.keyceremony.ShareReport;

/**
 * The JSON form of every ceremony message. Each document names its {@code type} and {@code
 * version}; reading checks them, every required field, and decodes every group element and scalar
 * through the group's validating factories. Reading never throws for bad input: it returns {@link
 * Parsed#invalid} with the source, the JSON path and the reason. Stateless apart from the group.
 */
public final class MessageCodec {
  /** The version every message carries. */
  public static final int VERSION = 1;

  private final Group group;

  public MessageCodec(Group group) {
    this.group = Objects.requireNonNull(group, "group");
  }

  public Group group() {
    return group;
  }

  private static ObjectNode header(String type) {
    ObjectNode o = JsonOut.object();
    o.put("type", type);
    o.put("version", VERSION);
    return o;
  }

  private static void checkHeader(JsonIn in, String type) {
    in.field("type").expect(type);
    in.field("version").intIn(VERSION, VERSION);
  }

  // ---------------------------------------------------------------------------------------------
  // ceremony.json

  /** {@code ceremony.json}. */
  public static byte[] writeParameters(CeremonyParameters p) {
    ObjectNode o = header("evote_ceremony");
    o.put("ceremony_id", p.ceremonyId());
    o.put("group", p.group().name());
    o.put("number_of_guardians", p.numberOfGuardians());
    o.put("quorum", p.quorum());
    ArrayNode seats = o.putArray("guardians");
    for (CeremonyParameters.Seat s : p.guardians()) {
      ObjectNode so = seats.addObject();
      so.put("guardian_id", s.guardianId());
      so.put("x_coordinate", s.xCoordinate());
    }
    o.put("parameter_base_hash", JsonOut.uint256(p.parameterBaseHash()));
    o.put("manifest_hash", JsonOut.uint256(p.manifestHash()));
    o.put("election_base_hash", JsonOut.uint256(p.electionBaseHash()));
    o.put("chain_confirmation_codes", p.chainConfirmationCodes());
    return JsonOut.bytes(o);
  }

  /** Parses {@code ceremony.json}; the hashes are checked against the manifest by the caller. */
  public static Parsed<CeremonyParameters> parseParameters(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> {
      checkHeader(in, "evote_ceremony");
      String id = in.field("ceremony_id").string();
      Group g = in.field("group").groupName();
      int n = in.field("number_of_guardians").intIn(1, 10_000);
      int k = in.field("quorum").intIn(1, n);
      JsonIn seatsIn = in.field("guardians");
      List<CeremonyParameters.Seat> seats = seatsIn.list(s -> new CeremonyParameters.Seat(
          s.field("guardian_id").string(), s.field("x_coordinate").intIn(1, 10_000)));
      if (seats.size() != n) {
        throw seatsIn.bad("lists " + seats.size() + " guardians, but number_of_guardians is " + n);
      }
      return new CeremonyParameters(id, g, seats, k,
          in.field("parameter_base_hash").uint256(),
          in.field("manifest_hash").uint256(),
          in.field("election_base_hash").uint256(),
          in.field("chain_confirmation_codes").bool());
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Key ceremony messages

  public byte[] write(CoefficientCommitments m) {
    ObjectNode o = header("coefficient_commitments");
    o.put("ceremony_id", m.ceremonyId());
    o.put("election_base_hash", JsonOut.uint256(m.electionBaseHash()));
    o.put("guardian_id", m.guardianId());
    o.put("x_coordinate", m.xCoordinate());
    ArrayNode proofs = o.putArray("coefficient_proofs");
    for (SchnorrProof p : m.proofs()) {
      ObjectNode po = proofs.addObject();
      po.put("public_key", JsonOut.element(p.publicKey()));
      po.put("challenge", JsonOut.scalar(p.challenge()));
      po.put("response", JsonOut.scalar(p.response()));
    }
    return JsonOut.bytes(o);
  }

  public Parsed<CoefficientCommitments> parseCommitments(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> {
      checkHeader(in, "coefficient_commitments");
      JsonIn proofsIn = in.field("coefficient_proofs");
      List<SchnorrProof> proofs = proofsIn.list(p -> new SchnorrProof(
          p.field("public_key").element(group), p.field("challenge").scalar(group), p.field("response").scalar(group)));
      if (proofs.isEmpty()) {
        throw proofsIn.bad("a guardian commits to at least one coefficient");
      }
      return new CoefficientCommitments(
          in.field("ceremony_id").string(),
          in.field("election_base_hash").uint256(),
          in.field("guardian_id").string(),
          in.field("x_coordinate").intIn(1, Integer.MAX_VALUE),
          proofs);
    });
  }

  public byte[] write(EncryptedShare m) {
    ObjectNode o = header("encrypted_share");
    o.put("ceremony_id", m.ceremonyId());
    o.put("election_base_hash", JsonOut.uint256(m.electionBaseHash()));
    o.put("sender_id", m.senderId());
    o.put("sender_x", m.senderX());
    o.put("recipient_id", m.recipientId());
    o.put("recipient_x", m.recipientX());
    o.put("c0", JsonOut.element(m.ciphertext().c0()));
    o.put("c1", m.ciphertext().c1().toBase64());
    o.put("c2", JsonOut.uint256(m.ciphertext().c2()));
    return JsonOut.bytes(o);
  }

  public Parsed<EncryptedShare> parseShare(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> {
      checkHeader(in, "encrypted_share");
      ShareCiphertext ct = new ShareCiphertext(
          in.field("c0").element(group), ByteString.of(in.field("c1").base64(32)), in.field("c2").uint256());
      return new EncryptedShare(
          in.field("ceremony_id").string(),
          in.field("election_base_hash").uint256(),
          in.field("sender_id").string(),
          in.field("sender_x").intIn(1, Integer.MAX_VALUE),
          in.field("recipient_id").string(),
          in.field("recipient_x").intIn(1, Integer.MAX_VALUE),
          ct);
    });
  }

  public byte[] write(ShareReport m) {
    ObjectNode o = header("share_report");
    o.put("ceremony_id", m.ceremonyId());
    o.put("election_base_hash", JsonOut.uint256(m.electionBaseHash()));
    o.put("guardian_id", m.guardianId());
    o.put("revision", m.revision());
    ArrayNode confirmed = o.putArray("confirmed");
    m.confirmed().forEach(confirmed::add);
    ArrayNode complaints = o.putArray("complaints");
    for (ShareReport.Complaint c : m.complaints()) {
      ObjectNode co = complaints.addObject();
      co.put("accused_id", c.accusedId());
      co.put("reason", c.reason());
    }
    return JsonOut.bytes(o);
  }

  public Parsed<ShareReport> parseReport(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> {
      checkHeader(in, "share_report");
      return new ShareReport(
          in.field("ceremony_id").string(),
          in.field("election_base_hash").uint256(),
          in.field("guardian_id").string(),
          in.field("revision").intIn(1, Integer.MAX_VALUE),
          in.field("confirmed").stringList(),
          in.field("complaints").list(c -> new ShareReport.Complaint(
              c.field("accused_id").string(), c.field("reason").string())));
    });
  }

  public byte[] write(ComplaintAnswer m) {
    ObjectNode o = header("complaint_answer");
    o.put("ceremony_id", m.ceremonyId());
    o.put("election_base_hash", JsonOut.uint256(m.electionBaseHash()));
    o.put("sender_id", m.senderId());
    o.put("recipient_id", m.recipientId());
    o.put("share", JsonOut.scalar(m.share()));
    o.put("nonce", JsonOut.scalar(m.nonce()));
    return JsonOut.bytes(o);
  }

  public Parsed<ComplaintAnswer> parseAnswer(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> {
      checkHeader(in, "complaint_answer");
      return new ComplaintAnswer(
          in.field("ceremony_id").string(),
          in.field("election_base_hash").uint256(),
          in.field("sender_id").string(),
          in.field("recipient_id").string(),
          in.field("share").scalar(group),
          in.field("nonce").scalar(group));
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Decryption session messages

  public byte[] write(DecryptionRequest m) {
    ObjectNode o = header("decryption_request");
    o.put("session_id", m.sessionId());
    o.put("extended_base_hash", JsonOut.uint256(m.extendedBaseHash()));
    o.put("joint_public_key", JsonOut.element(m.jointKey()));
    o.put("tally_id", m.tallyId());
    ArrayNode ballots = o.putArray("challenged_ballots");
    for (BallotRef b : m.challengedBallots()) {
      ObjectNode bo = ballots.addObject();
      bo.put("device", b.device());
      bo.put("ballot_id", b.ballotId());
    }
    ArrayNode texts = o.putArray("texts");
    for (DecryptionText t : m.texts()) {
      ObjectNode to = texts.addObject();
      to.put("label", t.label());
      switch (t) {
        case DecryptionText.Vote v -> to.set("encrypted_vote", JsonOut.ciphertext(v.ciphertext()));
        case DecryptionText.ContestData d -> {
          to.put("contest_id", d.contestId());
          to.set("encrypted_contest_data", JsonOut.hashedCiphertext(d.ciphertext()));
        }
      }
    }
    return JsonOut.bytes(o);
  }

  public Parsed<DecryptionRequest> parseRequest(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> {
      checkHeader(in, "decryption_request");
      List<BallotRef> ballots = in.field("challenged_ballots").list(b ->
          new BallotRef(b.field("device").string(), b.field("ballot_id").string()));
      List<DecryptionText> texts = in.field("texts").list(t -> {
        String label = t.field("label").string();
        JsonIn vote = t.optField("encrypted_vote");
        if (vote != null) {
          return new DecryptionText.Vote(label, vote.ciphertext(group, true));
        }
        JsonIn data = t.optField("encrypted_contest_data");
        if (data == null) {
          throw t.bad("a text has either encrypted_vote or encrypted_contest_data");
        }
        return new DecryptionText.ContestData(label, t.field("contest_id").string(), data.hashedCiphertext(group));
      });
      return new DecryptionRequest(
          in.field("session_id").string(),
          in.field("extended_base_hash").uint256(),
          in.field("joint_public_key").element(group),
          in.field("tally_id").string(),
          ballots,
          texts);
    });
  }

  public byte[] write(GuardianCommitment m) {
    ObjectNode o = header("decryption_commitment");
    o.put("session_id", m.sessionId());
    o.put("extended_base_hash", JsonOut.uint256(m.extendedBaseHash()));
    o.put("guardian_id", m.guardianId());
    ArrayNode partials = o.putArray("partials");
    List<org.evote.crypto.group.Element> all = new ArrayList<>();
    for (PartialDecryption p : m.partials()) {
      all.add(p.m());
      all.add(p.a());
      all.add(p.b());
    }
    List<byte[]> enc = group.encodeAll(all);
    for (int i = 0; i < m.partials().size(); i++) {
      ObjectNode po = partials.addObject();
      po.put("m", JsonOut.base64(enc.get(3 * i)));
      po.put("a", JsonOut.base64(enc.get(3 * i + 1)));
      po.put("b", JsonOut.base64(enc.get(3 * i + 2)));
    }
    return JsonOut.bytes(o);
  }

  public Parsed<GuardianCommitment> parseCommitment(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> {
      checkHeader(in, "decryption_commitment");
      List<PartialDecryption> partials = in.field("partials").list(p -> new PartialDecryption(
          p.field("m").elementOrIdentity(group), p.field("a").element(group), p.field("b").elementOrIdentity(group)));
      return new GuardianCommitment(
          in.field("session_id").string(),
          in.field("extended_base_hash").uint256(),
          in.field("guardian_id").string(),
          partials);
    });
  }

  public byte[] write(DecryptionChallenge m) {
    ObjectNode o = header("decryption_challenge");
    o.put("session_id", m.sessionId());
    o.put("extended_base_hash", JsonOut.uint256(m.extendedBaseHash()));
    ArrayNode ids = o.putArray("guardian_ids");
    m.guardianIds().forEach(ids::add);
    ArrayNode cs = o.putArray("challenges");
    m.challenges().forEach(c -> cs.add(JsonOut.scalar(c)));
    return JsonOut.bytes(o);
  }

  public Parsed<DecryptionChallenge> parseChallenge(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> {
      checkHeader(in, "decryption_challenge");
      return new DecryptionChallenge(
          in.field("session_id").string(),
          in.field("extended_base_hash").uint256(),
          in.field("guardian_ids").stringList(),
          in.field("challenges").list(c -> c.scalar(group)));
    });
  }

  public byte[] write(GuardianResponse m) {
    ObjectNode o = header("decryption_response");
    o.put("session_id", m.sessionId());
    o.put("extended_base_hash", JsonOut.uint256(m.extendedBaseHash()));
    o.put("guardian_id", m.guardianId());
    ArrayNode vs = o.putArray("responses");
    m.responses().forEach(v -> vs.add(JsonOut.scalar(v)));
    return JsonOut.bytes(o);
  }

  public Parsed<GuardianResponse> parseResponse(byte[] json, String source) {
    return JsonIn.parse(json, source, in -> {
      checkHeader(in, "decryption_response");
      return new GuardianResponse(
          in.field("session_id").string(),
          in.field("extended_base_hash").uint256(),
          in.field("guardian_id").string(),
          in.field("responses").list(v -> v.scalar(group)));
    });
  }
}

package org.evote.voterclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.evote.crypto.casting.CastEnvelope;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.casting.Receipts;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.ReceiptJson;
import org.evote.crypto.election.BallotEncryptor;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.ChainDevices;
import org.evote.crypto.election.ConfirmationCodes;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.record.StrictJson;
import org.evote.crypto.secret.BallotNonce;

/**
 * One voter's session with the nodes: fetch and check the election, encrypt on this device,
 * challenge (decrypt with the nonce, check, and post the ballot as CHALLENGED) or cast (sign and
 * post), and check every receipt's signature against the node's key from the election. Not
 * thread-safe; one per voter.
 */
public final class VoterSession {
  private static final ObjectMapper JSON = StrictJson.mapper();

  private final NodeClient nodes;
  private final String electionId;
  private final Credentials credentials;
  private final Clock clock;
  private final SecureRandom random;
  private ElectionView election;

  private VoterSession(NodeClient nodes, String electionId, Credentials credentials, Clock clock, SecureRandom random) {
    this.nodes = Objects.requireNonNull(nodes, "nodes");
    this.electionId = Objects.requireNonNull(electionId, "electionId");
    this.credentials = credentials;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** A session that votes with these credentials, in their election. */
  public static VoterSession forVoter(NodeClient nodes, Credentials credentials, Clock clock, SecureRandom random) {
    return new VoterSession(nodes, credentials.electionId(), credentials, clock, random);
  }

  /** A session that only reads: checks receipts and ballot states of an election. */
  public static VoterSession forChecking(NodeClient nodes, String electionId) {
    return new VoterSession(nodes, electionId, null, Clock.systemUTC(), new SecureRandom());
  }

  /** A ballot encrypted on this device, and the nonce that can open it. */
  public record Encrypted(EncryptedBallot ballot, BallotNonce nonce) {
    /** The confirmation code H(B) in lower-case hex. */
    public String code() {
      return ballot.confirmationCode().toHex();
    }
  }

  /** A node's signed acknowledgement, checked. */
  public record Receipt(JsonNode json) {
    public String nodeId() {
      return json.path("node_id").asText();
    }

    public String code() {
      return json.path("confirmation_code").asText();
    }

    public long logPosition() {
      return json.path("log_position").asLong();
    }

    /** The receipt as stored: pretty JSON. */
    public byte[] bytes() {
      try {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
      } catch (IOException e) {
        throw new IllegalStateException("a parsed receipt is always writable", e);
      }
    }
  }

  /** A challenge: what the nonce proves was encrypted, and the node's receipt for the spoiled ballot. */
  public record Challenge(NonceDecryption.Result decryption, Receipt receipt) {}

  /** The voter's credentials; a checking session has none. */
  public Credentials credentials() {
    if (credentials == null) {
      throw new IllegalStateException("a checking session has no credentials");
    }
    return credentials;
  }

  /** The election of the credentials, fetched and checked once. */
  public ElectionView election() throws VoterException {
    if (election == null) {
      election = fetchElection(electionId);
    }
    return election;
  }

  private ElectionView fetchElection(String id) throws VoterException {
    return nodes.get("/api/elections/" + id, r -> {
      if (r.status() == 200) {
        return ElectionView.parse(r.body(), id, r.nodeName());
      }
      throw answer(r);
    });
  }

  /** Throws unless the election is open and the token is still valid. */
  public void checkCanVote() throws VoterException {
    credentials().checkNotExpired(clock.instant());
    String status = election().status();
    if (!"OPEN".equals(status)) {
      throw new VoterException("election_not_open", switch (status) {
        case "CLOSED" -> "The election is closed: ballots are no longer accepted.";
        case "CREATED" -> "The election is not open yet: ballots are not accepted before it opens.";
        default -> "The election is not open for voting (the node says it is " + status.toLowerCase() + ").";
      });
    }
  }

  /**
   * Encrypts the choices with a fresh ballot nonce; nothing leaves the device. When the election
   * chains confirmation codes (spec §3.4.3), this session is one device ({@link ChainDevices}:
   * {@code device} is its label) and B_aux = H_j-1 ∥ B_aux,0 (eq. 60), H_j-1 being the code of the
   * last ballot this session submitted, or H_0 (eq. 59) before the first.
   *
   * @param device the device's name in the ballot, or, in a chained election, its label
   */
  public Encrypted encrypt(Choices choices, String device) throws VoterException {
    ElectionView e = election();
    String style = credentials().ballotStyle();
    choices.check(e.manifest(), style);
    byte[] id = new byte[12];
    random.nextBytes(id);
    BallotNonce nonce = BallotNonce.random(random);
    ByteString baux = ByteString.EMPTY;
    String name = device;
    if (e.election().config().chainConfirmationCodes()) {
      if (chain == null) {
        byte[] session = new byte[ChainDevices.SESSION_BYTES];
        random.nextBytes(session);
        String chained;
        try {
          chained = ChainDevices.name(device, credentials().voterId(), session);
        } catch (IllegalArgumentException ex) {
          throw new VoterException("invalid_device", "The device label cannot name a chained device: " + ex.getMessage());
        }
        ByteString baux0 = ConfirmationCodes.deviceBaux0(e.election().config().baux0(), chained);
        chain = new DeviceChain(chained, baux0, ConfirmationCodes.chainStart(e.election().extendedBaseHash(), baux0));
      }
      name = chain.device();
      baux = ConfirmationCodes.chainedBaux(chain.head(), chain.baux0());
    }
    EncryptedBallot b = new BallotEncryptor(e.election()).encrypt(
 choices.toPlaintext(e.manifest(), style, "ballot-" + HexFormat.of().formatHex(id)),
        nonce, baux, name, clock.instant().getEpochSecond());
    return new Encrypted(b, nonce);
  }

  /**
   * This session's chain of confirmation codes (spec §3.4.3) when the election chains them.
   *
   * @param device the device's name
   * @param baux0 its B_aux,0
   * @param head the code the next ballot continues from: H_0, then the last submitted ballot's code
   */
  private record DeviceChain(String device, ByteString baux0, UInt256 head) {}

  /** The chain of this session, or null before the first chained encryption. */
  private DeviceChain chain;

  /** After a ballot was submitted and receipted: it is the end of this device's chain now. */
  private void advanceChain(EncryptedBallot submitted) {
    if (chain != null && submitted.encryptingDevice().equals(chain.device())
        && chain.head().equals(ConfirmationCodes.chainedPrevious(submitted.codeBaux(), chain.baux0()))) {
      chain = new DeviceChain(chain.device(), chain.baux0(), submitted.confirmationCode());
    }
  }

  /** The name of this session's device when the election chains codes, else empty. */
  public Optional<String> chainDevice() {
    return Optional.ofNullable(chain).map(DeviceChain::device);
  }

  /**
   * Benaloh challenge: decrypts the ballot with its nonce and checks it, then posts it as
   * CHALLENGED (it is never counted). The ballot must not be cast afterwards: encrypt again.
   */
  public Challenge challenge(Encrypted encrypted) throws VoterException {
    NonceDecryption.Result d = NonceDecryption.decrypt(election().election(), encrypted.ballot(), encrypted.nonce());
    Receipt r = submit(encrypted.ballot().withState(BallotState.CHALLENGED));
    return new Challenge(d, r);
  }

  /** Casts: signs H_E ∥ H(B) with the voter's key, posts, and checks the receipt. */
  public Receipt cast(Encrypted encrypted) throws VoterException {
    return submit(encrypted.ballot().withState(BallotState.CAST));
  }

  private Receipt submit(EncryptedBallot b) throws VoterException {
    ElectionView e = election();
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(
          CastEnvelope.of(e.codec(), b, credentials().token(), credentials().unwrapPrivateKey()));
    } catch (IOException ex) {
      throw new IllegalStateException("a ballot written by the codec is always JSON", ex);
    }
    JsonNode receipt = nodes.postJson("/api/elections/" + e.id() + "/ballots", body, r -> {
      if (r.status() == 200 || r.status() == 201) {
        JsonNode json = ApiJson.object(r, "the receipt");
        checkReceiptShape(r, json);
        return json;
      }
      throw answer(r);
    });
    Receipt checked = verifyReceipt(receipt, b.ballotId(), b.confirmationCode().toHex(), b.state().name());
    advanceChain(b);
    return checked;
  }

  private static void checkReceiptShape(NodeClient.Response r, JsonNode json) throws VoterException {
    for (String f : new String[] {"election_id", "ballot_id", "confirmation_code", "state", "node_id", "log_hash", "time", "signature"}) {
      if (!json.path(f).isTextual()) {
        throw ApiJson.malformed(r, "the receipt has no '" + f + "'");
      }
    }
    if (!json.path("log_position").canConvertToLong()) {
      throw ApiJson.malformed(r, "the receipt has no 'log_position'");
    }
  }

  /**
   * Checks a receipt: it is about this ballot, and the node that issued it signed it with the
   * key the election lists for that node.
   */
  public Receipt verifyReceipt(JsonNode receipt, String ballotId, String code, String state) throws VoterException {
    ElectionView e = election();
    String node = receipt.path("node_id").asText();
    if (!e.id().equals(receipt.path("election_id").asText())
        || (ballotId != null && !ballotId.equals(receipt.path("ballot_id").asText()))
        || !code.equals(receipt.path("confirmation_code").asText())
        || (state != null && !state.equals(receipt.path("state").asText()))) {
      throw new VoterException("receipt_mismatch", "The receipt from node " + node
          + " is not about the ballot that was sent (its election, ballot id, code or state differ); your ballot may not have been recorded.");
    }
    Optional<ECPublicKey> key = e.nodeKey(node);
    if (key.isEmpty()) {
      election = null; // a node that joined after the election was fetched: fetch its key
      key = election().nodeKey(node);
    }
    if (key.isEmpty()) {
      throw new VoterException("receipt_signature_invalid", "The receipt is signed by node '" + node
          + "', which the election does not list, so it cannot be trusted.");
    }
    Parsed<org.evote.crypto.casting.Receipt> typed = ReceiptJson.parse(receipt, "the receipt");
    if (!typed.isOk()) {
      throw new VoterException("receipt_malformed", "The receipt from node " + node + " cannot be read ("
          + typed.problem().jsonPath() + ": " + typed.problem().message() + "); do not rely on it.");
    }
    byte[] sig;
    try {
      sig = Base64.getUrlDecoder().decode(typed.value().signature());
    } catch (IllegalArgumentException ex) {
      sig = new byte[0];
    }
    if (!EcKeys.verify(key.get(), Receipts.signedBytes(typed.value()), sig)) {
      throw new VoterException("receipt_signature_invalid", "The receipt's signature does not verify with node '"
          + node + "''s key: do not rely on it; check your ballot with 'evote vote check' or contact the election office.");
    }
    return new Receipt(receipt);
  }

  /**
   * A ballot's standing on the board, as {@code GET /api/elections/{id}/ballots/{code}} reports it:
   * while voting is open only "recorded" or "challenged" ({@code isFinal} false, and {@code counted}
   * false: not known yet); once it is closed, cast, superseded, overridden or challenged, and
   * whether it counts.
   */
  public record Status(String state, boolean isFinal, boolean counted, boolean onBoard, String boardNode, long boardPosition) {}

  /**
   * Checks a stored receipt against the nodes: the receipt's signature, the ballot's state by its
   * code, that the node's copy of the receipt is the same, and that the board entry at the
   * receipt's log position holds this ballot with the receipt's log hash.
   */
  public Status check(JsonNode receipt) throws VoterException {
    String code = receipt.path("confirmation_code").asText();
    if (!code.matches("[0-9a-f]{64}")) {
      throw new VoterException("receipt_malformed", "The receipt has no confirmation code of 64 lower-case hex digits.");
    }
    verifyReceipt(receipt, null, code, null);
    String id = election().id();
    JsonNode status = nodes.get("/api/elections/" + id + "/ballots/" + code, r -> {
      if (r.status() == 200) {
        JsonNode s = ApiJson.object(r, "the ballot status");
        if (!s.path("state").isTextual() || !s.path("final").isBoolean()
            || (s.path("final").asBoolean() && !s.path("counted").isBoolean())) {
          throw ApiJson.malformed(r, "the ballot status has no state, final or counted");
        }
        return s;
      }
      throw answer(r);
    });
    if (status.has("receipt") && !status.get("receipt").equals(receipt)) {
      throw new VoterException("receipt_mismatch",
          "The node's copy of the receipt for this ballot differs from yours; keep your receipt and contact the election office.");
    }
    String node = receipt.path("node_id").asText();
    long pos = receipt.path("log_position").asLong();
    JsonNode board = nodes.get("/api/elections/" + id + "/board?node=" + URLEncoder.encode(node, StandardCharsets.UTF_8)
        + "&from=" + pos + "&limit=1", r -> {
          if (r.status() == 200) {
            JsonNode b = ApiJson.object(r, "the board");
            if (!b.path("entries").isArray()) {
              throw ApiJson.malformed(r, "the board has no entries");
            }
            return b;
          }
          throw answer(r);
        });
    boolean onBoard = false;
    for (JsonNode entry : board.path("entries")) {
      if (entry.path("position").asLong(-1) == pos && code.equals(entry.path("confirmation_code").asText())
          && receipt.path("log_hash").asText().equals(entry.path("hash").asText())) {
        onBoard = true;
      }
    }
    return new Status(status.get("state").asText(), status.get("final").asBoolean(), status.path("counted").asBoolean(false),
        onBoard, node, pos);
  }

  /** A non-success answer: a refusal sentence for 4xx, the next node for 5xx, else malformed. */
  private static VoterException answer(NodeClient.Response r) {
    if (r.status() >= 400 && r.status() < 500) {
      return ApiJson.refusal(r);
    }
    if (r.status() >= 500) {
      String m = ApiJson.errorMessage(r.body());
      return new VoterException("node_unavailable", "The node " + r.nodeName() + " failed to answer (HTTP " + r.status()
          + (m == null ? "" : ": " + m) + ").");
    }
    return ApiJson.malformed(r, "unexpected status");
  }
}

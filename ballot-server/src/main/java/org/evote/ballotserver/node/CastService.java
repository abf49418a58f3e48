package org.evote.ballotserver.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.evote.ballotserver.election.LoadedElection;
import org.evote.crypto.casting.CastEnvelopeShape;
import org.evote.crypto.casting.CastMessage;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.casting.Receipt;
import org.evote.crypto.casting.Receipts;
import org.evote.ballotserver.auth.TokenVerifier;
import org.evote.ballotserver.cluster.CastProcessor;
import org.evote.ballotserver.cluster.ElectionMaps;
import org.evote.ballotserver.cluster.StoredBallot;
import org.evote.ballotserver.cluster.VoterRecord;
import org.evote.ballotserver.cluster.WeedProcessor;
import org.evote.ballotserver.log.BallotLog;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.ChainDevices;
import org.evote.crypto.election.ConfirmationCodes;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.election.BallotValidation;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.ReceiptJson;
import org.evote.crypto.record.StrictJson;

/**
 * Accepts one ballot envelope: checks the token, the voter's signature, that the election is
 * open, the ballot completely, weeds replays and duplicates cluster-wide, applies the re-vote
 * policy atomically on the voter's key, stores the ballot in the replicated map and in this
 * node's fsync'd log, and signs a receipt. Every rejection leaves no state behind. Blocking: run
 * it off the event loop.
 */
public final class CastService {
  /**
   * Strict about what is one JSON text: nothing may follow the envelope, and no member name may
   * repeat (I-JSON, RFC 7493), so that no two parsers can read one envelope two ways.
   */
  private static final ObjectMapper JSON = StrictJson.mapper();

  private final NodeContext node;
  private final BoardPublisher board;
  /**
   * Submissions per voter, keyed by the verified token's subject, per node; null when off.
   * Checked before the ballot's proofs, the expensive part.
   */
  private final RateLimiter perVoter;

  /**
   * @param voterRateLimit submissions per second for one voter, in bursts of five times that;
   *     0 = no limit
   */
  public CastService(NodeContext node, BoardPublisher board, int voterRateLimit) {
    this.node = node;
    this.board = board;
    this.perVoter = voterRateLimit > 0 ? new RateLimiter(voterRateLimit, 5.0 * voterRateLimit) : null;
  }

  /** Processes a POSTed envelope for an election. */
  public Reply cast(String electionId, byte[] body) {
    Reply r = castUnmetered(electionId, body);
    if (r.reason() == null) {
      node.metrics().accepted();
    } else {
      node.metrics().rejected(r.reason());
    }
    return r;
  }

  private Reply castUnmetered(String electionId, byte[] body) {
    JsonNode env;
    try {
      env = JSON.readTree(body);
    } catch (java.io.IOException e) {
      return Reply.reject(400, "malformed_json", "the request body is not valid JSON");
    }
    if (env == null || !env.isObject()) {
      return Reply.reject(400, "malformed_envelope", "the envelope must be a JSON object");
    }
    if (!env.path("ballot").isObject() || !env.path("token").isTextual() || !env.path("signature").isTextual()) {
      return Reply.reject(400, "malformed_envelope", "the envelope needs 'ballot' (object), 'token' and 'signature' (strings)");
    }
    // Before anything is looked up or decoded: a field the format does not define is refused,
    // so that nothing a client adds can reach the log, the maps, the board or the record.
    CastEnvelopeShape.Problem unknown = CastEnvelopeShape.unknownField(env).orElse(null);
    if (unknown != null) {
      return Reply.reject(400, unknown.reason(), unknown.message());
    }
    LoadedElection e = node.election(electionId);
    if (e == null) {
      return Reply.unknownElection(electionId);
    }
    TokenVerifier.Result t = e.tokensFor().verify(env.get("token").asText());
    if (!t.ok()) {
      return Reply.reject(401, t.reason(), t.message());
    }
    TokenVerifier.Claims claims = t.claims();
    if (!"voter".equals(claims.role())) {
      return Reply.reject(403, "not_a_voter", "the token is not a voter's token");
    }
    if (!electionId.equals(claims.election())) {
      return Reply.reject(403, "token_wrong_election", "the token is for another election");
    }
    String notOnRoll = e.rollProblem(claims.subject(), claims.style());
    if (notOnRoll != null) {
      return Reply.reject(403, "not_on_roll", notOnRoll);
    }
    if (perVoter != null && !perVoter.tryAcquire(electionId + "/" + claims.subject())) {
      return Reply.reject(429, "rate_limited", "too many submissions for this voter; slow down");
    }
    String status = node.status(electionId);
    if (node.clusterProblem().isPresent()) {
      return untrusted();
    }
    if (!"OPEN".equals(status)) {
      return Reply.reject(409, "election_not_open", "the election is not open (it is " + (status == null ? "unknown" : status.toLowerCase()) + ")");
    }
    // The ballot's counts and lengths against the token's style, before any point is decoded.
    JsonNode style = env.get("ballot").get("ballot_style_id");
    if (style != null && style.isTextual() && !style.textValue().equals(claims.style())) {
      return styleNotGranted(claims.style(), style.textValue());
    }
    CastEnvelopeShape.Problem shape = e.envelopeShape().problem(env, claims.style()).orElse(null);
    if (shape != null) {
      return Reply.reject(400, shape.reason(), shape.message());
    }
    // The envelope was parsed once, above; the ballot is decoded from that tree.
    Parsed<EncryptedBallot> parsed = e.codec().parseEncryptedBallot(env.get("ballot"), "ballot");
    if (!parsed.isOk()) {
      return Reply.reject(400, "invalid_encoding", parsed.problem().toString());
    }
    EncryptedBallot ballot = parsed.value();
    if (!ballot.electionId().equals(e.election().extendedBaseHash())) {
      return Reply.reject(400, "ballot_wrong_election", "the ballot is for another election");
    }
    if (!ballot.ballotStyleId().equals(claims.style())) {
      return styleNotGranted(claims.style(), ballot.ballotStyleId());
    }
    if (ballot.state() == BallotState.UNKNOWN) {
      return Reply.reject(400, "invalid_state", "a submitted ballot must be CAST or CHALLENGED");
    }
    if (ballot.isPreencrypt()) {
      // BallotValidator checks pre-encrypted ballots (§4.5) for the verifier; they are never cast online
      return Reply.reject(400, "invalid_ballot", "pre-encrypted ballots (spec §4) are not cast online");
    }
    // egk-ec's layout names a ballot's file after its id with spaces made "_", so "a b" and "a_b"
    // would share one file: a cast ballot id has no space, and two ids never share a file.
    if (ballot.ballotId().indexOf(' ') >= 0
        || !org.evote.crypto.record.ElectionRecordFiles.fileNameProblem(ballot.ballotId()).isEmpty()) {
      return Reply.reject(400, "invalid_ballot_id", "the ballot id may only use A-Z a-z 0-9 . _ -");
    }
    Reply chainProblem = chainProblem(e, ballot, claims.subject());
    if (chainProblem != null) {
      return chainProblem;
    }
    byte[] sig;
    try {
      sig = Base64.getUrlDecoder().decode(env.get("signature").asText());
    } catch (IllegalArgumentException ex) {
      return Reply.reject(401, "bad_signature", "the voter signature is not base64url");
    }
    if (!EcKeys.verify(claims.voterKey(), CastMessage.of(ballot.electionId(), ballot.confirmationCode(), ballot.state()), sig)) {
      return Reply.reject(401, "bad_signature", "the voter signature does not verify over the election id, the confirmation code and the state with the token's key");
    }
    long t0 = System.nanoTime();
    BallotValidation v = e.validator().validate(ballot);
    node.metrics().validationNanos(System.nanoTime() - t0);
    if (!v.isValid()) {
      return Reply.reject(400, "invalid_ballot", v.summary());
    }
    return store(e, env, ballot, claims.subject());
  }

  /**
   * Stores a checked ballot. Cluster calls, in order: the ballot id claimed (one call), its other
   * weeding keys claimed together (one call), the voter's record updated (one entry processor,
   * cast ballots only), then after the fsync'd log append its log record put on the board and its
   * code indexed (two calls in flight at once), and last its entry in the ballots map: the receipt,
   * which points at the record on the board. Nothing goes into the ballots map before the log and
   * the board have the ballot, so the map holds only logged ballots, and the board holds the one
   * copy of each in the cluster.
   */
  private Reply store(LoadedElection e, JsonNode env, EncryptedBallot ballot, String voter) {
    if (node.clusterProblem().isPresent()) {
      return untrusted();
    }
    if (!node.hasMajority() || node.rebuilding()) {
      return Reply.clusterUnavailable();
    }
    if (!node.replayedLogs().complete()) {
      return Reply.reject(503, "logs_pending", "the cluster lost data when nodes failed together and waits until every "
          + "node has put its log back (" + node.replayedLogs().marked().size() + " of " + node.replayedLogs().required()
          + " so far); nothing was stored; retry in a moment");
    }
    ElectionMaps maps = node.maps(e.id());
    String code = ballot.confirmationCode().toHex();
    String owner = ownerOf(voter, code, ballot.state().name(), ballot.ballotId());
    Reply broken = brokenChain(e, maps, ballot);
    if (broken != null) {
      return broken;
    }
    String idKey = "id:" + ballot.ballotId();
    List<String> claimed = new ArrayList<>();
    boolean resumed;
    String idOwner = maps.weeds().putIfAbsent(idKey, owner);
    if (idOwner == null) {
      // A new ballot id: every other key must be new too, or held by this very submission (voter,
      // code, state and id): an earlier try of it that claimed them and then lost the id's key (a
      // partition lost with two nodes, or a release that did not reach every key). A key held by
      // anyone else, this voter's same ballot under another id included, refuses the ballot.
      claimed.add(idKey);
      Set<String> others = weedKeysOf(ballot, e.election().config());
      others.remove(idKey);
      Map<String, String> held;
      try {
        held = maps.weeds().executeOnKeys(others, WeedProcessor.claim(owner));
      } catch (RuntimeException ex) {
        List<String> all = new ArrayList<>(claimed);
        all.addAll(others);
        release(maps, owner, all);
        return Reply.reject(503, "replication_failed", "the ballot's keys could not be replicated: " + ex.getClass().getSimpleName());
      }
      String conflict = null;
      resumed = false;
      for (String k : others) {
        String h = held.get(k);
        if (WeedProcessor.CLAIMED.equals(h)) {
          claimed.add(k);
        } else if (owner.equals(h)) {
          resumed = true;
        } else if (conflict == null) {
          conflict = k;
        }
      }
      if (conflict != null) {
        String prev = held.get(conflict);
        release(maps, owner, claimed);
        return prev == null
            ? Reply.reject(503, "replication_failed", "the cluster did not answer for every key of the ballot")
            : weedConflict(conflict, prev, owner);
      }
    } else if (!idOwner.equals(owner)) {
      return weedConflict(idKey, idOwner, owner);
    } else {
      resumed = true;
    }
    if (resumed) {
      // This voter sent this ballot id with this code and state before. It is a retry only when it
      // is the same ballot; fields outside the confirmation code (timestamp, device, contest data)
      // must not differ from what was taken. Nothing more is claimed here, so that a first attempt
      // still in flight never meets keys of its own retry.
      String stored = maps.ballots().get(ballot.ballotId());
      if (stored != null) {
        StoredBallot s = readStored(stored, ballot.ballotId());
        if (s == null) {
          return untrusted();
        }
        LoggedBallot first;
        try {
          first = board.logged(s.receipt());
        } catch (IllegalStateException ex) {
          node.reportTampering("ballot " + ballot.ballotId() + " in the cluster: " + ex.getMessage());
          return untrusted();
        }
        if (first == null) {
          return Reply.reject(503, "replication_failed", "the first submission of this ballot is not on the board yet; retry in a moment");
        }
        if (!sameBallot(e, first, ballot)) {
          return Reply.reject(409, "duplicate_ballot_id", "a different ballot with the same ballot id was already submitted");
        }
        maps.codes().set(code, ballot.ballotId()); // in case the first attempt stopped before indexing it
        return Reply.ok(200, receiptText(s.receipt()));
      }
    }
    String received = node.clock().instant().toString();
    int voterSeq = -1;
    if (ballot.state() == BallotState.CAST) {
      String r;
      try {
        r = maps.voters().executeOnKey(voter, new CastProcessor(ballot.ballotId()));
      } catch (RuntimeException ex) {
        release(maps, owner, claimed);
        return Reply.reject(503, "replication_failed", "the voter record could not be updated: " + ex.getClass().getSimpleName());
      }
      if ("blocked".equals(r)) {
        release(maps, owner, claimed);
        String forged = node.officials().problemWithStored(
            VoterRecord.fromJson(maps.voters().get(voter)).inPersonRequest(), e.id(), "in_person", voter).orElse(null);
        if (forged != null) {
          node.reportTampering("the in-person vote of voter " + voter + " in the cluster " + forged);
          return untrusted();
        }
        return Reply.reject(403, "voted_in_person", "an official recorded that this voter voted in person");
      }
      voterSeq = Integer.parseInt(r.split(":", 3)[1]);
    }
    LoggedBallot logged = new LoggedBallot(e.id(), ballot.ballotId(), code, ballot.state().name(), voter, received,
        node.nodeId(), env, voterSeq);
    BallotLog.Entry entry;
    // The election may have closed while this ballot was checked: look again under the gate that
    // logging the close takes exclusively, so that no ballot lands in this log after the close.
    var gate = node.gate(e.id()).readLock();
    gate.lock();
    try {
      if (!"OPEN".equals(node.knownStatus(e.id()))) {
        release(maps, owner, claimed);
        return Reply.reject(409, "election_not_open", "the election closed while this ballot was being checked; it was not cast");
      }
      entry = node.log().append(logged.payload()).get(30, TimeUnit.SECONDS);
    } catch (Exception ex) {
      return Reply.reject(503, "log_unavailable", "the node could not write its log; retry on another node");
    } finally {
      gate.unlock();
    }
    Receipt receipt = receipt(logged, node.nodeId(), entry, node.signingKey());
    StoredBallot entryValue = new StoredBallot(voter, ballot.ballotStyleId(), ballot.encryptingDevice(), receipt);
    String first;
    try {
      CompletableFuture<Void> indexed = maps.codes().setAsync(code, ballot.ballotId()).toCompletableFuture();
      board.publish(logged, entry).toCompletableFuture().get(30, TimeUnit.SECONDS);
      first = maps.ballots().putIfAbsent(ballot.ballotId(), entryValue.toJson());
      indexed.get(30, TimeUnit.SECONDS);
    } catch (Exception ex) {
      return Reply.reject(503, "replication_failed", "the node logged the ballot but could not replicate it; retry on another node");
    }
    // A concurrent attempt of the same submission may have stored it first: its receipt stands.
    if (first == null) {
      return Reply.ok(201, receiptText(receipt));
    }
    StoredBallot earlier = readStored(first, ballot.ballotId());
    return earlier == null ? untrusted() : Reply.ok(201, receiptText(earlier.receipt()));
  }

  /**
   * A ballots map entry read back from the cluster; null, with the tampering reported, when it is
   * not one (the cluster is untrusted: a value there may have been written by anyone on its network).
   */
  private StoredBallot readStored(String json, String ballotId) {
    try {
      return StoredBallot.fromJson(json);
    } catch (IllegalStateException ex) {
      node.reportTampering("ballot " + ballotId + " in the cluster: " + ex.getMessage());
      return null;
    }
  }

  /**
   * The node's signed receipt for a ballot it logged at this entry (Receipts fixes the signed
   * bytes; the signature is deterministic, so signing again gives the voter's receipt).
   */
  static Receipt receipt(LoggedBallot b, String nodeId, BallotLog.Entry entry, java.security.PrivateKey key) {
    return receipt(b.electionId(), b.ballotId(), b.code(), b.state(), b.received(), nodeId, entry.position(),
        HexFormat.of().formatHex(entry.hash()), key);
  }

  /** {@link #receipt(LoggedBallot, String, BallotLog.Entry, java.security.PrivateKey)} from the record's parts. */
  static Receipt receipt(String electionId, String ballotId, String code, String state, String received, String nodeId,
      long position, String hash, java.security.PrivateKey key) {
    return Receipts.sign(new Receipt(electionId, ballotId, code, state, nodeId, position, hash, received, ""), key);
  }

  private static String receiptText(Receipt r) {
    return new String(ReceiptJson.write(r), StandardCharsets.UTF_8);
  }

  private static Reply styleNotGranted(String granted, String sent) {
    return Reply.reject(403, "style_not_granted", "the token grants ballot style '" + granted + "', not '"
        + (sent.length() <= 80 ? sent : sent.substring(0, 80) + "...") + "'");
  }

  /**
   * The largest request body a legal envelope of this election needs (see
   * {@link CastEnvelopeShape#maxEnvelopeBytes}); empty when the election is unknown. Blocking the
   * first time a node meets the election: it loads it.
   */
  public java.util.OptionalLong bodyLimit(String electionId) {
    LoadedElection e = node.election(electionId);
    return e == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(e.envelopeShape().maxEnvelopeBytes());
  }

  /** Like {@link #bodyLimit}, but only for an election this node has loaded already; never blocks. */
  public java.util.OptionalLong bodyLimitIfLoaded(String electionId) {
    LoadedElection e = node.loadedElection(electionId);
    return e == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(e.envelopeShape().maxEnvelopeBytes());
  }

  /** The answer while this node does not trust its cluster (see {@link NodeContext#clusterProblem}). */
  private static Reply untrusted() {
    return Reply.reject(503, "cluster_untrusted", "this node does not trust its cluster now and acknowledges no ballot; "
        + "an operator has been told; retry on another node");
  }

  /**
   * The owner of a ballot's weeding keys: the voter, the confirmation code, the state and the ballot
   * id. The state is in it so that the same ballot sent once as CAST and once as CHALLENGED (which
   * the confirmation code does not tell apart) can never both be taken, whichever arrives first; the
   * id so that a retry of this very submission recognises the keys an earlier try claimed, while the
   * same ballot under another id (which would be counted twice) is refused.
   */
  public static String ownerOf(String voter, String code, String state, String ballotId) {
    return voter + "|" + code + "|" + state + "|" + ballotId;
  }

  /** The rejection for a weeding key that {@code prev} holds already; {@code owner} wanted it. */
  private static Reply weedConflict(String key, String prev, String owner) {
    String[] p = splitOwner(prev);
    String[] o = splitOwner(owner);
    if (p[1].equals(o[1])) {
      if (!p[0].equals(o[0])) {
        return Reply.reject(409, "replayed_ballot", "this ballot was already submitted by another voter");
      }
      if (p[2].equals(o[2])) {
        return Reply.reject(409, "duplicate_confirmation_code", "this voter already submitted this ballot under another ballot id");
      }
      return Reply.reject(409, "state_conflict", "this ballot was already submitted as " + p[2]
          + "; the same ballot cannot also be " + o[2] + " (encrypt it again to " + (o[2].equals("CAST") ? "cast" : "challenge") + " it)");
    }
    if (key.startsWith(LINK)) {
      return Reply.reject(409, "chain_conflict", "another ballot of this device (" + p[3] + ") already continues its chain "
          + "from the same previous code; a device's chain cannot fork: encrypt again from the chain's last ballot");
    }
    String what = key.startsWith("id:") ? "ballot id" : key.startsWith("code:") ? "confirmation code" : "ciphertext";
    return Reply.reject(409, "duplicate_" + what.replace(' ', '_'), "a ballot with the same " + what + " was already submitted");
  }

  /**
   * An owner's voter, code, state and ballot id. The voter may itself hold '|'; the code, the state
   * and the id (A-Z a-z 0-9 . _ - only, checked before anything is claimed) never do.
   */
  private static String[] splitOwner(String owner) {
    int i = owner.lastIndexOf('|');
    int s = owner.lastIndexOf('|', i - 1);
    int c = owner.lastIndexOf('|', s - 1);
    return new String[] {owner.substring(0, c), owner.substring(c + 1, s), owner.substring(s + 1, i), owner.substring(i + 1)};
  }

  /** Whether a logged ballot is exactly this ballot (compared in its canonical encoding). */
  private static boolean sameBallot(LoadedElection e, LoggedBallot logged, EncryptedBallot ballot) {
    Parsed<EncryptedBallot> p = e.codec().parseEncryptedBallot(logged.ballot(), "stored ballot");
    if (!p.isOk()) {
      throw new IllegalStateException("a stored ballot no longer parses: " + p.problem());
    }
    return Arrays.equals(e.codec().writeEncryptedBallot(p.value()), e.codec().writeEncryptedBallot(ballot));
  }

  /** Gives back the weeding keys this owner claimed, in one cluster call; best effort. */
  private static void release(ElectionMaps maps, String owner, List<String> keys) {
    if (keys.isEmpty()) {
      return;
    }
    try {
      maps.weeds().executeOnKeys(new LinkedHashSet<>(keys), WeedProcessor.release(owner));
    } catch (RuntimeException ex) {
      // The keys stay claimed by this submission: a retry of it (same voter, code, state and id) still goes through.
    }
  }

  /**
   * The cluster-wide uniqueness keys of a ballot: its id, its code and every selection's pad. A
   * reused ciphertext always reuses its pad, and a pad reused with other data is a reused nonce,
   * which is refused as well.
   */
  public static Set<String> weedKeysOf(EncryptedBallot b) {
    return weedKeys(b);
  }

  /**
   * The weeding keys of a ballot of an election with this configuration: {@link #weedKeysOf}, and
   * when confirmation codes are chained also the ballot's link, {@code link:<device>:<H_j-1>}, so
   * that two ballots never continue one device's chain from the same code (a fork), even when they
   * are in flight on two nodes at once.
   */
  public static Set<String> weedKeysOf(EncryptedBallot b, ElectionConfig config) {
    Set<String> keys = weedKeys(b);
    if (config.chainConfirmationCodes()) {
      UInt256 previous = ConfirmationCodes.chainedPrevious(b.codeBaux(),
          ConfirmationCodes.deviceBaux0(config.baux0(), b.encryptingDevice()));
      if (previous != null) {
        keys.add(LINK + b.encryptingDevice() + ":" + previous.toHex());
      }
    }
    return keys;
  }

  private static final String LINK = "link:";

  /**
   * What a chained election (spec §3.4.3) asks of a ballot before anything is looked up: its device
   * is one of this voter's ({@link ChainDevices}), and its B_aux is H_j-1 ∥ B_aux,0 (eq. 60) with
   * the device's B_aux,0. Null when the ballot passes, or the election does not chain.
   */
  private static Reply chainProblem(LoadedElection e, EncryptedBallot ballot, String voter) {
    ElectionConfig config = e.election().config();
    if (!config.chainConfirmationCodes()) {
      return null;
    }
    String device = ballot.encryptingDevice();
    String why = ChainDevices.problem(device, voter);
    if (why != null) {
      return ChainDevices.isWellFormed(device)
          ? Reply.reject(403, "device_of_another_voter", why)
          : Reply.reject(400, "invalid_device", why);
    }
    if (ConfirmationCodes.chainedPrevious(ballot.codeBaux(), ConfirmationCodes.deviceBaux0(config.baux0(), device)) == null) {
      return Reply.reject(400, "invalid_chain_baux", "this election chains confirmation codes: code_baux must be "
          + "H_j-1 ∥ B_aux,0 (spec §3.4.3, eq. 60), the previous code of the device's chain (H_0 for its first ballot) "
          + "followed by the device's name");
    }
    return null;
  }

  /**
   * Whether a chained ballot continues its device's chain from a code the cluster knows: H_0 of the
   * device (eq. 59), or the confirmation code of a ballot of the same device that the cluster
   * stored (logged and acknowledged). Null when it does, or the election does not chain.
   */
  private Reply brokenChain(LoadedElection e, ElectionMaps maps, EncryptedBallot ballot) {
    ElectionConfig config = e.election().config();
    if (!config.chainConfirmationCodes()) {
      return null;
    }
    String device = ballot.encryptingDevice();
    var baux0 = ConfirmationCodes.deviceBaux0(config.baux0(), device);
    UInt256 previous = ConfirmationCodes.chainedPrevious(ballot.codeBaux(), baux0);
    if (previous.equals(ConfirmationCodes.chainStart(e.election().extendedBaseHash(), baux0))) {
      return null;
    }
    String previousId = maps.codes().get(previous.toHex());
    String stored = previousId == null ? null : maps.ballots().get(previousId);
    if (stored != null) {
      StoredBallot previousBallot = readStored(stored, previousId);
      if (previousBallot == null) {
        return untrusted();
      }
      if (device.equals(previousBallot.device())) {
        return null;
      }
    }
    return Reply.reject(409, "chain_broken", "code_baux continues the chain of device " + device + " from "
        + previous.toHex() + ", which is neither the device's H_0 nor the confirmation code of a ballot it submitted");
  }

  static Set<String> weedKeys(EncryptedBallot b) {
    Set<String> keys = new LinkedHashSet<>();
    keys.add("id:" + b.ballotId());
    keys.add("code:" + b.confirmationCode().toHex());
    for (EncryptedBallot.Contest c : b.contests()) {
      for (EncryptedBallot.Selection s : c.selections()) {
        keys.add("pad:" + fingerprint(s.encryptedVote().pad().encode()));
      }
    }
    return keys;
  }

  private static String fingerprint(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b), 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package org.evote.verifier.extension;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.evote.crypto.casting.CastMessage;
import org.evote.crypto.casting.CountingRule;
import org.evote.crypto.casting.EcKeys;
import org.evote.crypto.casting.LogHead;
import org.evote.crypto.casting.LogHeads;
import org.evote.crypto.casting.Receipt;
import org.evote.crypto.casting.Receipts;
import org.evote.crypto.record.EvoteEnvelopeJson;
import org.evote.crypto.record.EvoteLogJson;

import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.EncryptedBallot;

import org.evote.verifier.CheckResult;
import org.evote.verifier.ExtensionCheck;
import org.evote.verifier.ExtensionContext;
import org.evote.verifier.Failure;

/**
 * The checks of evote's own record files (docs/PROTOCOL.md §3): E.1 identity tokens and voter
 * signatures, E.2 the policy outcome (one counted ballot per voter), E.3 every node's log chain,
 * E.4 receipts and acknowledged ballots, E.5 officials' signed actions, E.6 the labels in several
 * languages. Each is not applicable without an {@code evote/}
 * folder, and never passes what it could not read.
 */
public final class EvoteChecks {
  private EvoteChecks() {}

  /** E.1 to E.6. */
  public static List<ExtensionCheck> all() {
    return List.of(new Tokens(), new Policy(), new Logs(), new ReceiptsCheck(), new OfficialActions(), new Labels());
  }

  /**
   * The extension files, read once per verification run (one context per run, held while it runs):
   * a record verified again, perhaps changed in between, is read again.
   */
  private static final Map<ExtensionContext, EvoteRecord> READ = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  private static EvoteRecord record(ExtensionContext c) {
    return READ.computeIfAbsent(c, x -> EvoteRecord.read(x.extensionDir().orElseThrow().toAbsolutePath()));
  }

  /** The record's ballots (id → ballot), or failures for unreadable files. */
  private static Map<String, EncryptedBallot> ballots(ExtensionContext c, List<Failure> failures) {
    Map<String, EncryptedBallot> out = new HashMap<>();
    c.files().encryptedBallots().forEach(f -> {
      if (f.parsed().isOk()) {
        out.put(f.parsed().value().ballotId(), f.parsed().value());
      } else {
        failures.add(new Failure(f.path().getFileName().toString(), "cannot be read: " + f.parsed().problem().message()));
      }
    });
    return out;
  }

  private abstract static class Base implements ExtensionCheck {
    private final String id;
    private final String name;

    Base(String id, String name) {
      this.id = id;
      this.name = name;
    }

    @Override
    public final String id() {
      return id;
    }

    @Override
    public final String name() {
      return name;
    }

    @Override
    public final CheckResult run(ExtensionContext c) {
      if (c.extensionDir().isEmpty()) {
        return CheckResult.notApplicable(id(), name(), "not applicable: no extension files (no evote/ folder)");
      }
      EvoteRecord r = record(c);
      List<Failure> failures = new ArrayList<>();
      for (String p : r.problems) {
        failures.add(new Failure("evote/", p));
      }
      long[] checked = new long[1];
      String detail = check(c, r, failures, checked);
      failures.sort(java.util.Comparator.comparing(Failure::location).thenComparing(Failure::reason));
      if (failures.isEmpty()) {
        return CheckResult.passed(id(), name(), checked[0], detail);
      }
      List<Failure> shown = failures.subList(0, Math.min(failures.size(), Math.max(1, c.maxFailures())));
      return new CheckResult(id(), name(), org.evote.verifier.Status.FAILED, detail, checked[0], shown, failures.size());
    }

    abstract String check(ExtensionContext c, EvoteRecord r, List<Failure> failures, long[] checked);
  }

  /** E.1: every ballot's token is valid for its voter, election and style, and the voter signed it. */
  static final class Tokens extends Base {
    Tokens() {
      super("E.1", "Identity tokens and voter signatures");
    }

    @Override
    String check(ExtensionContext c, EvoteRecord r, List<Failure> failures, long[] checked) {
      if (r.idpKey == null) {
        return "no identity provider key";
      }
      String he = c.election().extendedBaseHash().toHex();
      Map<String, String> roll = r.roll(he);
      Map<String, EncryptedBallot> ballots = ballots(c, failures);
      for (EncryptedBallot b : ballots.values()) {
        checked[0]++;
        String at = "ballot " + b.ballotId();
        EvoteEnvelopeJson.Envelope e = r.envelopes.get(b.ballotId());
        if (e == null) {
          failures.add(new Failure(at, "has no envelope (no token, no voter signature)"));
          continue;
        }
        if (roll != null && !b.ballotStyleId().equals(roll.get(e.voter()))) {
          failures.add(new Failure(at, roll.containsKey(e.voter())
              ? "the electoral roll gives voter " + e.voter() + " ballot style '" + roll.get(e.voter()) + "', not '"
                  + b.ballotStyleId() + "'"
              : "voter " + e.voter() + " is not on the electoral roll the election was created with"));
        }
        // The voter signed the state they submitted, which the envelope keeps; the record's state
        // is the policy's outcome (E.2): a cast ballot stays CAST when it counts and is UNKNOWN
        // when superseded or overridden, a challenged one is CHALLENGED.
        BallotState submittedState = switch (e.state()) {
          case "CAST" -> BallotState.CAST;
          case "CHALLENGED" -> BallotState.CHALLENGED;
          default -> null;
        };
        if (submittedState == null) {
          failures.add(new Failure(at, "the envelope's state '" + e.state() + "' is not CAST or CHALLENGED, the states a voter submits"));
        } else if ((submittedState == BallotState.CHALLENGED) != (b.state() == BallotState.CHALLENGED)) {
          failures.add(new Failure(at, "the voter submitted it " + e.state() + ", but the record's ballot is " + b.state()));
        }
        Es256Jwt.Verified t = Es256Jwt.verify(e.token(), r.idpKey);
        if (t.claims() == null) {
          failures.add(new Failure(at, t.problem()));
          continue;
        }
        JsonNode cl = t.claims();
        JsonNode aud = cl.path("aud");
        boolean audOk = aud.isArray() ? contains(aud, "evote") : "evote".equals(aud.asText());
        if (!audOk || !"voter".equals(cl.path("role").asText())) {
          failures.add(new Failure(at, "the token is not an evote voter token"));
          continue;
        }
        if (!he.equals(cl.path("election").asText())) {
          failures.add(new Failure(at, "the token is for another election"));
        }
        if (!b.ballotStyleId().equals(cl.path("style").asText())) {
          failures.add(new Failure(at, "the token grants style '" + cl.path("style").asText() + "', not '" + b.ballotStyleId() + "'"));
        }
        if (!e.voter().equals(cl.path("sub").asText())) {
          failures.add(new Failure(at, "the token names voter '" + cl.path("sub").asText() + "', the envelope '" + e.voter() + "'"));
        }
        try {
          long received = Instant.parse(e.received()).getEpochSecond();
          if (!cl.has("exp") || cl.path("exp").asLong() + 60 < received) {
            failures.add(new Failure(at, "the token had expired when the ballot was received"));
          }
        } catch (java.time.format.DateTimeParseException ex) {
          failures.add(new Failure(at, "the envelope's received time is not an instant"));
        }
        Optional<ECPublicKey> voterKey = Es256Jwt.jwk(cl.path("cnf").get("jwk"));
        if (voterKey.isEmpty()) {
          failures.add(new Failure(at, "the token binds no P-256 voter key (cnf.jwk)"));
          continue;
        }
        byte[] sig;
        try {
          sig = Base64.getUrlDecoder().decode(e.signature());
        } catch (IllegalArgumentException ex) {
          sig = new byte[0];
        }
        if (submittedState == null
            || !EcKeys.verify(voterKey.get(), CastMessage.of(b.electionId(), b.confirmationCode(), submittedState), sig)) {
          failures.add(new Failure(at, "the voter signature over H_E, the confirmation code and the state does not verify"));
        }
      }
      for (String id : r.envelopes.keySet()) {
        if (!ballots.containsKey(id)) {
          failures.add(new Failure("evote/envelopes/" + id + ".json", "has no ballot in encrypted_ballots/"));
        }
      }
      return checked[0] + " ballots: token valid for voter, election and style when received; voter signature valid"
          + (roll == null ? "" : "; voter on the electoral roll (" + roll.size() + " voters) with that style");
    }

    static boolean contains(JsonNode arr, String v) {
      for (JsonNode x : arr) {
        if (v.equals(x.asText())) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * E.2: the policy outcome is exactly what the logs give (each voter's last cast ballot, unless
   * in person), in evote/policy.json and in the ballots' states: exactly the counted ballots are
   * CAST, so that Verification 8 (every CAST ballot) aggregates them and no others.
   */
  static final class Policy extends Base {
    Policy() {
      super("E.2", "One counted ballot per voter (re-votes, in-person votes, challenges)");
    }

    @Override
    String check(ExtensionContext c, EvoteRecord r, List<Failure> failures, long[] checked) {
      if (r.policy == null) {
        return "no policy file";
      }
      Map<String, JsonNode> logged = r.loggedBallots(c.election().extendedBaseHash().toHex());
      Set<String> inPerson = r.inPersonVoters(c.election().extendedBaseHash().toHex());
      Map<String, TreeMap<Integer, String>> byVoter = new TreeMap<>();
      Set<String> challenged = new TreeSet<>();
      for (JsonNode p : logged.values()) {
        String id = p.path("ballot_id").asText();
        if ("CHALLENGED".equals(p.path("state").asText())) {
          challenged.add(id);
        } else {
          String prev = byVoter.computeIfAbsent(p.path("voter").asText(), v -> new TreeMap<>())
              .put(p.path("voter_seq").asInt(), id);
          if (prev != null && !prev.equals(id)) {
            failures.add(new Failure("voter " + p.path("voter").asText(),
                "two ballots (" + prev + ", " + id + ") have the same sequence number in the logs"));
          }
        }
      }
      CountingRule.Outcome outcome = CountingRule.apply(byVoter, inPerson);
      Set<String> counted = new TreeSet<>(outcome.counted());
      Set<String> superseded = new TreeSet<>(outcome.superseded());
      Set<String> overridden = new TreeSet<>(outcome.overridden());
      checked[0] = logged.size();
      states(ballots(c, failures), counted, superseded, overridden, challenged, failures);
      compare("counted", counted, r.policy.counted(), failures);
      compare("superseded", superseded, r.policy.superseded(), failures);
      compare("overridden", overridden, r.policy.overridden(), failures);
      compare("challenged", challenged, r.policy.challenged(), failures);
      compare("in_person_voters", new TreeSet<>(inPerson), r.policy.inPersonVoters(), failures);
      for (String id : counted) {
        EvoteEnvelopeJson.Envelope e = r.envelopes.get(id);
        JsonNode p = logged.get(id);
        if (e != null && p != null && !e.voter().equals(p.path("voter").asText())) {
          failures.add(new Failure("ballot " + id, "the log and the envelope name different voters"));
        }
      }
      return byVoter.size() + " voters: " + counted.size() + " counted, " + superseded.size() + " superseded, "
          + overridden.size() + " overridden, " + challenged.size() + " challenged";
    }

    /**
     * The record's ballot states are the outcome the logs give, so that an ElectionGuard verifier,
     * which aggregates exactly the CAST ballots, counts what the policy counts: counted ballots
     * are CAST, superseded and overridden ones UNKNOWN, challenged ones CHALLENGED.
     */
    private static void states(Map<String, EncryptedBallot> ballots, Set<String> counted, Set<String> superseded,
        Set<String> overridden, Set<String> challenged, List<Failure> failures) {
      for (EncryptedBallot b : ballots.values()) {
        String id = b.ballotId();
        String outcome = counted.contains(id) ? "counted" : superseded.contains(id) ? "superseded"
            : overridden.contains(id) ? "overridden" : challenged.contains(id) ? "challenged" : null;
        if (outcome == null) {
          failures.add(new Failure("ballot " + id, "is " + b.state() + " in encrypted_ballots/, but no node log holds it"
              + (b.state() == BallotState.CAST ? ": an ElectionGuard verifier would count a ballot nobody acknowledged" : "")));
          continue;
        }
        BallotState expected = switch (outcome) {
          case "counted" -> BallotState.CAST;
          case "challenged" -> BallotState.CHALLENGED;
          default -> BallotState.UNKNOWN;
        };
        if (b.state() != expected) {
          failures.add(new Failure("ballot " + id, "is " + b.state() + " in encrypted_ballots/, but the logs make it "
              + outcome + ", which the record marks " + expected + (expected == BallotState.CAST
                  ? ": an ElectionGuard verifier would leave it out of the tally"
                  : b.state() == BallotState.CAST ? ": an ElectionGuard verifier would count it" : "")));
        }
      }
      for (String id : counted) {
        if (!ballots.containsKey(id)) {
          failures.add(new Failure("ballot " + id, "the logs make it counted, but it is not in encrypted_ballots/"));
        }
      }
    }

    private static void compare(String name, Set<String> expected, List<String> listed, List<Failure> failures) {
      Set<String> stated = new TreeSet<>(listed);
      for (String id : expected) {
        if (!stated.contains(id)) {
          failures.add(new Failure("evote/policy.json " + name, id + " is missing (the logs make it " + name + ")"));
        }
      }
      for (String id : stated) {
        if (!expected.contains(id)) {
          failures.add(new Failure("evote/policy.json " + name, id + " is listed, but the logs do not make it " + name));
        }
      }
    }
  }

  /**
   * E.3: every node's log is an intact hash chain from its genesis, signed by its node: it reaches
   * the newest head the node signed (a shorter log was cut), holds the signed hash there, and has
   * no record past what the node signed, in a head or a receipt (a record after it is not the
   * node's). An export that could not take a node's log whole says so and fails here.
   */
  static final class Logs extends Base {
    Logs() {
      super("E.3", "Board log chains of every node, to their signed heads");
    }

    @Override
    String check(ExtensionContext c, EvoteRecord r, List<Failure> failures, long[] checked) {
      if (r.headsProblem != null && !r.logs.isEmpty()) {
        failures.add(new Failure("evote/" + org.evote.crypto.record.EvoteHeadsJson.FILE, r.headsProblem));
      }
      Map<String, LogHead> heads = r.heads == null ? Map.of() : r.heads.heads();
      if (r.heads != null) {
        r.heads.incomplete().forEach((node, why) ->
            failures.add(new Failure("node " + node, "the export is incomplete: " + why)));
      }
      for (Map.Entry<String, List<EvoteLogJson.Line>> e : r.logs.entrySet()) {
        String node = e.getKey();
        if (!r.nodeKeys.containsKey(node)) {
          failures.add(new Failure("evote/logs/" + node + ".jsonl", "node " + node + " is not in evote/nodes.json"));
        }
        byte[] prev = genesis(node);
        long expect = 0;
        boolean intact = true;
        for (EvoteLogJson.Line l : e.getValue()) {
          checked[0]++;
          String at = "evote/logs/" + node + ".jsonl position " + l.position();
          if (l.position() != expect) {
            failures.add(new Failure(at, "expected position " + expect + ": records are missing or out of order"));
            intact = false;
            break;
          }
          if (l.payload() == null || !EvoteRecord.hex(prev).equals(l.previousHash())) {
            failures.add(new Failure(at, "previous_hash does not match the hash of the record before"));
            intact = false;
            break;
          }
          byte[] h = sha256(prev, l.payload().getBytes(StandardCharsets.UTF_8));
          if (!EvoteRecord.hex(h).equals(l.hash())) {
            failures.add(new Failure(at, "hash is not SHA-256(previous hash ∥ payload): the record was changed"));
            intact = false;
            break;
          }
          prev = h;
          expect++;
        }
        if (intact) {
          signedReach(node, e.getValue(), heads.get(node), r, failures);
        }
      }
      for (Map.Entry<String, LogHead> h : heads.entrySet()) {
        if (!r.logs.containsKey(h.getKey())) {
          failures.add(new Failure("evote/logs/" + h.getKey() + ".jsonl", "is missing, but node " + h.getKey()
              + " signed its log's head at position " + h.getValue().position() + ": the log was left out"));
        }
      }
      return r.logs.size() + " node logs, " + checked[0] + " records chained, each log reaching and ending at what its node signed";
    }

    /**
     * Checks a chained log against what its node signed: the head (which the log must reach, with
     * the same hash) and the receipts (each a signed position and hash); no record may lie past
     * the furthest of them.
     */
    private static void signedReach(String node, List<EvoteLogJson.Line> log, LogHead head, EvoteRecord r, List<Failure> failures) {
      ECPublicKey key = r.nodeKeys.get(node);
      if (key == null) {
        return;
      }
      String file = "evote/logs/" + node + ".jsonl";
      long signed = -1;
      if (head != null) {
        if (!LogHeads.verify(head, key)) {
          failures.add(new Failure("evote/heads.json " + node, "the head's signature does not verify with node " + node + "'s key"));
        } else if (head.position() >= log.size()) {
          failures.add(new Failure(file, "ends at position " + (log.size() - 1) + ", but node " + node + " signed its head at position "
              + head.position() + ": records " + log.size() + " to " + head.position() + " were cut"));
          return;
        } else if (!log.get((int) head.position()).hash().equals(head.hash())) {
          failures.add(new Failure(file + " position " + head.position(), "is not the record node " + node
              + " signed as its head (the hashes differ): the log was rewritten"));
          return;
        } else {
          signed = head.position();
        }
      }
      for (EvoteEnvelopeJson.Envelope env : r.envelopes.values()) {
        Receipt rc = env.receipt();
        if (rc == null || !node.equals(rc.nodeId()) || rc.logPosition() >= log.size() || rc.logPosition() <= signed
            || !log.get((int) rc.logPosition()).hash().equals(rc.logHash())) {
          continue;
        }
        byte[] sig;
        try {
          sig = Base64.getUrlDecoder().decode(rc.signature());
        } catch (IllegalArgumentException ex) {
          continue;
        }
        if (EcKeys.verify(key, Receipts.signedBytes(rc), sig)) {
          signed = rc.logPosition();
        }
      }
      if (signed < log.size() - 1) {
        failures.add(new Failure(file + " position " + (signed + 1), "records " + (signed + 1) + " to " + (log.size() - 1)
            + " lie past the last head or receipt node " + node + " signed" + (signed < 0 ? " (it signed none)" : " (position " + signed + ")")
            + ": they are not the node's"));
      }
    }
  }

  /** E.4: every receipt is signed by its node and matches that node's log; every logged ballot is in the record. */
  static final class ReceiptsCheck extends Base {
    ReceiptsCheck() {
      super("E.4", "Receipts and acknowledged ballots");
    }

    @Override
    String check(ExtensionContext c, EvoteRecord r, List<Failure> failures, long[] checked) {
      for (EvoteEnvelopeJson.Envelope e : r.envelopes.values()) {
        checked[0]++;
        String at = "ballot " + e.ballotId();
        Receipt rc = e.receipt();
        if (rc == null) {
          failures.add(new Failure(at, "has no receipt"));
          continue;
        }
        ECPublicKey key = r.nodeKeys.get(rc.nodeId());
        if (key == null) {
          failures.add(new Failure(at, "the receipt's node " + rc.nodeId() + " is not in evote/nodes.json"));
          continue;
        }
        byte[] sig;
        try {
          sig = Base64.getUrlDecoder().decode(rc.signature());
        } catch (IllegalArgumentException ex) {
          sig = new byte[0];
        }
        if (!EcKeys.verify(key, Receipts.signedBytes(rc), sig)) {
          failures.add(new Failure(at, "the receipt's signature does not verify with its node's key"));
          continue;
        }
        if (!e.ballotId().equals(rc.ballotId())
            || !c.election().extendedBaseHash().toHex().equals(rc.electionId())) {
          failures.add(new Failure(at, "the receipt is for another ballot or election"));
          continue;
        }
        List<EvoteLogJson.Line> log = r.logs.get(rc.nodeId());
        long pos = rc.logPosition();
        if (log == null || pos >= log.size() || !log.get((int) pos).hash().equals(rc.logHash())) {
          failures.add(new Failure(at, "the receipt's log position and hash are not in its node's log"));
          continue;
        }
        JsonNode p = EvoteRecord.payload(log.get((int) pos));
        if (p == null || !e.ballotId().equals(p.path("ballot_id").asText())
            || !c.election().extendedBaseHash().toHex().equals(p.path("election_id").asText())
            || !p.path("confirmation_code").asText().equals(rc.confirmationCode())) {
          failures.add(new Failure(at, "the log record the receipt points to is not this ballot"));
        } else if (!e.state().equals(p.path("state").asText()) || !e.state().equals(rc.state())) {
          // E.2 reads the state from the log, E.1 checks the voter signed the envelope's.
          failures.add(new Failure(at, "the envelope's state " + e.state() + " is not the one the node logged ("
              + p.path("state").asText() + ") and receipted (" + rc.state() + ")"));
        }
      }
      for (String id : r.loggedBallots(c.election().extendedBaseHash().toHex()).keySet()) {
        if (!r.envelopes.containsKey(id)) {
          failures.add(new Failure("ballot " + id, "was acknowledged (it is in a node log) but is not in the record"));
        } else if (!java.nio.file.Files.exists(c.files().encryptedBallotsDir())) {
          failures.add(new Failure("ballot " + id, "was acknowledged but encrypted_ballots/ is missing"));
        }
      }
      return checked[0] + " receipts signed by their node and found in its log; every logged ballot is in the record";
    }
  }

  /**
   * E.5: every record that changes the count without a ballot (the election's creation, its
   * opening and closing, an in-person vote) and the published results carry the official's signed
   * request (for the results, signing their SHA-256; they follow the close): an ES256 token
   * from the officials' key in evote/officials.json, for this election and this very action (and,
   * for an in-person vote, this voter), valid when the node logged it (a close relayed by another
   * node excepted). The election opens before it closes and never opens again, and no ballot
   * follows a close in a node's log.
   */
  static final class OfficialActions extends Base {
    private static final long SKEW_SECONDS = 60;

    OfficialActions() {
      super("E.5", "Officials' signed actions (creation, opening, closing, in-person votes, results)");
    }

    @Override
    String check(ExtensionContext c, EvoteRecord r, List<Failure> failures, long[] checked) {
      String he = c.election().extendedBaseHash().toHex();
      Map<String, String> lastStatus = new TreeMap<>();
      Set<String> closed = new TreeSet<>();
      for (Map.Entry<String, List<EvoteLogJson.Line>> e : r.logs.entrySet()) {
        for (EvoteLogJson.Line l : e.getValue()) {
          JsonNode p = EvoteRecord.payload(l);
          if (p == null || !he.equals(p.path("election_id").asText())) {
            continue;
          }
          String type = p.path("type").asText();
          if ("ballot".equals(type) && closed.contains(e.getKey())) {
            failures.add(new Failure("evote/logs/" + e.getKey() + ".jsonl position " + l.position() + " (ballot "
                + p.path("ballot_id").asText() + ")", "logged after the election was closed in this log"));
            continue;
          }
          String action = switch (type) {
            case "election" -> "create";
            case "status" -> switch (p.path("status").asText()) {
              case "OPEN" -> "open";
              case "CLOSED" -> "close";
              default -> "";
            };
            case "in_person" -> "in_person";
            case "results" -> "results";
            default -> null;
          };
          if (action == null) {
            continue;
          }
          checked[0]++;
          String at = "evote/logs/" + e.getKey() + ".jsonl position " + l.position() + " (" + type + ")";
          if (action.isEmpty()) {
            failures.add(new Failure(at, "status '" + p.path("status").asText() + "' is not OPEN or CLOSED"));
            continue;
          }
          String problem = requestProblem(p, action, he, r);
          if (problem != null) {
            failures.add(new Failure(at, problem));
            continue;
          }
          if ("results".equals(type) && !closed.contains(e.getKey())) {
            failures.add(new Failure(at, "results published before the election was closed in this log"));
          }
          if ("status".equals(type)) {
            if ("close".equals(action)) {
              closed.add(e.getKey());
            }
            String prev = lastStatus.put(e.getKey(), p.path("status").asText());
            if ("open".equals(action) && "CLOSED".equals(prev)) {
              failures.add(new Failure(at, "the election is opened again after it was closed"));
            }
          }
        }
      }
      return checked[0] + " officials' actions, each with a request signed by the officials' key for this election and action";
    }

    /** Why a logged action's request is not acceptable, or null. */
    private static String requestProblem(JsonNode p, String action, String electionId, EvoteRecord r) {
      String token = p.path("request").asText("");
      if (token.isEmpty()) {
        return "carries no signed request from an official";
      }
      if (r.officialsKey == null) {
        return "cannot be checked: no officials' key";
      }
      Es256Jwt.Verified v = Es256Jwt.verify(token, r.officialsKey, "the officials' key");
      if (v.claims() == null) {
        return "the official's request: " + v.problem();
      }
      JsonNode cl = v.claims();
      JsonNode aud = cl.path("aud");
      boolean audOk = aud.isArray() ? Tokens.contains(aud, "evote") : "evote".equals(aud.asText());
      if (!audOk || !"official".equals(cl.path("role").asText())) {
        return "the request is not an evote official's token";
      }
      if (!electionId.equals(cl.path("election").asText())) {
        return "the request is for another election";
      }
      if (!action.equals(cl.path("action").asText())) {
        return "the request is for the action '" + cl.path("action").asText() + "', not '" + action + "'";
      }
      if ("in_person".equals(action) && !p.path("voter").asText().equals(cl.path("voter").asText())) {
        return "the request is for voter '" + cl.path("voter").asText() + "', the record names '" + p.path("voter").asText() + "'";
      }
      if ("results".equals(action) && !sha256Hex(p.path("results").asText().getBytes(StandardCharsets.UTF_8))
          .equals(cl.path("body_sha256").asText())) {
        return "the request signs other results than the ones logged (body_sha256)";
      }
      if (!p.path("official").asText().equals(cl.path("sub").asText())) {
        return "the record names official '" + p.path("official").asText() + "', the request '" + cl.path("sub").asText() + "'";
      }
      try {
        long at = Instant.parse(p.path("time").asText()).getEpochSecond();
        // A relayed close repeats, in another node's log, a close that node learned from the
        // cluster, possibly long after the official's request expired: it must still be that request.
        boolean relayed = "true".equals(p.path("relayed").asText());
        if (!cl.has("exp") || (!relayed && cl.path("exp").asLong() + SKEW_SECONDS < at)) {
          return "the request had expired when the node logged it";
        }
      } catch (java.time.format.DateTimeParseException ex) {
        return "the record's time is not an instant";
      }
      return null;
    }
  }

  /**
   * E.6: the labels voters read in each language ({@code evote/labels.json}, when the record has
   * it) are well formed (every label in every language listed, non-blank and bounded) and label
   * exactly the manifest's contests and options: none missing, none the manifest does not have.
   * A record without labels passes, saying that voters read the manifest's names.
   */
  static final class Labels extends Base {
    Labels() {
      super("E.6", "Labels in several languages name exactly the manifest's contests and options");
    }

    @Override
    String check(ExtensionContext c, EvoteRecord r, List<Failure> failures, long[] checked) {
      if (!r.labelsPresent) {
        return "no evote/labels.json: voters read the manifest's names";
      }
      for (org.evote.crypto.record.RecordProblem p : r.labelProblems) {
        failures.add(new Failure(p.source() + " " + p.jsonPath(), p.message()));
      }
      if (r.labels == null) {
        return "evote/labels.json cannot be read";
      }
      for (org.evote.crypto.record.RecordProblem p
          : org.evote.crypto.record.EvoteLabelsJson.againstManifest(r.labels, c.election().manifest(), "evote/labels.json")) {
        failures.add(new Failure(p.source() + " " + p.jsonPath(), p.message()));
      }
      checked[0] = r.labels.contests().size() + r.labels.contests().values().stream().mapToLong(l -> l.options().size()).sum();
      return r.labels.contests().size() + " contests and their options labelled in " + r.labels.languages();
    }
  }

  static String sha256Hex(byte[] b) {
    try {
      return EvoteRecord.hex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] genesis(String nodeId) {
    return sha256("evote-log".getBytes(StandardCharsets.UTF_8), nodeId.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] sha256(byte[] a, byte[] b) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(a);
      d.update(b);
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}

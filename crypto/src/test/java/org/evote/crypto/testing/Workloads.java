package org.evote.crypto.testing;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.evote.crypto.election.Election;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.election.ElectionHashes;
import org.evote.crypto.election.ElectionInitialized;
import org.evote.crypto.election.GuardianRecord;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.election.PlaintextBallot;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.SchnorrProof;
import org.evote.crypto.proof.SchnorrProofs;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.secret.SecretScalar;

/**
 * Test data, not production code: the standard workloads of the project brief, built
 * deterministically: W1 (a referendum, one contest of 4 options, limit 1) and W2 (12 contests of
 * 4 options, limit 1 each), ballots chosen from a seed, and one-guardian elections. Tests of
 * every module use it through crypto's test jar, and so do the tools in {@code benchmarks} and
 * {@code demo}.
 */
public final class Workloads {
  private Workloads() {}

  /** The ballot style every workload ballot uses. */
  public static final String STYLE = "all";

  /** W1: one contest, one choice among 4 options. */
  public static Manifest w1() {
    return manifest("W1-referendum", 1);
  }

  /** W2: 12 contests of 4 selections each, limit 1 each (egk-ec's benchmark ballot). */
  public static Manifest w2() {
    return manifest("W2-general", 12);
  }

  private static Manifest manifest(String scope, int contests) {
    List<Manifest.Candidate> candidates = new ArrayList<>();
    List<Manifest.Contest> list = new ArrayList<>();
    for (int c = 1; c <= contests; c++) {
      List<Manifest.Selection> sels = new ArrayList<>();
      for (int s = 1; s <= 4; s++) {
        String cand = "c" + c + "-option" + s;
        candidates.add(new Manifest.Candidate(cand, "Option " + s, null, false));
        sels.add(new Manifest.Selection("contest" + c + "-selection" + s, s, cand));
      }
      list.add(new Manifest.Contest("contest" + c, c, "district", "one_of_m", 1, 1,
          "Contest " + c, sels, null, null, 1));
    }
    return RecordCodec.newManifest(scope, "v2.0.0", "general",
        List.of(new Manifest.GeopoliticalUnit("district", "District", "county")),
        List.of(), candidates,
        List.of(new Manifest.BallotStyle(STYLE, List.of("district"), List.of())), list);
  }

  /** The demo's W1-only ballot style. */
  public static final String REFERENDUM_STYLE = "referendum";

  /** The demo's W2-style ballot style: the referendum plus 12 contests. */
  public static final String GENERAL_STYLE = "general";

  /**
   * The demo election: a W1 referendum (contest 1, 4 options, limit 1) on every ballot, and a
   * W2-style ballot style with 12 more contests of 4 options, limit 1 each.
   */
  public static Manifest demo() {
    List<Manifest.Candidate> candidates = new ArrayList<>();
    List<Manifest.Contest> list = new ArrayList<>();
    for (int c = 1; c <= 13; c++) {
      List<Manifest.Selection> sels = new ArrayList<>();
      for (int s = 1; s <= 4; s++) {
        String cand = "c" + c + "-option" + s;
        candidates.add(new Manifest.Candidate(cand, "Option " + s, null, false));
        sels.add(new Manifest.Selection("contest" + c + "-selection" + s, s, cand));
      }
      String unit = c == 1 ? "state" : "county";
      list.add(new Manifest.Contest("contest" + c, c, unit, "one_of_m", 1, 1,
          c == 1 ? "Referendum" : "Contest " + c, sels, null, null, 1));
    }
    return RecordCodec.newManifest("evote-demo", "v2.0.0", "general",
        List.of(new Manifest.GeopoliticalUnit("state", "State", "state"),
            new Manifest.GeopoliticalUnit("county", "County", "county")),
        List.of(), candidates,
        List.of(new Manifest.BallotStyle(REFERENDUM_STYLE, List.of("state"), List.of()),
            new Manifest.BallotStyle(GENERAL_STYLE, List.of("state", "county"), List.of())),
        list);
  }

  /**
   * A valid ballot of the given style: in each contest, one option chosen uniformly from the
   * seed, or none with probability 1/10.
   */
  public static PlaintextBallot randomBallot(Manifest manifest, String style, String ballotId, Random random) {
    List<PlaintextBallot.Contest> contests = new ArrayList<>();
    for (Manifest.Contest c : manifest.contestsForStyle(style).orElseThrow()) {
      contests.add(choosing(c, random.nextInt(c.selections().size() * 10 / 9 + 1)));
    }
    return new PlaintextBallot(ballotId, style, contests);
  }

  /** The contest with a vote for its option {@code pick} (0-based) only; none when pick is past its last option. */
  public static PlaintextBallot.Contest choosing(Manifest.Contest c, int pick) {
    List<PlaintextBallot.Selection> sels = new ArrayList<>();
    for (int i = 0; i < c.selections().size(); i++) {
      Manifest.Selection s = c.selections().get(i);
      sels.add(new PlaintextBallot.Selection(s.selectionId(), s.sequenceOrder(), i == pick ? 1 : 0));
    }
    return new PlaintextBallot.Contest(c.contestId(), c.sequenceOrder(), sels, List.of());
  }

  /** An election with one guardian (n = k = 1), for examples and benchmarks. */
  public record SingleGuardian(ElectionConfig config, ElectionInitialized initialized, Election election) {}

  /**
   * Sets up an election keyed by one guardian whose secret key is {@code secret}: K = g^s, with
   * its Schnorr proof, and H_P, H_M, H_B, H_E computed as the spec says.
   */
  public static SingleGuardian singleGuardian(
      Group group, Manifest manifest, SecretScalar secret, SecureRandom random) {
    UInt256 hp = ElectionHashes.parameterBaseHash(group.constants());
    UInt256 hm = ElectionHashes.manifestHash(hp, manifest.bytes());
    UInt256 hb = ElectionHashes.electionBaseHash(hp, hm, 1, 1);
    ElectionConfig config =
        new ElectionConfig("2.1.0", 1, 1, hp, hm, hb, false, ByteString.EMPTY, Map.of());
    SchnorrProof proof = SchnorrProofs.prove(hp, 1, 0, secret, random);
    UInt256 he = ElectionHashes.extendedBaseHash(hb, proof.publicKey());
    ElectionInitialized init = new ElectionInitialized(
        proof.publicKey(), he, List.of(new GuardianRecord("guardian1", 1, List.of(proof))), Map.of());
    return new SingleGuardian(config, init, Election.of(group, manifest, config, init));
  }
}

package org.evote.tally;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.evote.crypto.election.BallotEncryptor;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.Election;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.election.PlaintextBallot;
import org.evote.crypto.group.Group;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.testing.Workloads;
import org.evote.tally.decrypt.DecryptingShare;
import org.evote.tally.guardian.GuardianState;
import org.evote.tally.keyceremony.CeremonyParameters;
import org.evote.tally.keyceremony.InProcessKeyCeremony;
import org.evote.tally.record.OpenRecord;
import org.evote.tally.transport.InMemoryTransport;

/**
 * A small election built for a test: an in-process key ceremony, the record files, and ballots
 * encrypted with the real BallotEncryptor from seeded choices, with the plaintext sums to compare
 * against.
 */
public final class TestElection {
  public final Path dir;
  public final CeremonyParameters parameters;
  public final List<GuardianState> guardians;
  public final OpenRecord record;
  public final Election election;
  /** The sum of the CAST ballots' votes, by "contest/selection". */
  public final Map<String, Long> expected;
  /** The plaintext of each CHALLENGED ballot, by id. */
  public final Map<String, PlaintextBallot> challenged;

  private TestElection(Path dir, CeremonyParameters parameters, List<GuardianState> guardians, OpenRecord record,
      Election election, Map<String, Long> expected, Map<String, PlaintextBallot> challenged) {
    this.dir = dir;
    this.parameters = parameters;
    this.guardians = guardians;
    this.record = record;
    this.election = election;
    this.expected = expected;
    this.challenged = challenged;
  }

  /**
   * @param challengedEvery every this-many-th ballot is CHALLENGED (0: none)
   */
  public static TestElection create(Path dir, Group group, Manifest manifest, int n, int k, int ballots,
      int challengedEvery, long seed) throws IOException {
    SecureRandom random = new SecureRandom();
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add("guardian" + i);
    }
    CeremonyParameters p = CeremonyParameters.create("test-" + seed, group, manifest, ids, k, false);
    InProcessKeyCeremony.Result r = InProcessKeyCeremony.run(new InMemoryTransport(), p, manifest, random).value();
    ElectionRecordFiles files = new ElectionRecordFiles(dir, new RecordCodec(group));
    files.writeConstants(group.constants());
    files.writeManifest(manifest);
    files.writeConfig(p.toConfig());
    files.writeInitialized(r.initialized());
    Election election = Election.of(group, manifest, p.toConfig(), r.initialized());
    Map<String, Long> expected = new LinkedHashMap<>();
    manifest.contests().forEach(c -> c.selections().forEach(s -> expected.put(c.contestId() + "/" + s.selectionId(), 0L)));
    Map<String, PlaintextBallot> challenged = writeBallots(files, election, ballots, challengedEvery, seed, expected);
    return new TestElection(dir, p, r.guardians(), OpenRecord.open(dir).value(), election, expected, challenged);
  }

  /** Encrypts and writes W-workload ballots into two device folders; returns the challenged plaintexts. */
  public static Map<String, PlaintextBallot> writeBallots(ElectionRecordFiles files, Election election, int ballots,
      int challengedEvery, long seed, Map<String, Long> expected) throws IOException {
    BallotEncryptor encryptor = new BallotEncryptor(election);
    Random choices = new Random(seed);
    Map<String, PlaintextBallot> challenged = new LinkedHashMap<>();
    for (int i = 0; i < ballots; i++) {
      PlaintextBallot b = Workloads.randomBallot(election.manifest(), Workloads.STYLE, "ballot-" + i, choices);
      boolean isChallenged = challengedEvery > 0 && i % challengedEvery == challengedEvery - 1;
      String device = "device-" + (i % 2);
      EncryptedBallot e = encryptor.encrypt(b, BallotNonce.random(new SecureRandom()), ByteString.EMPTY, device, 1000 + i)
          .withState(isChallenged ? BallotState.CHALLENGED : BallotState.CAST);
      files.writeEncryptedBallot(device, e);
      if (isChallenged) {
        challenged.put(b.ballotId(), b);
      } else {
        for (PlaintextBallot.Contest c : b.contests()) {
          for (PlaintextBallot.Selection s : c.selections()) {
            expected.merge(c.contestId() + "/" + s.selectionId(), (long) s.vote(), Long::sum);
          }
        }
      }
    }
    return challenged;
  }

  /** The decrypting shares of the named guardians. */
  public List<DecryptingShare> shares(String... ids) {
    List<DecryptingShare> out = new ArrayList<>();
    for (String id : ids) {
      GuardianState s = guardians.stream().filter(g -> g.guardianId().equals(id)).findFirst().orElseThrow();
      out.add(new DecryptingShare(s.guardianId(), s.xCoordinate(), s.keyShare().orElseThrow(), s.electionBaseHash()));
    }
    return out;
  }
}

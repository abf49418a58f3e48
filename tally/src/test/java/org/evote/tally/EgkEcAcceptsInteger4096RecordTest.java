package org.evote.tally;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.group.Groups;
import org.evote.crypto.testing.EgkEcVerifier;
import org.evote.crypto.testing.Workloads;
import org.evote.tally.aggregate.Progress;
import org.evote.tally.aggregate.StateCountingPolicy;
import org.evote.tally.record.OpenRecord;
import org.evote.tally.record.TallyCeremony;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * egk-ec's own verifier, in its own JVM, on an Integer4096 record our code wrote end to end: key
 * ceremony, encryption, aggregation and a decryption with a guardian missing. The P-256 records
 * are checked where they are made (the demo's, the CLI ceremony's).
 */
class EgkEcAcceptsInteger4096RecordTest {

  @Test
  @DisplayName("an Integer4096 record with CAST, CHALLENGED and UNKNOWN ballots, decrypted by 2 of 3 guardians, verifies with egk-ec; made CAST, the UNKNOWN one fails its step 8")
  void integer4096(@TempDir Path dir) throws Exception {
    TestElection e = TestElection.create(dir, Groups.integer4096(), Workloads.w1(), 3, 2, 8, 4, 4096);
    // A ballot that does not count (as evote's export marks a superseded one): verified, not aggregated.
    EncryptedBallot first = e.record.files().readEncryptedBallot("device-0", "ballot-0").value();
    e.record.files().writeEncryptedBallot("device-0", first.withState(BallotState.UNKNOWN));

    OpenRecord record = OpenRecord.open(dir).value();
    TallyCeremony.Prepared prepared = TallyCeremony.aggregate(record, "tally", StateCountingPolicy.INSTANCE, 2,
        Progress.NONE).value();
    assertThat(prepared.tally().castBallotIds()).hasSize(5).doesNotContain("ballot-0");
    TallyCeremony.Written written = TallyCeremony.decryptInProcess(record, e.shares("guardian1", "guardian3"), prepared, dir,
        new SecureRandom()).value();
    assertThat(written.ballotsWritten()).isEqualTo(2);

    EgkEcVerifier.Run run = EgkEcVerifier.assertVerified(dir);
    assertThat(run.output()).contains("verify 8 EncryptedBallots = true").contains(" 8. verifyBallotAggregation true")
        .contains("12,13,14. verify 2 ChallengedBallots true");
    System.out.println("egk-ec verified the Integer4096 record in " + run.took().toMillis() + " ms");

    // The control: the same record with the UNKNOWN ballot made CAST is rejected at step 8, so
    // the state is what keeps a ballot out of egk-ec's aggregate, and a rejection is seen.
    e.record.files().writeEncryptedBallot("device-0", first.withState(BallotState.CAST));
    EgkEcVerifier.Run rejected = EgkEcVerifier.run(dir);
    assertThat(rejected.verified()).as(rejected.output()).isFalse();
    assertThat(rejected.exitCode()).isNotZero();
    assertThat(rejected.output()).contains("8.A  Ballot Aggregation does not match").contains("verify allOK = false");
  }
}

package org.evote.crypto.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.testing.Conformance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("egk-ec's P-256 record (allAvailableEc)")
class P256ConformanceRecordTest extends ConformanceRecordTestBase {
  @Override
  String recordName() {
    return Conformance.EC;
  }

  @Test
  @DisplayName("challenged ballots hold b_over_m values that are the identity, written as 33 0xFF bytes")
  void identityBOverM() {
    long identities = dballots.stream()
        .flatMap(l -> l.parsed().value().contests().stream())
        .flatMap(c -> c.selections().stream())
        .map(DecryptedTallyOrBallot.Selection::bOverM)
        .filter(e -> e.isIdentity())
        .count();
    assertThat(identities).isPositive();
  }
}

package org.evote.tally.keyceremony;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.evote.crypto.election.ElectionInitialized;
import org.evote.crypto.election.Manifest;
import org.evote.tally.Checked;
import org.evote.tally.guardian.GuardianState;
import org.evote.tally.transport.CeremonyBoard;
import org.evote.tally.transport.Transport;

/**
 * Runs a whole key ceremony with every guardian in this process, over a given transport (usually
 * an {@link org.evote.tally.transport.InMemoryTransport}): for tests, demos and benchmark set-up.
 * The guardians and the coordinator still exchange only messages through the transport.
 */
public final class InProcessKeyCeremony {
  private InProcessKeyCeremony() {}

  /** The ceremony's result and each guardian's final secret state. */
  public record Result(ElectionInitialized initialized, List<GuardianState> guardians) {
    public Result {
      guardians = List.copyOf(guardians);
    }
  }

  public static Checked<Result> run(Transport transport, CeremonyParameters p, Manifest manifest, SecureRandom random)
      throws IOException {
    CeremonyBoard board = CeremonyBoard.create(transport, p, manifest);
    List<GuardianState> states = new ArrayList<>();
    for (CeremonyParameters.Seat seat : p.guardians()) {
      GuardianState s = KeyCeremonyGuardian.create(p, seat.guardianId(), random);
      board.publish(KeyCeremonyGuardian.commitments(p, s, random));
      states.add(s);
    }
    for (int i = 0; i < states.size(); i++) {
      Checked<KeyCeremonyGuardian.SharesStep> step =
          KeyCeremonyGuardian.shares(p, states.get(i), board.allCommitments(), random);
      if (!step.isOk()) {
        return Checked.failed(step.reasons());
      }
      for (EncryptedShare share : step.value().shares()) {
        board.publish(share);
      }
      states.set(i, step.value().state());
    }
    for (int i = 0; i < states.size(); i++) {
      GuardianState s = states.get(i);
      Optional<ShareReport> previous = board.latestReport(s.guardianId()).map(r -> r.orElseThrow());
      Checked<KeyCeremonyGuardian.VerifyStep> step = KeyCeremonyGuardian.verifyShares(p, s, board.allCommitments(),
          board.sharesFor(s.guardianId()), board.answersFor(s.guardianId()), previous);
      if (!step.isOk()) {
        return Checked.failed(step.reasons());
      }
      if (step.value().changed()) {
        board.publish(step.value().report());
      }
      states.set(i, step.value().state());
    }
    return KeyCeremonyCoordinator.finish(board).map(init -> new Result(init, states));
  }
}

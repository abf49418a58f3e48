package org.evote.tally.decrypt;

import java.util.List;
import org.evote.crypto.group.Element;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.util.Require;

/**
 * Message: the coordinator's request that opens a decryption session: what is decrypted (the
 * encrypted tally and the challenged ballots), in which election (K, H_E), and the texts in the
 * order of every later message of the session.
 *
 * @param sessionId a fresh id; a guardian commits at most once per session
 * @param extendedBaseHash H_E
 * @param jointKey K
 * @param tallyId the encrypted tally's id
 * @param challengedBallots the challenged ballots decrypted with it
 * @param texts the texts, tally first, then each ballot's selections and contest data
 */
public record DecryptionRequest(
    String sessionId,
    UInt256 extendedBaseHash,
    Element jointKey,
    String tallyId,
    List<BallotRef> challengedBallots,
    List<DecryptionText> texts) {
  public DecryptionRequest {
    Require.nonNull(
        "sessionId", sessionId, "extendedBaseHash", extendedBaseHash, "jointKey", jointKey, "tallyId", tallyId);
    challengedBallots = List.copyOf(challengedBallots);
    texts = List.copyOf(texts);
  }
}

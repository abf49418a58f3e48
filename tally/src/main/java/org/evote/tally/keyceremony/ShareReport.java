package org.evote.tally.keyceremony;

import java.util.List;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.util.Require;

/**
 * Message: a guardian's public report on the shares it received (ElectionGuard 2.0 §3.2.2, "Share
 * verification": guardians publicly report having confirmed or failed to confirm eq. 21). A
 * guardian publishes revision 1 after its first check and a higher revision when a complaint is
 * resolved; the highest revision counts. Earlier revisions stay published.
 *
 * @param guardianId the reporting guardian G_ℓ
 * @param revision 1, 2, ...
 * @param confirmed the senders whose share G_ℓ confirmed (directly or from a valid reveal)
 * @param complaints the senders whose share G_ℓ could not confirm, with the reason
 */
public record ShareReport(
    String ceremonyId,
    UInt256 electionBaseHash,
    String guardianId,
    int revision,
    List<String> confirmed,
    List<Complaint> complaints) {

  /**
   * A complaint against a sender.
   *
   * @param accusedId G_i
   * @param reason what failed (the MAC, eq. 21, or the reveal)
   */
  public record Complaint(String accusedId, String reason) {
    public Complaint {
      Require.nonNull("accusedId", accusedId, "reason", reason);
    }
  }

  public ShareReport {
    Require.nonNull("ceremonyId", ceremonyId, "electionBaseHash", electionBaseHash, "guardianId", guardianId);
    if (revision < 1) {
      throw new IllegalArgumentException("report revisions start at 1, got " + revision);
    }
    confirmed = List.copyOf(confirmed);
    complaints = List.copyOf(complaints);
  }

  /** Whether the content (not the revision) equals another report's. */
  public boolean sameFindings(ShareReport other) {
    return other != null && confirmed.equals(other.confirmed) && complaints.equals(other.complaints);
  }
}

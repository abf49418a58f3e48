package org.evote.tally.keyceremony;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.proof.Outcome;
import org.evote.crypto.proof.SchnorrProofs;
import org.evote.crypto.secret.SecretScalar;
import org.evote.tally.Checked;

/** The checks on key ceremony messages that guardians and the coordinator share. */
public final class KeyCeremonyChecks {
  private KeyCeremonyChecks() {}

  /**
   * Verification 2 for one guardian's message: it has exactly k commitments, and each Schnorr
   * proof verifies (2.1, 2.C); K_{i,j} is a valid non-identity element (2.A) and v_{i,j} is in
   * Z_q (2.B) since it was decoded. Empty when all is well.
   */
  public static List<String> checkCommitments(CeremonyParameters p, CoefficientCommitments c) {
    List<String> out = new ArrayList<>();
    Optional<CeremonyParameters.Seat> seat = p.seat(c.guardianId());
    if (seat.isEmpty()) {
      out.add("\"" + c.guardianId() + "\" is not a guardian of this ceremony");
      return out;
    }
    if (seat.get().xCoordinate() != c.xCoordinate()) {
      out.add("guardian " + c.guardianId() + " claims x coordinate " + c.xCoordinate()
          + ", its seat has " + seat.get().xCoordinate());
      return out;
    }
    if (c.proofs().size() != p.quorum()) {
      out.add("guardian " + c.guardianId() + " published " + c.proofs().size()
          + " commitments, the quorum k = " + p.quorum() + " needs exactly k");
      return out;
    }
    for (int j = 0; j < c.proofs().size(); j++) {
      if (c.proofs().get(j).publicKey().group() != p.group()) {
        out.add("guardian " + c.guardianId() + "'s commitment " + j + " is not in " + p.group().name());
        continue;
      }
      Outcome o = SchnorrProofs.verify(p.parameterBaseHash(), c.xCoordinate(), j, c.proofs().get(j));
      if (!o.valid()) {
        out.add("guardian " + c.guardianId() + "'s Schnorr proof for coefficient K_" + c.xCoordinate() + "," + j
            + " fails Verification 2: " + o.reason());
      }
    }
    return out;
  }

  /** eq. 21: g^{P_i(ℓ)} = Π_j (K_{i,j})^{ℓ^j}. */
  public static boolean shareMatchesCommitments(
      Group group, List<Element> commitments, int ell, SecretScalar share) {
    return group.gExp(group.check("share", share)).equals(Commitments.valueAt(group, commitments, ell));
  }

  /**
   * Decrypts G_i's share for G_ℓ and checks it against G_i's commitments (eq. 20, 21). Fails with
   * the reason a complaint carries.
   */
  public static Checked<SecretScalar> openShare(
      CeremonyParameters p, CoefficientCommitments sender, CoefficientCommitments recipient,
      SecretScalar recipientSecretKey, EncryptedShare share) {
    Checked<SecretScalar> opened = ShareEncryption.decrypt(
        p.parameterBaseHash(), sender.xCoordinate(), recipient.xCoordinate(), recipient.publicKey(),
        recipientSecretKey, share.ciphertext());
    if (!opened.isOk()) {
      return opened;
    }
    if (!shareMatchesCommitments(p.group(), sender.commitments(), recipient.xCoordinate(), opened.value())) {
      return Checked.failed("the share P_" + sender.xCoordinate() + "(" + recipient.xCoordinate()
          + ") does not match " + sender.guardianId() + "'s commitments (eq. 21)");
    }
    return opened;
  }

  /**
   * The spec's complaint resolution (§3.2.2): the revealed P_i(ℓ) and ξ_{i,ℓ} must reproduce the
   * published encryption E_ℓ(P_i(ℓ)) exactly and satisfy eq. 21. If so, the complaint is dismissed
   * and the revealed share is G_ℓ's share; if not, G_i is at fault.
   */
  public static Checked<SecretScalar> checkAnswer(
      CeremonyParameters p, CoefficientCommitments sender, CoefficientCommitments recipient,
      EncryptedShare published, ComplaintAnswer answer) {
    SecretScalar share = SecretScalar.of(answer.share());
    SecretScalar nonce = SecretScalar.of(answer.nonce());
    List<String> reasons = new ArrayList<>();
    if (!ShareEncryption.reproduces(p.parameterBaseHash(), sender.xCoordinate(), recipient.xCoordinate(),
        recipient.publicKey(), share, nonce, published.ciphertext())) {
      reasons.add("the revealed share and nonce do not reproduce the published encryption (eq. 14-19)");
    }
    if (!shareMatchesCommitments(p.group(), sender.commitments(), recipient.xCoordinate(), share)) {
      reasons.add("the revealed share does not match the sender's commitments (eq. 21)");
    }
    return reasons.isEmpty() ? Checked.ok(share) : Checked.failed(reasons);
  }
}

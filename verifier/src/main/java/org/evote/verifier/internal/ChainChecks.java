package org.evote.verifier.internal;

import java.util.Arrays;
import java.util.HashSet;

import java.util.Optional;
import java.util.Set;
import org.evote.crypto.election.BallotChain;
import org.evote.crypto.election.ConfirmationCodes;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.RecordProblem;

/**
 * Verification 7.D to 7.G (ElectionGuard 2.0 §3.4.3, eq. 59-61): when the configuration chains
 * confirmation codes, every device folder's ballots form one chain in the order its
 * ballot_chain.json gives, closed by the closing hash.
 *
 * <p>B_aux,0 is the configured one, or, when that is empty, the device name's UTF-8 bytes, as
 * egk-ec does. The device is the one ballot_chain.json names, which must be the folder's (spaces
 * written as "_").
 */
final class ChainChecks {
  private ChainChecks() {}

  static void run(Check check, ElectionConfig config, UInt256 he, BallotFiles listing, ElectionRecordFiles files,
      ChainLinks links, Problems problems) {
    if (!config.chainConfirmationCodes()) {
      check.notApplicable("not applicable: chain_confirmation_codes is false in election_config.json");
      return;
    }
    long order = 0;
    int devices = 0;
    long chained = 0;
    for (String folder : listing.devices()) {
      String dir = folder.isEmpty() ? ElectionRecordFiles.ENCRYPTED_BALLOTS_DIR : ElectionRecordFiles.ENCRYPTED_BALLOTS_DIR + "/" + folder;
      String at = dir + "/" + ElectionRecordFiles.BALLOT_CHAIN_FILE;
      ChainLinks.Device device = links.device(folder);
      Optional<Parsed<BallotChain>> read = files.readBallotChain(folder);
      if (read.isEmpty() && device.size() == 0) {
        continue; // a folder without ballots and without a chain: nothing to chain
      }
      devices++;
      if (read.isEmpty()) {
        check.fail(order++, dir, "7.D: chaining is on, but the device folder has no "
            + ElectionRecordFiles.BALLOT_CHAIN_FILE + " (" + device.size() + " ballots are unchained)");
        continue;
      }
      if (!read.get().isOk()) {
        RecordProblem p = read.get().problem();
        problems.add(new RecordProblem(at, p.jsonPath(), p.message()));
        check.fail(order++, at, "cannot be checked: the file could not be read");
        continue;
      }
      BallotChain chain = read.get().value();
      if (!folder.isEmpty() && !chain.encryptingDevice().replace(' ', '_').equals(folder)) {
        check.fail(order++, at, "7.D: the chain is for device \"" + RawConstants.clip(chain.encryptingDevice())
            + "\", but it sits in the folder of device " + folder);
      }
      if (!chain.extendedBaseHash().equals(he)) {
        check.fail(order++, at, "the chain is for election " + chain.extendedBaseHash().toHex()
            + ", not this election (H_E = " + he.toHex() + ")");
      }
      ByteString baux0 = ConfirmationCodes.deviceBaux0(config.baux0(), chain.encryptingDevice());
      if (!chain.baux0().equals(baux0)) {
        check.fail(order++, at, "7.D: B_aux,0 is not "
            + (config.baux0().isEmpty() ? "the device name, as the configuration's B_aux,0 is empty" : "the configuration's B_aux,0"));
      }
      // 7.D, 7.E: H_0 = H(H_E; 0x24, B_aux,0); B_aux,j = H(B_j-1) ∥ B_aux,0.
      UInt256 previous = ConfirmationCodes.chainStart(he, baux0);
      String previousName = "H_0 = H(H_E; 0x24, B_aux,0)";
      Set<String> listed = new HashSet<>();
      int position = 0;
      for (String id : chain.ballotIds()) {
        String bat = "ballot " + id;
        if (!listed.add(id)) {
          check.fail(order++, at, "7.E: ballot " + id + " is listed twice in the chain");
          continue;
        }
        int entry = device.find(id);
        if (entry < 0) {
          check.fail(order++, at, "7.E: ballot " + id + " of the chain is not in the device folder");
          continue;
        }
        device.use(entry);
        chained++;
        position++;
        byte[] expected = ConfirmationCodes.chainedBaux(previous, baux0).bytes();
        if (!Arrays.equals(expected, device.codeBaux(entry))) {
          check.fail(order++, bat, (position == 1 ? "7.D" : "7.E") + ": B_aux is not " + previousName + " ∥ B_aux,0");
        }
        previous = device.code(entry);
        previousName = "H(B) of the previous ballot " + id;
      }
      for (int e = 0; e < device.size(); e++) {
        if (!device.used(e)) {
          check.failReferring(order++, dir, "7.E: a ballot of the device folder is missing from its chain:", device.ordinal(e));
        }
      }
      // 7.F: the chain's last code is its last ballot's; 7.G: the closing hash.
      if (!chain.lastConfirmationCode().equals(previous)) {
        check.fail(order++, at, "7.F: last_confirmation_code is not the confirmation code of the chain's last ballot");
      }
      if (chain.closingHash() == null) {
        check.fail(order++, at, "7.G: the chain is not closed: there is no closing_hash");
      } else if (!chain.closingHash().equals(ConfirmationCodes.chainClose(he, previous, baux0))) {
        check.fail(order++, at, "7.G: closing_hash is not H(H_E; 0x24, H(B_ℓ) ∥ B_aux,0 ∥ \"CLOSE\") (eq. 61)");
      }
    }
    check.checked(chained);
    check.detail(devices + " device chain" + (devices == 1 ? "" : "s") + ", " + chained + " chained ballots, each closed");
  }

}

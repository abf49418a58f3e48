package org.evote.tally.record;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.evote.crypto.election.GuardianRecord;
import org.evote.crypto.election.TrusteeSecrets;
import org.evote.crypto.group.Element;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.secret.SecretScalar;
import org.evote.tally.Checked;
import org.evote.tally.decrypt.DecryptingShare;
import org.evote.tally.guardian.GuardianState;
import org.evote.tally.keyceremony.Commitments;
import org.evote.tally.vault.GuardianVault;

/**
 * Loads the key shares of the guardians available in one process from a folder: egk-ec's trustee
 * files ({@code decryptingTrustee-<id>.json}, secrets in clear) or this project's encrypted
 * guardian state files ({@code <id>.state.json}, opened with each guardian's passphrase).
 *
 * <p>Every share is checked against the record before use: the guardian must be in
 * election_initialized.json with the same x coordinate, and g^{P(i)} must equal Π_j Π_m
 * K_{j,m}^{i^m} from the published commitments (eq. 74's public key).
 */
public final class Trustees {
  /** egk-ec's trustee file prefix. */
  public static final String EGK_PREFIX = "decryptingTrustee-";
  /** This project's guardian state file suffix. */
  public static final String STATE_SUFFIX = ".state.json";

  private Trustees() {}

  /** Where the passphrase of a guardian's state file comes from. */
  @FunctionalInterface
  public interface Passphrases {
    /** The passphrase for guardian {@code guardianId}'s state file. */
    char[] passphraseFor(String guardianId) throws IOException;
  }

  /** The trustee and state files of a folder, by guardian id (from the file name), sorted. */
  public static Map<String, Path> list(Path dir) throws IOException {
    Map<String, Path> out = new LinkedHashMap<>();
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(files::add);
    }
    Collections.sort(files);
    for (Path p : files) {
      String n = p.getFileName().toString();
      if (n.startsWith(EGK_PREFIX) && n.endsWith(".json")) {
        out.put(n.substring(EGK_PREFIX.length(), n.length() - 5), p);
      } else if (n.endsWith(STATE_SUFFIX) && n.length() > STATE_SUFFIX.length()) {
        out.put(n.substring(0, n.length() - STATE_SUFFIX.length()), p);
      }
    }
    return out;
  }

  /**
   * Loads the shares of the chosen guardians (all in the folder when {@code chosen} is empty).
   * Fails listing every guardian that is missing, unreadable, or does not match the record.
   */
  public static Checked<List<DecryptingShare>> load(
      OpenRecord record, Path dir, Set<String> chosen, Passphrases passphrases, GuardianVault vault) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Checked.failed("the trustees folder " + dir + " does not exist");
    }
    Map<String, Path> files = list(dir);
    List<String> problems = new ArrayList<>();
    for (String id : chosen) {
      if (!files.containsKey(id)) {
        problems.add("no trustee or state file for guardian " + id + " in " + dir);
      }
    }
    if (files.isEmpty()) {
      problems.add("no " + EGK_PREFIX + "*.json or *" + STATE_SUFFIX + " files in " + dir);
    }
    List<DecryptingShare> out = new ArrayList<>();
    for (Map.Entry<String, Path> e : files.entrySet()) {
      if (!chosen.isEmpty() && !chosen.contains(e.getKey())) {
        continue;
      }
      Checked<DecryptingShare> share = e.getValue().getFileName().toString().startsWith(EGK_PREFIX)
          ? fromTrusteeFile(record, e.getValue())
          : fromStateFile(record, e.getKey(), e.getValue(), passphrases, vault);
      if (share.isOk()) {
        out.add(share.value());
      } else {
        problems.addAll(share.reasons());
      }
    }
    return problems.isEmpty() ? Checked.ok(out) : Checked.failed(problems);
  }

  private static Checked<DecryptingShare> fromTrusteeFile(OpenRecord record, Path file) {
    Parsed<TrusteeSecrets> t = ElectionRecordFiles.read(file, record.files().codec()::parseTrustee);
    if (!t.isOk()) {
      return Checked.failed(t.problem().toString());
    }
    return check(record, t.value().id(), t.value().xCoordinate(), t.value().keyShare(), file);
  }

  private static Checked<DecryptingShare> fromStateFile(
      OpenRecord record, String id, Path file, Passphrases passphrases, GuardianVault vault) throws IOException {
    char[] pass = passphrases.passphraseFor(id);
    try {
      Checked<GuardianVault.UnlockedState> opened = vault.open(file, pass, record.binding(), null);
      if (!opened.isOk()) {
        return Checked.failed(opened.reasons());
      }
      try (GuardianVault.UnlockedState u = opened.value()) {
        GuardianState s = u.state();
        if (s.keyShare().isEmpty()) {
          return Checked.failed("guardian " + s.guardianId() + " has no key share P(i): its key ceremony did not complete");
        }
        return check(record, s.guardianId(), s.xCoordinate(), s.keyShare().get(), file);
      }
    } finally {
      java.util.Arrays.fill(pass, '\0');
    }
  }

  private static Checked<DecryptingShare> check(OpenRecord record, String id, int x, SecretScalar keyShare, Path file) {
    Optional<GuardianRecord> g = record.keys().guardian(id);
    String name = file.getFileName().toString();
    if (g.isEmpty()) {
      return Checked.failed(name + ": guardian \"" + id + "\" is not a guardian of this election");
    }
    if (g.get().xCoordinate() != x) {
      return Checked.failed(name + ": guardian " + id + " has x coordinate " + x + ", the record says "
          + g.get().xCoordinate());
    }
    if (keyShare.group() != record.group()) {
      return Checked.failed(name + ": the key share is not in " + record.group().name());
    }
    Element expected = Commitments.jointValueAt(record.group(), record.keys().guardians(), x);
    if (!record.group().gExp(keyShare).equals(expected)) {
      return Checked.failed(name + ": guardian " + id + "'s key share P(" + x
          + ") does not match the commitments in the election record (g^P(i) ≠ Π_j Π_m K_j,m^(i^m))");
    }
    return Checked.ok(new DecryptingShare(id, x, keyShare, record.config().electionBaseHash()));
  }
}

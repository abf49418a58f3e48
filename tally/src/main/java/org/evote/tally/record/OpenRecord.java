package org.evote.tally.record;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.election.ElectionHashes;
import org.evote.crypto.election.ElectionInitialized;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.group.Group;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.Parsed;
import org.evote.tally.Checked;
import org.evote.tally.decrypt.BallotRef;
import org.evote.tally.decrypt.ElectionKeys;
import org.evote.tally.keyceremony.CeremonyParameters;
import org.evote.tally.vault.ElectionBinding;

/**
 * An election record opened for tallying: its group, manifest, configuration and key ceremony
 * result, read and checked (H_E = H(H_B; 0x12, K), Verification 4), with access to its tally and
 * ballots.
 */
public final class OpenRecord {
  private final ElectionRecordFiles files;
  private final Manifest manifest;
  private final ElectionConfig config;
  private final ElectionInitialized initialized;
  private final ElectionKeys keys;

  private OpenRecord(ElectionRecordFiles files, Manifest manifest, ElectionConfig config, ElectionInitialized init) {
    this.files = files;
    this.manifest = manifest;
    this.config = config;
    this.initialized = init;
    this.keys = new ElectionKeys(files.codec().group(), config, init);
  }

  /** Opens the record in {@code dir}; every problem comes back as a reason. */
  public static Checked<OpenRecord> open(Path dir) {
    Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      return Checked.failed("the election record " + dir + " is not a folder");
    }
    Parsed<ElectionRecordFiles> files = ElectionRecordFiles.open(dir);
    if (!files.isOk()) {
      return Checked.failed(files.problem().toString());
    }
    ElectionRecordFiles f = files.value();
    Parsed<Manifest> manifest = f.readManifest();
    Parsed<ElectionConfig> config = f.readConfig();
    Parsed<ElectionInitialized> init = f.readInitialized();
    List<String> problems = new ArrayList<>();
    for (Parsed<?> p : List.of(manifest, config, init)) {
      if (!p.isOk()) {
        problems.add(p.problem().toString());
      }
    }
    if (!problems.isEmpty()) {
      return Checked.failed(problems);
    }
    if (!ElectionHashes.extendedBaseHash(config.value().electionBaseHash(), init.value().jointPublicKey())
        .equals(init.value().extendedBaseHash())) {
      return Checked.failed(ElectionRecordFiles.INITIALIZED_FILE + ": H_E is not H(H_B; 0x12, K) (Verification 4.A)");
    }
    try {
      return Checked.ok(new OpenRecord(f, manifest.value(), config.value(), init.value()));
    } catch (IllegalArgumentException e) {
      return Checked.failed(ElectionRecordFiles.INITIALIZED_FILE + ": " + e.getMessage());
    }
  }

  public ElectionRecordFiles files() {
    return files;
  }

  public Path dir() {
    return files.dir();
  }

  public Group group() {
    return files.codec().group();
  }

  public Manifest manifest() {
    return manifest;
  }

  public ElectionConfig config() {
    return config;
  }

  public ElectionInitialized initialized() {
    return initialized;
  }

  public ElectionKeys keys() {
    return keys;
  }

  /** The election a guardian state file must belong to: the ceremony id (if ours) and H_B. */
  public ElectionBinding binding() {
    return new ElectionBinding(config.metadata().get(CeremonyParameters.CEREMONY_ID_METADATA), config.electionBaseHash());
  }

  /** Whether the record has an encrypted_tally.json. */
  public boolean hasEncryptedTally() {
    return Files.exists(files.encryptedTallyPath());
  }

  /** The record's encrypted tally, checked to be for this election. */
  public Checked<EncryptedTally> encryptedTally() {
    Parsed<EncryptedTally> t = files.readEncryptedTally();
    if (!t.isOk()) {
      return Checked.failed(t.problem().toString());
    }
    if (!t.value().electionId().equals(keys.extendedBaseHash())) {
      return Checked.failed(ElectionRecordFiles.ENCRYPTED_TALLY_FILE + ": it is for election " + t.value().electionId()
          + ", not this record's H_E " + keys.extendedBaseHash());
    }
    return Checked.ok(t.value());
  }

  /** The given ballots, fully parsed; each must be CHALLENGED and for this election. */
  public Checked<List<EncryptedBallot>> challengedBallots(List<BallotRef> refs) {
    List<EncryptedBallot> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (BallotRef r : refs) {
      Parsed<EncryptedBallot> b = files.readEncryptedBallot(r.device(), r.ballotId());
      if (!b.isOk()) {
        problems.add(b.problem().toString());
      } else if (b.value().state() != org.evote.crypto.election.BallotState.CHALLENGED) {
        problems.add("ballot " + r.ballotId() + " is " + b.value().state() + ", not CHALLENGED");
      } else if (!b.value().electionId().equals(keys.extendedBaseHash())) {
        problems.add("ballot " + r.ballotId() + " is for another election");
      } else {
        out.add(b.value());
      }
    }
    return problems.isEmpty() ? Checked.ok(out) : Checked.failed(problems);
  }
}

package org.evote.verifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.evote.crypto.election.BallotChain;
import org.evote.crypto.election.BallotEncryptor;
import org.evote.crypto.election.BallotState;
import org.evote.crypto.election.ConfirmationCodes;
import org.evote.crypto.election.ContestData;
import org.evote.crypto.election.ContestDataCodec;
import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.election.Election;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.election.PlaintextBallot;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.elgamal.ContestDataCipher;
import org.evote.crypto.elgamal.ElGamal;
import org.evote.crypto.elgamal.HashedCiphertext;
import org.evote.crypto.elgamal.PublicKey;
import org.evote.crypto.group.Element;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.group.Scalar;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.proof.ChaumPedersenProof;
import org.evote.crypto.proof.DecryptionProofs;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.secret.BallotNonce;
import org.evote.crypto.secret.SecretScalar;
import org.evote.crypto.testing.Workloads;

/**
 * Builds complete P-256 election records in test code with the crypto library, the way an
 * election would produce them: one guardian whose secret s we know (K = g^s), ballots encrypted
 * with {@link BallotEncryptor} (chained per device when asked), the encrypted tally as the
 * product of the counted ballots (a fresh encryption of 0 for an option no counted ballot has),
 * and every decryption with its proof: M = A^s, T = B·M⁻¹, a = g^u, b = A^u, c = H(...), v = u - c·s.
 *
 * <p>Ballots are planned first ({@link #ballot}); {@link #write} builds and writes the record.
 */
final class OwnRecord {
  /** One planned ballot. */
  record Planned(String id, String device, BallotState state, PlaintextBallot plaintext, long nonceSeed) {}

  private final Group group = Groups.p256();
  private final Manifest manifest;
  private final SecureRandom random;
  private final SecretScalar secret;
  private final List<Planned> planned = new ArrayList<>();
  private final Set<String> alsoCounted = new HashSet<>();
  private boolean chained;
  private ByteString baux0 = ByteString.EMPTY;
  private boolean tallyContestData;
  private boolean closeChains = true;
  private int emptyOptionValue = 0;

  /** The last record written: its election, and its ballots by id. */
  Election election;
  final Map<String, EncryptedBallot> ballots = new LinkedHashMap<>();

  OwnRecord(Manifest manifest, long seed) {
    this.manifest = manifest;
    this.random = deterministic(seed);
    this.secret = SecretScalar.of(group.randomScalar(random));
  }

  static SecureRandom deterministic(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A W1 record of {@code cast} cast and {@code challenged} challenged random ballots on one device. */
  static OwnRecord w1(long seed, int cast, int challenged) {
    OwnRecord r = new OwnRecord(Workloads.w1(), seed);
    Random choices = new Random(seed);
    for (int i = 0; i < cast + challenged; i++) {
      String id = "b" + i;
      r.ballot(id, "device1", i < cast ? BallotState.CAST : BallotState.CHALLENGED,
          Workloads.randomBallot(r.manifest, Workloads.STYLE, id, choices), seed * 1000 + i);
    }
    return r;
  }

  Manifest manifest() {
    return manifest;
  }

  /** Plans a ballot; the same nonce seed and plaintext give the same ciphertexts. */
  OwnRecord ballot(String id, String device, BallotState state, PlaintextBallot plaintext, long nonceSeed) {
    planned.add(new Planned(id, device, state, plaintext, nonceSeed));
    return this;
  }

  /** A random ballot of this style with the given id. */
  PlaintextBallot randomBallot(String style, String id, long seed) {
    return Workloads.randomBallot(manifest, style, id, new Random(seed));
  }

  /** Chains confirmation codes per device (B_aux,0 = the device name when {@code baux0} is empty). */
  OwnRecord chained(ByteString baux0) {
    this.chained = true;
    this.baux0 = baux0;
    return this;
  }

  /** Leaves the chains open (no closing hash). */
  OwnRecord openChains() {
    this.closeChains = false;
    return this;
  }

  /** Counts this ballot in the tally whatever its state, as a dishonest tally would. */
  OwnRecord alsoCount(String id) {
    alsoCounted.add(id);
    return this;
  }

  /** Encrypts this value, not 0, for options no counted ballot has, as a dishonest tally would. */
  OwnRecord emptyOptionValue(int value) {
    this.emptyOptionValue = value;
    return this;
  }

  /** Puts a decryption of the first counted ballot's first contest data into tally.json (Verification 11). */
  OwnRecord withTallyContestData() {
    this.tallyContestData = true;
    return this;
  }

  /** Builds and writes the record into {@code dir}. */
  Path write(Path dir) {
    try {
      return doWrite(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path doWrite(Path dir) throws IOException {
    Workloads.SingleGuardian sg = Workloads.singleGuardian(group, manifest, secret, random);
    ElectionConfig c = sg.config();
    ElectionConfig config = new ElectionConfig(c.configVersion(), c.numberOfGuardians(), c.quorum(),
        c.parameterBaseHash(), c.manifestHash(), c.electionBaseHash(), chained, baux0, Map.of("created by", "verifier tests"));
    election = Election.of(group, manifest, config, sg.initialized());
    UInt256 he = election.extendedBaseHash();
    PublicKey k = election.jointKey();
    ElectionRecordFiles files = new ElectionRecordFiles(dir, new RecordCodec(group));
    files.writeConstants(group.constants());
    files.writeManifest(manifest);
    files.writeConfig(config);
    files.writeInitialized(sg.initialized());

    BallotEncryptor encryptor = new BallotEncryptor(election);
    Map<String, UInt256> previous = new LinkedHashMap<>();
    Map<String, List<String>> chains = new LinkedHashMap<>();
    ballots.clear();
    List<EncryptedBallot> counted = new ArrayList<>();
    for (Planned p : planned) {
      ByteString codeBaux = ByteString.EMPTY;
      ByteString deviceBaux0 = ConfirmationCodes.deviceBaux0(baux0, p.device());
      if (chained) {
        UInt256 prev = previous.computeIfAbsent(p.device(), d -> ConfirmationCodes.chainStart(he, deviceBaux0));
        codeBaux = ConfirmationCodes.chainedBaux(prev, deviceBaux0);
      }
      BallotNonce nonce = BallotNonce.of(UInt256.of(deterministicBytes(p.nonceSeed())));
      EncryptedBallot b = encryptor.encrypt(p.plaintext(), nonce, codeBaux, p.device(), 1_700_000_000L)
          .withState(p.state());
      if (chained) {
        previous.put(p.device(), b.confirmationCode());
        chains.computeIfAbsent(p.device(), d -> new ArrayList<>()).add(b.ballotId());
      }
      files.writeEncryptedBallot(p.device(), b);
      ballots.put(b.ballotId() + "@" + p.device(), b);
      if (p.state() == BallotState.CAST || alsoCounted.contains(p.id())) {
        counted.add(b);
      }
      if (p.state() == BallotState.CHALLENGED) {
        files.writeChallengedBallot(decryptBallot(b));
      }
    }
    if (chained) {
      for (Map.Entry<String, List<String>> e : chains.entrySet()) {
        ByteString deviceBaux0 = ConfirmationCodes.deviceBaux0(baux0, e.getKey());
        UInt256 last = previous.get(e.getKey());
        files.writeBallotChain(new BallotChain(e.getKey(), deviceBaux0, he, e.getValue(), last,
            closeChains ? ConfirmationCodes.chainClose(he, last, deviceBaux0) : null, Map.of()));
      }
    }
    writeTally(files, counted);
    return dir;
  }

  private void writeTally(ElectionRecordFiles files, List<EncryptedBallot> counted) throws IOException {
    UInt256 he = election.extendedBaseHash();
    PublicKey k = election.jointKey();
    List<EncryptedTally.Contest> etContests = new ArrayList<>();
    List<DecryptedTallyOrBallot.Contest> dtContests = new ArrayList<>();
    boolean contestDataDone = false;
    for (Manifest.Contest mc : manifest.contests()) {
      List<EncryptedTally.Selection> ets = new ArrayList<>();
      List<DecryptedTallyOrBallot.Selection> dts = new ArrayList<>();
      for (Manifest.Selection ms : mc.selections()) {
        List<Ciphertext> column = new ArrayList<>();
        for (EncryptedBallot b : counted) {
          for (EncryptedBallot.Contest bc : b.contests()) {
            if (bc.contestId().equals(mc.contestId())) {
              for (EncryptedBallot.Selection bs : bc.selections()) {
                if (bs.selectionId().equals(ms.selectionId())) {
                  column.add(bs.encryptedVote());
                }
              }
            }
          }
        }
        // egk-ec writes a fresh encryption of zero for an option no counted ballot has
        Ciphertext ab = column.isEmpty()
            ? ElGamal.encrypt(k, emptyOptionValue, SecretScalar.of(group.randomScalar(random)))
            : Ciphertext.product(group, column);
        ets.add(new EncryptedTally.Selection(ms.selectionId(), ms.sequenceOrder(), ab));
        dts.add(decrypt(ms.selectionId(), ab, Math.max(counted.size(), emptyOptionValue)));
      }
      etContests.add(new EncryptedTally.Contest(mc.contestId(), mc.sequenceOrder(), ets, 0));
      DecryptedTallyOrBallot.DecryptedContestData dcd = null;
      if (tallyContestData && !contestDataDone && !counted.isEmpty()) {
        for (EncryptedBallot.Contest bc : counted.get(0).contests()) {
          if (bc.contestId().equals(mc.contestId())) {
            dcd = decryptContestData(mc, bc.contestData());
            contestDataDone = true;
          }
        }
      }
      dtContests.add(new DecryptedTallyOrBallot.Contest(mc.contestId(), dts, counted.size(), dcd));
    }
    List<String> ids = counted.stream().map(EncryptedBallot::ballotId).toList();
    files.writeEncryptedTally(new EncryptedTally("tally", etContests, ids, he));
    files.writeTally(new DecryptedTallyOrBallot("tally", dtContests, he));
  }

  /** A decrypted option: t found by search up to {@code max}, T = K^t, and the proof. */
  private DecryptedTallyOrBallot.Selection decrypt(String selectionId, Ciphertext ab, int max) {
    Scalar s = secret.unwrapSecret();
    PublicKey k = election.jointKey();
    Element m = ab.pad().exp(s);
    Element t = ab.data().divide(m);
    int value = -1;
    for (int v = 0; v <= max; v++) {
      if (k.exp(group.scalar(v)).equals(t)) {
        value = v;
        break;
      }
    }
    if (value < 0) {
      throw new IllegalStateException("no value up to " + max + " for " + selectionId);
    }
    Scalar u = group.randomScalar(random);
    Element a = group.gExp(u);
    Element b = ab.pad().exp(u);
    Scalar c = DecryptionProofs.challenge(election.extendedBaseHash(), k, ab, a, b, m);
    return new DecryptedTallyOrBallot.Selection(selectionId, value, t, ab, new ChaumPedersenProof(c, u.subtract(c.multiply(s))));
  }

  /** β = C0^s, the proof with a = g^u, b = C0^u, and the decoded data. */
  private DecryptedTallyOrBallot.DecryptedContestData decryptContestData(Manifest.Contest mc, HashedCiphertext cd) {
    Scalar s = secret.unwrapSecret();
    PublicKey k = election.jointKey();
    UInt256 he = election.extendedBaseHash();
    Element beta = cd.c0().exp(s);
    Scalar u = group.randomScalar(random);
    Element a = group.gExp(u);
    Element b = cd.c0().exp(u);
    Scalar c = DecryptionProofs.contestDataChallenge(he, k, cd, a, b, beta);
    byte[] plain = ContestDataCipher.decrypt(he, k, mc.contestId(), cd, beta).orElseThrow();
    ContestData data = ContestDataCodec.decode(plain).orElseThrow();
    return new DecryptedTallyOrBallot.DecryptedContestData(data, cd, new ChaumPedersenProof(c, u.subtract(c.multiply(s))), beta);
  }

  private DecryptedTallyOrBallot decryptBallot(EncryptedBallot b) {
    List<DecryptedTallyOrBallot.Contest> contests = new ArrayList<>();
    for (EncryptedBallot.Contest bc : b.contests()) {
      Manifest.Contest mc = manifest.contest(bc.contestId()).orElseThrow();
      List<DecryptedTallyOrBallot.Selection> sels = new ArrayList<>();
      for (EncryptedBallot.Selection bs : bc.selections()) {
        sels.add(decrypt(bs.selectionId(), bs.encryptedVote(), mc.optionLimit()));
      }
      contests.add(new DecryptedTallyOrBallot.Contest(bc.contestId(), sels, 1, decryptContestData(mc, bc.contestData())));
    }
    return new DecryptedTallyOrBallot(b.ballotId(), contests, election.extendedBaseHash());
  }

  private static byte[] deterministicBytes(long seed) {
    byte[] b = new byte[32];
    new Random(seed).nextBytes(b);
    return b;
  }

  /**
   * A manifest with two ballot styles: "north" has contest1 only, "both" has contest1 and
   * contest2, so that contest2's options are on no ballot of the "north" style.
   */
  static Manifest twoStyles() {
    List<Manifest.Candidate> candidates = new ArrayList<>();
    List<Manifest.Contest> contests = new ArrayList<>();
    for (int c = 1; c <= 2; c++) {
      List<Manifest.Selection> sels = new ArrayList<>();
      for (int s = 1; s <= 3; s++) {
        String cand = "c" + c + "-cand" + s;
        candidates.add(new Manifest.Candidate(cand, "Candidate " + s, null, false));
        sels.add(new Manifest.Selection("contest" + c + "-sel" + s, s, cand));
      }
      contests.add(new Manifest.Contest("contest" + c, c, c == 1 ? "county" : "city", "one_of_m", 1, 1,
          "Contest " + c, sels, null, null, 1));
    }
    return RecordCodec.newManifest("two-styles", "v2.0.0", "general",
        List.of(new Manifest.GeopoliticalUnit("county", "County", "county"),
            new Manifest.GeopoliticalUnit("city", "City", "city")),
        List.of(), candidates,
        List.of(new Manifest.BallotStyle("north", List.of("county"), List.of()),
            new Manifest.BallotStyle("both", List.of("county", "city"), List.of())),
        contests);
  }
}

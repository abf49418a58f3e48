package org.evote.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.election.Election;
import org.evote.crypto.election.PlaintextBallot;
import org.evote.crypto.proof.DecryptionProofs;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.testing.EgkEcVerifier;
import org.evote.crypto.testing.Workloads;
import org.evote.tally.TestElection;
import org.evote.tally.record.OpenRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key and tally ceremonies through the real command-line entry point, with every guardian's
 * step a separate command over the file transport and the production Argon2 parameters.
 */
@DisplayName("The CLI, over the file transport")
class CliIntegrationTest {
  @TempDir Path root;
  Path ceremony;
  Path record;
  Path secrets;

  /** The outcome of one command. */
  record Run(int code, String out, String err) {}

  static Run evote(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString().strip());
  }

  static Run ok(String... args) {
    Run r = evote(args);
    assertThat(r.err()).as(String.join(" ", args)).isEmpty();
    assertThat(r.code()).as(String.join(" ", args) + "\n" + r.out()).isZero();
    return r;
  }

  @BeforeEach
  void setUp() throws Exception {
    ceremony = root.resolve("ceremony");
    record = root.resolve("record");
    secrets = root.resolve("secrets");
    Files.createDirectories(secrets);
    for (int i = 1; i <= 5; i++) {
      Files.writeString(secrets.resolve("guardian" + i + ".passphrase"), "a long passphrase of guardian " + i + "\n");
    }
    Files.writeString(secrets.resolve("wrong.passphrase"), "not the right passphrase\n");
    Files.write(root.resolve("manifest.json"), Workloads.w1().bytes());
  }

  String state(int i) {
    return secrets.resolve("guardian" + i + ".state.json").toString();
  }

  String pass(int i) {
    return secrets.resolve("guardian" + i + ".passphrase").toString();
  }

  String[] guardian(String step, int i, String... more) {
    List<String> a = new ArrayList<>(List.of("guardian", step, "--ceremony", ceremony.toString(), "--state", state(i),
        "--passphrase-file", pass(i)));
    a.addAll(Arrays.asList(more));
    return a.toArray(String[]::new);
  }

  void keyCeremony(int n, int k) {
    ok("ceremony", "init", "--dir", ceremony.toString(), "--manifest", root.resolve("manifest.json").toString(),
        "--guardians", "" + n, "--quorum", "" + k, "--ceremony-id", "it-" + n);
    for (int i = 1; i <= n; i++) {
      ok(guardian("keygen", i, "--id", "guardian" + i));
    }
    for (int i = 1; i <= n; i++) {
      ok(guardian("share", i));
    }
  }

  @Test
  @DisplayName("5 guardians, quorum 3: two missing at decryption, the tally equals the plaintext sum, egk-ec's verifier accepts the record")
  void fullElection() throws Exception {
    keyCeremony(5, 3);
    for (int i = 1; i <= 5; i++) {
      assertThat(ok(guardian("verify-shares", i)).out()).contains("all shares verified");
    }
    assertThat(ok("ceremony", "status", "--dir", ceremony.toString()).out()).contains("ready to finish");
    assertThat(ok("ceremony", "finish", "--dir", ceremony.toString(), "--record", record.toString()).out())
        .contains("ceremony it-5 finished");

    // Voters: ballots encrypted with the joint key by the real encryptor.
    OpenRecord opened = OpenRecord.open(record).value();
    Election election = Election.of(opened.group(), opened.manifest(), opened.config(), opened.initialized());
    Map<String, Long> expected = new LinkedHashMap<>();
    opened.manifest().contests().forEach(c -> c.selections().forEach(s -> expected.put(c.contestId() + "/" + s.selectionId(), 0L)));
    Map<String, PlaintextBallot> challenged = TestElection.writeBallots(
        new ElectionRecordFiles(record, new RecordCodec(opened.group())), election, 60, 20, 11, expected);

    assertThat(ok("tally", "aggregate", "--record", record.toString(), "--no-progress").out())
        .contains("aggregated 57 of 60 ballots; not counted: {challenged=3}");

    // Decryption session with guardians 1, 3 and 5; guardians 2 and 4 are missing.
    String[] session = {"--session", "s1"};
    ok("tally", "decrypt-request", "--record", record.toString(), "--ceremony", ceremony.toString(), "--session", "s1",
        "--no-progress");
    ok(guardian("decrypt-commit", 1, session));
    ok(guardian("decrypt-commit", 3, session));
    Run few = evote("tally", "decrypt-challenge", "--record", record.toString(), "--ceremony", ceremony.toString(),
        "--session", "s1");
    assertThat(few.code()).isEqualTo(1);
    assertThat(few.err()).isEqualTo("evote tally decrypt-challenge: cannot challenge session s1: a decryption needs"
        + " at least k = 3 guardians, but only 2 took part (guardian1, guardian3)");
    ok(guardian("decrypt-commit", 5, "--session", "s1", "--record", record.toString()));
    ok("tally", "decrypt-challenge", "--record", record.toString(), "--ceremony", ceremony.toString(), "--session", "s1");
    for (int i : new int[] {1, 3, 5}) {
      ok(guardian("decrypt-respond", i, session));
    }
    Run again = evote(guardian("decrypt-respond", 3, session));
    assertThat(again.err()).isEqualTo("evote guardian decrypt-respond: guardian guardian3 has already answered session s1");

    // An attacker changes guardian3's published response: the coordinator names guardian3.
    Path response = ceremony.resolve("decryption/s1/response-guardian3.json");
    byte[] original = Files.readAllBytes(response);
    String json = new String(original, java.nio.charset.StandardCharsets.UTF_8);
    String first = json.substring(json.indexOf("\"responses\""));
    first = first.substring(first.indexOf('"', first.indexOf('[')) + 1);
    first = first.substring(0, first.indexOf('"'));
    String forged = java.util.Base64.getEncoder().encodeToString(
        opened.group().decodeScalar(java.util.Base64.getDecoder().decode(first)).add(opened.group().scalar(1)).encode());
    Files.writeString(response, json.replaceFirst(java.util.regex.Pattern.quote(first), forged));
    Run bad = evote("tally", "decrypt-finish", "--record", record.toString(), "--ceremony", ceremony.toString(),
        "--session", "s1", "--out", record.toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).startsWith("evote tally decrypt-finish: session s1 cannot finish: guardian guardian3's response"
        + " fails eq. 74 (a_i ≠ g^v_i·g^(P(i)·c_i)) for 1 of ").contains("(first: tally contest1 contest1-selection1)");
    Files.write(response, original);

    assertThat(ok("tally", "decrypt-finish", "--record", record.toString(), "--ceremony", ceremony.toString(),
        "--session", "s1", "--out", record.toString()).out()).contains("3 challenged ballots decrypted");
    checkDecryption(record, opened, expected, challenged);
    // An independent implementation agrees: egk-ec's own verifier accepts the record the
    // multi-step ceremony wrote with guardians 2 and 4 missing.
    EgkEcVerifier.Run egk = EgkEcVerifier.assertVerified(record);
    assertThat(egk.output()).contains("verify 60 EncryptedBallots = true").contains("12,13,14. verify 3 ChallengedBallots true");
    System.out.println("egk-ec verified the ceremony's record in " + egk.took().toMillis() + " ms");

    // A coordinator who slips a CAST ballot into a request is refused by a guardian that checks its record.
    var cast = new org.evote.tally.decrypt.BallotRef("device-0", "ballot-0");
    var castBallot = opened.files().readEncryptedBallot("device-0", "ballot-0").value();
    var sneaky = new org.evote.tally.decrypt.DecryptionJob(opened.encryptedTally().value(), List.of(castBallot), List.of(cast));
    new org.evote.tally.transport.SessionBoard(new org.evote.tally.transport.FileTransport(ceremony),
        new org.evote.tally.transport.MessageCodec(opened.group()), "s2")
        .publish(new org.evote.tally.decrypt.DecryptionCoordinator(opened.keys()).request("s2", "tally", List.of(cast),
            sneaky.texts()));
    Run refused = evote(guardian("decrypt-commit", 1, "--session", "s2", "--record", record.toString()));
    assertThat(refused.err()).isEqualTo("evote guardian decrypt-commit: the request's challenged ballots do not check"
        + " against the record: ballot ballot-0 is CAST, not CHALLENGED");

    // The same record decrypted in one process from the guardians' state files, with a different quorum.
    Path out = root.resolve("out");
    Run inProcess = ok("tally", "decrypt", "--record", record.toString(), "--trustees", secrets.toString(), "--out",
        out.toString(), "--guardians", "guardian2,guardian4,guardian5", "--passphrase-dir", secrets.toString(), "--no-progress");
    assertThat(inProcess.out()).contains("decrypting with guardians guardian2, guardian4, guardian5 (k = 3)");
    checkDecryption(out, opened, expected, challenged);

    Run two = evote("tally", "decrypt", "--record", record.toString(), "--trustees", secrets.toString(), "--out",
        out.toString(), "--guardians", "guardian2,guardian4", "--passphrase-dir", secrets.toString(), "--no-progress");
    assertThat(two.code()).isEqualTo(1);
    assertThat(two.err()).isEqualTo("evote tally decrypt: a decryption needs at least k = 3 guardians, but only 2 are"
        + " available (guardian2, guardian4)");
  }

  private static void checkDecryption(Path dir, OpenRecord opened, Map<String, Long> expected,
      Map<String, PlaintextBallot> challenged) {
    ElectionRecordFiles files = ElectionRecordFiles.open(dir).value();
    List<String> failures = new ArrayList<>();
    Map<String, Long> got = new HashMap<>();
    for (DecryptedTallyOrBallot.Contest c : files.readTally().value().contests()) {
      for (DecryptedTallyOrBallot.Selection s : c.selections()) {
        got.put(c.contestId() + "/" + s.selectionId(), (long) s.tally());
        if (!DecryptionProofs.verify(opened.keys().extendedBaseHash(), opened.keys().jointKey(), s.encryptedVote(),
            s.bOverM(), s.proof()).valid()) {
          failures.add("tally proof of " + s.selectionId());
        }
      }
    }
    assertThat(got).isEqualTo(expected);
    for (PlaintextBallot p : challenged.values()) {
      DecryptedTallyOrBallot d = files.readChallengedBallot(p.ballotId()).value();
      for (DecryptedTallyOrBallot.Contest c : d.contests()) {
        PlaintextBallot.Contest pc = p.contests().stream().filter(x -> x.contestId().equals(c.contestId())).findFirst().orElseThrow();
        for (DecryptedTallyOrBallot.Selection s : c.selections()) {
          int vote = pc.selections().stream().filter(x -> x.selectionId().equals(s.selectionId())).findFirst().orElseThrow().vote();
          if (vote != s.tally()) {
            failures.add(p.ballotId() + " " + s.selectionId() + ": " + s.tally() + " != " + vote);
          }
          if (!DecryptionProofs.verify(opened.keys().extendedBaseHash(), opened.keys().jointKey(), s.encryptedVote(),
              s.bOverM(), s.proof()).valid()) {
            failures.add(p.ballotId() + " proof of " + s.selectionId());
          }
        }
        var dcd = c.decryptedContestData();
        if (!DecryptionProofs.verifyContestData(opened.keys().extendedBaseHash(), opened.keys().jointKey(),
            dcd.encryptedContestData(), dcd.beta(), dcd.proof()).valid()) {
          failures.add(p.ballotId() + " contest data proof");
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  @DisplayName("a wrong share leads to a published complaint, and the ceremony cannot finish")
  void wrongShare() throws Exception {
    keyCeremony(3, 2);
    // The share from guardian1 to guardian2 is damaged on its way.
    Path share = ceremony.resolve("key/shares/guardian2/from-guardian1.json");
    String json = Files.readString(share);
    int at = json.indexOf("\"c1\" : \"") + 8;
    char ch = json.charAt(at) == 'A' ? 'B' : 'A';
    Files.writeString(share, json.substring(0, at) + ch + json.substring(at + 1));
    ok(guardian("verify-shares", 1));
    Run complaint = evote(guardian("verify-shares", 2));
    assertThat(complaint.code()).isEqualTo(1);
    assertThat(complaint.err()).isEqualTo("evote guardian verify-shares: published 1 complaint(s): against guardian1:"
        + " the share's MAC C2 does not match HMAC(k0, C0 ∥ C1) (eq. 19-20)");
    ok(guardian("verify-shares", 3));
    Run status = evote("ceremony", "status", "--dir", ceremony.toString());
    assertThat(status.code()).isEqualTo(1);
    assertThat(status.out()).contains("complaint by guardian2 against guardian1: the share's MAC C2 does not match");
    Run finish = evote("ceremony", "finish", "--dir", ceremony.toString(), "--record", record.toString());
    assertThat(finish.code()).isEqualTo(1);
    assertThat(finish.err()).startsWith("evote ceremony finish: the ceremony cannot finish: unresolved complaint by"
        + " guardian2 against guardian1");
    assertThat(Files.exists(record.resolve("election_initialized.json"))).isFalse();
    ok(guardian("answer-complaints", 1));
    assertThat(evote("ceremony", "status", "--dir", ceremony.toString()).out())
        .contains("guardian guardian1 is at fault (the revealed share and nonce do not reproduce the published encryption");
  }

  @Test
  @DisplayName("a forged Schnorr proof stops the other guardians from sending shares")
  void forgedProof() throws Exception {
    ok("ceremony", "init", "--dir", ceremony.toString(), "--manifest", root.resolve("manifest.json").toString(),
        "--guardians", "3", "--quorum", "2", "--ceremony-id", "forged");
    for (int i = 1; i <= 3; i++) {
      ok(guardian("keygen", i, "--id", "guardian" + i));
    }
    Path commitments = ceremony.resolve("key/commitments/guardian1.json");
    String json = Files.readString(commitments);
    int at = json.indexOf("\"response\" : \"") + 14;
    char ch = json.charAt(at) == 'A' ? 'B' : 'A';
    Files.writeString(commitments, json.substring(0, at) + ch + json.substring(at + 1));
    Run share = evote(guardian("share", 2));
    assertThat(share.code()).isEqualTo(1);
    assertThat(share.err()).isEqualTo("evote guardian share: guardian guardian2 cannot send its shares: guardian"
        + " guardian1's Schnorr proof for coefficient K_1,0 fails Verification 2: Schnorr challenge does not match"
        + " H(H_P; 0x10, i, j, K_ij, h_ij) (2.C)");
    assertThat(evote("ceremony", "status", "--dir", ceremony.toString()).out())
        .contains("guardian1: commitments INVALID: guardian guardian1's Schnorr proof for coefficient K_1,0 fails");
  }

  @Test
  @DisplayName("a state file is refused with a clear reason: wrong passphrase, another election, corrupted")
  void stateFileErrors() throws Exception {
    keyCeremony(3, 2);
    Run wrong = evote("guardian", "verify-shares", "--ceremony", ceremony.toString(), "--state", state(1),
        "--passphrase-file", secrets.resolve("wrong.passphrase").toString());
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.err()).isEqualTo("evote guardian verify-shares: cannot use the state file: wrong passphrase for"
        + " guardian state file guardian1.state.json");

    Path other = root.resolve("other-ceremony");
    ok("ceremony", "init", "--dir", other.toString(), "--manifest", root.resolve("manifest.json").toString(),
        "--guardians", "3", "--quorum", "2", "--ceremony-id", "another");
    Run foreign = evote("guardian", "share", "--ceremony", other.toString(), "--state", state(1), "--passphrase-file", pass(1));
    assertThat(foreign.code()).isEqualTo(1);
    assertThat(foreign.err()).startsWith("evote guardian share: cannot use the state file: guardian state file"
        + " guardian1.state.json belongs to another election: it is guardian guardian1's file for ceremony it-3");

    byte[] b = Files.readAllBytes(Path.of(state(2)));
    int at = new String(b, java.nio.charset.StandardCharsets.UTF_8).indexOf("\"ciphertext\" : \"") + 20;
    b[at] = (byte) (b[at] == 'A' ? 'B' : 'A');
    Files.write(Path.of(state(2)), b);
    Run corrupt = evote(guardian("verify-shares", 2));
    assertThat(corrupt.code()).isEqualTo(1);
    assertThat(corrupt.err()).isEqualTo("evote guardian verify-shares: cannot use the state file: guardian state file"
        + " guardian2.state.json is corrupted: its contents fail authentication (AES-GCM tag), so it was modified or damaged");
  }

  @Test
  @DisplayName("every command prints help, and refuses bad arguments with one line and exit code 2")
  void helpAndUsage() {
    String[][] commands = {{"guardian"}, {"guardian", "keygen"}, {"guardian", "share"}, {"guardian", "verify-shares"},
        {"guardian", "answer-complaints"}, {"guardian", "decrypt-commit"}, {"guardian", "decrypt-respond"},
        {"ceremony"}, {"ceremony", "init"}, {"ceremony", "status"}, {"ceremony", "finish"}, {"tally"},
        {"tally", "aggregate"}, {"tally", "decrypt"}, {"tally", "decrypt-request"}, {"tally", "decrypt-challenge"},
        {"tally", "decrypt-finish"}};
    for (String[] c : commands) {
      List<String> args = new ArrayList<>(List.of(c));
      args.add("--help");
      Run help = evote(args.toArray(String[]::new));
      assertThat(help.code()).as(String.join(" ", c)).isZero();
      assertThat(help.out()).as(String.join(" ", c)).startsWith("Usage: " + String.join(" ", c));
    }
    Run missing = evote("tally", "decrypt", "--record", "r");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("evote tally decrypt: Missing required options: '--trustees=DIR', '--out=DIR'"
        + " (see evote tally decrypt --help)");
    assertThat(evote("vote").err()).isEqualTo("evote: unknown command 'vote': expected guardian, ceremony or tally");
    Run quorum = evote("ceremony", "init", "--dir", "x", "--manifest", "m", "--guardians", "2", "--quorum", "3");
    assertThat(quorum.code()).isEqualTo(1);
    assertThat(quorum.err()).isEqualTo("evote ceremony init: --quorum must satisfy 1 <= k <= n = 2, got 3");
    Run noRecord = evote("tally", "aggregate", "--record", "/nonexistent");
    assertThat(noRecord.err()).isEqualTo("evote tally aggregate: cannot open the election record /nonexistent:"
        + " the election record /nonexistent is not a folder");
  }
}

package org.evote.crypto.record;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.election.Election;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.elgamal.Ciphertext;
import org.evote.crypto.proof.DecryptionProofs;
import org.evote.crypto.proof.Outcome;
import org.evote.crypto.util.Require;

/**
 * The results the officials publish after the tally ({@code ./evote election publish-results}):
 * the record's {@code tally.json} and {@code encrypted_tally.json} as the tally wrote them, and the
 * verifier's report ({@code ./evote verify --json}), each as the base64 of its file's bytes, so
 * that the published record gets them byte for byte:
 * {@code {"tally": "...", "encrypted_tally": "...", "report": "..."}}.
 *
 * <p>{@link #problemsAgainst} is what a node checks before it publishes them: both tallies are of
 * this election and name exactly its contests and options, each decrypted option is the
 * decryption of the encrypted tally's (the same ciphertext, T = K^t, and its proof, Verification
 * 9), so that the numbers shown are the ones the guardians proved.
 */
public final class EvoteResultsJson {
  private EvoteResultsJson() {}

  /**
   * Parsed results with the exact bytes of their three files.
   *
   * @param tally the decrypted tally
   * @param encryptedTally the encrypted tally
   * @param report the verifier's report
   */
  public record Results(DecryptedTallyOrBallot tally, EncryptedTally encryptedTally, VerifierReportJson.Report report,
      byte[] tallyJson, byte[] encryptedTallyJson, byte[] reportJson) {
    public Results {
      Require.nonNull("tally", tally, "encryptedTally", encryptedTally, "report", report);
      tallyJson = tallyJson.clone();
      encryptedTallyJson = encryptedTallyJson.clone();
      reportJson = reportJson.clone();
    }

    @Override
    public byte[] tallyJson() {
      return tallyJson.clone();
    }

    @Override
    public byte[] encryptedTallyJson() {
      return encryptedTallyJson.clone();
    }

    @Override
    public byte[] reportJson() {
      return reportJson.clone();
    }
  }

  /** Reads the results; each file is read by its own reader, in {@code codec}'s group. */
  public static Parsed<Results> parse(byte[] json, String source, RecordCodec codec) {
    Objects.requireNonNull(codec, "codec");
    Parsed<byte[][]> files = JsonIn.parse(json, source, in -> {
      in.onlyFields("tally", "encrypted_tally", "report");
      return new byte[][] {in.field("tally").base64(), in.field("encrypted_tally").base64(), in.field("report").base64()};
    });
    if (!files.isOk()) {
      return Parsed.invalid(files.problem());
    }
    byte[][] f = files.value();
    Parsed<DecryptedTallyOrBallot> tally = codec.parseDecrypted(f[0], "tally.json");
    if (!tally.isOk()) {
      return Parsed.invalid(tally.problem());
    }
    Parsed<EncryptedTally> encrypted = codec.parseEncryptedTally(f[1], "encrypted_tally.json");
    if (!encrypted.isOk()) {
      return Parsed.invalid(encrypted.problem());
    }
    Parsed<VerifierReportJson.Report> report = VerifierReportJson.parse(f[2], "the verifier's report");
    if (!report.isOk()) {
      return Parsed.invalid(report.problem());
    }
    return Parsed.ok(new Results(tally.value(), encrypted.value(), report.value(), f[0], f[1], f[2]));
  }

  /** The file from the three files' bytes. */
  public static byte[] write(byte[] tallyJson, byte[] encryptedTallyJson, byte[] reportJson) {
    Base64.Encoder b64 = Base64.getEncoder();
    return ExtensionJson.indented(ExtensionJson.object().put("tally", b64.encodeToString(tallyJson))
        .put("encrypted_tally", b64.encodeToString(encryptedTallyJson)).put("report", b64.encodeToString(reportJson)));
  }

  /**
   * Why these results are not this election's proven tally, every reason; empty when they are.
   * Both tallies must be for H_E and name exactly the manifest's contests and options; each
   * decrypted option must carry the encrypted tally's ciphertext (A, B) for it, T = K^t for its
   * count t, and a decryption proof that verifies (Verification 9).
   */
  public static List<String> problemsAgainst(Results r, Election election) {
    List<String> out = new ArrayList<>();
    String he = election.extendedBaseHash().toHex();
    if (!r.tally().electionId().equals(election.extendedBaseHash())) {
      out.add("tally.json is for election " + r.tally().electionId().toHex() + ", not " + he);
    }
    if (!r.encryptedTally().electionId().equals(election.extendedBaseHash())) {
      out.add("encrypted_tally.json is for election " + r.encryptedTally().electionId().toHex() + ", not " + he);
    }
    Map<String, Ciphertext> encrypted = new HashMap<>();
    Map<String, List<String>> encryptedContests = new HashMap<>();
    for (EncryptedTally.Contest c : r.encryptedTally().contests()) {
      List<String> sels = new ArrayList<>();
      for (EncryptedTally.Selection s : c.selections()) {
        encrypted.put(c.contestId() + "\u0000" + s.selectionId(), s.encryptedVote());
        sels.add(s.selectionId());
      }
      encryptedContests.put(c.contestId(), sels);
    }
    Map<String, List<String>> decryptedContests = new HashMap<>();
    for (DecryptedTallyOrBallot.Contest c : r.tally().contests()) {
      decryptedContests.put(c.contestId(), c.selections().stream().map(DecryptedTallyOrBallot.Selection::selectionId).toList());
    }
    Manifest m = election.manifest();
    for (var e : List.of(Map.entry("tally.json", decryptedContests), Map.entry("encrypted_tally.json", encryptedContests))) {
      for (Manifest.Contest mc : m.contests()) {
        List<String> sels = e.getValue().get(mc.contestId());
        List<String> expected = mc.selections().stream().map(Manifest.Selection::selectionId).toList();
        if (sels == null) {
          out.add(e.getKey() + " has no contest '" + JsonIn.clip(mc.contestId()) + "' of the manifest");
        } else if (!new java.util.HashSet<>(sels).equals(new java.util.HashSet<>(expected)) || sels.size() != expected.size()) {
          out.add(e.getKey() + ": contest '" + JsonIn.clip(mc.contestId()) + "' has the options " + sels + ", the manifest "
              + expected);
        }
      }
      if (e.getValue().size() != m.contests().size()) {
        e.getValue().keySet().stream().filter(id -> m.contest(id).isEmpty()).sorted()
            .forEach(id -> out.add(e.getKey() + " has a contest '" + JsonIn.clip(id) + "' the manifest does not have"));
      }
    }
    for (DecryptedTallyOrBallot.Contest c : r.tally().contests()) {
      for (DecryptedTallyOrBallot.Selection s : c.selections()) {
        String at = "tally.json: option '" + JsonIn.clip(s.selectionId()) + "' of contest '" + JsonIn.clip(c.contestId()) + "'";
        Ciphertext ab = encrypted.get(c.contestId() + "\u0000" + s.selectionId());
        if (ab == null) {
          continue; // named above
        }
        if (!ab.equals(s.encryptedVote())) {
          out.add(at + ": its ciphertext is not the encrypted tally's");
          continue;
        }
        if (!election.jointKey().exp(election.group().scalar(s.tally())).equals(s.bOverM())) {
          out.add(at + ": its count " + s.tally() + " is not the decrypted value T (T ≠ K^t)");
          continue;
        }
        Outcome proof = DecryptionProofs.verify(election.extendedBaseHash(), election.jointKey(), ab, s.bOverM(), s.proof());
        if (!proof.valid()) {
          out.add(at + ": the decryption proof does not verify (" + proof.reason() + ")");
        }
      }
    }
    return out;
  }
}

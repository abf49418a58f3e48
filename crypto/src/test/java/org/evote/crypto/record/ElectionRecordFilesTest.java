package org.evote.crypto.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.evote.crypto.election.BallotChain;
import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.hash.ByteString;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.testing.Conformance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record directory layer, over egk-ec's P-256 record and over records written here. */
@DisplayName("An election record directory")
class ElectionRecordFilesTest {
  static Path source;
  static ElectionRecordFiles egk;
  static List<EncryptedBallot> ballots;

  @BeforeAll
  static void load() {
    source = Conformance.record(Conformance.EC);
    egk = ElectionRecordFiles.open(source).orElseThrow();
    ballots = egk.encryptedBallots().map(f -> f.parsed().orElseThrow()).toList();
  }

  static EncryptedBallot withId(EncryptedBallot b, String id) {
    return new EncryptedBallot(id, b.ballotStyleId(), b.encryptingDevice(), b.timestamp(), b.codeBaux(),
        b.confirmationCode(), b.electionId(), b.contests(), b.state(), b.encryptedSn(), b.isPreencrypt());
  }

  static List<String> hiddenFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
    }
  }

  @Nested
  @DisplayName("read from egk-ec's record")
  class Reading {
    @Test
    @DisplayName("opens through constants.json and reads every single file")
    void singleFiles() {
      assertThat(egk.codec().group().name()).isEqualTo("P-256");
      assertThat(egk.readManifest().isOk()).isTrue();
      assertThat(egk.readConfig().isOk()).isTrue();
      assertThat(egk.readInitialized().isOk()).isTrue();
      assertThat(egk.readEncryptedTally().isOk()).isTrue();
      assertThat(egk.readTally().isOk()).isTrue();
      assertThat(egk.readBallotChain("runWorkflowDevice")).isEmpty();
    }

    @Test
    @DisplayName("lists the device folder and streams its ballots sorted by file name")
    void ballots() {
      assertThat(egk.devices().value()).containsExactly("runWorkflowDevice");
      List<ElectionRecordFiles.RecordFile<EncryptedBallot>> all = egk.encryptedBallots().toList();
      assertThat(all).hasSize(42).allSatisfy(f -> {
        assertThat(f.device()).isEqualTo("runWorkflowDevice");
        assertThat(f.parsed().isOk()).isTrue();
      });
      assertThat(all.stream().map(f -> f.path().getFileName().toString()).toList()).isSorted()
          .startsWith("eballot-id-1.json", "eballot-id-10.json");
      assertThat(egk.encryptedBallots("runWorkflowDevice").count()).isEqualTo(42);
      assertThat(egk.readEncryptedBallot("runWorkflowDevice", "id-7").orElseThrow().ballotId()).isEqualTo("id-7");
    }

    @Test
    @DisplayName("streams the challenged ballots sorted by file name")
    void challenged() {
      List<ElectionRecordFiles.RecordFile<DecryptedTallyOrBallot>> all = egk.challengedBallots().toList();
      assertThat(all).hasSize(9).allSatisfy(f -> assertThat(f.parsed().isOk()).isTrue());
      assertThat(all.get(0).parsed().value().id()).isEqualTo("id-12");
      assertThat(egk.readChallengedBallot("id-12").isOk()).isTrue();
    }

    @Test
    @DisplayName("reports a missing file by name")
    void missing(@TempDir Path tmp) {
      ElectionRecordFiles empty = new ElectionRecordFiles(tmp, egk.codec());
      RecordProblem p = empty.readTally().problem();
      assertThat(p.source()).isEqualTo("tally.json");
      assertThat(p.jsonPath()).isEqualTo("$");
      assertThat(p.message()).startsWith("file is missing");
      assertThat(ElectionRecordFiles.open(tmp).problem().source()).isEqualTo("constants.json");
      assertThat(empty.devices().value()).isEmpty();
      assertThat(empty.encryptedBallots().count()).isZero();
      assertThat(empty.challengedBallots().count()).isZero();
    }

    @Test
    @DisplayName("reports a directory where a file belongs")
    void directoryForFile(@TempDir Path tmp) throws IOException {
      Files.createDirectory(tmp.resolve("tally.json"));
      RecordProblem p = new ElectionRecordFiles(tmp, egk.codec()).readTally().problem();
      assertThat(p.message()).startsWith("not a regular file");
    }
  }

  @Nested
  @DisplayName("written here")
  class Writing {
    @TempDir Path tmp;

    @Test
    @DisplayName("holds every file written, byte for byte as egk-ec wrote it, and no temporary files")
    void fullRecord() throws IOException {
      ElectionRecordFiles out = new ElectionRecordFiles(tmp.resolve("record"), egk.codec());
      out.writeConstants(ElectionRecordFiles.readConstants(source).orElseThrow());
      out.writeManifest(egk.readManifest().orElseThrow());
      out.writeConfig(egk.readConfig().orElseThrow());
      out.writeInitialized(egk.readInitialized().orElseThrow());
      out.writeEncryptedTally(egk.readEncryptedTally().orElseThrow());
      out.writeTally(egk.readTally().orElseThrow());
      for (EncryptedBallot b : ballots) {
        out.writeEncryptedBallot("runWorkflowDevice", b);
      }
      egk.challengedBallots().forEach(f -> {
        try {
          out.writeChallengedBallot(f.parsed().orElseThrow());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      try (Stream<Path> s = Files.walk(source)) {
        List<Path> originals = s.filter(Files::isRegularFile)
            .filter(p -> !source.relativize(p).startsWith("private_data")).toList();
        assertThat(originals).hasSize(6 + 42 + 9);
        for (Path p : originals) {
          Path copy = out.dir().resolve(source.relativize(p).toString());
          assertThat(copy).as(copy.toString()).exists().hasSameBinaryContentAs(p);
        }
      }
      assertThat(hiddenFiles(out.dir())).isEmpty();
      ElectionRecordFiles reopened = ElectionRecordFiles.open(out.dir()).orElseThrow();
      assertThat(reopened.encryptedBallots().map(f -> f.parsed().orElseThrow()).toList()).isEqualTo(ballots);
    }

    @Test
    @DisplayName("orders ballots by device, with ballots directly in encrypted_ballots first, then by file name")
    void devicesAndChains() throws IOException {
      ElectionRecordFiles out = new ElectionRecordFiles(tmp, egk.codec());
      EncryptedBallot b = ballots.get(0);
      out.writeEncryptedBallot("zeta", withId(b, "z-2"));
      out.writeEncryptedBallot("zeta", withId(b, "z-1"));
      out.writeEncryptedBallot("alpha", withId(b, "a-1"));
      out.writeEncryptedBallot("", withId(b, "top"));
      BallotChain chain = new BallotChain("alpha", ByteString.of(new byte[] {1, -2}), b.electionId(),
          List.of("a-1"), b.confirmationCode(), UInt256.of(new byte[32]), Map.of("k", "v"));
      Path chainPath = out.writeBallotChain(chain);
      assertThat(chainPath).isEqualTo(tmp.resolve("encrypted_ballots/alpha/ballot_chain.json"));

      assertThat(out.devices().value()).containsExactly("", "alpha", "zeta");
      assertThat(out.encryptedBallots().map(f -> f.device() + "/" + f.parsed().value().ballotId()).toList())
          .containsExactly("/top", "alpha/a-1", "zeta/z-1", "zeta/z-2");
      assertThat(out.readBallotChain("alpha")).hasValueSatisfying(p -> assertThat(p.value()).isEqualTo(chain));
      assertThat(out.readBallotChain("zeta")).isEmpty();
      assertThat(out.encryptedBallots("zeta").count()).isEqualTo(2);
      assertThat(out.encryptedBallots("missing").count()).isZero();
    }

    @Test
    @DisplayName("reads ballots lazily: a file changed after iteration began is read in its new state")
    void lazy() throws IOException {
      ElectionRecordFiles out = new ElectionRecordFiles(tmp, egk.codec());
      for (int i = 1; i <= 3; i++) {
        out.writeEncryptedBallot("d", withId(ballots.get(i), "b-" + i));
      }
      Iterator<ElectionRecordFiles.RecordFile<EncryptedBallot>> it = out.encryptedBallots().iterator();
      assertThat(it.next().parsed().isOk()).isTrue();
      Files.writeString(out.encryptedBallotPath("d", "b-3"), "{");
      assertThat(it.next().parsed().isOk()).isTrue();
      RecordProblem p = it.next().parsed().problem();
      assertThat(p.source()).isEqualTo("eballot-b-3.json");
      assertThat(p.message()).startsWith("invalid JSON");
      assertThat(it.hasNext()).isFalse();
    }

    @Test
    @DisplayName("reports a ballot whose id does not match its file name")
    void idMismatch() throws IOException {
      ElectionRecordFiles out = new ElectionRecordFiles(tmp, egk.codec());
      Path p = out.writeEncryptedBallot("d", withId(ballots.get(0), "b-1"));
      Files.move(p, p.resolveSibling("eballot-b-2.json"));
      RecordProblem problem = out.encryptedBallots().toList().get(0).parsed().problem();
      assertThat(problem).isEqualTo(new RecordProblem("eballot-b-2.json", "$.ballot_id",
          "the id \"b-1\" does not match the file name (expected eballot-b-1.json)"));
    }

    @Test
    @DisplayName("replaces an existing file atomically with the new content")
    void overwrite() throws IOException {
      Path target = tmp.resolve("a/b/c.json");
      ElectionRecordFiles.writeAtomically(target, "{\"v\": 1}".getBytes(StandardCharsets.UTF_8));
      ElectionRecordFiles.writeAtomically(target, "{\"v\": 2}".getBytes(StandardCharsets.UTF_8));
      assertThat(target).hasContent("{\"v\": 2}");
      assertThat(hiddenFiles(tmp)).isEmpty();
      // Default permissions (umask), like any other file, not a temporary file's private 0600.
      Path plain = Files.write(tmp.resolve("a/b/plain.json"), new byte[0]);
      if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(plain));
      }
    }
  }
}

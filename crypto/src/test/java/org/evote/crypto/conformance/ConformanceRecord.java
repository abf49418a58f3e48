package org.evote.crypto.conformance;

import static org.evote.crypto.testing.Conformance.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.evote.crypto.election.Election;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.election.ElectionInitialized;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.GroupConstants;
import org.evote.crypto.record.RecordCodec;
import org.evote.crypto.testing.Conformance;

/** One of egk-ec's conformance records, read once with our codec. */
final class ConformanceRecord {
  final String name;
  final Path dir;
  final GroupConstants constants;
  final Group group;
  final RecordCodec codec;
  final Manifest manifest;
  final ElectionConfig config;
  final ElectionInitialized initialized;
  final Election election;
  final List<Path> ballotFiles;
  final List<EncryptedBallot> ballots;
  final EncryptedTally encryptedTally;

  private static ConformanceRecord ec;
  private static ConformanceRecord integer;

  static synchronized ConformanceRecord ec() {
    if (ec == null) {
      ec = new ConformanceRecord(Conformance.EC);
    }
    return ec;
  }

  static synchronized ConformanceRecord integer() {
    if (integer == null) {
      integer = new ConformanceRecord(Conformance.INTEGER);
    }
    return integer;
  }

  private ConformanceRecord(String name) {
    this.name = name;
    this.dir = Conformance.record(name);
    this.constants = RecordCodec.parseConstants(read(dir.resolve("constants.json")), "constants.json").orElseThrow();
    this.group = RecordCodec.groupOf(constants);
    this.codec = new RecordCodec(group);
    this.manifest = codec.parseManifest(read(dir.resolve("manifest.json")), "manifest.json").orElseThrow();
    this.config = codec.parseConfig(read(dir.resolve("election_config.json")), "election_config.json").orElseThrow();
    this.initialized = codec.parseInitialized(read(dir.resolve("election_initialized.json")), "election_initialized.json").orElseThrow();
    this.election = Election.of(group, manifest, config, initialized);
    try (Stream<Path> s = Files.walk(dir.resolve("encrypted_ballots"))) {
      this.ballotFiles = s.filter(p -> p.getFileName().toString().startsWith("eballot-")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<EncryptedBallot> list = new ArrayList<>();
    for (Path p : ballotFiles) {
      list.add(codec.parseEncryptedBallot(read(p), p.getFileName().toString()).orElseThrow());
    }
    this.ballots = List.copyOf(list);
    this.encryptedTally = codec.parseEncryptedTally(read(dir.resolve("encrypted_tally.json")), "encrypted_tally.json").orElseThrow();
  }
}

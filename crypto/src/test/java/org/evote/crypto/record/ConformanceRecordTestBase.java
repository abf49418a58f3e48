package org.evote.crypto.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evote.crypto.testing.Conformance.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.election.ElectionInitialized;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.election.PlaintextBallot;
import org.evote.crypto.election.TrusteeSecrets;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.GroupConstants;
import org.evote.crypto.testing.Conformance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Reads every file of one egk-ec conformance record once (Integer4096 elements cost a modular
 * exponentiation each), then checks that everything parses, that values survive a write and a
 * re-parse, and that the written JSON equals egk-ec's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConformanceRecordTestBase {

  /** One file: its path, its bytes and what the codec made of them. */
  record Loaded<T>(Path path, byte[] bytes, Parsed<T> parsed) {
    String name() {
      return path.getFileName().toString();
    }
  }

  abstract String recordName();

  Path dir;
  Group group;
  RecordCodec codec;
  ElectionRecordFiles files;

  Loaded<GroupConstants> constants;
  Loaded<Manifest> manifest;
  Loaded<ElectionConfig> config;
  Loaded<ElectionInitialized> initialized;
  Loaded<EncryptedTally> encryptedTally;
  Loaded<DecryptedTallyOrBallot> tally;
  List<Loaded<EncryptedBallot>> eballots;
  List<Loaded<DecryptedTallyOrBallot>> dballots;
  List<Loaded<PlaintextBallot>> pballots;
  List<Loaded<TrusteeSecrets>> trustees;

  @BeforeAll
  void load() {
    dir = Conformance.record(recordName());
    constants = load(dir.resolve("constants.json"), RecordCodec::parseConstants);
    group = RecordCodec.groupOf(constants.parsed().orElseThrow());
    codec = new RecordCodec(group);
    files = new ElectionRecordFiles(dir, codec);
    manifest = load(files.manifestPath(), codec::parseManifest);
    config = load(files.configPath(), codec::parseConfig);
    initialized = load(files.initializedPath(), codec::parseInitialized);
    encryptedTally = load(files.encryptedTallyPath(), codec::parseEncryptedTally);
    tally = load(files.tallyPath(), codec::parseDecrypted);
    // Through the file layer, in parallel (the codec is thread-safe).
    eballots = files.encryptedBallots().parallel()
        .map(f -> new Loaded<>(f.path(), read(f.path()), f.parsed()))
        .toList();
    dballots = files.challengedBallots().parallel()
        .map(f -> new Loaded<>(f.path(), read(f.path()), f.parsed()))
        .toList();
    pballots = loadAll(dir.resolve("private_data/input"), codec::parsePlaintextBallot);
    trustees = loadAll(dir.resolve("private_data/trustees"), codec::parseTrustee);
  }

  private static <T> Loaded<T> load(Path p, BiFunction<byte[], String, Parsed<T>> parser) {
    byte[] bytes = read(p);
    return new Loaded<>(p, bytes, parser.apply(bytes, p.getFileName().toString()));
  }

  private static <T> List<Loaded<T>> loadAll(Path d, BiFunction<byte[], String, Parsed<T>> parser) {
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().parallel().map(p -> load(p, parser)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Loaded<?>> all() {
    List<Loaded<?>> all = new ArrayList<>(
        List.of(constants, manifest, config, initialized, encryptedTally, tally));
    all.addAll(eballots);
    all.addAll(dballots);
    all.addAll(pballots);
    all.addAll(trustees);
    return all;
  }

  @Test
  @DisplayName("the record has the expected number of files of each kind")
  void fileCounts() {
    assertThat(eballots).hasSize(42);
    assertThat(dballots).hasSize(9);
    assertThat(pballots).hasSize(42);
    assertThat(trustees).hasSize(3);
    assertThat(files.devices().value()).containsExactly("runWorkflowDevice");
    assertThat(eballots).allSatisfy(l -> assertThat(l.path().getParent().getFileName().toString())
        .isEqualTo("runWorkflowDevice"));
    List<String> names = eballots.stream().map(Loaded::name).toList();
    assertThat(names).isSorted();
  }

  @Test
  @DisplayName("every file of every kind parses without a problem")
  void everyFileParses() {
    List<String> problems = all().stream()
        .filter(l -> !l.parsed().isOk())
        .map(l -> l.parsed().problem().toString())
        .toList();
    assertThat(problems).isEmpty();
    assertThat(constants.parsed().value().name()).startsWith(group.name());
  }

  /** Writes each value, parses it again and compares; returns a line per mismatch. */
  private <T> List<String> roundTrip(
      List<Loaded<T>> loaded, Function<T, byte[]> writer, BiFunction<byte[], String, Parsed<T>> parser,
      BiFunction<T, T, List<String>> compare) {
    return loaded.parallelStream()
        .filter(l -> l.parsed().isOk())
        .flatMap(l -> {
          T value = l.parsed().value();
          Parsed<T> again = parser.apply(writer.apply(value), l.name());
          if (!again.isOk()) {
            return Stream.of(l.name() + ": written value does not parse: " + again.problem());
          }
          return compare.apply(value, again.value()).stream().map(d -> l.name() + ": " + d);
        })
        .toList();
  }

  /** {@link #roundTrip(List, Function, BiFunction, BiFunction)} comparing by {@code equals}. */
  private <T> List<String> roundTrip(
      List<Loaded<T>> loaded, Function<T, byte[]> writer, BiFunction<byte[], String, Parsed<T>> parser) {
    return roundTrip(loaded, writer, parser, ConformanceRecordTestBase::byEquals);
  }

  private static <T> List<String> byEquals(T a, T b) {
    return Objects.equals(a, b) ? List.of() : List.of("re-parsed value differs:\n  " + a + "\n  " + b);
  }

  @Test
  @DisplayName("every value written back and parsed again is equal to the original value")
  void valuesRoundTrip() {
    List<String> failures = new ArrayList<>();
    failures.addAll(roundTrip(List.of(constants), RecordCodec::writeConstants, RecordCodec::parseConstants));
    failures.addAll(roundTrip(List.of(manifest), RecordCodec::writeManifest, codec::parseManifest,
        ConformanceRecordTestBase::sameManifest));
    failures.addAll(roundTrip(List.of(config), codec::writeConfig, codec::parseConfig));
    failures.addAll(roundTrip(List.of(initialized), codec::writeInitialized, codec::parseInitialized));
    failures.addAll(roundTrip(List.of(encryptedTally), codec::writeEncryptedTally, codec::parseEncryptedTally));
    failures.addAll(roundTrip(List.of(tally), codec::writeDecrypted, codec::parseDecrypted));
    failures.addAll(roundTrip(eballots, codec::writeEncryptedBallot, codec::parseEncryptedBallot));
    failures.addAll(roundTrip(dballots, codec::writeDecrypted, codec::parseDecrypted));
    failures.addAll(roundTrip(pballots, codec::writePlaintextBallot, codec::parsePlaintextBallot));
    failures.addAll(roundTrip(trustees, codec::writeTrustee, codec::parseTrustee,
        ConformanceRecordTestBase::sameTrustee));
    assertThat(failures).isEmpty();
  }

  static List<String> sameManifest(Manifest a, Manifest b) {
    List<String> out = new ArrayList<>();
    if (!java.util.Arrays.equals(a.bytes(), b.bytes())) {
      out.add("manifest bytes differ");
    }
    out.addAll(sameManifestValues(a, b));
    return out;
  }

  static List<String> sameManifestValues(Manifest a, Manifest b) {
    List<String> out = new ArrayList<>();
    check(out, "election_scope_id", a.electionScopeId(), b.electionScopeId());
    check(out, "spec_version", a.specVersion(), b.specVersion());
    check(out, "type", a.type(), b.type());
    check(out, "geopolitical_units", a.geopoliticalUnits(), b.geopoliticalUnits());
    check(out, "parties", a.parties(), b.parties());
    check(out, "candidates", a.candidates(), b.candidates());
    check(out, "ballot_styles", a.ballotStyles(), b.ballotStyles());
    check(out, "contests", a.contests(), b.contests());
    return out;
  }

  private static void check(List<String> out, String what, Object a, Object b) {
    if (!Objects.equals(a, b)) {
      out.add(what + " differs: " + a + " vs " + b);
    }
  }

  static List<String> sameTrustee(TrusteeSecrets a, TrusteeSecrets b) {
    List<String> out = new ArrayList<>();
    check(out, "id", a.id(), b.id());
    check(out, "x_coordinate", a.xCoordinate(), b.xCoordinate());
    if (a.polynomialCoefficients().size() != b.polynomialCoefficients().size()) {
      out.add("polynomial_coefficients count differs");
    } else {
      for (int i = 0; i < a.polynomialCoefficients().size(); i++) {
        if (!a.polynomialCoefficients().get(i).sameSecretAs(b.polynomialCoefficients().get(i))) {
          out.add("polynomial_coefficients[" + i + "] differs");
        }
      }
    }
    if (!a.keyShare().sameSecretAs(b.keyShare())) {
      out.add("key_share differs");
    }
    return out;
  }

  /** The written JSON tree's differences from the file's, one line per difference. */
  private <T> List<String> treeDiffs(List<Loaded<T>> loaded, Function<T, byte[]> writer) {
    return loaded.stream()
        .filter(l -> l.parsed().isOk())
        .flatMap(l -> JsonTrees.diff(JsonTrees.tree(l.bytes()), JsonTrees.tree(writer.apply(l.parsed().value())))
            .stream().map(d -> l.name() + ": " + d))
        .toList();
  }

  @Test
  @DisplayName("the JSON written for every file equals egk-ec's JSON tree")
  void writtenTreesEqualOriginals() {
    List<String> diffs = new ArrayList<>();
    diffs.addAll(treeDiffs(List.of(constants), RecordCodec::writeConstants));
    diffs.addAll(treeDiffs(List.of(manifest), RecordCodec::writeManifest));
    diffs.addAll(treeDiffs(List.of(config), codec::writeConfig));
    diffs.addAll(treeDiffs(List.of(initialized), codec::writeInitialized));
    diffs.addAll(treeDiffs(List.of(encryptedTally), codec::writeEncryptedTally));
    diffs.addAll(treeDiffs(List.of(tally), codec::writeDecrypted));
    diffs.addAll(treeDiffs(eballots, codec::writeEncryptedBallot));
    diffs.addAll(treeDiffs(dballots, codec::writeDecrypted));
    diffs.addAll(treeDiffs(trustees, codec::writeTrustee));
    assertThat(diffs).isEmpty();
  }

  @Test
  @DisplayName("plaintext ballots, serial number sn included, are written as egk-ec's JSON trees")
  void plaintextBallotTrees() {
    assertThat(pballots).isNotEmpty().allMatch(l -> l.parsed().isOk() && l.parsed().value().sn() != null);
    assertThat(treeDiffs(pballots, codec::writePlaintextBallot)).isEmpty();
  }

  @Test
  @DisplayName("the bytes written for every file are exactly egk-ec's bytes")
  void writtenBytesEqualOriginals() {
    List<String> differing = new ArrayList<>();
    checkBytes(differing, List.of(constants), RecordCodec::writeConstants);
    checkBytes(differing, List.of(config), codec::writeConfig);
    checkBytes(differing, List.of(initialized), codec::writeInitialized);
    checkBytes(differing, List.of(encryptedTally), codec::writeEncryptedTally);
    checkBytes(differing, List.of(tally), codec::writeDecrypted);
    checkBytes(differing, eballots, codec::writeEncryptedBallot);
    checkBytes(differing, dballots, codec::writeDecrypted);
    checkBytes(differing, trustees, codec::writeTrustee);
    checkBytes(differing, pballots, codec::writePlaintextBallot);
    assertThat(differing).isEmpty();
  }

  private static <T> void checkBytes(List<String> out, List<Loaded<T>> loaded, Function<T, byte[]> writer) {
    for (Loaded<T> l : loaded) {
      if (l.parsed().isOk() && !java.util.Arrays.equals(l.bytes(), writer.apply(l.parsed().value()))) {
        out.add(l.name());
      }
    }
  }

  @Test
  @DisplayName("a manifest written from model values parses to the same values and has every field egk-ec requires")
  void manifestFromModelValues() {
    Manifest m = manifest.parsed().value();
    byte[] written = RecordCodec.writeManifestJson(m);
    Manifest again = codec.parseManifest(written, "manifest.json").orElseThrow();
    assertThat(sameManifestValues(m, again)).isEmpty();
    assertThat(again.bytes()).isEqualTo(written);
    // Only what the model does not keep differs: the dates and the contact information.
    assertThat(JsonTrees.diff(JsonTrees.tree(manifest.bytes()), JsonTrees.tree(written)))
        .containsExactlyInAnyOrder(
            "$.start_date: original \"start\", written \"\"",
            "$.end_date: original \"end\", written \"\"",
            "$.contact_information: missing from the written JSON (original "
                + "{\"address_line\":[],\"phone\":\"911\",\"name\":\"contact\"})");
    Manifest made = RecordCodec.newManifest(m.electionScopeId(), m.specVersion(), m.type(), m.geopoliticalUnits(),
        m.parties(), m.candidates(), m.ballotStyles(), m.contests());
    assertThat(made.bytes()).isEqualTo(written);
  }
}

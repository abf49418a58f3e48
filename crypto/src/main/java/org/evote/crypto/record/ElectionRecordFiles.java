package org.evote.crypto.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.evote.crypto.election.BallotChain;
import org.evote.crypto.election.DecryptedTallyOrBallot;
import org.evote.crypto.election.ElectionConfig;
import org.evote.crypto.election.ElectionInitialized;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.election.EncryptedTally;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.group.GroupConstants;
import org.evote.crypto.util.Require;

/**
 * An election record directory in egk-ec's layout:
 *
 * <pre>
 * constants.json  manifest.json  election_config.json  election_initialized.json
 * encrypted_tally.json  tally.json
 * encrypted_ballots/eballot-&lt;id&gt;.json                     (ballots directly in the folder)
 * encrypted_ballots/&lt;device&gt;/eballot-&lt;id&gt;.json            (or one level of device folders,
 * encrypted_ballots/&lt;device&gt;/ballot_chain.json              each with an optional chain)
 * challenged_ballots/dballot-&lt;id&gt;.json
 * </pre>
 *
 * <p>Reads return {@link Parsed}: a missing file, an IO error or bad content is a problem whose
 * source is the file name. Ballots are streamed lazily, one file at a time, in a deterministic order
 * (device, then file name). Writes create directories as needed and replace files atomically
 * (temporary file in the same directory, fsync, rename, fsync of the directory).
 *
 * <p>Ballot ids and device names become file and folder names: they may contain only {@code
 * A-Z a-z 0-9 . _ -} and spaces (which become {@code _}, as egk-ec does), not "..", and must be
 * 1 to 200 characters long.
 */
public final class ElectionRecordFiles {
  public static final String CONSTANTS_FILE = "constants.json";
  public static final String MANIFEST_FILE = "manifest.json";
  public static final String CONFIG_FILE = "election_config.json";
  public static final String INITIALIZED_FILE = "election_initialized.json";
  public static final String ENCRYPTED_TALLY_FILE = "encrypted_tally.json";
  public static final String TALLY_FILE = "tally.json";
  public static final String ENCRYPTED_BALLOTS_DIR = "encrypted_ballots";
  public static final String CHALLENGED_BALLOTS_DIR = "challenged_ballots";
  public static final String BALLOT_CHAIN_FILE = "ballot_chain.json";
  public static final String ENCRYPTED_BALLOT_PREFIX = "eballot-";
  public static final String DECRYPTED_BALLOT_PREFIX = "dballot-";
  public static final String JSON_SUFFIX = ".json";

  /** Files larger than this are refused rather than read into memory. */
  public static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

  private static final int MAX_ID_LENGTH = 200;

  /**
   * One file of a multi-file part of the record.
   *
   * @param device the device folder under encrypted_ballots, "" for ballots directly in it and for
   *     challenged ballots
   * @param path the file
   * @param parsed its content or the problem with it
   */
  public record RecordFile<T>(String device, Path path, Parsed<T> parsed) {
    public RecordFile {
      Require.nonNull("device", device, "path", path, "parsed", parsed);
    }
  }

  private final Path dir;
  private final RecordCodec codec;

  /** The record in {@code dir}, read and written with {@code codec}. */
  public ElectionRecordFiles(Path dir, RecordCodec codec) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  /** Opens an existing record: reads its constants.json to find the group. */
  public static Parsed<ElectionRecordFiles> open(Path dir) {
    return readConstants(dir).map(c -> new ElectionRecordFiles(dir, new RecordCodec(RecordCodec.groupOf(c))));
  }

  /** Reads {@code dir/constants.json}. */
  public static Parsed<GroupConstants> readConstants(Path dir) {
    return read(dir.resolve(CONSTANTS_FILE), RecordCodec::parseConstants);
  }

  public Path dir() {
    return dir;
  }

  public RecordCodec codec() {
    return codec;
  }

  // ---------------------------------------------------------------------------------------------
  // Paths

  public Path constantsPath() {
    return dir.resolve(CONSTANTS_FILE);
  }

  public Path manifestPath() {
    return dir.resolve(MANIFEST_FILE);
  }

  public Path configPath() {
    return dir.resolve(CONFIG_FILE);
  }

  public Path initializedPath() {
    return dir.resolve(INITIALIZED_FILE);
  }

  public Path encryptedTallyPath() {
    return dir.resolve(ENCRYPTED_TALLY_FILE);
  }

  public Path tallyPath() {
    return dir.resolve(TALLY_FILE);
  }

  public Path encryptedBallotsDir() {
    return dir.resolve(ENCRYPTED_BALLOTS_DIR);
  }

  public Path challengedBallotsDir() {
    return dir.resolve(CHALLENGED_BALLOTS_DIR);
  }

  /**
   * The folder of a device's ballots; {@code encrypted_ballots} itself for "".
   *
   * @throws RecordFormatException if the device name cannot be a folder name
   */
  public Path deviceDir(String device) {
    Objects.requireNonNull(device, "device");
    if (device.isEmpty()) {
      return encryptedBallotsDir();
    }
    return encryptedBallotsDir().resolve(safeName(device, "device name", ENCRYPTED_BALLOTS_DIR, "$.encrypting_device"));
  }

  /**
   * {@code encrypted_ballots/[device/]eballot-<id>.json}.
   *
   * @throws RecordFormatException if the id or device cannot be part of a file name
   */
  public Path encryptedBallotPath(String device, String ballotId) {
    Path d = deviceDir(device);
    return d.resolve(ENCRYPTED_BALLOT_PREFIX
        + safeName(ballotId, "ballot id", relative(d), "$.ballot_id") + JSON_SUFFIX);
  }

  /** {@code encrypted_ballots/<device>/ballot_chain.json}. */
  public Path ballotChainPath(String device) {
    return deviceDir(device).resolve(BALLOT_CHAIN_FILE);
  }

  /**
   * {@code challenged_ballots/dballot-<id>.json}.
   *
   * @throws RecordFormatException if the id cannot be part of a file name
   */
  public Path challengedBallotPath(String ballotId) {
    return challengedBallotsDir().resolve(DECRYPTED_BALLOT_PREFIX
        + safeName(ballotId, "ballot id", CHALLENGED_BALLOTS_DIR, "$.id") + JSON_SUFFIX);
  }

  private String relative(Path p) {
    return dir.relativize(p).toString().replace('\\', '/');
  }

  /**
   * The problem with using an id as part of a file or folder name, if any: it must be 1 to 200
   * characters of {@code A-Z a-z 0-9 . _ -} or space, without "..".
   */
  public static Optional<String> fileNameProblem(String id) {
    if (id == null) {
      return Optional.of("is null");
    }
    if (id.isEmpty()) {
      return Optional.of("is empty");
    }
    if (id.length() > MAX_ID_LENGTH) {
      return Optional.of("is longer than " + MAX_ID_LENGTH + " characters");
    }
    if (id.contains("..")) {
      return Optional.of("contains \"..\"");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-' || c == ' ';
      if (!ok) {
        String what = c == '/' || c == '\\' ? "a path separator"
            : Character.isISOControl(c) ? "a control character"
            : "a character outside A-Z a-z 0-9 . _ - and space";
        return Optional.of("contains " + what + " '" + JsonIn.printable(c) + "' at index " + i);
      }
    }
    if (id.equals(".")) {
      return Optional.of("is \".\"");
    }
    return Optional.empty();
  }

  /** The id as used in file names (spaces become "_"), or a RecordFormatException naming the problem. */
  private static String safeName(String id, String what, String source, String jsonPath) {
    Optional<String> problem = fileNameProblem(id);
    if (problem.isPresent()) {
      String shown = id == null ? "null" : "\"" + printable(id) + "\"";
      throw new RecordFormatException(new RecordProblem(
          source, jsonPath, what + " " + shown + " cannot be used in a file name: it " + problem.get()));
    }
    return id.replace(' ', '_');
  }

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < 80; i++) {
      sb.append(JsonIn.printable(s.charAt(i)));
    }
    return s.length() > 80 ? sb + "..." : sb.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Reading single files

  /**
   * Reads and parses one file with a codec method such as {@code codec::parseConfig}. The source of
   * any problem is the file name; a missing file, a directory, a too-large file and IO errors are
   * problems at {@code $}.
   */
  public static <T> Parsed<T> read(Path file, BiFunction<byte[], String, Parsed<T>> parser) {
    String source = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    Parsed<byte[]> bytes = readBytes(file, source);
    return bytes.isOk() ? parser.apply(bytes.value(), source) : Parsed.invalid(bytes.problem());
  }

  private static Parsed<byte[]> readBytes(Path file, String source) {
    try {
      if (!Files.exists(file)) {
        return Parsed.invalid(new RecordProblem(source, "$", "file is missing (" + file + ")"));
      }
      if (!Files.isRegularFile(file)) {
        return Parsed.invalid(new RecordProblem(source, "$", "not a regular file (" + file + ")"));
      }
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        return Parsed.invalid(new RecordProblem(
            source, "$", "file is too large: " + size + " bytes, the limit is " + MAX_FILE_BYTES));
      }
      return Parsed.ok(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Parsed.invalid(new RecordProblem(source, "$", "file is missing (" + file + ")"));
    } catch (IOException | SecurityException e) {
      return Parsed.invalid(new RecordProblem(source, "$", "cannot read " + file + ": " + e));
    }
  }

  public Parsed<Manifest> readManifest() {
    return read(manifestPath(), codec::parseManifest);
  }

  public Parsed<ElectionConfig> readConfig() {
    return read(configPath(), codec::parseConfig);
  }

  public Parsed<ElectionInitialized> readInitialized() {
    return read(initializedPath(), codec::parseInitialized);
  }

  public Parsed<EncryptedTally> readEncryptedTally() {
    return read(encryptedTallyPath(), codec::parseEncryptedTally);
  }

  public Parsed<DecryptedTallyOrBallot> readTally() {
    return read(tallyPath(), codec::parseDecrypted);
  }

  /**
   * Reads one encrypted ballot; its ballot_id must match the file name. An id or device that
   * cannot be a file name is a problem, not an exception.
   */
  public Parsed<EncryptedBallot> readEncryptedBallot(String device, String ballotId) {
    Path p;
    try {
      p = encryptedBallotPath(device, ballotId);
    } catch (RecordFormatException e) {
      return Parsed.invalid(e.problem());
    }
    return readEncryptedBallot(p);
  }

  /** Reads one challenged (decrypted) ballot; its id must match the file name. */
  public Parsed<DecryptedTallyOrBallot> readChallengedBallot(String ballotId) {
    Path p;
    try {
      p = challengedBallotPath(ballotId);
    } catch (RecordFormatException e) {
      return Parsed.invalid(e.problem());
    }
    return readChallengedBallot(p);
  }

  private Parsed<EncryptedBallot> readEncryptedBallot(Path p) {
    return read(p, codec::parseEncryptedBallot)
        .flatMap(b -> matchesFileName(p, ENCRYPTED_BALLOT_PREFIX, b.ballotId(), "$.ballot_id", b));
  }

  private Parsed<DecryptedTallyOrBallot> readChallengedBallot(Path p) {
    return read(p, codec::parseDecrypted)
        .flatMap(b -> matchesFileName(p, DECRYPTED_BALLOT_PREFIX, b.id(), "$.id", b));
  }

  /** egk-ec names a ballot's file after its id, spaces replaced by "_"; anything else is suspicious. */
  private static <T> Parsed<T> matchesFileName(Path p, String prefix, String id, String jsonPath, T value) {
    String name = p.getFileName().toString();
    String expected = prefix + id.replace(' ', '_') + JSON_SUFFIX;
    if (!expected.equals(name)) {
      return Parsed.invalid(new RecordProblem(name, jsonPath,
          "the id \"" + printable(id) + "\" does not match the file name (expected " + printable(expected) + ")"));
    }
    return Parsed.ok(value);
  }

  // ---------------------------------------------------------------------------------------------
  // Encrypted ballots, devices and chains

  /**
   * The devices that have ballots, sorted: "" first if any eballot file sits directly in
   * encrypted_ballots, then every sub-folder. Empty if there is no encrypted_ballots folder.
   */
  public Parsed<List<String>> devices() {
    Path root = encryptedBallotsDir();
    if (!Files.isDirectory(root)) {
      return Parsed.ok(List.of());
    }
    try {
      List<String> devices = new ArrayList<>();
      boolean topLevelBallots = false;
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
        for (Path p : ds) {
          String name = p.getFileName().toString();
          if (Files.isDirectory(p)) {
            devices.add(name);
          } else if (isBallotFile(name, ENCRYPTED_BALLOT_PREFIX)) {
            topLevelBallots = true;
          }
        }
      }
      Collections.sort(devices);
      if (topLevelBallots) {
        devices.add(0, "");
      }
      return Parsed.ok(List.copyOf(devices));
    } catch (IOException | SecurityException e) {
      return Parsed.invalid(new RecordProblem(ENCRYPTED_BALLOTS_DIR, "$", "cannot list " + root + ": " + e));
    }
  }

  /** The chain of a device folder, if it has a ballot_chain.json. */
  public Optional<Parsed<BallotChain>> readBallotChain(String device) {
    Path p;
    try {
      p = ballotChainPath(device);
    } catch (RecordFormatException e) {
      return Optional.of(Parsed.invalid(e.problem()));
    }
    if (!Files.exists(p)) {
      return Optional.empty();
    }
    return Optional.of(read(p, codec::parseBallotChain));
  }

  /** A ballot file to read, or a folder that could not be listed. */
  private record Entry(String device, Path path, RecordProblem listingProblem) {}

  /**
   * Every encrypted ballot, sorted by device then file name, parsed lazily one file at a time as
   * the stream is consumed; only one folder's file names are held at a time. Each ballot's id must
   * match its file name. A folder that cannot be listed yields one entry with the problem. The
   * stream may be made parallel: files are listed in order and parsed in the parallel stage.
   */
  public Stream<RecordFile<EncryptedBallot>> encryptedBallots() {
    Parsed<List<String>> devices = devices();
    if (!devices.isOk()) {
      return Stream.of(new RecordFile<>("", encryptedBallotsDir(), Parsed.invalid(devices.problem())));
    }
    Iterator<String> deviceIt = devices.value().iterator();
    Iterator<Entry> it = new Iterator<>() {
      private Iterator<Entry> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && deviceIt.hasNext()) {
          String device = deviceIt.next();
          Path d = device.isEmpty() ? encryptedBallotsDir() : encryptedBallotsDir().resolve(device);
          current = list(device, d, ENCRYPTED_BALLOT_PREFIX).iterator();
        }
        return current.hasNext();
      }

      @Override
      public Entry next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
    return lazyStream(it).map(this::readEncrypted);
  }

  /** One device's encrypted ballots ("" for those directly in encrypted_ballots), parsed lazily. */
  public Stream<RecordFile<EncryptedBallot>> encryptedBallots(String device) {
    Path d;
    try {
      d = deviceDir(device);
    } catch (RecordFormatException e) {
      return Stream.of(new RecordFile<>(device, encryptedBallotsDir(), Parsed.invalid(e.problem())));
    }
    if (!Files.isDirectory(d)) {
      return Stream.empty();
    }
    return lazyStream(list(device, d, ENCRYPTED_BALLOT_PREFIX).iterator()).map(this::readEncrypted);
  }

  /** Every challenged ballot in challenged_ballots, sorted by file name, parsed lazily. */
  public Stream<RecordFile<DecryptedTallyOrBallot>> challengedBallots() {
    Path d = challengedBallotsDir();
    if (!Files.isDirectory(d)) {
      return Stream.empty();
    }
    return lazyStream(list("", d, DECRYPTED_BALLOT_PREFIX).iterator())
        .map(e -> new RecordFile<>("", e.path(), e.listingProblem() != null
            ? Parsed.<DecryptedTallyOrBallot>invalid(e.listingProblem())
            : readChallengedBallot(e.path())));
  }

  private RecordFile<EncryptedBallot> readEncrypted(Entry e) {
    return new RecordFile<>(e.device(), e.path(), e.listingProblem() != null
        ? Parsed.invalid(e.listingProblem())
        : readEncryptedBallot(e.path()));
  }

  private static boolean isBallotFile(String name, String prefix) {
    return name.startsWith(prefix) && name.endsWith(JSON_SUFFIX)
        && name.length() > prefix.length() + JSON_SUFFIX.length();
  }

  /** The ballot files of one folder, sorted by name; on an IO error, one entry with the problem. */
  private List<Entry> list(String device, Path d, String prefix) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (isBallotFile(name, prefix) && Files.isRegularFile(p)) {
          names.add(name);
        }
      }
    } catch (IOException | SecurityException e) {
      return List.of(new Entry(device, d, new RecordProblem(relative(d), "$", "cannot list " + d + ": " + e)));
    }
    Collections.sort(names);
    List<Entry> out = new ArrayList<>(names.size());
    for (String n : names) {
      out.add(new Entry(device, d.resolve(n), null));
    }
    return out;
  }

  private static <T> Stream<T> lazyStream(Iterator<T> it) {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  public Path writeConstants(GroupConstants constants) throws IOException {
    return writeAtomically(constantsPath(), RecordCodec.writeConstants(constants));
  }

  /** Writes the manifest's bytes unchanged (H_M hashes them). */
  public Path writeManifest(Manifest manifest) throws IOException {
    return writeAtomically(manifestPath(), manifest.bytes());
  }

  public Path writeConfig(ElectionConfig config) throws IOException {
    return writeAtomically(configPath(), codec.writeConfig(config));
  }

  public Path writeInitialized(ElectionInitialized init) throws IOException {
    return writeAtomically(initializedPath(), codec.writeInitialized(init));
  }

  public Path writeEncryptedTally(EncryptedTally tally) throws IOException {
    return writeAtomically(encryptedTallyPath(), codec.writeEncryptedTally(tally));
  }

  public Path writeTally(DecryptedTallyOrBallot tally) throws IOException {
    return writeAtomically(tallyPath(), codec.writeDecrypted(tally));
  }

  /**
   * Writes an encrypted ballot into a device folder ("" for encrypted_ballots itself).
   *
   * @throws RecordFormatException if the ballot id or device cannot be part of a file name
   */
  public Path writeEncryptedBallot(String device, EncryptedBallot ballot) throws IOException {
    Path p = encryptedBallotPath(device, ballot.ballotId());
    return writeAtomically(p, codec.writeEncryptedBallot(ballot));
  }

  /** Writes a device's ballot_chain.json, in the folder named after the chain's encrypting device. */
  public Path writeBallotChain(BallotChain chain) throws IOException {
    return writeAtomically(ballotChainPath(chain.encryptingDevice()), codec.writeBallotChain(chain));
  }

  /**
   * Writes a decrypted challenged ballot.
   *
   * @throws RecordFormatException if the ballot id cannot be part of a file name
   */
  public Path writeChallengedBallot(DecryptedTallyOrBallot ballot) throws IOException {
    return writeAtomically(challengedBallotPath(ballot.id()), codec.writeDecrypted(ballot));
  }

  /**
   * Replaces {@code target} with {@code bytes} atomically: creates missing directories (syncing
   * their parents), writes a temporary file in the same directory, forces it to disk, renames it
   * over the target and forces the directory. Files get the default permissions (the umask
   * applies), as egk-ec's do; protect private data such as trustee files by their directory.
   */
  public static Path writeAtomically(Path target, byte[] bytes) throws IOException {
    return writeAtomically(target, out -> out.write(bytes));
  }

  /** What writes a file's content, in pieces, to the stream it is given. */
  @FunctionalInterface
  public interface Content {
    void writeTo(java.io.OutputStream out) throws IOException;
  }

  /**
   * {@link #writeAtomically(Path, byte[])} of a content written in pieces, such as a log taken a
   * batch at a time, so that the whole file is never held in memory. When {@code content} throws,
   * the target is left as it was.
   */
  public static Path writeAtomically(Path target, Content content) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    ensureDirectory(parent);
    Path tmp = null;
    FileChannel ch = null;
    for (int attempt = 0; ch == null; attempt++) {
      tmp = parent.resolve("." + target.getFileName() + "." + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp");
      try {
        ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException e) {
        if (attempt > 10) {
          throw e;
        }
      }
    }
    boolean moved = false;
    try {
      try (FileChannel c = ch) {
        java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(c), 1 << 16);
        content.writeTo(out);
        out.flush();
        c.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
      syncDirectory(parent);
      return target;
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static void ensureDirectory(Path d) throws IOException {
    if (Files.isDirectory(d)) {
      return;
    }
    Path parent = d.getParent();
    if (parent != null) {
      ensureDirectory(parent);
    }
    try {
      Files.createDirectory(d);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(d)) {
        throw e;
      }
      return;
    }
    if (parent != null) {
      syncDirectory(parent);
    }
  }

  /** Forces a directory's entries to disk; not possible on Windows, where it is skipped. */
  private static void syncDirectory(Path d) throws IOException {
    if (System.getProperty("os.name", "").startsWith("Windows")) {
      return;
    }
    try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}

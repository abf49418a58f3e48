package org.evote.tally.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.evote.crypto.group.Bytes;
import org.evote.crypto.hash.UInt256;
import org.evote.crypto.record.JsonIn;
import org.evote.crypto.record.Parsed;
import org.evote.tally.Checked;
import org.evote.tally.guardian.GuardianState;
import org.evote.tally.guardian.GuardianStateCodec;
import org.evote.tally.internal.JsonOut;

/**
 * A guardian's secret state at rest: one file, encrypted with AES-256-GCM under a key derived
 * from the guardian's passphrase with Argon2id.
 *
 * <p>The file is a JSON envelope:
 *
 * <pre>
 * format "evote-guardian-state", version 1,
 * guardian_id, ceremony_id, election_base_hash (H_B)        which guardian and election
 * kdf {algorithm "argon2id", version 19, memory_kib,
 *      iterations, parallelism, salt (16 bytes)}
 * passphrase_check   SHA-256("evote passphrase check" ∥ the KDF's second 32 bytes)
 * cipher "AES-256-GCM", nonce (12 bytes, fresh on every save)
 * header_sha256      SHA-256 of the associated data below (detects a damaged header)
 * ciphertext         AES-256-GCM(key = the KDF's first 32 bytes, the state's JSON)
 * </pre>
 *
 * The associated data of GCM is a fixed-layout encoding of every header field (format, ids, H_B,
 * the KDF parameters and salt, the passphrase check and the nonce), so a header changed in any
 * way fails authentication. Opening reports, in this order: a file that is not such an envelope
 * or whose header checksum fails ("corrupted"), a file of another guardian or election, KDF
 * parameters weaker than this vault's, a wrong passphrase (the check value), and a ciphertext that
 * fails authentication ("corrupted"). A damaged file is never used.
 *
 * <p>The parameters given to the constructor are used for new files and are the minimum accepted
 * when opening; production code uses {@link #standard()}, tests may pass cheaper ones.
 */
public final class GuardianVault {
  public static final String FORMAT = "evote-guardian-state";
  public static final int VERSION = 1;
  /** State files larger than this are refused. */
  public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

  private static final byte[] AAD_PREFIX = "evote guardian state v1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CHECK_PREFIX = "evote passphrase check".getBytes(StandardCharsets.UTF_8);
  private static final int SALT_BYTES = 16;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final KdfParameters parameters;
  private final SecureRandom random;

  /**
   * A vault that derives keys with {@code parameters} and refuses files with cheaper ones.
   * Production code uses {@link #standard()}.
   */
  public GuardianVault(KdfParameters parameters, SecureRandom random) {
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The production vault: {@link KdfParameters#STANDARD}. */
  public static GuardianVault standard() {
    return new GuardianVault(KdfParameters.STANDARD, new SecureRandom());
  }

  public KdfParameters parameters() {
    return parameters;
  }

  /** The header of a state file; every field is authenticated. */
  private record Header(
      String guardianId, String ceremonyId, UInt256 electionBaseHash, KdfParameters kdf, byte[] salt,
      byte[] passphraseCheck, byte[] nonce) {

    byte[] associatedData() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(AAD_PREFIX);
      out.write(0);
      lengthPrefixed(out, guardianId.getBytes(StandardCharsets.UTF_8));
      lengthPrefixed(out, ceremonyId.getBytes(StandardCharsets.UTF_8));
      out.writeBytes(electionBaseHash.bytes());
      out.writeBytes(Bytes.int32(Argon2Parameters.ARGON2_VERSION_13));
      out.writeBytes(Bytes.int32(kdf.memoryKiB()));
      out.writeBytes(Bytes.int32(kdf.iterations()));
      out.writeBytes(Bytes.int32(kdf.parallelism()));
      lengthPrefixed(out, salt);
      lengthPrefixed(out, passphraseCheck);
      lengthPrefixed(out, nonce);
      return out.toByteArray();
    }

    private static void lengthPrefixed(ByteArrayOutputStream out, byte[] b) {
      out.writeBytes(Bytes.int32(b.length));
      out.writeBytes(b);
    }
  }

  /** Keys derived from a passphrase for one salt: the AES key and the check value. */
  private static final class DerivedKey {
    private final byte[] aesKey;
    private final byte[] check;

    DerivedKey(byte[] aesKey, byte[] check) {
      this.aesKey = aesKey;
      this.check = check;
    }

    void wipe() {
      Arrays.fill(aesKey, (byte) 0);
    }
  }

  private static DerivedKey derive(char[] passphrase, byte[] salt, KdfParameters kdf) {
    Argon2Parameters p = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(kdf.memoryKiB())
        .withIterations(kdf.iterations())
        .withParallelism(kdf.parallelism())
        .withSalt(salt)
        .build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(p);
    byte[] pw = utf8(passphrase);
    byte[] out = new byte[64];
    try {
      gen.generateBytes(pw, out);
      byte[] key = Arrays.copyOfRange(out, 0, 32);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(CHECK_PREFIX);
      sha.update(out, 32, 32);
      return new DerivedKey(key, sha.digest());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    } finally {
      Arrays.fill(pw, (byte) 0);
      Arrays.fill(out, (byte) 0);
    }
  }

  /** The passphrase in Unicode NFC, as UTF-8. */
  private static byte[] utf8(char[] passphrase) {
    String normalized = Normalizer.normalize(CharBuffer.wrap(passphrase), Normalizer.Form.NFC);
    return normalized.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Creates the state file of a new guardian. Refuses to replace an existing file.
   *
   * @param passphrase the guardian's passphrase; at least 8 characters
   */
  public UnlockedState create(Path file, GuardianState state, char[] passphrase) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(state, "state");
    if (passphrase.length < 8) {
      throw new IllegalArgumentException("a guardian passphrase needs at least 8 characters");
    }
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(file.toString(), null,
          "a guardian state file already exists there; it is never overwritten");
    }
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    DerivedKey key = derive(passphrase, salt, parameters);
    UnlockedState unlocked = new UnlockedState(this, file, state, key, salt, parameters,
        new ElectionBinding(state.ceremonyId(), state.electionBaseHash()));
    unlocked.write(state, true);
    return unlocked;
  }

  /**
   * Opens a state file and decrypts it.
   *
   * @param expected the election the caller is working on; a file of another election fails
   * @param expectedGuardianId the guardian the caller expects, or null for any
   */
  public Checked<UnlockedState> open(Path file, char[] passphrase, ElectionBinding expected, String expectedGuardianId)
      throws IOException {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        return Checked.failed("guardian state file " + name + " is corrupted: it is larger than " + MAX_FILE_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Checked.failed("guardian state file " + file + " does not exist");
    }
    Parsed<Envelope> parsed = JsonIn.parse(bytes, name, GuardianVault::envelope);
    if (!parsed.isOk()) {
      return Checked.failed("guardian state file " + name + " is corrupted or not a guardian state file: "
          + parsed.problem().jsonPath() + ": " + parsed.problem().message());
    }
    Envelope env = parsed.value();
    Header h = env.header;
    byte[] aad = h.associatedData();
    if (!MessageDigest.isEqual(sha256(aad), env.headerSha256)) {
      return Checked.failed("guardian state file " + name + " is corrupted: its header checksum does not match");
    }
    if (!expected.electionBaseHash().equals(h.electionBaseHash())
        || (expected.ceremonyId() != null && !expected.ceremonyId().equals(h.ceremonyId()))) {
      return Checked.failed("guardian state file " + name + " belongs to another election: it is guardian "
          + h.guardianId() + "'s file for ceremony " + h.ceremonyId() + " (H_B " + h.electionBaseHash()
          + "), not for this election (" + expected + ")");
    }
    if (expectedGuardianId != null && !expectedGuardianId.equals(h.guardianId())) {
      return Checked.failed("guardian state file " + name + " belongs to guardian " + h.guardianId()
          + ", not " + expectedGuardianId);
    }
    if (!h.kdf().atLeast(parameters)) {
      return Checked.failed("guardian state file " + name + " uses KDF parameters " + h.kdf()
          + ", weaker than the required " + parameters);
    }
    DerivedKey key = derive(passphrase, h.salt(), h.kdf());
    if (!MessageDigest.isEqual(key.check, h.passphraseCheck())) {
      key.wipe();
      return Checked.failed("wrong passphrase for guardian state file " + name);
    }
    byte[] plain;
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.aesKey, "AES"), new GCMParameterSpec(TAG_BITS, h.nonce()));
      c.updateAAD(aad);
      plain = c.doFinal(env.ciphertext);
    } catch (AEADBadTagException e) {
      key.wipe();
      return Checked.failed("guardian state file " + name
          + " is corrupted: its contents fail authentication (AES-GCM tag), so it was modified or damaged");
    } catch (GeneralSecurityException e) {
      key.wipe();
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
    try {
      Parsed<GuardianState> state = GuardianStateCodec.parse(plain, name);
      if (!state.isOk()) {
        key.wipe();
        return Checked.failed("guardian state file " + name + " is corrupted: " + state.problem());
      }
      GuardianState s = state.value();
      if (!s.guardianId().equals(h.guardianId()) || !s.ceremonyId().equals(h.ceremonyId())
          || !s.electionBaseHash().equals(h.electionBaseHash())) {
        key.wipe();
        return Checked.failed("guardian state file " + name + " is corrupted: its contents do not match its header");
      }
      return Checked.ok(new UnlockedState(this, file, s, key, h.salt(), h.kdf(),
          new ElectionBinding(h.ceremonyId(), h.electionBaseHash())));
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private record Envelope(Header header, byte[] headerSha256, byte[] ciphertext) {}

  private static Envelope envelope(JsonIn in) {
    in.field("format").expect(FORMAT);
    in.field("version").intIn(VERSION, VERSION);
    JsonIn kdf = in.field("kdf");
    kdf.field("algorithm").expect("argon2id");
    kdf.field("version").intIn(Argon2Parameters.ARGON2_VERSION_13, Argon2Parameters.ARGON2_VERSION_13);
    KdfParameters params;
    try {
      params = new KdfParameters(
          kdf.field("memory_kib").intIn(1, Integer.MAX_VALUE),
          kdf.field("iterations").intIn(1, Integer.MAX_VALUE),
          kdf.field("parallelism").intIn(1, Integer.MAX_VALUE));
    } catch (IllegalArgumentException e) {
      throw kdf.bad(e.getMessage());
    }
    in.field("cipher").expect("AES-256-GCM");
    Header h = new Header(
        in.field("guardian_id").string(),
        in.field("ceremony_id").string(),
        in.field("election_base_hash").uint256(),
        params,
        kdf.field("salt").base64(SALT_BYTES),
        in.field("passphrase_check").base64(32),
        in.field("nonce").base64(NONCE_BYTES));
    return new Envelope(h, in.field("header_sha256").base64(32), in.field("ciphertext").base64());
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * An opened state file: the state, and the derived key kept so that saving does not run the KDF
   * again. Saving re-encrypts with a fresh nonce and replaces the file atomically. Close it to wipe
   * the key. No {@code toString}.
   */
  public static final class UnlockedState implements AutoCloseable {
    private final GuardianVault vault;
    private final Path file;
    private final DerivedKey key;
    private final byte[] salt;
    private final KdfParameters kdf;
    private final ElectionBinding binding;
    private GuardianState state;

    private UnlockedState(GuardianVault vault, Path file, GuardianState state, DerivedKey key, byte[] salt,
        KdfParameters kdf, ElectionBinding binding) {
      this.vault = vault;
      this.file = file;
      this.state = state;
      this.key = key;
      this.salt = salt.clone();
      this.kdf = kdf;
      this.binding = binding;
    }

    public GuardianState state() {
      return state;
    }

    public Path file() {
      return file;
    }

    /** Encrypts {@code next} and replaces the file with it (fsync'd); it becomes the state. */
    public void save(GuardianState next) throws IOException {
      if (!next.guardianId().equals(state.guardianId()) || !next.ceremonyId().equals(state.ceremonyId())
          || !next.electionBaseHash().equals(state.electionBaseHash())) {
        throw new IllegalArgumentException("a state file keeps its guardian and election");
      }
      write(next, false);
      state = next;
    }

    private void write(GuardianState s, boolean createNew) throws IOException {
      byte[] nonce = new byte[NONCE_BYTES];
      vault.random.nextBytes(nonce);
      Header h = new Header(s.guardianId(), s.ceremonyId(), s.electionBaseHash(), kdf, salt, key.check, nonce);
      byte[] aad = h.associatedData();
      byte[] plain = GuardianStateCodec.write(s);
      byte[] ct;
      try {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.aesKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(aad);
        ct = c.doFinal(plain);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-GCM is not available in this JVM", e);
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
      ObjectNode o = JsonOut.object();
      o.put("format", FORMAT);
      o.put("version", VERSION);
      o.put("guardian_id", h.guardianId());
      o.put("ceremony_id", h.ceremonyId());
      o.put("election_base_hash", JsonOut.uint256(h.electionBaseHash()));
      ObjectNode k = o.putObject("kdf");
      k.put("algorithm", "argon2id");
      k.put("version", Argon2Parameters.ARGON2_VERSION_13);
      k.put("memory_kib", kdf.memoryKiB());
      k.put("iterations", kdf.iterations());
      k.put("parallelism", kdf.parallelism());
      k.put("salt", JsonOut.base64(salt));
      o.put("passphrase_check", JsonOut.base64(key.check));
      o.put("cipher", "AES-256-GCM");
      o.put("nonce", JsonOut.base64(nonce));
      o.put("header_sha256", JsonOut.base64(sha256(aad)));
      o.put("ciphertext", JsonOut.base64(ct));
      writeAtomically(file, JsonOut.bytes(o), createNew);
    }

    /** The election this file is bound to. */
    public ElectionBinding binding() {
      return binding;
    }

    @Override
    public void close() {
      key.wipe();
    }
  }

  /**
   * Writes a temporary file readable by its owner only, forces it to disk, and renames it over
   * {@code target} (or, for a new file, refuses an existing one), then forces the folder.
   */
  private static void writeAtomically(Path target, byte[] bytes, boolean createNew) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(new SecureRandom().nextLong()) + ".tmp");
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attrs = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
    try {
      try (FileChannel ch = FileChannel.open(tmp,
          java.util.Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      if (createNew) {
        try {
          Files.createLink(abs, tmp);
        } catch (UnsupportedOperationException e) {
          Files.move(tmp, abs);
        }
      } else {
        try {
          Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    if (!System.getProperty("os.name", "").startsWith("Windows")) {
      try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
        ch.force(true);
      }
    }
  }
}

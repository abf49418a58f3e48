package org.evote.tally.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A transport in a shared folder (a network share, a synchronised folder, or a USB stick carried
 * between machines): each message is one JSON file at its address under the folder.
 *
 * <p>Publishing writes a temporary file, forces it to disk, and then links it to its final name
 * with a hard link, which fails if the name exists: two writers can never replace each other's
 * message. On file systems without hard links it falls back to an exclusive create. The folder
 * entry is forced to disk afterwards. Temporary files start with "." and are never listed.
 */
public final class FileTransport implements Transport {
  /** Messages larger than this are refused rather than read into memory. */
  public static final long MAX_MESSAGE_BYTES = 512L * 1024 * 1024;

  private final Path root;

  public FileTransport(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  private Path path(String address) {
    return root.resolve(Addresses.check(address));
  }

  @Override
  public void publish(String address, byte[] message) throws IOException {
    Path target = path(address);
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Optional<byte[]> existing = read(address);
    if (existing.isPresent()) {
      if (Arrays.equals(existing.get(), message)) {
        return;
      }
      throw new MessageConflictException(address);
    }
    Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(message);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.createLink(target, tmp);
      } catch (FileAlreadyExistsException e) {
        Optional<byte[]> now = read(address);
        if (now.isPresent() && Arrays.equals(now.get(), message)) {
          return;
        }
        throw new MessageConflictException(address);
      } catch (UnsupportedOperationException | IOException e) {
        // No hard links here (some network and FAT file systems): create the file exclusively.
        writeExclusive(target, message, address);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncDirectory(dir);
  }

  private static void writeExclusive(Path target, byte[] message, String address) throws IOException {
    try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(message);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    } catch (FileAlreadyExistsException e) {
      throw new MessageConflictException(address);
    }
  }

  private static void syncDirectory(Path d) throws IOException {
    if (System.getProperty("os.name", "").startsWith("Windows")) {
      return;
    }
    try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  @Override
  public Optional<byte[]> read(String address) throws IOException {
    Path p = path(address);
    try {
      if (!Files.isRegularFile(p)) {
        return Optional.empty();
      }
      long size = Files.size(p);
      if (size > MAX_MESSAGE_BYTES) {
        throw new IOException("message " + address + " is too large: " + size + " bytes");
      }
      return Optional.of(Files.readAllBytes(p));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<String> list(String folder) throws IOException {
    Path d = path(folder);
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (!name.startsWith(".") && Files.isRegularFile(p)) {
          out.add(name);
        }
      }
    }
    Collections.sort(out);
    return out;
  }

  @Override
  public String describe() {
    return root.toString();
  }
}

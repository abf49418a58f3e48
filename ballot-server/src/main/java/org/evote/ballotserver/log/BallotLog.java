package org.evote.ballotserver.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A node's append-only, hash-chained ballot log on local disk, made durable with group commit.
 *
 * <p>Each record is {@code len (4 bytes, big-endian) ∥ payload ∥ hash}, where hash =
 * SHA-256(previous hash ∥ payload) and the first previous hash is SHA-256("evote-log" ∥ node
 * id). One writer thread takes every pending append, writes them, calls {@code force} once, and
 * only then completes their futures: an append's future completes after its record is on disk.
 *
 * <p>On open the log is read back and checked. A torn last write (an incomplete record, a record
 * whose hash does not chain, or junk) is cut off, never half-applied, and reported by {@link
 * #truncatedBytes()}. A damaged record followed by intact records is corruption, not a torn
 * write: opening fails rather than drop the acknowledged records behind it.
 */
public final class BallotLog implements Closeable {
  private static final Logger LOG = Logger.getLogger(BallotLog.class.getName());
  /** Payloads larger than this are refused; a ballot envelope is far smaller. */
  public static final int MAX_PAYLOAD = 4 * 1024 * 1024;

  /** One record as read back. */
  public record Entry(long position, byte[] payload, byte[] previousHash, byte[] hash) {}

  private record Pending(byte[] payload, CompletableFuture<Entry> done) {}

  private final Path file;
  private final FileChannel channel;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final List<Entry> entries = new ArrayList<>();
  private final long truncatedBytes;
  private volatile byte[] head;
  private volatile boolean closed;
  private volatile IOException failure;

  private BallotLog(Path file, FileChannel channel, byte[] genesis) throws IOException {
    this.file = file;
    this.channel = channel;
    this.head = genesis;
    this.truncatedBytes = recover();
    this.writer = Thread.ofPlatform().name("ballot-log-writer").daemon().start(this::writeLoop);
  }

  /** Opens (or creates) the log of a node, recovering it from disk. */
  public static BallotLog open(Path file, String nodeId) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new BallotLog(file, ch, genesis(nodeId));
  }

  /** SHA-256("evote-log" ∥ node id): the previous hash of the first record. */
  public static byte[] genesis(String nodeId) {
    MessageDigest d = sha256();
    d.update("evote-log".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    d.update(nodeId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return d.digest();
  }

  /** The hash chaining {@code payload} after {@code previous}. */
  public static byte[] chain(byte[] previous, byte[] payload) {
    MessageDigest d = sha256();
    d.update(previous);
    d.update(payload);
    return d.digest();
  }

  private long recover() throws IOException {
    long size = channel.size();
    long pos = 0;
    byte[] prev = head;
    while (pos < size) {
      Record r = readRecord(pos, size);
      if (r == null || !MessageDigest.isEqual(r.hash, chain(prev, r.payload))) {
        if (intactRecordsAfter(pos + 1, size)) {
          throw corrupt(pos, r == null ? "its length field is damaged"
              : "its hash does not chain from the record before it"
                  + (entries.isEmpty() ? " (or this log belongs to another node id)" : ""));
        }
        break; // a torn last write: nothing intact follows
      }
      entries.add(new Entry(entries.size(), r.payload, prev, r.hash));
      prev = r.hash;
      pos = r.end;
    }
    head = prev;
    long cut = size - pos;
    if (cut > 0) {
      LOG.warning("ballot log " + file + ": cutting off a torn last record of " + cut + " bytes");
      channel.truncate(pos);
      channel.force(true);
    }
    channel.position(pos);
    return cut;
  }

  private record Record(byte[] payload, byte[] hash, long end) {}

  /** The record at {@code pos}, or null when no whole record with a sane length is there. */
  private Record readRecord(long pos, long size) throws IOException {
    if (size - pos < 4) {
      return null;
    }
    ByteBuffer len = ByteBuffer.allocate(4);
    channel.read(len, pos);
    int n = len.flip().getInt();
    if (n < 0 || n > MAX_PAYLOAD || pos + 4 + n + 32 > size) {
      return null;
    }
    ByteBuffer body = ByteBuffer.allocate(n + 32);
    channel.read(body, pos + 4);
    byte[] all = body.array();
    return new Record(java.util.Arrays.copyOfRange(all, 0, n), java.util.Arrays.copyOfRange(all, n, n + 32), pos + 4 + n + 32);
  }

  /**
   * Whether two consecutive records that chain to each other start anywhere at or after {@code
   * from}. Junk left by a torn write never does; the records after a damaged one in the middle
   * of the log do.
   */
  private boolean intactRecordsAfter(long from, long size) throws IOException {
    for (long o = from; o + 2 * 36 <= size; o++) {
      Record a = readRecord(o, size);
      if (a == null) {
        continue;
      }
      Record b = readRecord(a.end, size);
      if (b != null && MessageDigest.isEqual(b.hash, chain(a.hash, b.payload))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A damaged record with intact records after it is not a torn write: cutting there would drop
   * acknowledged ballots, so the node refuses to start and an operator must look.
   */
  private IOException corrupt(long offset, String why) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // reporting the corruption matters more
    }
    return new IOException("ballot log " + file + " is corrupt at byte " + offset + " (record "
        + entries.size() + "): " + why + "; records follow it, so it is not a torn write. The node will "
        + "not start: restore the file from a backup, or move it away to rebuild this node from the cluster.");
  }

  /** How many bytes of torn tail were cut off when the log was opened. */
  public long truncatedBytes() {
    return truncatedBytes;
  }

  /** The hash of the last record (the chain head). */
  public byte[] head() {
    return head.clone();
  }

  /** The number of records. */
  public synchronized long size() {
    return entries.size();
  }

  /** Records from {@code from}, at most {@code limit} of them. */
  public synchronized List<Entry> read(long from, int limit) {
    List<Entry> out = new ArrayList<>();
    for (long i = Math.max(0, from); i < entries.size() && out.size() < limit; i++) {
      out.add(entries.get((int) i));
    }
    return out;
  }

  /** Whether the log can still be written. */
  public boolean writable() {
    return !closed && failure == null && writer.isAlive();
  }

  /**
   * Appends a record; the future completes once the record is fsync'd, with its position and
   * hash, or fails if the disk write failed.
   */
  public CompletableFuture<Entry> append(byte[] payload) {
    CompletableFuture<Entry> f = new CompletableFuture<>();
    if (payload.length > MAX_PAYLOAD) {
      f.completeExceptionally(new IllegalArgumentException("log payload too large: " + payload.length));
      return f;
    }
    if (!writable()) {
      f.completeExceptionally(new IOException("ballot log is not writable", failure));
      return f;
    }
    queue.add(new Pending(payload.clone(), f));
    return f;
  }

  /** Appends waiting to be written. */
  public int queueDepth() {
    return queue.size();
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>();
    while (!closed) {
      try {
        Pending first = queue.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch);
        writeBatch(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException e) {
        failure = e;
        LOG.log(Level.SEVERE, "ballot log write failed; the node stops acknowledging ballots", e);
        for (Pending p : batch) {
          p.done.completeExceptionally(e);
        }
        batch.clear();
        Pending p;
        while ((p = queue.poll()) != null) {
          p.done.completeExceptionally(e);
        }
        return;
      }
      batch.clear();
    }
  }

  private void writeBatch(List<Pending> batch) throws IOException {
    List<Entry> written = new ArrayList<>(batch.size());
    byte[] prev = head;
    long next;
    synchronized (this) {
      next = entries.size();
    }
    int total = 0;
    for (Pending p : batch) {
      total += 4 + p.payload.length + 32;
    }
    ByteBuffer buf = ByteBuffer.allocate(total);
    for (Pending p : batch) {
      byte[] hash = chain(prev, p.payload);
      buf.putInt(p.payload.length).put(p.payload).put(hash);
      written.add(new Entry(next++, p.payload, prev, hash));
      prev = hash;
    }
    buf.flip();
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    channel.force(false);
    synchronized (this) {
      entries.addAll(written);
    }
    head = prev;
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).done.complete(written.get(i));
    }
  }

  @Override
  public void close() throws IOException {
    // No interrupt: an interrupted FileChannel write would close the channel mid-record.
    closed = true;
    try {
      writer.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Pending p;
    while ((p = queue.poll()) != null) {
      p.done.completeExceptionally(new IOException("ballot log closed"));
    }
    channel.close();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

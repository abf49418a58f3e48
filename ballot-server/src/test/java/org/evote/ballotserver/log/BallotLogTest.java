package org.evote.ballotserver.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's hash-chained, group-committed log: chaining, recovery of torn and corrupt tails, concurrency, limits. */
class BallotLogTest {
  static final String NODE = "node-a";

  @TempDir Path dir;

  Path file() {
    return dir.resolve("ballot.log");
  }

  static byte[] payload(int i) {
    return ("{\"type\":\"ballot\",\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 50) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** Appends records 0..n-1 and waits until each is on disk. */
  static List<BallotLog.Entry> appendAll(BallotLog log, int from, int n) throws Exception {
    List<BallotLog.Entry> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(log.append(payload(i)).get(30, TimeUnit.SECONDS));
    }
    return out;
  }

  /** A log's head and its file's size after its first records. */
  record Written(byte[] head, long size) {}

  /**
   * Writes records 0..n-1 to a new log at {@code f}, takes its head and size, then appends {@code more}
   * records after them (the ones a test tears) and closes the log.
   */
  static Written written(Path f, int n, int more) throws Exception {
    try (BallotLog log = BallotLog.open(f, NODE)) {
      appendAll(log, 0, n);
      Written w = new Written(log.head(), Files.size(f));
      appendAll(log, n, more);
      return w;
    }
  }

  /** Checks the whole chain as read back: genesis, each hash over the previous one, positions. */
  static void assertChained(BallotLog log) {
    byte[] prev = BallotLog.genesis(NODE);
    List<BallotLog.Entry> all = log.read(0, Integer.MAX_VALUE);
    assertThat(all).hasSize((int) log.size());
    for (int i = 0; i < all.size(); i++) {
      BallotLog.Entry e = all.get(i);
      assertThat(e.position()).isEqualTo(i);
      assertThat(e.previousHash()).as("previous hash of record %d", i).isEqualTo(prev);
      assertThat(e.hash()).as("hash of record %d", i).isEqualTo(BallotLog.chain(prev, e.payload()));
      prev = e.hash();
    }
    assertThat(log.head()).isEqualTo(prev);
  }

  /** The byte offset at which record {@code index} starts: 4 + payload + 32 per record before it. */
  static long offsetOf(BallotLog log, int index) {
    long off = 0;
    for (BallotLog.Entry e : log.read(0, index)) {
      off += 4 + e.payload().length + 32;
    }
    return off;
  }

  static void truncate(Path file, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    }
  }

  static void appendBytes(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes, StandardOpenOption.APPEND);
  }

  static void flipByte(Path file, long at) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, at);
      b.flip();
      byte v = b.get();
      ch.write(ByteBuffer.wrap(new byte[] {(byte) (v ^ 0x40)}), at);
    }
  }

  @Nested
  @DisplayName("chaining")
  class Chaining {
    @Test
    @DisplayName("a new log starts from SHA-256(\"evote-log\" ∥ node id) and each record chains on the one before")
    void chains() throws Exception {
      try (BallotLog log = BallotLog.open(file(), NODE)) {
        assertThat(log.size()).isZero();
        assertThat(log.head()).isEqualTo(BallotLog.genesis(NODE));
        assertThat(log.truncatedBytes()).isZero();
        List<BallotLog.Entry> written = appendAll(log, 0, 20);
        for (int i = 0; i < written.size(); i++) {
          assertThat(written.get(i).position()).isEqualTo(i);
          assertThat(written.get(i).payload()).isEqualTo(payload(i));
        }
        assertChained(log);
      }
    }

    @Test
    @DisplayName("closing and reopening keeps every record, the head and the chain, and later appends continue it")
    void reopen() throws Exception {
      byte[] head;
      try (BallotLog log = BallotLog.open(file(), NODE)) {
        appendAll(log, 0, 25);
        head = log.head();
      }
      long bytes = Files.size(file());
      try (BallotLog log = BallotLog.open(file(), NODE)) {
        assertThat(log.truncatedBytes()).isZero();
        assertThat(Files.size(file())).isEqualTo(bytes);
        assertThat(log.size()).isEqualTo(25);
        assertThat(log.head()).isEqualTo(head);
        for (BallotLog.Entry e : log.read(0, 100)) {
          assertThat(e.payload()).isEqualTo(payload((int) e.position()));
        }
        BallotLog.Entry next = log.append(payload(25)).get(30, TimeUnit.SECONDS);
        assertThat(next.position()).isEqualTo(25);
        assertThat(next.previousHash()).isEqualTo(head);
        assertChained(log);
      }
      try (BallotLog log = BallotLog.open(file(), NODE)) {
        assertThat(log.size()).isEqualTo(26);
        assertChained(log);
      }
    }

    @Test
    @DisplayName("read pages through the records")
    void pages() throws Exception {
      try (BallotLog log = BallotLog.open(file(), NODE)) {
        appendAll(log, 0, 10);
        assertThat(log.read(3, 4)).extracting(BallotLog.Entry::position).containsExactly(3L, 4L, 5L, 6L);
        assertThat(log.read(8, 100)).extracting(BallotLog.Entry::position).containsExactly(8L, 9L);
        assertThat(log.read(10, 5)).isEmpty();
        assertThat(log.read(-3, 1)).extracting(BallotLog.Entry::position).containsExactly(0L);
      }
    }
  }

  @Nested
  @DisplayName("recovery on open")
  class Recovery {
    @Test
    @DisplayName("a last record cut off mid-payload is detected and removed; later appends chain on the last good record")
    void tornPayload() throws Exception {
      byte[] headBefore;
      long goodSize;
      try (BallotLog log = BallotLog.open(file(), NODE)) {
        appendAll(log, 0, 10);
        headBefore = log.read(8, 1).get(0).hash();
        goodSize = offsetOf(log, 9);
      }
      long full = Files.size(file());
      truncate(file(), full - 40); // inside record 9: its hash and the end of its payload are gone
      try (BallotLog log = BallotLog.open(file(), NODE)) {
        assertThat(log.truncatedBytes()).isEqualTo(full - 40 - goodSize);
        assertThat(log.size()).isEqualTo(9);
        assertThat(log.head()).isEqualTo(headBefore);
        assertThat(Files.size(file())).isEqualTo(goodSize);
        BallotLog.Entry e = log.append(payload(100)).get(30, TimeUnit.SECONDS);
        assertThat(e.position()).isEqualTo(9);
        assertThat(e.previousHash()).isEqualTo(headBefore);
        assertChained(log);
      }
      try (BallotLog log = BallotLog.open(file(), NODE)) {
        assertThat(log.truncatedBytes()).isZero();
        assertThat(log.size()).isEqualTo(10);
        assertThat(log.read(9, 1).get(0).payload()).isEqualTo(payload(100));
        assertChained(log);
      }
    }

    @Test
    @DisplayName("a last record of which only part of the length prefix was written is removed")
    void tornLength() throws Exception {
      long goodSize = written(file(), 5, 0).size();
      appendBytes(file(), new byte[] {0, 0});
      try (BallotLog log = BallotLog.open(file(), NODE)) {
        assertThat(log.truncatedBytes()).isEqualTo(2);
        assertThat(log.size()).isEqualTo(5);
        assertThat(Files.size(file())).isEqualTo(goodSize);
        assertChained(log);
      }
    }

    @Test
    @DisplayName("a record whose hash was only partly written is removed")
    void tornHash() throws Exception {
      long goodSize = written(file(), 5, 1).size();
      truncate(file(), Files.size(file()) - 1);
      try (BallotLog log = BallotLog.open(file(), NODE)) {
        assertThat(log.size()).isEqualTo(5);
        assertThat(log.truncatedBytes()).isEqualTo(4 + payload(5).length + 31);
        assertThat(Files.size(file())).isEqualTo(goodSize);
      }
    }

    @Test
    @DisplayName("garbage after the last record is removed, whatever length it claims")
    void garbage() throws Exception {
      for (byte[] junk : List.of(
          "garbage that is not a record".getBytes(StandardCharsets.UTF_8),
          new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3},
          new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
          ByteBuffer.allocate(4 + 10 + 32).putInt(10).array())) {
        Path f = dir.resolve("garbage-" + junk.length + "-" + junk[0] + ".log");
        Written before = written(f, 4, 0);
        byte[] head = before.head();
        long good = before.size();
        appendBytes(f, junk);
        try (BallotLog log = BallotLog.open(f, NODE)) {
          assertThat(log.truncatedBytes()).as("junk of %d bytes", junk.length).isEqualTo(junk.length);
          assertThat(log.size()).isEqualTo(4);
          assertThat(log.head()).isEqualTo(head);
          assertThat(Files.size(f)).isEqualTo(good);
          assertThat(log.append(payload(4)).get(30, TimeUnit.SECONDS).previousHash()).isEqualTo(head);
          assertChained(log);
        }
      }
    }

    @Test
    @DisplayName("a corrupted record in the middle stops the log from opening and keeps the file as it is")
    void corruptMiddle() throws Exception {
      long at;
      try (BallotLog log = BallotLog.open(file(), NODE)) {
        appendAll(log, 0, 12);
        at = offsetOf(log, 7);
      }
      long full = Files.size(file());
      flipByte(file(), at + 4 + 3); // a payload byte of record 7
      assertThatThrownBy(() -> BallotLog.open(file(), NODE))
          .isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("is corrupt at byte " + at + " (record 7): its hash does not chain")
          .hasMessageContaining("The node will not start");
      assertThat(Files.size(file())).isEqualTo(full);
    }

    @Test
    @DisplayName("a corrupted hash or an impossible length in the middle stops the log from opening too")
    void corruptHashOrLength() throws Exception {
      for (int which = 0; which < 2; which++) {
        Path f = dir.resolve("corrupt-" + which + ".log");
        long at;
        try (BallotLog log = BallotLog.open(f, NODE)) {
          appendAll(log, 0, 6);
          at = offsetOf(log, 3);
        }
        long full = Files.size(f);
        long recordLength = 4 + payload(3).length + 32;
        flipByte(f, which == 0 ? at + recordLength - 1 : at); // last hash byte, or the length's high byte
        assertThatThrownBy(() -> BallotLog.open(f, NODE))
            .isInstanceOf(java.io.IOException.class)
            .hasMessageContaining("is corrupt at byte " + at + " (record 3): its "
                + (which == 0 ? "hash does not chain" : "length field is damaged"));
        assertThat(Files.size(f)).isEqualTo(full);
      }
    }

    @Test
    @DisplayName("a log opened under another node id is refused, not wiped")
    void otherNodeId() throws Exception {
      long full = written(file(), 3, 0).size();
      assertThatThrownBy(() -> BallotLog.open(file(), "another-node"))
          .isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("(or this log belongs to another node id)");
      assertThat(Files.size(file())).isEqualTo(full);
    }

    @Test
    @DisplayName("a last record whose hash bytes did not reach the disk is cut as a torn write")
    void tornFinalHash() throws Exception {
      Written before = written(file(), 4, 1);
      flipByte(file(), Files.size(file()) - 1);
      try (BallotLog log = BallotLog.open(file(), NODE)) {
        assertThat(log.size()).isEqualTo(4);
        assertThat(log.head()).isEqualTo(before.head());
        assertThat(Files.size(file())).isEqualTo(before.size());
      }
    }
  }

  @Nested
  @DisplayName("group commit")
  class GroupCommit {
    @Test
    @DisplayName("appends from many threads all complete, at distinct positions, each with its own payload")
    void concurrent() throws Exception {
      int threads = 8;
      int each = 250;
      Set<Long> positions = ConcurrentHashMap.newKeySet();
      try (BallotLog log = BallotLog.open(file(), NODE)) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<CompletableFuture<BallotLog.Entry>>>> submitted = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          submitted.add(pool.submit(() -> {
            go.await();
            List<CompletableFuture<BallotLog.Entry>> fs = new ArrayList<>();
            for (int i = 0; i < each; i++) {
              fs.add(log.append(payload(thread * each + i)));
            }
            return fs;
          }));
        }
        go.countDown();
        for (var s : submitted) {
          for (CompletableFuture<BallotLog.Entry> f : s.get(60, TimeUnit.SECONDS)) {
            BallotLog.Entry e = f.get(60, TimeUnit.SECONDS);
            assertThat(positions.add(e.position())).as("position %d given twice", e.position()).isTrue();
            assertThat(log.read(e.position(), 1).get(0).payload()).isEqualTo(e.payload());
          }
        }
        pool.shutdown();
        assertThat(positions).hasSize(threads * each);
        assertThat(positions).allMatch(p -> p >= 0 && p < threads * each);
        assertThat(log.size()).isEqualTo(threads * each);
        assertChained(log);
      }
      try (BallotLog log = BallotLog.open(file(), NODE)) {
        assertThat(log.truncatedBytes()).isZero();
        assertThat(log.size()).isEqualTo(threads * each);
        Set<String> payloads = new HashSet<>();
        log.read(0, Integer.MAX_VALUE).forEach(e -> payloads.add(new String(e.payload(), StandardCharsets.UTF_8)));
        assertThat(payloads).hasSize(threads * each);
        assertChained(log);
      }
    }

    /**
     * Holds the log's monitor, which its writer takes before it writes a batch, so that appends
     * pile up; once released, they are written and fsync'd together. An append completes only
     * after its batch is on disk, and completions run on the writer; the size each completion
     * sees tells which batch its record was in.
     */
    @Test
    @DisplayName("appends that arrive while the writer is busy share one fsync batch, and none completes before it")
    void batches() throws Exception {
      int n = 50;
      try (BallotLog log = BallotLog.open(file(), NODE)) {
        List<CompletableFuture<BallotLog.Entry>> fs = new ArrayList<>();
        ConcurrentHashMap<Long, Long> sizeSeen = new ConcurrentHashMap<>();
        synchronized (log) {
          for (int i = 0; i < n; i++) {
            CompletableFuture<BallotLog.Entry> f = log.append(payload(i));
            f.thenAccept(e -> sizeSeen.put(e.position(), log.size()));
            fs.add(f);
          }
          assertThat(fs).noneMatch(CompletableFuture::isDone);
        }
        for (CompletableFuture<BallotLog.Entry> f : fs) {
          f.get(30, TimeUnit.SECONDS);
        }
        // the writer took the first record (and what had arrived with it) before it stalled, and the
        // rest in one batch after: only the last record of each batch sees no later record with it
        assertThat(sizeSeen).hasSize(n);
        long batchedWithLater = sizeSeen.entrySet().stream().filter(e -> e.getValue() > e.getKey() + 1).count();
        assertThat(batchedWithLater).isGreaterThanOrEqualTo(n - 2);
        assertThat(sizeSeen.get((long) n - 1)).isEqualTo((long) n);
        assertChained(log);
      }
    }
  }

  @Nested
  @DisplayName("limits")
  class Limits {
    @Test
    @DisplayName("a payload over MAX_PAYLOAD is refused with its size, and nothing is written")
    void tooLarge() throws Exception {
      try (BallotLog log = BallotLog.open(file(), NODE)) {
        appendAll(log, 0, 2);
        long bytes = Files.size(file());
        CompletableFuture<BallotLog.Entry> f = log.append(new byte[BallotLog.MAX_PAYLOAD + 1]);
        assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("log payload too large: " + (BallotLog.MAX_PAYLOAD + 1));
        assertThat(log.size()).isEqualTo(2);
        assertThat(Files.size(file())).isEqualTo(bytes);
        assertThat(log.writable()).isTrue();
      }
    }

    @Test
    @DisplayName("a payload of exactly MAX_PAYLOAD, and an empty one, are written and read back after reopening")
    void largestAndEmpty() throws Exception {
      byte[] big = new byte[BallotLog.MAX_PAYLOAD];
      big[0] = 1;
      big[big.length - 1] = 2;
      try (BallotLog log = BallotLog.open(file(), NODE)) {
        assertThat(log.append(big).get(60, TimeUnit.SECONDS).position()).isZero();
        assertThat(log.append(new byte[0]).get(30, TimeUnit.SECONDS).position()).isEqualTo(1);
      }
      try (BallotLog log = BallotLog.open(file(), NODE)) {
        assertThat(log.truncatedBytes()).isZero();
        assertThat(log.size()).isEqualTo(2);
        assertThat(log.read(0, 1).get(0).payload()).isEqualTo(big);
        assertThat(log.read(1, 1).get(0).payload()).isEmpty();
        assertChained(log);
      }
    }

    @Test
    @DisplayName("after close the log is not writable and an append fails instead of hanging")
    void closed() throws Exception {
      BallotLog log = BallotLog.open(file(), NODE);
      appendAll(log, 0, 1);
      log.close();
      assertThat(log.writable()).isFalse();
      CompletableFuture<BallotLog.Entry> f = log.append(payload(1));
      assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(IOException.class)
          .hasMessage("ballot log is not writable");
    }
  }
}

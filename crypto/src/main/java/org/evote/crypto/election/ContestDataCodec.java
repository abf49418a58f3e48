package org.evote.crypto.election;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The byte layout of contest data (spec §3.3.7) that egk-ec uses: a varint count of over-voted
 * options then each option's sequence order, a varint count of write-ins then each as a
 * length-prefixed UTF-8 string, then the status as a length-prefixed string, then zero padding.
 * Varints are little-endian base-128 (7 bits a byte, high bit = more).
 */
public final class ContestDataCodec {
  private static final int BLOCK = 32;
  private static final int CHOP_WRITE_INS = 30;

  private ContestDataCodec() {}

  /**
   * Encodes contest data into egk-ec's fixed message size of (1 + L)·32 bytes for contest limit L,
   * shortening write-ins and over-vote lists the way egk-ec does when they do not fit.
   */
  public static byte[] encode(ContestData data, int contestLimit) {
    int messageSize = (1 + contestLimit) * BLOCK;
    ContestData trial = data;
    byte[] bytes = raw(trial);
    if (bytes.length > messageSize && trial.writeIns().size() > contestLimit) {
      List<String> w = new ArrayList<>(trial.writeIns().subList(0, contestLimit));
      w.add("*");
      trial = new ContestData(trial.overvotes(), w, trial.status());
      bytes = raw(trial);
    }
    if (bytes.length > messageSize && !trial.writeIns().isEmpty()) {
      int chop = Math.max(CHOP_WRITE_INS, (messageSize - bytes.length + contestLimit - 1) / contestLimit);
      List<String> w = new ArrayList<>();
      for (String s : trial.writeIns()) {
        w.add(s.length() <= CHOP_WRITE_INS ? s : s.substring(0, Math.min(chop, s.length())) + "*");
      }
      trial = new ContestData(trial.overvotes(), w, trial.status());
      bytes = raw(trial);
    }
    while (bytes.length > messageSize && trial.overvotes().size() > contestLimit + 1) {
      List<Integer> o = new ArrayList<>(trial.overvotes().subList(0, contestLimit + 1));
      o.add(-1);
      trial = new ContestData(o, trial.writeIns(), trial.status());
      bytes = raw(trial);
    }
    int fill = messageSize - bytes.length - 2;
    if (fill > 0) {
      byte[] padded = new byte[bytes.length + fill];
      System.arraycopy(bytes, 0, padded, 0, bytes.length);
      bytes = padded;
    }
    return bytes;
  }

  private static byte[] raw(ContestData d) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeVarint(out, d.overvotes().size());
    for (int o : d.overvotes()) {
      writeVarint(out, o);
    }
    writeVarint(out, d.writeIns().size());
    for (String w : d.writeIns()) {
      writeString(out, w);
    }
    writeString(out, d.status());
    return out.toByteArray();
  }

  private static void writeVarint(ByteArrayOutputStream out, int value) {
    int v = value;
    while ((v & ~0x7f) != 0) {
      out.write((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write(v);
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeVarint(out, b.length);
    out.write(b, 0, b.length);
  }

  /** Decodes contest data, or empty when the bytes are not in this layout. */
  public static Optional<ContestData> decode(byte[] bytes) {
    Reader r = new Reader(bytes);
    try {
      int nOver = r.varint();
      List<Integer> over = new ArrayList<>();
      for (int i = 0; i < nOver; i++) {
        over.add(r.varint());
      }
      int nWrite = r.varint();
      List<String> writes = new ArrayList<>();
      for (int i = 0; i < nWrite; i++) {
        writes.add(r.string());
      }
      String status = r.string();
      return Optional.of(new ContestData(over, writes, status));
    } catch (IndexOutOfBoundsException | IllegalStateException e) {
      return Optional.empty();
    }
  }

  private static final class Reader {
    private final byte[] b;
    private int pos;

    Reader(byte[] b) {
      this.b = b;
    }

    int varint() {
      int result = 0;
      int shift = 0;
      while (true) {
        if (shift > 28) {
          throw new IllegalStateException("varint too long");
        }
        int x = b[pos++] & 0xff;
        result |= (x & 0x7f) << shift;
        if ((x & 0x80) == 0) {
          return result;
        }
        shift += 7;
      }
    }

    String string() {
      int len = varint();
      if (len < 0 || len > b.length - pos) {
        throw new IllegalStateException("string runs past the end");
      }
      String s = new String(b, pos, len, StandardCharsets.UTF_8);
      pos += len;
      return s;
    }
  }
}

package org.evote.tally.transport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A transport held in memory, for guardians in one process (tests, benchmark set-up). Messages
 * are stored as bytes and parsed again on every read, exactly as over the {@link FileTransport}.
 * Thread-safe.
 */
public final class InMemoryTransport implements Transport {
  private final Map<String, byte[]> messages = new TreeMap<>();

  @Override
  public synchronized void publish(String address, byte[] message) throws MessageConflictException {
    Addresses.check(address);
    byte[] existing = messages.get(address);
    if (existing != null) {
      if (Arrays.equals(existing, message)) {
        return;
      }
      throw new MessageConflictException(address);
    }
    messages.put(address, message.clone());
  }

  @Override
  public synchronized Optional<byte[]> read(String address) {
    Addresses.check(address);
    byte[] b = messages.get(address);
    return b == null ? Optional.empty() : Optional.of(b.clone());
  }

  @Override
  public synchronized List<String> list(String folder) {
    Addresses.check(folder);
    String prefix = folder + "/";
    List<String> out = new ArrayList<>();
    for (String a : messages.keySet()) {
      if (a.startsWith(prefix) && a.indexOf('/', prefix.length()) < 0) {
        out.add(a.substring(prefix.length()));
      }
    }
    return out;
  }

  /**
   * Replaces a message without any check: only for tests that play an attacker who controls the
   * channel. Real transports never replace a message.
   */
  public synchronized void tamper(String address, byte[] message) {
    messages.put(Addresses.check(address), message.clone());
  }

  @Override
  public String describe() {
    return "in-memory transport";
  }
}

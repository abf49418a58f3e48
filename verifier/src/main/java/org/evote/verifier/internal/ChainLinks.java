package org.evote.verifier.internal;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.evote.crypto.election.EncryptedBallot;
import org.evote.crypto.hash.UInt256;

/**
 * What the chain checks (Verification 7.D to 7.G) need of each ballot of a chained record, kept
 * while the ballots stream past: per device folder, each ballot's B_aux and confirmation code,
 * found by the fingerprint of its id. About 150 bytes a ballot. Thread-safe.
 */
final class ChainLinks {
  /** One device folder's ballots. */
  static final class Device {
    private final FingerprintSet byId = new FingerprintSet(1024);
    private int[] ordinals = new int[64];
    private byte[][] codeBaux = new byte[64][];
    private byte[][] codes = new byte[64][];
    private boolean[] used = new boolean[64];
    private int size;

    synchronized void add(int ordinal, EncryptedBallot b) {
      Fingerprint f = Fingerprint.ofId(b.ballotId());
      if (byId.putIfAbsent(f.hi(), f.lo(), size) != FingerprintSet.ABSENT) {
        return; // a repeated id: B.2 reports it; the chain uses the first
      }
      if (size == ordinals.length) {
        int n = size * 2;
        ordinals = Arrays.copyOf(ordinals, n);
        codeBaux = Arrays.copyOf(codeBaux, n);
        codes = Arrays.copyOf(codes, n);
        used = Arrays.copyOf(used, n);
      }
      ordinals[size] = ordinal;
      codeBaux[size] = b.codeBaux().bytes();
      codes[size] = b.confirmationCode().bytes();
      size++;
    }

    /** The entry of this ballot id, or -1. */
    synchronized int find(String ballotId) {
      Fingerprint f = Fingerprint.ofId(ballotId);
      return byId.get(f.hi(), f.lo());
    }

    synchronized int size() {
      return size;
    }

    synchronized int ordinal(int entry) {
      return ordinals[entry];
    }

    synchronized byte[] codeBaux(int entry) {
      return codeBaux[entry];
    }

    synchronized UInt256 code(int entry) {
      return UInt256.of(codes[entry]);
    }

    /** Marks the entry as met in the chain; false if it was met before. */
    synchronized boolean use(int entry) {
      boolean first = !used[entry];
      used[entry] = true;
      return first;
    }

    synchronized boolean used(int entry) {
      return used[entry];
    }
  }

  private final ConcurrentHashMap<String, Device> devices = new ConcurrentHashMap<>();

  void add(String device, int ordinal, EncryptedBallot b) {
    devices.computeIfAbsent(device, d -> new Device()).add(ordinal, b);
  }

  /** The device's ballots (empty if it had none). */
  Device device(String device) {
    return devices.computeIfAbsent(device, d -> new Device());
  }
}

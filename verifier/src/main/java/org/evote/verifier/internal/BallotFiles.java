package org.evote.verifier.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.Parsed;

/**
 * The encrypted ballot files of a record in a fixed order: devices in {@link
 * ElectionRecordFiles#devices()} order, then file names sorted. A ballot's ordinal is its
 * position in that order; ordinals stand in for ballots in the compact sets the verifier keeps,
 * and are turned back into file names by listing again. Only one folder's names are held at a
 * time.
 */
final class BallotFiles {
  /** One encrypted ballot file. */
  record Entry(int ordinal, String device, Path path) {
    /** The ballot id its file name implies ("_" may stand for a space). */
    String idFromName() {
      return RecordFiles.idOf(path, ElectionRecordFiles.ENCRYPTED_BALLOT_PREFIX);
    }
  }

  private final ElectionRecordFiles files;
  private final List<String> devices;
  private final Problems problems;

  private BallotFiles(ElectionRecordFiles files, List<String> devices, Problems problems) {
    this.files = files;
    this.devices = devices;
    this.problems = problems;
  }

  /** The record's ballot files; a folder that cannot be listed is a problem. */
  static BallotFiles of(ElectionRecordFiles files, Problems problems) {
    Parsed<List<String>> devices = files.devices();
    if (!devices.isOk()) {
      problems.add(devices.problem());
      return new BallotFiles(files, List.of(), problems);
    }
    return new BallotFiles(files, devices.value(), problems);
  }

  /** The device folders ("" for ballots directly in encrypted_ballots). */
  List<String> devices() {
    return devices;
  }

  Path deviceDir(String device) {
    return device.isEmpty() ? files.encryptedBallotsDir() : files.encryptedBallotsDir().resolve(device);
  }

  /** How many ballot files there are (listing only). */
  long count() {
    long n = 0;
    for (String d : devices) {
      Parsed<List<String>> list = RecordFiles.list(files.dir(), deviceDir(d), ElectionRecordFiles.ENCRYPTED_BALLOT_PREFIX);
      if (list.isOk()) {
        n += list.value().size();
      }
    }
    return n;
  }

  /** Every ballot file in order; a folder that cannot be listed is reported to the problems. */
  void forEach(Consumer<Entry> action) {
    walk(action, true);
  }

  private void walk(Consumer<Entry> action, boolean report) {
    int ordinal = 0;
    for (String d : devices) {
      Path dir = deviceDir(d);
      Parsed<List<String>> list = RecordFiles.list(files.dir(), dir, ElectionRecordFiles.ENCRYPTED_BALLOT_PREFIX);
      if (!list.isOk()) {
        if (report) {
          problems.add(list.problem());
        }
        continue;
      }
      for (String name : list.value()) {
        action.accept(new Entry(ordinal++, d, dir.resolve(name)));
      }
    }
  }

  /** The files at these ordinals, found by listing again. */
  Map<Integer, Entry> resolve(Set<Integer> ordinals) {
    Map<Integer, Entry> out = new HashMap<>();
    if (ordinals.isEmpty()) {
      return out;
    }
    walk(e -> {
      if (ordinals.contains(e.ordinal())) {
        out.put(e.ordinal(), e);
      }
    }, false);
    return out;
  }

  /** How a ballot is named in a failure: its id and its file. */
  String describe(Entry e) {
    return "ballot " + e.idFromName() + " (" + RecordFiles.relative(files.dir(), e.path()) + ")";
  }
}

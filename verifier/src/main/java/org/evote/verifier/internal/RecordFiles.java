package org.evote.verifier.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.RecordProblem;

/**
 * Listing and reading the record's many-file parts (encrypted and decrypted ballots) in a fixed
 * order, so that worker threads can parse them in parallel: the same rules as {@link
 * ElectionRecordFiles} (ballot files are {@code eballot-<id>.json} or {@code dballot-<id>.json},
 * regular files, sorted by name; a ballot's id must match its file name, spaces written as "_").
 * Problems name the file relative to the record folder.
 */
final class RecordFiles {
  private RecordFiles() {}

  /** The names of the ballot files of one folder with this prefix, sorted. */
  static Parsed<List<String>> list(Path recordDir, Path dir, String prefix) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (isBallotFile(name, prefix) && Files.isRegularFile(p)) {
          names.add(name);
        }
      }
    } catch (IOException | SecurityException e) {
      return Parsed.invalid(new RecordProblem(relative(recordDir, dir), "$", "cannot list the folder: " + e));
    }
    Collections.sort(names);
    return Parsed.ok(names);
  }

  static boolean isBallotFile(String name, String prefix) {
    return name.startsWith(prefix)
        && name.endsWith(ElectionRecordFiles.JSON_SUFFIX)
        && name.length() > prefix.length() + ElectionRecordFiles.JSON_SUFFIX.length();
  }

  /** The id part of a ballot file's name. */
  static String idOf(Path file, String prefix) {
    String name = file.getFileName().toString();
    return name.substring(prefix.length(), name.length() - ElectionRecordFiles.JSON_SUFFIX.length());
  }

  /**
   * Reads one ballot file with a codec method; its id must match the file name. A problem's
   * source becomes the path relative to the record folder.
   */
  static <T> Parsed<T> readBallot(
      Path recordDir, Path file, BiFunction<byte[], String, Parsed<T>> parser,
      java.util.function.Function<T, String> idOf, String prefix, String idPath) {
    Parsed<T> parsed = ElectionRecordFiles.read(file, parser);
    String source = relative(recordDir, file);
    if (!parsed.isOk()) {
      RecordProblem p = parsed.problem();
      return Parsed.invalid(new RecordProblem(source, p.jsonPath(), p.message()));
    }
    String id = idOf.apply(parsed.value());
    String expected = prefix + id.replace(' ', '_') + ElectionRecordFiles.JSON_SUFFIX;
    if (!expected.equals(file.getFileName().toString())) {
      return Parsed.invalid(new RecordProblem(source, idPath, "the id \"" + RawConstants.clip(id)
          + "\" does not match the file name (expected " + RawConstants.clip(expected) + ")"));
    }
    return parsed;
  }

  /** A path relative to the record folder, with "/" separators. */
  static String relative(Path recordDir, Path p) {
    try {
      return recordDir.relativize(p).toString().replace('\\', '/');
    } catch (IllegalArgumentException e) {
      return p.toString();
    }
  }
}

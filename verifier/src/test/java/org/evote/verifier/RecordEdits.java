package org.evote.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Base64;
import java.util.function.Consumer;
import org.evote.crypto.group.Group;

/** Copies of records and the edits the mutation tests make to their JSON files. */
final class RecordEdits {
  static final ObjectMapper JSON = new ObjectMapper();

  private RecordEdits() {}

  /** Copies a record folder (without its private_data) into {@code target}. */
  static Path copy(Path record, Path target) {
    try {
      Files.walkFileTree(record, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
          if (dir.getFileName().toString().equals("private_data")) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          Files.createDirectories(target.resolve(record.relativize(dir).toString()));
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.copy(file, target.resolve(record.relativize(file).toString()));
          return FileVisitResult.CONTINUE;
        }
      });
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode read(Path file) {
    try {
      return (ObjectNode) JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, JsonNode node) {
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a JSON file, lets {@code edit} change it, and writes it back. */
  static void edit(Path file, Consumer<ObjectNode> edit) {
    ObjectNode node = read(file);
    edit.accept(node);
    write(file, node);
  }

  /** Writes a copy of the ballot in {@code from}, under the id {@code ballotId} and not cast (state UNKNOWN), to {@code to}. */
  static void copyBallot(Path from, String ballotId, Path to) {
    ObjectNode b = read(from);
    b.put("ballot_id", ballotId);
    b.put("state", "UNKNOWN");
    write(to, b);
  }

  /** A different valid scalar (still below q): one bit of the last byte flipped, the top bit cleared. */
  static String otherScalar(String base64) {
    byte[] b = Base64.getDecoder().decode(base64);
    b[b.length - 1] ^= 1;
    b[0] &= 0x7f;
    return Base64.getEncoder().encodeToString(b);
  }

  /** A valid group element that appears nowhere in any record: g^x for an odd x. */
  static String freshElement(Group group, long x) {
    return Base64.getEncoder().encodeToString(group.gExp(group.scalar(BigInteger.valueOf(x))).encode());
  }

  static ObjectNode contest(ObjectNode ballot, int i) {
    return (ObjectNode) ballot.get("contests").get(i);
  }

  static ObjectNode selection(ObjectNode ballot, int contest, int selection) {
    return (ObjectNode) contest(ballot, contest).get("selections").get(selection);
  }

  static ArrayNode array(ObjectNode node, String field) {
    return (ArrayNode) node.get(field);
  }
}

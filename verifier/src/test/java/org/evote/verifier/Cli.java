package org.evote.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs {@code evote verify} through the real entry point, {@link Main#execute}, in this JVM, with
 * a JSON report beside the text one, and reads the outcome back.
 */
final class Cli {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Cli() {}

  /** The outcome of one run. */
  record Run(int exitCode, String out, String err, JsonNode report) {
    /** The ids of the failed checks, in report order. */
    Set<String> failed() {
      Set<String> ids = new LinkedHashSet<>();
      if (report != null) {
        for (JsonNode c : report.get("checks")) {
          if (c.get("status").asText().equals("FAILED")) {
            ids.add(c.get("id").asText());
          }
        }
      }
      return ids;
    }

    JsonNode check(String id) {
      for (JsonNode c : report.get("checks")) {
        if (c.get("id").asText().equals(id)) {
          return c;
        }
      }
      throw new AssertionError("no check " + id + " in the report:\n" + out);
    }

    String status(String id) {
      return check(id).get("status").asText();
    }

    /** The listed failures of a check, as "location: reason". */
    List<String> failures(String id) {
      List<String> out = new ArrayList<>();
      for (JsonNode f : check(id).get("failures")) {
        out.add(f.get("location").asText() + ": " + f.get("reason").asText());
      }
      return out;
    }

    /** The unreadable problems, as "file: path: message". */
    List<String> unreadable() {
      List<String> out = new ArrayList<>();
      for (JsonNode p : report.get("unreadable")) {
        out.add(p.get("file").asText() + ": " + p.get("json_path").asText() + ": " + p.get("message").asText());
      }
      return out;
    }

    /** The report line of a check. */
    String line(String id) {
      for (String l : out.split("\n")) {
        if (l.length() > 2 && l.substring(2).startsWith(id + " ")) {
          return l;
        }
      }
      throw new AssertionError("no line for check " + id + " in:\n" + out);
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n" + out + err;
    }
  }

  /** Runs the command with these arguments, exactly as given. */
  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString(), null);
  }

  /** Verifies a record on two threads, with the JSON report read back. */
  static Run verify(Path record, String... extra) {
    try {
      Path json = Files.createTempFile("verify-report", ".json");
      try {
        List<String> args = new ArrayList<>(List.of("verify", record.toString(), "--no-progress", "--json", json.toString()));
        if (!List.of(extra).contains("--max-failures")) {
          args.addAll(List.of("--max-failures", "20"));
        }
        if (!List.of(extra).contains("--threads")) {
          args.addAll(List.of("--threads", "2"));
        }
        args.addAll(List.of(extra));
        Run r = run(args.toArray(String[]::new));
        JsonNode report = Files.size(json) > 0 ? JSON.readTree(json.toFile()) : null;
        return new Run(r.exitCode(), r.out(), r.err(), report);
      } finally {
        Files.deleteIfExists(json);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

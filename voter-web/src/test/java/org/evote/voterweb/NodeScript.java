package org.evote.voterweb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A check script of the page ({@code src/test/js/*.mjs}) run under Node on the very modules the
 * page bundles. A script prints {@code checked N} first, then one line for each mismatch.
 */
final class NodeScript {
  private NodeScript() {}

  /** What a script reports: how many values it checked, and every mismatch. */
  record Result(int checked, List<String> failures) {}

  /**
   * Runs {@code node src/test/js/<script> <web folder> <args>}; fails the test unless it finishes
   * within {@code seconds}, exits 0 and starts with its count.
   */
  static Result run(String script, long seconds, List<String> args) throws IOException, InterruptedException {
    Path web = Path.of(System.getProperty("evote.web.dir", "src/main/web")).toAbsolutePath().normalize();
    Path file = web.resolve("../../test/js/" + script).normalize();
    List<String> command = new ArrayList<>(List.of("node", file.toString(), web.toString()));
    command.addAll(args);
    Process p = new ProcessBuilder(command).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).as("node finished").isTrue();
    assertThat(p.exitValue()).as("node failed: " + err).isZero();
    List<String> lines = new String(out, StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).as("node's output").isNotEmpty();
    assertThat(lines.getFirst()).as("node's first line").startsWith("checked ");
    return new Result(Integer.parseInt(lines.getFirst().substring("checked ".length())), lines.subList(1, lines.size()));
  }
}

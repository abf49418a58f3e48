package org.evote.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A test class about one run of the demo's whole election, made once before its tests in a directory of its own. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DemoRun {
  private final List<String> options;
  /** The class's directory: the demo writes under {@code demo/}, the tests may use the rest. */
  Path dir;
  Demo.Outcome outcome;

  /** A run with these command-line options; {@code --dir} is added. */
  DemoRun(String... options) {
    this.options = List.of(options);
  }

  @BeforeAll
  void runDemo(@TempDir Path dir) throws Exception {
    this.dir = dir;
    List<String> args = new ArrayList<>(options);
    args.addAll(List.of("--dir", dir.resolve("demo").toString()));
    outcome = Demo.execute(args.toArray(String[]::new));
  }
}

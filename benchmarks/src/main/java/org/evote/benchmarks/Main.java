package org.evote.benchmarks;

import java.util.Arrays;

/** Entry point of the benchmarks jar: {@code bench}, {@code load}, {@code testdata} and {@code timing}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    org.evote.ballotserver.BallotNode.preferPooledCallbacks();
    if (args.length == 0) {
      System.err.println("usage: bench [JMH options] | load | testdata | timing [samples]");
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "bench" -> org.openjdk.jmh.Main.main(rest);
      case "load" -> System.exit(LoadGenerator.run(rest));
      case "testdata" -> System.exit(TestDataCommand.run(rest));
      case "timing" -> System.exit(TimingLeakCheck.run(rest));
      default -> {
        System.err.println("evote: '" + args[0] + "' is not available yet");
        System.exit(2);
      }
    }
  }
}

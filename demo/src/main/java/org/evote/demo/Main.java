package org.evote.demo;

import java.util.Arrays;

/** Entry point of the demo jar: {@code demo} (the main job) and {@code example}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    org.evote.ballotserver.BallotNode.preferPooledCallbacks();
    if (args.length == 0) {
      System.err.println("usage: demo | example");
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "demo" -> System.exit(Demo.run(rest));
      case "example" -> System.exit(WorkedExample.run(rest));
      default -> {
        System.err.println("evote: '" + args[0] + "' is not a command of the demo jar");
        System.exit(2);
      }
    }
  }
}

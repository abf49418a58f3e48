package org.evote.voterclient;

import java.util.Arrays;
import org.evote.voterclient.cli.VoteCommand;

/** Entry point of the voter-client jar: {@code vote} (and its {@code check} and {@code verify-challenge}). */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (args.length == 0 || !"vote".equals(args[0])) {
      System.err.println("usage: vote [options] | vote check RECEIPT [options] | vote verify-challenge FILE [options]  (see vote --help)");
      System.exit(2);
    }
    System.exit(VoteCommand.run(Arrays.copyOfRange(args, 1, args.length)));
  }
}

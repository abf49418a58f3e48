package org.evote.ballotserver;

import java.util.Arrays;
import picocli.CommandLine;

/** Entry point of the ballot-server jar: {@code server}, {@code idp} and {@code election}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    BallotNode.preferPooledCallbacks();
    if (args.length == 0) {
      System.err.println("usage: server [options] | idp <command> [options] | election <command> [options]");
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    int code = switch (args[0]) {
      case "server" -> new CommandLine(new ServerCommand()).execute(rest);
      case "idp" -> new CommandLine(new org.evote.ballotserver.idp.IdpCommand()).execute(rest);
      case "election" -> new CommandLine(new org.evote.ballotserver.office.ElectionCommand()).execute(rest);
      default -> {
        System.err.println("evote: unknown command '" + args[0] + "' for the ballot server");
        yield 2;
      }
    };
    if (code != 0 || !"server".equals(args[0])) {
      System.exit(code);
    }
  }
}

package org.evote.tally.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.evote.crypto.election.ElectionInitialized;
import org.evote.crypto.election.Manifest;
import org.evote.crypto.group.Group;
import org.evote.crypto.group.Groups;
import org.evote.crypto.record.ElectionRecordFiles;
import org.evote.crypto.record.Parsed;
import org.evote.crypto.record.RecordCodec;
import org.evote.tally.keyceremony.CeremonyParameters;
import org.evote.tally.keyceremony.CeremonyStatus;
import org.evote.tally.keyceremony.KeyCeremonyCoordinator;
import org.evote.tally.transport.CeremonyBoard;
import org.evote.tally.transport.FileTransport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evote ceremony ...}: the coordinator of the key ceremony. It never holds a secret. */
@Command(
    name = "ceremony",
    mixinStandardHelpOptions = true,
    description = {
        "The coordinator of the key ceremony (ElectionGuard 2.0 §3.2).",
        "Set it up in a shared folder, follow the guardians' progress and complaints, and write election_initialized.json."},
    subcommands = {CeremonyCommand.Init.class, CeremonyCommand.Status.class, CeremonyCommand.Finish.class})
final class CeremonyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing step: init, status or finish");
  }

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = {
        "Set up a key ceremony in a shared folder.",
        "Writes ceremony.json (group, guardians with their x coordinates, quorum, H_P, H_M, H_B) and the manifest; the folder is the file transport between guardians."})
  static final class Init extends Cli.Step {
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The shared ceremony folder to create.")
    Path dir;

    @Option(names = "--manifest", required = true, paramLabel = "FILE", description = "The election manifest (egk-ec JSON).")
    Path manifest;

    @Option(names = "--guardians", required = true, paramLabel = "N", description = "The number of guardians n.")
    int n;

    @Option(names = "--quorum", required = true, paramLabel = "K", description = "The quorum k, 1 <= k <= n.")
    int k;

    @Option(names = "--guardian-ids", split = ",", paramLabel = "ID,...",
        description = "The guardians' ids, in x-coordinate order (default guardian1..guardianN).")
    List<String> ids;

    @Option(names = "--group", defaultValue = "P-256", paramLabel = "NAME",
        description = "P-256 (default) or Integer4096.")
    String group;

    @Option(names = "--chain-confirmation-codes", description = "Chain confirmation codes per device (§3.4.3).")
    boolean chain;

    @Option(names = "--ceremony-id", paramLabel = "ID", description = "The ceremony's id (default: random).")
    String ceremonyId;

    @Override
    void run() throws IOException {
      if (n < 1) {
        throw Cli.fail("--guardians must be at least 1, got " + n);
      }
      if (k < 1 || k > n) {
        throw Cli.fail("--quorum must satisfy 1 <= k <= n = " + n + ", got " + k);
      }
      Group g;
      try {
        g = Groups.byName(group);
      } catch (IllegalArgumentException e) {
        throw Cli.fail(e.getMessage());
      }
      if (!Files.isRegularFile(manifest)) {
        throw Cli.fail("the manifest " + manifest + " does not exist");
      }
      Parsed<Manifest> m = RecordCodec.parseManifestJson(Files.readAllBytes(manifest), manifest.getFileName().toString());
      if (!m.isOk()) {
        throw Cli.fail("the manifest cannot be read: " + m.problem());
      }
      List<String> guardianIds = new ArrayList<>();
      if (ids == null) {
        for (int i = 1; i <= n; i++) {
          guardianIds.add("guardian" + i);
        }
      } else {
        guardianIds.addAll(Cli.ids(ids));
        if (guardianIds.size() != n) {
          throw Cli.fail("--guardian-ids lists " + guardianIds.size() + " ids, but --guardians is " + n);
        }
      }
      if (Files.exists(dir.resolve(CeremonyBoard.PARAMETERS))) {
        throw Cli.fail("a ceremony is already set up in " + dir);
      }
      String id = ceremonyId != null ? ceremonyId : "ceremony-" + HexFormat.of().formatHex(randomBytes(6));
      CeremonyParameters p;
      try {
        p = CeremonyParameters.create(id, g, m.value(), guardianIds, k, chain);
      } catch (IllegalArgumentException e) {
        throw Cli.fail(e.getMessage());
      }
      CeremonyBoard.create(new FileTransport(dir), p, m.value());
      PrintWriter out = out();
      out.println("ceremony " + id + " set up in " + dir + ": " + g.name() + ", n = " + n + ", k = " + k);
      out.println("guardians: " + String.join(", ", guardianIds));
      out.println("H_B = " + p.electionBaseHash());
    }

    private static byte[] randomBytes(int n) {
      byte[] b = new byte[n];
      new SecureRandom().nextBytes(b);
      return b;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = {
        "Show the guardians' progress and every complaint.",
        "Lists what each guardian has published, every complaint with its resolution, and what still prevents the ceremony from finishing. Exits 0 when it can finish, 1 otherwise."})
  static final class Status implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The shared ceremony folder.")
    Path dir;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      CeremonyBoard board = Cli.board(dir);
      CeremonyStatus status = KeyCeremonyCoordinator.status(board);
      PrintWriter out = spec.commandLine().getOut();
      CeremonyParameters p = board.parameters();
      out.println("ceremony " + p.ceremonyId() + ": " + p.group().name() + ", n = " + p.numberOfGuardians()
          + ", k = " + p.quorum());
      status.lines().forEach(l -> out.println("  " + l));
      if (!status.complaints().isEmpty()) {
        out.println("complaints:");
        status.complaints().forEach(c -> out.println("  " + c));
      }
      if (status.complete()) {
        out.println("ready to finish");
        return 0;
      }
      out.println("not ready to finish:");
      status.blocking().forEach(b -> out.println("  " + b));
      return 1;
    }
  }

  @Command(name = "finish", mixinStandardHelpOptions = true,
      description = {
        "Finish the ceremony and write election_initialized.json.",
        "Computes K = Π K_i (eq. 8) and H_E = H(H_B; 0x12, K) (eq. 23), and writes the record's constants.json, manifest.json, election_config.json and election_initialized.json. Refuses while any guardian is missing or any complaint is unresolved."})
  static final class Finish extends Cli.Step {
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The shared ceremony folder.")
    Path dir;

    @Option(names = "--record", required = true, paramLabel = "DIR", description = "The election record folder to write.")
    Path record;

    @Override
    void run() throws IOException {
      CeremonyBoard board = Cli.board(dir);
      ElectionInitialized init = Cli.ok(KeyCeremonyCoordinator.finish(board), "the ceremony cannot finish");
      CeremonyParameters p = board.parameters();
      ElectionRecordFiles files = new ElectionRecordFiles(record, new RecordCodec(p.group()));
      byte[] initBytes = files.codec().writeInitialized(init);
      if (Files.exists(files.initializedPath()) && !Arrays.equals(Files.readAllBytes(files.initializedPath()), initBytes)) {
        throw Cli.fail(files.initializedPath() + " already exists with other content; it is never replaced");
      }
      files.writeConstants(p.group().constants());
      files.writeManifest(board.manifest());
      files.writeConfig(p.toConfig());
      files.writeInitialized(init);
      PrintWriter out = out();
      out.println("ceremony " + p.ceremonyId() + " finished; election record written to " + record);
      out.println("K   = " + org.evote.tally.internal.JsonOut.element(init.jointPublicKey()));
      out.println("H_E = " + init.extendedBaseHash());
    }
  }
}

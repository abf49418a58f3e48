package org.evote.ballotserver.idp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenID Connect provider on this machine, for the sign-in tests and {@code ./evote demo
 * --oidc}: Keycloak's quarkus distribution (unpacked by the build from
 * {@code org.keycloak:keycloak-quarkus-dist}) in dev mode, on free loopback ports, with an
 * in-memory database and the given realm files imported at start. Not for production: dev mode
 * serves plain HTTP and forgets everything when it stops. Its output goes to the log file;
 * start-up is awaited on its "Listening on" line, then on the first realm's discovery document.
 * {@link #close} stops the process and its children.
 *
 * @param port the HTTP port it listens on (loopback)
 * @param startTime from the process's start to the first realm's discovery document answering
 * @param log where its output goes
 * @param process the running {@code kc.sh}
 */
public record LocalKeycloak(int port, Duration startTime, Path log, Process process) implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  /** A realm's issuer URL, as an election names it. */
  public String issuer(String realm) {
    return "http://127.0.0.1:" + port + "/realms/" + realm;
  }

  /**
   * Starts Keycloak and waits until the first realm answers; fails with the end of the log when
   * it does not.
   *
   * @param home the unpacked distribution (the folder holding {@code bin/kc.sh})
   * @param realms realm export files (JSON), copied into {@code home/data/import}; each file's
   *     name must be {@code <realm>-realm.json}, and the first realm is the one awaited
   * @param log where its output goes
   */
  public static LocalKeycloak start(Path home, List<Path> realms, Path log) throws IOException {
    if (home == null || !Files.isExecutable(home.resolve("bin").resolve("kc.sh"))) {
      throw new IllegalStateException("Keycloak is missing at " + home + ": the build unpacks "
          + "org.keycloak:keycloak-quarkus-dist into the module's target/keycloak (run ./mvnw package or ./evote test)");
    }
    if (realms.isEmpty()) {
      throw new IllegalArgumentException("Keycloak needs at least one realm to import");
    }
    Path imports = Files.createDirectories(home.resolve("data").resolve("import"));
    for (Path realm : realms) {
      Files.copy(realm, imports.resolve(realm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
    String firstRealm = realms.get(0).getFileName().toString().replaceFirst("-realm\\.json$", "");
    int port = org.evote.ballotserver.cluster.MemberPorts.free();
    int management = org.evote.ballotserver.cluster.MemberPorts.free();
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder pb = new ProcessBuilder(List.of(home.resolve("bin").resolve("kc.sh").toString(), "start-dev",
        "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + management, "--db=dev-mem",
        "--import-realm", "--cache=local"))
        .redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("JAVA_OPTS_APPEND", "-Xms64m -Xmx512m");
    Instant t0 = Instant.now();
    Process p = pb.start();
    CompletableFuture<Void> listening = new CompletableFuture<>();
    Thread copier = Thread.ofPlatform().daemon().name("keycloak-log").start(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
          OutputStream out = Files.newOutputStream(log)) {
        for (String line; (line = in.readLine()) != null; ) {
          out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
          if (line.contains("Listening on:")) {
            listening.complete(null);
          }
        }
      } catch (IOException e) {
        listening.completeExceptionally(e);
      }
      listening.completeExceptionally(new IllegalStateException("Keycloak's output ended before it listened"));
    });
    p.onExit().thenRun(() -> listening.completeExceptionally(new IllegalStateException("Keycloak exited with " + p.exitValue())));
    LocalKeycloak kc = null;
    try {
      listening.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      LocalKeycloak started = new LocalKeycloak(port, Duration.between(t0, Instant.now()), log, p);
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(started.issuer(firstRealm) + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("the realm " + firstRealm + "'s discovery document answered " + r.statusCode());
      }
      kc = new LocalKeycloak(port, Duration.between(t0, Instant.now()), log, p);
      return kc;
    } catch (Exception e) {
      stop(p);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of("(no log)");
      throw new IllegalStateException("Keycloak did not start (" + e + "); the end of " + log + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())), e);
    } finally {
      if (kc == null) {
        copier.interrupt();
      }
    }
  }

  private static void stop(Process p) {
    List<ProcessHandle> children = p.descendants().toList();
    p.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }

  @Override
  public void close() {
    stop(process);
  }
}

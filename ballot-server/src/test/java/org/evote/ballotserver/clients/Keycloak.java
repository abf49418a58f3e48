package org.evote.ballotserver.clients;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
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
 * A real Keycloak (the quarkus distribution Maven unpacks into {@code target/keycloak}) in dev
 * mode on loopback, on free ports, with an in-memory database and the test realm {@code evote}
 * imported from {@code src/test/resources/keycloak/evote-realm.json}: the clients {@code
 * evote-voter} (authorization code with PKCE S256, device grant) and {@code evote-other}, and the
 * voters alice, bruno, chloe and mallory (password {@code <name>-password-1}); and the realm
 * {@code other} (other-realm.json), with a client evote-voter and an alice of its own. Its output goes to
 * {@code target/keycloak-<port>.log}; start-up is awaited on its "Listening on" line, then on the
 * realm's discovery document. {@link #close} stops the process and its children.
 */
final class Keycloak implements AutoCloseable {
  static final String REALM = "evote";
  static final String CLIENT = "evote-voter";
  static final String OTHER_CLIENT = "evote-other";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  final int port;
  final Duration startTime;
  final Path log;
  private final Process process;

  private Keycloak(int port, Process process, Duration startTime, Path log) {
    this.port = port;
    this.process = process;
    this.startTime = startTime;
    this.log = log;
  }

  /** The realm's issuer URL, as the election names it. */
  String issuer() {
    return issuer(REALM);
  }

  String issuer(String realm) {
    return "http://127.0.0.1:" + port + "/realms/" + realm;
  }

  static String password(String user) {
    return user + "-password-1";
  }

  /** Starts Keycloak and waits until the realm answers; fails with the log's end when it does not. */
  static Keycloak start() throws Exception {
    String home = System.getProperty("evote.keycloak.home");
    if (home == null || !Files.isExecutable(Path.of(home, "bin", "kc.sh"))) {
      throw new IllegalStateException("Keycloak is missing at " + home + ": run the tests through Maven "
          + "(./evote test), whose build unpacks org.keycloak:keycloak-quarkus-dist into ballot-server/target/keycloak");
    }
    Path imports = Files.createDirectories(Path.of(home, "data", "import"));
    for (String realm : List.of("evote-realm.json", "other-realm.json")) {
      Files.copy(Path.of("src", "test", "resources", "keycloak", realm), imports.resolve(realm), StandardCopyOption.REPLACE_EXISTING);
    }
    int port = freePort();
    int management = freePort();
    Path log = Path.of("target", "keycloak-" + port + ".log").toAbsolutePath();
    ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(home, "bin", "kc.sh").toString(), "start-dev",
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
    Keycloak kc = null;
    try {
      listening.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      kc = new Keycloak(port, p, Duration.between(t0, Instant.now()), log);
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(kc.issuer() + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("the realm's discovery document answered " + r.statusCode());
      }
      return kc;
    } catch (Exception e) {
      stop(p);
      String tail = Files.exists(log) ? String.join("\n", Files.readAllLines(log).stream()
          .skip(Math.max(0, Files.readAllLines(log).size() - 40)).toList()) : "(no log)";
      throw new IllegalStateException("Keycloak did not start (" + e + "); the end of " + log + ":\n" + tail, e);
    } finally {
      if (kc == null) {
        copier.interrupt();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
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

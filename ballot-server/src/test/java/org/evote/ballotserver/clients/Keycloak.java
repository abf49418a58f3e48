package org.evote.ballotserver.clients;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.evote.ballotserver.idp.LocalKeycloak;

/**
 * The sign-in tests' Keycloak ({@link LocalKeycloak}, from the distribution Maven unpacks into
 * {@code target/keycloak}) with the test realm {@code evote} imported from
 * {@code src/test/resources/keycloak/evote-realm.json}: the clients {@code evote-voter}
 * (authorization code with PKCE S256, device grant) and {@code evote-other}, and the voters alice,
 * bruno, chloe and mallory (password {@code <name>-password-1}); and the realm {@code other}
 * (other-realm.json), with a client evote-voter and an alice of its own. Its output goes to
 * {@code target/keycloak-<time>.log}.
 */
final class Keycloak implements AutoCloseable {
  static final String REALM = "evote";
  static final String CLIENT = "evote-voter";
  static final String OTHER_CLIENT = "evote-other";

  final int port;
  final Duration startTime;
  private final LocalKeycloak keycloak;

  private Keycloak(LocalKeycloak keycloak) {
    this.keycloak = keycloak;
    this.port = keycloak.port();
    this.startTime = keycloak.startTime();
  }

  /** The realm's issuer URL, as the election names it. */
  String issuer() {
    return issuer(REALM);
  }

  String issuer(String realm) {
    return keycloak.issuer(realm);
  }

  static String password(String user) {
    return user + "-password-1";
  }

  /** Starts Keycloak and waits until the realm answers; fails with the log's end when it does not. */
  static Keycloak start() throws Exception {
    String home = System.getProperty("evote.keycloak.home");
    Path realms = Path.of("src", "test", "resources", "keycloak");
    return new Keycloak(LocalKeycloak.start(home == null ? null : Path.of(home),
        List.of(realms.resolve("evote-realm.json"), realms.resolve("other-realm.json")),
        Path.of("target", "keycloak-" + System.currentTimeMillis() + ".log").toAbsolutePath()));
  }

  @Override
  public void close() {
    keycloak.close();
  }
}

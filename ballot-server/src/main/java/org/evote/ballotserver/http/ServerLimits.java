package org.evote.ballotserver.http;

/**
 * A node's HTTP limits (configured in {@code NodeConfig}): what the server holds open for clients it does not know yet, and how long it waits for
 * them.
 *
 * @param maxConnections open connections in all (TLS handshake done); a new one past it is closed
 *     at once
 * @param maxConnectionsPerAddress open connections from one client address; a new one past it is
 *     closed at once
 * @param requestTimeoutSeconds the deadline for receiving a whole request, head and body, counted
 *     from the connection's start or from the end of the answer before it; a connection that
 *     has not delivered its request by then is closed
 * @param idleTimeoutSeconds a connection with no bytes read or written for this long is closed
 * @param ballotQueueLimit ballots waiting for a worker; a ballot that arrives past it is
 *     answered 503 {@code overloaded} with {@code Retry-After} at once, before its body is read
 */
public record ServerLimits(int maxConnections, int maxConnectionsPerAddress, int requestTimeoutSeconds,
    int idleTimeoutSeconds, int ballotQueueLimit) {
  /** 1,000 connections, 64 per address, 15 s for a request, 60 s idle, 64 ballots queued. */
  public static final ServerLimits DEFAULTS = new ServerLimits(1000, 64, 15, 60, 64);

  public ServerLimits {
    positive("max_connections", maxConnections);
    positive("max_connections_per_address", maxConnectionsPerAddress);
    positive("request_timeout_seconds", requestTimeoutSeconds);
    positive("idle_timeout_seconds", idleTimeoutSeconds);
    positive("ballot_queue_limit", ballotQueueLimit);
    if (maxConnectionsPerAddress > maxConnections) {
      throw new IllegalArgumentException("max_connections_per_address (" + maxConnectionsPerAddress
          + ") cannot exceed max_connections (" + maxConnections + ")");
    }
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}

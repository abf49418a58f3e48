package org.evote.ballotserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.evote.ballotserver.http.ServerLimits;
import org.evote.ballotserver.tls.TlsSettings;
import org.evote.crypto.record.StrictJson;

/**
 * A node's configuration.
 *
 * @param nodeId this node's id, unique in the cluster
 * @param dataDir where its log, keys and TLS material live
 * @param host the loopback or LAN address to bind
 * @param httpPort the HTTPS (or, with insecureDev, HTTP) port; 0 picks a free one
 * @param clusterName the Hazelcast cluster name
 * @param clusterPort this node's Hazelcast port
 * @param members every cluster member "host:port" (this one included); empty or one entry for
 *     the single-node default
 * @param insecureDev serve plain HTTP instead of TLS (development only)
 * @param officialsKey the base64 P-256 public key that signs officials' tokens
 * @param workerThreads worker threads for ballot checks; 0 = the number of cores
 * @param addressRateLimit requests per second allowed from one client address (bursts of four
 *     times that); 0 turns the per-address limit off, for a node behind a proxy or NAT that
 *     limits by itself, or for a load test from one machine
 * @param voterRateLimit ballot submissions per second for one voter, the verified token's
 *     subject (bursts of five times that); 0 turns the per-voter limit off, for a load test that
 *     re-submits as few voters
 * @param clusterHost the address Hazelcast binds and advertises, on the private cluster network;
 *     null picks loopback, which only a cluster whose members all run on this machine can use
 * @param limits the HTTP server's connection caps, timeouts and ballot queue bound
 * @param tls the node's certificate (self-signed, or PEM files from the operator's authority) and
 *     whether TLS 1.2 is accepted besides TLS 1.3; ignored with insecureDev
 * @param publicUrl the origin voters' browsers reach this node at ({@code https://host[:port]}),
 *     published to the cluster so that the voter page served by another node can fall back to
 *     this one; null derives it from host and port when host is a specific address, and
 *     publishes none when the node binds every address
 */
public record NodeConfig(
    String nodeId,
    Path dataDir,
    String host,
    int httpPort,
    String clusterName,
    int clusterPort,
    List<String> members,
    boolean insecureDev,
    String officialsKey,
    int workerThreads,
    int addressRateLimit,
    int voterRateLimit,
    String clusterHost,
    ServerLimits limits,
    TlsSettings tls,
    String publicUrl,
    Path credentialKey) {
  /** The default requests per second from one client address. */
  public static final int DEFAULT_ADDRESS_RATE_LIMIT = 50;
  /** The default ballot submissions per second for one voter. */
  public static final int DEFAULT_VOTER_RATE_LIMIT = 2;

  /** A configuration with the default per-address rate limit. */
  public NodeConfig(String nodeId, Path dataDir, String host, int httpPort, String clusterName, int clusterPort,
      List<String> members, boolean insecureDev, String officialsKey, int workerThreads) {
    this(nodeId, dataDir, host, httpPort, clusterName, clusterPort, members, insecureDev, officialsKey, workerThreads,
        DEFAULT_ADDRESS_RATE_LIMIT);
  }

  /** A configuration with the default per-voter rate limit. */
  public NodeConfig(String nodeId, Path dataDir, String host, int httpPort, String clusterName, int clusterPort,
      List<String> members, boolean insecureDev, String officialsKey, int workerThreads, int addressRateLimit) {
    this(nodeId, dataDir, host, httpPort, clusterName, clusterPort, members, insecureDev, officialsKey, workerThreads,
        addressRateLimit, DEFAULT_VOTER_RATE_LIMIT);
  }

  /** A configuration whose cluster address is loopback (every member on this machine). */
  public NodeConfig(String nodeId, Path dataDir, String host, int httpPort, String clusterName, int clusterPort,
      List<String> members, boolean insecureDev, String officialsKey, int workerThreads, int addressRateLimit,
      int voterRateLimit) {
    this(nodeId, dataDir, host, httpPort, clusterName, clusterPort, members, insecureDev, officialsKey, workerThreads,
        addressRateLimit, voterRateLimit, null);
  }

  /** A configuration with the default connection caps, timeouts and queue bound, the self-signed certificate and TLS 1.3 only. */
  public NodeConfig(String nodeId, Path dataDir, String host, int httpPort, String clusterName, int clusterPort,
      List<String> members, boolean insecureDev, String officialsKey, int workerThreads, int addressRateLimit,
      int voterRateLimit, String clusterHost) {
    this(nodeId, dataDir, host, httpPort, clusterName, clusterPort, members, insecureDev, officialsKey, workerThreads,
        addressRateLimit, voterRateLimit, clusterHost, ServerLimits.DEFAULTS, TlsSettings.DEFAULT);
  }

  /** A configuration with the given limits, the self-signed certificate and TLS 1.3 only. */
  public NodeConfig(String nodeId, Path dataDir, String host, int httpPort, String clusterName, int clusterPort,
      List<String> members, boolean insecureDev, String officialsKey, int workerThreads, int addressRateLimit,
      int voterRateLimit, String clusterHost, ServerLimits limits) {
    this(nodeId, dataDir, host, httpPort, clusterName, clusterPort, members, insecureDev, officialsKey, workerThreads,
        addressRateLimit, voterRateLimit, clusterHost, limits, TlsSettings.DEFAULT);
  }

  /** A configuration without a credential key: voters bring credential files, none sign in here. */
  public NodeConfig(String nodeId, Path dataDir, String host, int httpPort, String clusterName, int clusterPort,
      List<String> members, boolean insecureDev, String officialsKey, int workerThreads, int addressRateLimit,
      int voterRateLimit, String clusterHost, ServerLimits limits, TlsSettings tls, String publicUrl) {
    this(nodeId, dataDir, host, httpPort, clusterName, clusterPort, members, insecureDev, officialsKey, workerThreads,
        addressRateLimit, voterRateLimit, clusterHost, limits, tls, publicUrl, null);
  }

  /** This configuration with the credential key of the sign-in service (see {@code --credential-key}). */
  public NodeConfig withCredentialKey(Path key) {
    return new NodeConfig(nodeId, dataDir, host, httpPort, clusterName, clusterPort, members, insecureDev, officialsKey,
        workerThreads, addressRateLimit, voterRateLimit, clusterHost, limits, tls, publicUrl, key);
  }

  /** A configuration whose public URL is derived from host and port. */
  public NodeConfig(String nodeId, Path dataDir, String host, int httpPort, String clusterName, int clusterPort,
      List<String> members, boolean insecureDev, String officialsKey, int workerThreads, int addressRateLimit,
      int voterRateLimit, String clusterHost, ServerLimits limits, TlsSettings tls) {
    this(nodeId, dataDir, host, httpPort, clusterName, clusterPort, members, insecureDev, officialsKey, workerThreads,
        addressRateLimit, voterRateLimit, clusterHost, limits, tls, null);
  }

  /** A configuration with the default limits and the given certificate settings. */
  public NodeConfig(String nodeId, Path dataDir, String host, int httpPort, String clusterName, int clusterPort,
      List<String> members, boolean insecureDev, String officialsKey, int workerThreads, int addressRateLimit,
      int voterRateLimit, String clusterHost, TlsSettings tls) {
    this(nodeId, dataDir, host, httpPort, clusterName, clusterPort, members, insecureDev, officialsKey, workerThreads,
        addressRateLimit, voterRateLimit, clusterHost, ServerLimits.DEFAULTS, tls);
  }

  /** The cluster address used when none is configured. */
  public static final String LOOPBACK = "127.0.0.1";

  public NodeConfig {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(tls, "tls");
    members = List.copyOf(members);
    Objects.requireNonNull(limits, "limits");
    if (!nodeId.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("node id must be 1-64 characters of A-Z a-z 0-9 . _ -, got '" + nodeId + "'");
    }
    if (addressRateLimit < 0) {
      throw new IllegalArgumentException("the per-address rate limit must be 0 (off) or positive, got " + addressRateLimit);
    }
    if (voterRateLimit < 0) {
      throw new IllegalArgumentException("the per-voter rate limit must be 0 (off) or positive, got " + voterRateLimit);
    }
    if (publicUrl != null) {
      publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
      if (!PublicOrigin.valid(publicUrl, insecureDev)) {
        throw new IllegalArgumentException("the public URL must be an origin, " + (insecureDev ? "http:// or " : "")
            + "https:// then a host name or address and an optional port, with no path, got '" + publicUrl + "'");
      }
    }
    if (clusterHost == null) {
      for (String m : members) {
        String h = m.substring(0, Math.max(0, m.lastIndexOf(':')));
        if (!isLoopback(h)) {
          throw new IllegalArgumentException("member " + m + " is on another machine: give this node's address on the "
              + "private cluster network with --cluster-host (cluster_host); the cluster never binds to the public "
              + "address by default");
        }
      }
      clusterHost = LOOPBACK;
    }
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
  }

  /**
   * The origin this node publishes for voters' browsers: the configured public URL, else
   * {@code scheme://host:port} when host is a specific address; empty when the node binds every
   * address and no public URL is configured.
   */
  public java.util.Optional<String> publishedOrigin(int actualPort) {
    if (publicUrl != null) {
      return java.util.Optional.of(publicUrl);
    }
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      return java.util.Optional.empty();
    }
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return java.util.Optional.of((insecureDev ? "http" : "https") + "://" + h + ":" + actualPort);
  }

  /** How many members, this one included, make a majority of the configured ones (1 for a node alone). */
  public int majority() {
    return clustered() ? members.size() / 2 + 1 : 1;
  }

  /** Whether other members are configured (so writes need a replica). */
  public boolean clustered() {
    return members.size() > 1;
  }

  /** Reads a JSON config file; fields as in this record, snake_case. */
  public static NodeConfig read(Path file) throws IOException {
    JsonNode n = StrictJson.mapper().readTree(Files.readAllBytes(file));
    List<String> members = new ArrayList<>();
    if (n.has("members")) {
      n.get("members").forEach(m -> members.add(m.asText()));
    }
    Path base = file.toAbsolutePath().getParent();
    TlsSettings tls = new TlsSettings(
        n.hasNonNull("tls_certificate") ? base.resolve(n.get("tls_certificate").asText()) : null,
        n.hasNonNull("tls_key") ? base.resolve(n.get("tls_key").asText()) : null,
        n.path("tls_allow_1_2").asBoolean(false));
    return new NodeConfig(
        text(n, "node_id", "node1"),
        base.resolve(text(n, "data_dir", "evote-data/" + text(n, "node_id", "node1"))),
        text(n, "host", "127.0.0.1"),
        n.path("http_port").asInt(8443),
        text(n, "cluster_name", "evote"),
        n.path("cluster_port").asInt(5701),
        members,
        n.path("insecure_dev").asBoolean(false),
        n.hasNonNull("officials_key") ? n.get("officials_key").asText() : null,
        n.path("worker_threads").asInt(0),
        n.path("address_rate_limit").asInt(DEFAULT_ADDRESS_RATE_LIMIT),
        n.path("voter_rate_limit").asInt(DEFAULT_VOTER_RATE_LIMIT),
        n.hasNonNull("cluster_host") ? n.get("cluster_host").asText() : null,
        new ServerLimits(
            n.path("max_connections").asInt(ServerLimits.DEFAULTS.maxConnections()),
            n.path("max_connections_per_address").asInt(ServerLimits.DEFAULTS.maxConnectionsPerAddress()),
            n.path("request_timeout_seconds").asInt(ServerLimits.DEFAULTS.requestTimeoutSeconds()),
            n.path("idle_timeout_seconds").asInt(ServerLimits.DEFAULTS.idleTimeoutSeconds()),
            n.path("ballot_queue_limit").asInt(ServerLimits.DEFAULTS.ballotQueueLimit())),
        tls,
        n.hasNonNull("public_url") ? n.get("public_url").asText() : null,
        n.hasNonNull("credential_key") ? base.resolve(n.get("credential_key").asText()) : null);
  }

  private static String text(JsonNode n, String f, String def) {
    return n.hasNonNull(f) ? n.get(f).asText() : def;
  }
}

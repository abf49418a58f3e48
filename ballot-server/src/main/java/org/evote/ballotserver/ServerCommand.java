package org.evote.ballotserver;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.evote.ballotserver.tls.TlsSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code evote server}: runs one node, from a config file or from flags. */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Run a ballot-server node. With no options: a single node on 127.0.0.1:8443 with TLS "
        + "(self-signed at first start) and its data in ./evote-data/node1.")
public final class ServerCommand implements Callable<Integer> {
  @Option(names = "--config", description = "JSON config file (node_id, data_dir, host, http_port, cluster_name, cluster_host, cluster_port, members, insecure_dev, officials_key, worker_threads, address_rate_limit, voter_rate_limit, tls_certificate, tls_key, tls_allow_1_2, public_url).")
  Path config;

  @Option(names = "--node-id", defaultValue = "node1", description = "This node's id (default ${DEFAULT-VALUE}).")
  String nodeId;

  @Option(names = "--data-dir", description = "Data directory (default ./evote-data/<node-id>).")
  Path dataDir;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8443", description = "HTTPS port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--cluster-name", defaultValue = "evote", description = "Cluster name (default ${DEFAULT-VALUE}).")
  String clusterName;

  @Option(names = "--cluster-host", description = "This node's address on the private cluster network, where "
      + "Hazelcast binds (default 127.0.0.1: every member on this machine). Never a public address: see the operator guide.")
  String clusterHost;

  @Option(names = "--cluster-port", defaultValue = "5701", description = "Hazelcast member port (default ${DEFAULT-VALUE}).")
  int clusterPort;

  @Option(names = "--members", split = ",", description = "Every member host:port, this one included.")
  List<String> members = List.of();

  @Option(names = "--officials-key", description = "Base64 P-256 public key that signs officials' tokens.")
  String officialsKey;

  @Option(names = "--address-rate-limit", defaultValue = "" + NodeConfig.DEFAULT_ADDRESS_RATE_LIMIT,
      description = "Requests per second from one client address, bursts of 4x (default ${DEFAULT-VALUE}; 0 = off, "
          + "for a node behind a proxy that limits, or a load test from one machine).")
  int addressRateLimit;

  @Option(names = "--voter-rate-limit", defaultValue = "" + NodeConfig.DEFAULT_VOTER_RATE_LIMIT,
      description = "Ballot submissions per second for one voter (the token's subject), bursts of 5x "
          + "(default ${DEFAULT-VALUE}; 0 = off, for a load test that re-submits as few voters).")
  int voterRateLimit;

  @Option(names = "--tls-cert", description = "The node's certificate chain as PEM, leaf first, from your own "
      + "certificate authority (with --tls-key). Default: a self-signed certificate made at first start.")
  Path tlsCertificate;

  @Option(names = "--tls-key", description = "The private key of --tls-cert as unencrypted PEM (PKCS#8, EC or RSA).")
  Path tlsKey;

  @Option(names = "--tls12", description = "Also accept TLS 1.2 (ECDHE with AES-GCM or ChaCha20-Poly1305 only) for "
      + "old clients. Default: TLS 1.3 only.")
  boolean allowTls12;

  @Option(names = "--public-url", description = "The origin voters' browsers reach this node at, https://host[:port] "
      + "(default: https://<host>:<port> unless --host binds every address). Published to the cluster, so that the voter "
      + "page served by any node can cast through this one when its own node is down.")
  String publicUrl;

  @Option(names = "--credential-key", paramLabel = "FILE", description = "The credential key (a key file of ./evote idp "
      + "keygen, whose public key is the election's idp_public_key): with it this node runs the credential service that "
      + "turns a voter's sign-in at the election's OpenID Connect provider into a voting token. A secret: readable by the "
      + "node's user only.")
  Path credentialKey;

  @Option(names = "--insecure-dev", description = "Serve plain HTTP. For development only.")
  boolean insecureDev;

  @Override
  public Integer call() throws Exception {
    NodeConfig c;
    try {
      c = config != null
          ? NodeConfig.read(config)
          : new NodeConfig(nodeId, dataDir != null ? dataDir : Path.of("evote-data", nodeId), host, port,
              clusterName, clusterPort, members, insecureDev, officialsKey, 0, addressRateLimit, voterRateLimit,
              clusterHost, org.evote.ballotserver.http.ServerLimits.DEFAULTS, new TlsSettings(tlsCertificate, tlsKey, allowTls12),
              publicUrl, credentialKey);
    } catch (IllegalArgumentException | java.io.IOException e) {
      System.err.println("server: " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    BallotNode node;
    try {
      node = BallotNode.start(c).await();
    } catch (Exception e) {
      System.err.println("server: could not start: " + e.getMessage());
      return 1;
    }
    System.out.printf("node %s listening on %s://%s:%d%n", c.nodeId(), c.insecureDev() ? "http" : "https", c.host(), node.httpPort());
    if (node.tls() != null && node.tls().selfSigned()) {
      System.out.println("its self-signed certificate (give it to clients with --trust): " + node.tls().certificatePem());
    } else if (node.tls() != null) {
      System.out.println("its certificate: " + node.tls().certificatePem());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.stop().await();
      } catch (Exception ignored) {
        // exiting anyway
      }
      stopped.countDown();
    }));
    stopped.await();
    return 0;
  }
}

package org.evote.voterclient;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.evote.crypto.util.PemTrust;

/**
 * Talks to the ballot-server nodes over HTTPS. It trusts the node certificates it is given (PEM
 * files; the system's trust store when none), and when a node cannot be reached, times out, is
 * overloaded or answers with something that is not the API's JSON, it says so and tries the next
 * node. A rejection with a reason (4xx) is the answer and is not retried elsewhere.
 */
public final class NodeClient {
  /** Reasons of {@link VoterException} after which the next node is tried. */
  private static final Set<String> NEXT_NODE = Set.of("node_unreachable", "malformed_response", "node_unavailable");

  private final List<URI> nodes;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final Consumer<String> notices;

  /** A node's answer. */
  public record Response(URI node, int status, byte[] body) {
    /** The node's address as the voter typed it, for sentences. */
    public String nodeName() {
      return node.toString();
    }
  }

  /** Reads a response; throws a VoterException with a reason from {@link #NEXT_NODE} to try the next node. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(Response r) throws VoterException;
  }

  /**
   * @param nodes the nodes' base URLs, such as {@code https://127.0.0.1:8443}, tried in order
   * @param trust PEM certificate files to trust; empty for the system's trust store
   * @param notices where to say that a node is skipped (the CLI prints to stderr)
   */
  public NodeClient(List<String> nodes, List<Path> trust, Duration requestTimeout, Consumer<String> notices)
      throws VoterException {
    if (nodes.isEmpty()) {
      throw new VoterException("no_nodes", "Give at least one node address with --nodes.");
    }
    List<URI> uris = new ArrayList<>();
    for (String n : nodes) {
      uris.add(parseNode(n));
    }
    this.nodes = List.copyOf(uris);
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.notices = Objects.requireNonNull(notices, "notices");
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER);
    if (!trust.isEmpty()) {
      b.sslContext(trusting(trust));
    }
    this.http = b.build();
  }

  private static URI parseNode(String n) throws VoterException {
    String s = n.trim();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    try {
      URI u = new URI(s);
      if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null
          || (u.getPath() != null && !u.getPath().isEmpty())) {
        throw new URISyntaxException(s, "not a node address");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new VoterException("bad_node", "'" + n + "' is not a node address such as https://vote.example.org:8443.");
    }
  }

  private static SSLContext trusting(List<Path> pems) throws VoterException {
    try {
      return PemTrust.sslContext(pems, (file, unreadable) -> new VoterException("trust_unreadable", unreadable
          ? "The certificate file " + file + " cannot be read."
          : "The file " + file + " does not hold a PEM certificate."));
    } catch (GeneralSecurityException | IOException e) {
      throw new VoterException("trust_unreadable", "The certificates to trust cannot be loaded: " + e.getMessage() + ".");
    }
  }

  /** The nodes, in the order they are tried. */
  public List<URI> nodes() {
    return nodes;
  }

  /** GET a path from the first node that answers usefully. */
  public <T> T get(String path, Reader<T> reader) throws VoterException {
    return call(path, null, reader);
  }

  /** POST a JSON body to the first node that answers usefully. */
  public <T> T postJson(String path, byte[] body, Reader<T> reader) throws VoterException {
    return call(path, Objects.requireNonNull(body, "body"), reader);
  }

  private <T> T call(String path, byte[] body, Reader<T> reader) throws VoterException {
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      URI node = nodes.get(i);
      try {
        Response r = send(node, path, body);
        if (r.status() == 502 || r.status() == 503 || r.status() == 504) {
          throw new VoterException("node_unavailable",
              "The node " + node + " is not able to answer right now (HTTP " + r.status() + ")" + serverMessage(r) + ".");
        }
        return reader.read(r);
      } catch (VoterException e) {
        if (!NEXT_NODE.contains(e.reason())) {
          throw e;
        }
        failures.add(e.getMessage());
        if (i + 1 < nodes.size()) {
          notices.accept(e.getMessage() + " Trying the next node, " + nodes.get(i + 1) + ".");
        }
      }
    }
    if (failures.size() == 1) {
      throw new VoterException("no_node", failures.get(0));
    }
    throw new VoterException("no_node", "No node could answer: " + String.join(" ", failures));
  }

  private static String serverMessage(Response r) {
    String m = ApiJson.errorMessage(r.body());
    return m == null ? "" : ": " + m;
  }

  private Response send(URI node, String path, byte[] body) throws VoterException {
    HttpRequest.Builder b = HttpRequest.newBuilder(node.resolve(path)).timeout(requestTimeout)
        .header("accept", "application/json");
    if (body == null) {
      b.GET();
    } else {
      b.header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(node, r.statusCode(), r.body());
    } catch (HttpConnectTimeoutException e) {
      throw unreachable(node, "the connection timed out");
    } catch (HttpTimeoutException e) {
      throw unreachable(node, "it did not answer within " + requestTimeout.toSeconds() + " seconds");
    } catch (ConnectException e) {
      throw unreachable(node, "the connection was refused");
    } catch (SSLException e) {
      throw unreachable(node, "its TLS certificate is not one you trust (" + e.getMessage() + "); check --trust");
    } catch (IOException e) {
      throw unreachable(node, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VoterException("interrupted", "The request to " + node + " was interrupted.");
    }
  }

  private static VoterException unreachable(URI node, String why) {
    return new VoterException("node_unreachable", "The node " + node + " cannot be reached: " + why + ".");
  }
}

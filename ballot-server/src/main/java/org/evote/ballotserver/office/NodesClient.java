package org.evote.ballotserver.office;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.evote.crypto.util.PemTrust;

/**
 * The officials' HTTPS client: it trusts the node certificates it is given (PEM files; the
 * system's trusted authorities when none) and sends each request to the first node that answers,
 * trying the next one when a node cannot be reached or answers 503 (no majority, overloaded,
 * rebuilding). A request is made afresh for each node, so a signed request is never reused
 * across nodes by accident; the signed request itself is the same.
 */
final class NodesClient implements AutoCloseable {
  /** A node's answer. */
  record Answer(URI node, int status, String body, java.net.http.HttpHeaders headers) {}

  private final List<URI> nodes;
  private final HttpClient http;
  private final Duration timeout;

  NodesClient(List<String> nodes, List<Path> trust, Duration timeout) throws OfficeException {
    if (nodes.isEmpty()) {
      throw new OfficeException("--nodes names no node; give the nodes' addresses, e.g. https://vote1.example.org:8443");
    }
    List<URI> list = new ArrayList<>();
    for (String n : nodes) {
      list.add(parse(n.trim()));
    }
    this.nodes = List.copyOf(list);
    this.timeout = timeout;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (!trust.isEmpty()) {
      b.sslContext(trusting(trust));
    }
    this.http = b.build();
  }

  private static URI parse(String n) throws OfficeException {
    try {
      URI u = new URI(n.endsWith("/") ? n.substring(0, n.length() - 1) : n);
      if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) {
        throw new OfficeException("'" + n + "' is not a node address such as https://vote1.example.org:8443");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new OfficeException("'" + n + "' is not a node address such as https://vote1.example.org:8443");
    }
  }

  private static SSLContext trusting(List<Path> pems) throws OfficeException {
    try {
      return PemTrust.sslContext(pems, (file, unreadable) -> new OfficeException(unreadable
          ? "the certificate file " + file + " (--trust) cannot be read"
          : "the file " + file + " (--trust) does not hold a PEM certificate"));
    } catch (GeneralSecurityException | IOException e) {
      throw new OfficeException("the certificates to trust cannot be loaded: " + e.getMessage());
    }
  }

  List<URI> nodes() {
    return nodes;
  }

  /** A POST of a JSON body with the official's signed request, to the first node that answers. */
  Answer post(String path, String jsonBody, Supplier<String> bearer) throws OfficeException {
    return first(path, node -> HttpRequest.newBuilder(node.resolve(path)).timeout(timeout)
        .header("content-type", "application/json").header("authorization", "Bearer " + bearer.get())
        .POST(jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody))
        .build());
  }

  /** A GET from the first node that answers. */
  Answer get(String path) throws OfficeException {
    return first(path, node -> HttpRequest.newBuilder(node.resolve(path)).timeout(timeout).GET().build());
  }

  /** A GET from one node; null when it cannot be reached (the reason in {@code why[0]}). */
  Answer getFrom(URI node, String path, String[] why) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(node.resolve(path)).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return new Answer(node, r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      why[0] = reason(e);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      why[0] = "interrupted";
      return null;
    }
  }

  /**
   * A POST whose successful answer (200) is saved to {@code file}; the answer's body is the
   * error's JSON otherwise. Tried on the next node after 503 or when unreachable.
   */
  Answer download(String path, Supplier<String> bearer, Path file) throws OfficeException {
    return first((node, failures) -> {
      HttpRequest req = HttpRequest.newBuilder(node.resolve(path)).timeout(timeout)
          .header("authorization", "Bearer " + bearer.get()).POST(HttpRequest.BodyPublishers.noBody()).build();
      HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        if (r.statusCode() == 200) {
          Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          return new Answer(node, 200, "", r.headers());
        }
        String body = new String(in.readNBytes(64 * 1024), java.nio.charset.StandardCharsets.UTF_8);
        if (r.statusCode() == 503) {
          failures.add(node + ": 503 " + OfficeException.message(body));
          return null;
        }
        return new Answer(node, r.statusCode(), body, r.headers());
      }
    });
  }

  private interface RequestFor {
    HttpRequest to(URI node);
  }

  private Answer first(String path, RequestFor request) throws OfficeException {
    return first((node, failures) -> {
      HttpResponse<String> r = http.send(request.to(node), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 503) {
        failures.add(node + ": 503 " + OfficeException.message(r.body()));
        return null;
      }
      return new Answer(node, r.statusCode(), r.body(), r.headers());
    });
  }

  /** One node's answer; null, with the reason added to {@code failures}, to try the next node. */
  private interface Attempt {
    Answer at(URI node, List<String> failures) throws IOException, InterruptedException;
  }

  /** The first node's answer that is not null; a node that cannot be reached is named in the failures. */
  private Answer first(Attempt attempt) throws OfficeException {
    List<String> failures = new ArrayList<>();
    for (URI node : nodes) {
      try {
        Answer a = attempt.at(node, failures);
        if (a != null) {
          return a;
        }
      } catch (IOException e) {
        failures.add(node + ": " + reason(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OfficeException("interrupted", OfficeException.REFUSED);
      }
    }
    throw new OfficeException("no node could do it: " + String.join("; ", failures), OfficeException.REFUSED);
  }

  /** Why a node could not be reached, in words. */
  static String reason(IOException e) {
    if (e instanceof javax.net.ssl.SSLHandshakeException || e.getCause() instanceof javax.net.ssl.SSLHandshakeException) {
      return "its TLS certificate is not one you trust (give the node's certificate with --trust)";
    }
    if (e instanceof java.net.ConnectException) {
      return "cannot be reached (connection refused)";
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "did not answer in time";
    }
    return "cannot be reached (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
  }

  @Override
  public void close() {
    http.close();
  }
}

package org.evote.voterclient;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A tiny plain-HTTP server on loopback that answers as a test tells it to: garbage, wrong
 * statuses, receipts with bad signatures. It stands in for a broken or hostile node.
 */
final class FakeNode implements AutoCloseable {
  /** An answer: status, content type and body. */
  record Answer(int status, String contentType, byte[] body) {
    static Answer json(int status, String body) {
      return new Answer(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    static Answer text(int status, String body) {
      return new Answer(status, "text/html", body.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** What a request looked like. */
  record Request(String method, String path, byte[] body) {}

  private final HttpServer server;
  private final Map<String, Function<Request, Answer>> routes = new ConcurrentHashMap<>();

  FakeNode() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      Function<Request, Answer> route = routes.entrySet().stream()
          .filter(e -> path.startsWith(e.getKey()))
          .max(Map.Entry.comparingByKey((a, b) -> a.length() - b.length()))
          .map(Map.Entry::getValue).orElse(r -> Answer.json(404, "{\"error\":\"not_found\",\"message\":\"no such endpoint\"}"));
      Answer a = route.apply(new Request(exchange.getRequestMethod(), path, body));
      exchange.getResponseHeaders().set("content-type", a.contentType());
      exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
      if (a.body().length > 0) {
        exchange.getResponseBody().write(a.body());
      }
      exchange.close();
    });
    server.start();
  }

  /** Answers every request whose path starts with the prefix (the longest prefix wins). */
  FakeNode on(String pathPrefix, Function<Request, Answer> answer) {
    routes.put(pathPrefix, answer);
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

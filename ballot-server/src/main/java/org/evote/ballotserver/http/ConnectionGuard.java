package org.evote.ballotserver.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * What the API holds open for clients: at most {@code maxConnections} connections, at most
 * {@code maxConnectionsPerAddress} from one address (a connection past either cap is closed as
 * soon as its TLS handshake ends), and a deadline for every request. The deadline runs from the
 * connection's start, or from the end of the answer before, until the request's last byte has
 * arrived; a connection that has not delivered its request by then, slow headers and stalled
 * bodies alike, is closed (with 408 when its request's head had arrived). While the node works
 * on a request that has fully arrived, no deadline runs. Runs on the API's event loop.
 */
final class ConnectionGuard {
  private static final Logger LOG = Logger.getLogger(ConnectionGuard.class.getName());

  private final Vertx vertx;
  private final ServerLimits limits;
  private final Map<HttpConnection, Guarded> open = new ConcurrentHashMap<>();
  private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong timedOut = new AtomicLong();

  ConnectionGuard(Vertx vertx, ServerLimits limits) {
    this.vertx = vertx;
    this.limits = limits;
  }

  /** Connections refused for a cap since the start. */
  long refused() {
    return refused.get();
  }

  /** Connections closed at their request deadline since the start. */
  long timedOut() {
    return timedOut.get();
  }

  /** Open connections now. */
  int open() {
    return open.size();
  }

  /** The server's connection handler: counts the connection, or closes it when a cap is reached. */
  void connected(HttpConnection conn) {
    String addr = conn.remoteAddress() == null ? "?" : conn.remoteAddress().host();
    int fromAddr = perAddress.getOrDefault(addr, 0);
    if (open.size() >= limits.maxConnections() || fromAddr >= limits.maxConnectionsPerAddress()) {
      if (refused.incrementAndGet() % 1000 == 1) {
        LOG.warning("connection from " + addr + " closed: " + (fromAddr >= limits.maxConnectionsPerAddress()
            ? fromAddr + " connections from that address are open" : open.size() + " connections are open")
            + " (" + refused.get() + " refused since the start)");
      }
      conn.close();
      return;
    }
    Guarded g = new Guarded(conn);
    open.put(conn, g);
    perAddress.merge(addr, 1, Integer::sum);
    conn.closeHandler(v -> {
      g.disarm();
      open.remove(conn);
      perAddress.computeIfPresent(addr, (k, n) -> n <= 1 ? null : n - 1);
    });
    g.arm();
  }

  /**
   * The first handler of every request: the deadline keeps running until the request's last byte
   * arrives, and starts again when the answer ends. After an answer sent before the request has
   * fully arrived (a refusal that does not read the body), the connection closes once the rest
   * has been read and dropped, or at the deadline.
   *
   * <p>Whether the request has fully arrived is not read from {@code req.isEnded()} alone: Vert.x
   * can deliver the end of a request after a handler has answered it (always for a handler that
   * answers at once, such as /metrics, and for a fast worker answer at random), and a keep-alive
   * connection whose request had no body at all was then closed after every such answer. A
   * request without a body has arrived with its head.
   */
  void request(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    Guarded g = open.get(req.connection());
    if (g == null) {
      // A connection refused for a cap whose request arrived with its handshake: not served.
      req.connection().close();
      return;
    }
    g.current = ctx;
    boolean bodyless = hasNoBody(req);
    req.end().onComplete(x -> g.disarm());
    ctx.addHeadersEndHandler(x -> {
      if (!bodyless && !req.isEnded()) {
        // this connection closes after the answer (below): tell the client not to reuse it
        ctx.response().putHeader("connection", "close");
      }
    });
    ctx.addEndHandler(x -> {
      g.current = null;
      if (bodyless || req.isEnded()) {
        // The next request's deadline starts once this request's end has been delivered (at once
        // when it has been: Vert.x refuses end() on a request read in full, so it is not asked
        // then): the listener above, which stops the deadline, runs first.
        if (req.isEnded()) {
          g.arm();
        } else {
          req.end().onSuccess(y -> g.arm());
        }
      } else {
        // Answered before the request arrived in full (a refusal that did not read the body):
        // the rest is read and dropped, still under the running deadline, and then the
        // connection closes, so that the client reads the answer and nothing is buffered.
        req.end().onComplete(y -> req.connection().close());
        req.resume();
      }
    });
    ctx.next();
  }

  /**
   * Whether a request has no body by its framing (RFC 9112 §6.3: neither Transfer-Encoding nor a
   * Content-Length other than 0), so that its head is all of it.
   */
  private static boolean hasNoBody(HttpServerRequest req) {
    String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    return req.getHeader(HttpHeaders.TRANSFER_ENCODING) == null && (length == null || "0".equals(length.trim()));
  }

  /** One open connection and its deadline timer. */
  private final class Guarded {
    private final HttpConnection conn;
    private long timer = -1;
    /** The request in progress, or null between requests. */
    volatile RoutingContext current;

    Guarded(HttpConnection conn) {
      this.conn = conn;
    }

    void arm() {
      disarm();
      timer = vertx.setTimer(limits.requestTimeoutSeconds() * 1000L, t -> expire());
    }

    void disarm() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }

    private void expire() {
      timer = -1;
      timedOut.incrementAndGet();
      RoutingContext ctx = current;
      if (ctx != null && !ctx.response().headWritten()) {
        String body = "{\"error\":\"request_timeout\",\"message\":\"the request did not arrive in full within "
            + limits.requestTimeoutSeconds() + " s\"}";
        ctx.response().setStatusCode(408).putHeader("content-type", "application/json")
            .putHeader("connection", "close").end(body).onComplete(x -> conn.close());
      } else {
        conn.close();
      }
    }
  }
}

package org.evote.ballotserver.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import io.vertx.core.WorkerExecutor;
import org.evote.ballotserver.node.CastService;
import org.evote.ballotserver.node.NodeMetrics;
import org.evote.ballotserver.node.OfficialActions;
import org.evote.ballotserver.node.PublicReads;
import org.evote.ballotserver.node.RateLimiter;
import org.evote.ballotserver.node.Reply;
import org.evote.ballotserver.tls.NodeTls;
import org.evote.voterweb.WebAssets;
import org.evote.crypto.record.StrictJson;

/**
 * The node's HTTP API. Crypto, cluster and disk work runs on the node's worker pool, never on
 * the event loop; every rejection ends in {@code ctx.fail(status, ApiError)} and the failure
 * handler answers with {"error": reason, "message": text}.
 */
public final class ApiVerticle extends VerticleBase {
  /** Largest accepted request body: an Integer4096 W2 ballot fits with room to spare. */
  public static final long BODY_LIMIT = 4L * 1024 * 1024;
  private static final ObjectMapper JSON = StrictJson.mapper();
  private static final Logger LOG = Logger.getLogger(ApiVerticle.class.getName());

  /**
   * Where and how the API listens.
   *
   * @param host the address to bind
   * @param port the port; 0 picks a free one
   * @param addressRateLimit requests per second from one client address (bursts of four times
   *     that); 0 = no limit
   * @param tls the node's TLS material, or null for plain HTTP (development only)
   */
  public record Settings(String host, int port, int addressRateLimit, NodeTls.Material tls) {}

  /**
   * The node's services the API calls, and the worker pool they run on.
   *
   * @param cast accepts ballots
   * @param officials the officials' actions
   * @param reads the public reads and the node's health
   * @param metrics the node's metrics
   * @param workers the pool that runs crypto, cluster and disk work
   */
  public record Services(CastService cast, OfficialActions officials, PublicReads reads, NodeMetrics metrics,
      WorkerExecutor workers) {}

  private final Settings settings;
  private final Services node;
  /** Null when the node's configuration turns the per-address limit off. */
  private final RateLimiter perAddress;
  private volatile int actualPort;
  private final Episode clusterTrouble = new Episode();

  public ApiVerticle(Settings settings, Services services) {
    this.settings = settings;
    this.node = services;
    int rate = settings.addressRateLimit();
    this.perAddress = rate > 0 ? new RateLimiter(rate, 4.0 * rate) : null;
  }

  /** The port the API listens on, once started. */
  public int actualPort() {
    return actualPort;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    if (settings.tls() != null) {
      // Browsers that once reached a node over HTTPS never fall back to plain HTTP for it.
      router.route().handler(ctx -> {
        ctx.response().putHeader("strict-transport-security", "max-age=31536000");
        ctx.next();
      });
    }
    router.route().handler(this::rateLimit);
    router.post().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    router.get("/health").handler(ctx -> blocking(ctx, () -> {
      var h = node.reads().health();
      return Reply.ok((Boolean) h.get("ok") ? 200 : 503, JSON.writeValueAsString(h));
    }));
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/plain; version=0.0.4").end(node.metrics().scrape()));
    router.post("/api/elections").handler(this::official).handler(this::json)
        .handler(ctx -> blocking(ctx, () -> node.officials().createElection(bearer(ctx), body(ctx))));
    router.get("/api/elections/:id").handler(ctx -> blocking(ctx, () -> node.reads().describe(ctx.pathParam("id"))));
    router.post("/api/elections/:id/open").handler(this::official)
        .handler(ctx -> blocking(ctx, () -> node.officials().setStatus(bearer(ctx), ctx.pathParam("id"), "OPEN")));
    router.post("/api/elections/:id/close").handler(this::official)
        .handler(ctx -> blocking(ctx, () -> node.officials().setStatus(bearer(ctx), ctx.pathParam("id"), "CLOSED")));
    router.post("/api/elections/:id/in-person").handler(this::official).handler(this::json)
        .handler(ctx -> blocking(ctx, () -> node.officials().inPerson(bearer(ctx), ctx.pathParam("id"), body(ctx))));
    router.post("/api/elections/:id/export").handler(this::official)
        .handler(ctx -> blocking(ctx, () -> node.officials().export(bearer(ctx), ctx.pathParam("id"))));
    router.post("/api/elections/:id/ballots").handler(this::json)
        .handler(ctx -> blocking(ctx, () -> node.cast().cast(ctx.pathParam("id"), body(ctx))));
    router.get("/api/elections/:id/ballots/:code")
        .handler(ctx -> blocking(ctx, () -> node.reads().ballotStatus(ctx.pathParam("id"), ctx.pathParam("code"))));
    router.get("/api/elections/:id/board").handler(ctx -> {
      long from;
      int limit;
      try {
        from = Long.parseLong(ctx.queryParams().get("from") == null ? "0" : ctx.queryParams().get("from"));
        limit = Integer.parseInt(ctx.queryParams().get("limit") == null ? "100" : ctx.queryParams().get("limit"));
      } catch (NumberFormatException e) {
        ctx.fail(400, new ApiError("malformed_query", "from and limit must be integers"));
        return;
      }
      if (from < 0 || limit < 1 || limit > 1000) {
        ctx.fail(400, new ApiError("malformed_query", "from must be >= 0 and limit in 1..1000"));
        return;
      }
      blocking(ctx, () -> node.reads().board(ctx.pathParam("id"), ctx.queryParams().get("node"), from, limit));
    });
    router.get("/").handler(ctx -> webAsset(ctx, WebAssets.INDEX));
    router.get("/web/*").handler(ctx -> webAsset(ctx, ctx.normalizedPath().substring("/web/".length())));
    router.route().failureHandler(this::failure);

    HttpServerOptions opts = new HttpServerOptions().setHost(settings.host()).setPort(settings.port());
    if (settings.tls() != null) {
      settings.tls().applyTo(opts); // TLS 1.3 (or 1.2 with AEAD suites when allowed)
    }
    return vertx.createHttpServer(opts).requestHandler(router).listen()
        .onSuccess(s -> actualPort = s.actualPort());
  }

  /** A file of the voter page (from the voter-web jar, held in memory), with its security headers. */
  private static void webAsset(RoutingContext ctx, String name) {
    WebAssets.Asset asset = WebAssets.get(name).orElse(null);
    if (asset == null) {
      ctx.fail(404, new ApiError("not_found", "no such file"));
      return;
    }
    WebAssets.SECURITY_HEADERS.forEach(ctx.response()::putHeader);
    ctx.response().putHeader("content-type", asset.contentType()).end(Buffer.buffer(asset.bytes()));
  }

  private void rateLimit(RoutingContext ctx) {
    String addr = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().host();
    if (perAddress != null && !perAddress.tryAcquire(addr)) {
      ctx.fail(429, new ApiError("rate_limited", "too many requests from this address; slow down"));
      return;
    }
    ctx.next();
  }

  private void json(RoutingContext ctx) {
    String ct = ctx.request().getHeader("content-type");
    if (ct == null || !ct.toLowerCase().startsWith("application/json")) {
      ctx.fail(415, new ApiError("wrong_content_type", "send the body as application/json"));
      return;
    }
    ctx.next();
  }

  /**
   * Lets through only requests that carry a bearer token; the token, an official's signed
   * request, is checked off the event loop by the officials' service, which needs the election
   * and the action.
   */
  private void official(RoutingContext ctx) {
    if (bearer(ctx) == null) {
      ctx.fail(401, new ApiError("unauthenticated", "this endpoint needs an official's signed request as a bearer token"));
      return;
    }
    ctx.next();
  }

  /** The bearer token of a request, or null. */
  private static String bearer(RoutingContext ctx) {
    String auth = ctx.request().getHeader("authorization");
    return auth == null || !auth.startsWith("Bearer ") ? null : auth.substring(7).trim();
  }

  private void blocking(RoutingContext ctx, Callable<Reply> work) {
    node.metrics().workQueued();
    node.workers().executeBlocking(() -> {
      node.metrics().workStarted();
      return work.call();
    }, false).onComplete(ar -> {
      if (ar.failed()) {
        if (org.evote.ballotserver.cluster.ClusterFailures.isClusterFailure(ar.cause())) {
          // No majority, a member gone, a backup that did not answer: nothing was acknowledged,
          // and another node may take the request. One log line per episode, not per request.
          clusterTrouble.report(ar.cause());
          Reply refusal = Reply.clusterUnavailable();
          ctx.fail(refusal.status(), new ApiError(refusal.reason(), errorMessage(refusal)));
          return;
        }
        LOG.log(Level.WARNING, "request " + ctx.request().method() + " " + ctx.request().path() + " failed", ar.cause());
        ctx.fail(500, new ApiError("internal", "the node could not complete the request"));
        return;
      }
      Reply r = ar.result();
      if (r.reason() != null) {
        ctx.fail(r.status(), new ApiError(r.reason(), errorMessage(r)));
        return;
      }
      ctx.response().setStatusCode(r.status()).putHeader("content-type", "application/json").end(r.body());
    });
  }

  /** Logs cluster trouble once per episode: the first refusal, then at most one line a minute with a count. */
  private static final class Episode {
    private final java.util.concurrent.atomic.AtomicLong lastLogged = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong since = new java.util.concurrent.atomic.AtomicLong();

    void report(Throwable cause) {
      long n = since.incrementAndGet();
      long now = System.nanoTime();
      long last = lastLogged.get();
      if ((last == 0 || now - last > 60_000_000_000L) && lastLogged.compareAndSet(last, now)) {
        since.set(0);
        LOG.warning("requests refused with 503 because the cluster is unavailable (" + n + " since the last line): "
            + cause.getClass().getSimpleName() + ": " + cause.getMessage());
      }
    }
  }

  /** The request body; an empty body has no buffer at all. */
  private static byte[] body(RoutingContext ctx) {
    var b = ctx.body().buffer();
    return b == null ? new byte[0] : b.getBytes();
  }

  private static String errorMessage(Reply r) {
    try {
      return JSON.readTree(r.body()).path("message").asText();
    } catch (java.io.IOException e) {
      return r.reason();
    }
  }

  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    String reason;
    String message;
    if (ctx.failure() instanceof ApiError e) {
      reason = e.reason();
      message = e.getMessage();
    } else if (status == 413) {
      reason = "body_too_large";
      message = "the request body is larger than " + BODY_LIMIT + " bytes";
    } else if (status == 404) {
      reason = "not_found";
      message = "no such endpoint";
    } else if (status == 405) {
      reason = "method_not_allowed";
      message = "method not allowed here";
    } else {
      reason = status >= 500 ? "internal" : "bad_request";
      message = status >= 500 ? "the node could not complete the request" : "the request is not valid";
    }
    if (ctx.response().ended()) {
      return;
    }
    var o = JSON.createObjectNode().put("error", reason).put("message", message);
    if (status == 503) {
      ctx.response().putHeader("retry-after", "2");
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(o.toString());
  }
}

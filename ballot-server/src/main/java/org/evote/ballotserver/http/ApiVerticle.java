package org.evote.ballotserver.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import io.vertx.core.WorkerExecutor;
import org.evote.ballotserver.node.CastService;
import org.evote.ballotserver.node.NodeMetrics;
import org.evote.ballotserver.node.OfficialActions;
import org.evote.ballotserver.node.NodeOrigins;
import org.evote.ballotserver.node.PublicReads;
import org.evote.ballotserver.node.RateLimiter;
import org.evote.ballotserver.node.Reply;
import org.evote.ballotserver.signin.CredentialService;
import org.evote.ballotserver.tls.NodeTls;
import org.evote.voterweb.WebAssets;
import org.evote.crypto.record.StrictJson;

/**
 * The node's HTTP API. Crypto, cluster and disk work runs on worker pools, never on the event
 * loop: ballots and public reads on the ballot workers, {@code /health} and the officials'
 * endpoints on a small pool of their own, so that they answer while the ballot workers are
 * saturated. Every rejection ends in {@code ctx.fail(status, ApiError)} and the failure handler
 * answers with {"error": reason, "message": text}.
 *
 * <p>Before it knows who is asking, the API holds little: connections are capped in all and
 * per address, a request must arrive in full within a deadline ({@link ConnectionGuard}), idle
 * connections are closed, a ballot that finds the ballot workers' queue full is refused at once
 * with 503 {@code overloaded} before its body is read, and each route buffers at most the body
 * its requests can legally have: a ballot, the largest legal envelope of its election.
 */
public final class ApiVerticle extends VerticleBase {
  /** Largest election definition an official may upload: an Integer4096 election with many guardians fits. */
  public static final long DEFINITION_LIMIT = 4L * 1024 * 1024;
  /** Largest body of the other officials' requests (open, close, in-person, export); results take {@link #DEFINITION_LIMIT}. */
  public static final long SMALL_LIMIT = 16L * 1024;
  /** Seconds a client is asked to wait after 503 {@code overloaded}. */
  static final int RETRY_AFTER_SECONDS = 2;
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
   * @param limits connection caps, timeouts and the ballot queue bound
   */
  public record Settings(String host, int port, int addressRateLimit, NodeTls.Material tls, ServerLimits limits) {}

  /**
   * The node's services the API calls, and the worker pool they run on.
   *
   * @param cast accepts ballots
   * @param officials the officials' actions
   * @param reads the public reads and the node's health
   * @param metrics the node's metrics
   * @param workers the pool that checks and stores ballots and serves public reads
   * @param control the small pool that answers {@code /health} and runs the officials' requests
   * @param origins the origins the cluster's nodes published, for the voter page's fallback
   * @param credentials the credential service for voters who sign in, or null when this node
   *     holds no credential key
   */
  public record Services(CastService cast, OfficialActions officials, PublicReads reads, NodeMetrics metrics,
      WorkerExecutor workers, WorkerExecutor control, NodeOrigins origins, CredentialService credentials) {}

  private final Settings settings;
  private final Services node;
  /** Null when the node's configuration turns the per-address limit off. */
  private final RateLimiter perAddress;
  private volatile int actualPort;
  private final Episode clusterTrouble = new Episode();
  /** Work handed to the ballot workers and not started yet. */
  private final java.util.concurrent.atomic.AtomicInteger ballotQueue = new java.util.concurrent.atomic.AtomicInteger();
  /** One body handler per body limit in use (a handler holds only its configuration). */
  private final java.util.concurrent.ConcurrentHashMap<Long, BodyHandler> bodyHandlers = new java.util.concurrent.ConcurrentHashMap<>();
  private ConnectionGuard guard;

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
    guard = new ConnectionGuard(vertx, settings.limits());
    router.route().handler(guard::request);
    if (settings.tls() != null) {
      // Browsers that once reached a node over HTTPS never fall back to plain HTTP for it.
      router.route().handler(ctx -> {
        ctx.response().putHeader("strict-transport-security", "max-age=31536000");
        ctx.next();
      });
    }
    router.route().handler(this::rateLimit);
    router.route("/api/elections/*").handler(this::crossOrigin);
    router.get("/health").handler(ctx -> control(ctx, () -> {
      var h = node.reads().health();
      return Reply.ok((Boolean) h.get("ok") ? 200 : 503, JSON.writeValueAsString(h));
    }));
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/plain; version=0.0.4").end(node.metrics().scrape()));
    router.post("/api/elections").handler(official("create")).handler(this::json).handler(bodyHandler(DEFINITION_LIMIT))
        .handler(ctx -> control(ctx, () -> node.officials().createElection(bearer(ctx), body(ctx))));
    router.get("/api/elections").handler(ctx -> blocking(ctx, () -> node.reads().elections()));
    router.get("/api/elections/:id").handler(ctx -> blocking(ctx, () -> node.reads().describe(ctx.pathParam("id"))));
    router.get("/api/heads").handler(ctx -> blocking(ctx, () -> node.reads().heads()));
    router.post("/api/elections/:id/open").handler(official("open")).handler(bodyHandler(SMALL_LIMIT))
        .handler(ctx -> control(ctx, () -> node.officials().setStatus(bearer(ctx), ctx.pathParam("id"), "OPEN")));
    router.post("/api/elections/:id/close").handler(official("close")).handler(bodyHandler(SMALL_LIMIT))
        .handler(ctx -> control(ctx, () -> node.officials().setStatus(bearer(ctx), ctx.pathParam("id"), "CLOSED")));
    router.post("/api/elections/:id/in-person").handler(official("in_person")).handler(this::json).handler(bodyHandler(SMALL_LIMIT))
        .handler(ctx -> control(ctx, () -> node.officials().inPerson(bearer(ctx), ctx.pathParam("id"), body(ctx))));
    router.post("/api/elections/:id/export").handler(official("export")).handler(bodyHandler(SMALL_LIMIT))
        .handler(ctx -> control(ctx, () -> node.officials().export(bearer(ctx), ctx.pathParam("id"),
            "true".equals(ctx.request().getParam("allow_incomplete")))));
    router.post("/api/elections/:id/record").handler(official("export")).handler(bodyHandler(SMALL_LIMIT))
        .handler(this::recordArchive);
    router.post("/api/elections/:id/results").handler(official("results")).handler(this::json).handler(bodyHandler(DEFINITION_LIMIT))
        .handler(ctx -> control(ctx, () -> node.officials().publishResults(bearer(ctx), ctx.pathParam("id"), body(ctx))));
    router.get("/api/elections/:id/results").handler(ctx -> blocking(ctx, () -> node.reads().results(ctx.pathParam("id"))));
    router.get("/api/elections/:id/record.zip").handler(this::publicRecord);
    router.get("/api/elections/:id/turnout").handler(ctx -> blocking(ctx, () -> node.reads().turnout(ctx.pathParam("id"))));
    router.post("/api/elections/:id/ballots").handler(this::shedLoad).handler(this::json).handler(this::ballotBody)
        .handler(ctx -> blocking(ctx, () -> node.cast().cast(ctx.pathParam("id"), body(ctx))));
    // Any other POST: its body is never read, so none is buffered.
    router.get("/api/elections/:id/ballots/:code")
        .handler(ctx -> blocking(ctx, () -> node.reads().ballotStatus(ctx.pathParam("id"), ctx.pathParam("code"))));
    router.get("/api/elections/:id/live-turnout").handler(ctx -> blocking(ctx, () -> node.reads().liveTurnout(ctx.pathParam("id"))));
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
      String nodeParam = ctx.queryParams().get("node");
      if (nodeParam != null && !nodeParam.matches("[A-Za-z0-9._-]{1,64}")) {
        ctx.fail(400, new ApiError("malformed_query", "node must be a node id: 1 to 64 letters, digits, '.', '_' or '-'"));
        return;
      }
      blocking(ctx, () -> node.reads().board(ctx.pathParam("id"), ctx.queryParams().get("node"), from, limit));
    });
    // Sign-in through the election's OpenID Connect provider. The provider's answers can be slow:
    // they run on a small pool of their own, never on the ballot workers.
    WorkerExecutor signIn = vertx.createSharedWorkerExecutor("evote-sign-in-" + settings.port() + "-" + hashCode(), 4, 30,
        java.util.concurrent.TimeUnit.SECONDS);
    router.get("/api/elections/:id/sign-in").handler(ctx -> {
      if (node.credentials() == null) {
        ctx.fail(503, new ApiError("sign_in_unavailable", "this node runs no credential service; try another node"));
        return;
      }
      var q = ctx.queryParams();
      onPool(signIn, ctx, () -> node.credentials().authorization(ctx.pathParam("id"), q.get("redirect_uri"), q.get("state"),
          q.get("nonce"), q.get("code_challenge"), q.get("locale")));
    });
    router.post("/api/elections/:id/credential").handler(this::json).handler(bodyHandler(SMALL_LIMIT)).handler(ctx -> {
      if (node.credentials() == null) {
        ctx.fail(503, new ApiError("sign_in_unavailable", "this node runs no credential service; try another node"));
        return;
      }
      onPool(signIn, ctx, () -> node.credentials().credential(ctx.pathParam("id"), body(ctx)));
    });
    router.get("/").handler(ctx -> webAsset(ctx, WebAssets.INDEX));
    // The public election site (read-only): /site/ (Vert.x matches /site too) and, for a link to
    // one election, /site/?election=ID.
    router.get("/site/").handler(ctx -> webAsset(ctx, WebAssets.SITE));
    router.get("/web/*").handler(ctx -> webAsset(ctx, ctx.normalizedPath().substring("/web/".length())));
    router.route().failureHandler(this::failure);

    HttpServerOptions opts = new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
        .setIdleTimeout(settings.limits().idleTimeoutSeconds()).setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS)
        .setSslHandshakeTimeout(settings.limits().requestTimeoutSeconds())
        .setSslHandshakeTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS);
    if (settings.tls() != null) {
      settings.tls().applyTo(opts); // TLS 1.3 (or 1.2 with AEAD suites when allowed)
    }
    return vertx.createHttpServer(opts).connectionHandler(guard::connected).requestHandler(router).listen()
        .onSuccess(s -> actualPort = s.actualPort());
  }

  /** A file of the voter page (from the voter-web jar, held in memory), with its security headers. */
  private void webAsset(RoutingContext ctx, String name) {
    WebAssets.Asset asset = WebAssets.get(name).orElse(null);
    if (asset == null) {
      ctx.fail(404, new ApiError("not_found", "no such file"));
      return;
    }
    WebAssets.securityHeaders(node.origins().known().values()).forEach(ctx.response()::putHeader);
    ctx.response().putHeader("content-type", asset.contentType()).end(Buffer.buffer(asset.bytes()));
  }

  /**
   * Lets the voter page served by another node of this cluster call the election's API here (to
   * cast through this node when its own is down): a request whose Origin is a node's published
   * origin gets it back in Access-Control-Allow-Origin, and its preflight is answered. No
   * credentials ride along (the voter's token is in the body), so no cookie is ever allowed.
   */
  private void crossOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader("origin");
    ctx.response().putHeader("vary", "origin");
    if (origin == null || !node.origins().isNode(origin)) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("access-control-allow-origin", origin);
    if (ctx.request().method() == io.vertx.core.http.HttpMethod.OPTIONS
        && ctx.request().getHeader("access-control-request-method") != null) {
      ctx.response().putHeader("access-control-allow-methods", "GET, POST")
          .putHeader("access-control-allow-headers", "content-type")
          .putHeader("access-control-max-age", "600")
          .setStatusCode(204).end();
      return;
    }
    ctx.next();
  }

  private void rateLimit(RoutingContext ctx) {
    String addr = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().host();
    if (perAddress != null && !perAddress.tryAcquire(addr)) {
      ctx.fail(429, new ApiError("rate_limited", "too many requests from this address; slow down"));
      return;
    }
    ctx.next();
  }

  /**
   * A handler that buffers at most {@code limit} bytes of the body, and answers 413 past it. It
   * runs after the cheap checks of its route (content type, a bearer token, the load), which
   * are synchronous, so no byte of the body arrives before it, or which pause the request.
   */
  private io.vertx.core.Handler<RoutingContext> bodyHandler(long limit) {
    BodyHandler h = bodyHandlers.computeIfAbsent(limit, l -> BodyHandler.create(false).setBodyLimit(l));
    return h::handle;
  }

  /**
   * Refuses a ballot at once, before its body is read, while more work waits for the ballot
   * workers than the configured bound: a clear 503 with Retry-After instead of a long wait.
   */
  private void shedLoad(RoutingContext ctx) {
    if (ballotQueue.get() >= settings.limits().ballotQueueLimit()) {
      node.metrics().rejected("overloaded");
      ctx.fail(503, new ApiError("overloaded", "this node has more ballots waiting than it checks in a few seconds; "
          + "nothing was stored; retry in " + RETRY_AFTER_SECONDS + " s or on another node"));
      return;
    }
    ctx.next();
  }

  /**
   * Buffers a ballot's body up to the largest legal envelope of its election (413 past it). The
   * first ballot a node gets for an election loads the election on a ballot worker, the request
   * paused meanwhile.
   */
  private void ballotBody(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    java.util.OptionalLong known = node.cast().bodyLimitIfLoaded(id);
    if (known.isPresent()) {
      bodyHandler(known.getAsLong()).handle(ctx);
      return;
    }
    ctx.request().pause();
    ballotQueue.incrementAndGet();
    node.workers().executeBlocking(() -> {
      ballotQueue.decrementAndGet();
      return node.cast().bodyLimit(id);
    }, false).onComplete(ar -> {
      if (ar.failed()) {
        failed(ctx, ar.cause());
      } else if (ar.result().isEmpty()) {
        Reply r = Reply.unknownElection(id);
        ctx.fail(r.status(), new ApiError(r.reason(), errorMessage(r)));
      } else {
        bodyHandler(ar.result().getAsLong()).handle(ctx);
      }
    });
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
   * Lets through only an official's request for {@code action}: its bearer token, an official's
   * signed request, is checked (signature, expiry, role, election, action) on the control pool
   * before any byte of the body is buffered, the request paused meanwhile. The officials'
   * service checks it again in full with the body.
   */
  private io.vertx.core.Handler<RoutingContext> official(String action) {
    return ctx -> {
      String bearer = bearer(ctx);
      if (bearer == null) {
        ctx.fail(401, new ApiError("unauthenticated", "this endpoint needs an official's signed request as a bearer token"));
        return;
      }
      String electionId = ctx.pathParam("id");
      ctx.request().pause();
      node.control().executeBlocking(() -> node.officials().refusalBeforeBody(bearer, electionId, action), false)
          .onComplete(ar -> {
            if (ar.failed()) {
              failed(ctx, ar.cause());
            } else if (ar.result().isPresent()) {
              Reply r = ar.result().get();
              ctx.fail(r.status(), new ApiError(r.reason(), errorMessage(r)));
            } else {
              ctx.next();
            }
          });
    };
  }

  /**
   * Writes the election's record on this node and sends it to the official as a zip, streamed
   * from the disk; its counts go in the {@code x-evote-export} header.
   */
  private void recordArchive(RoutingContext ctx) {
    boolean provisional = "true".equals(ctx.request().getParam("provisional"));
    boolean incomplete = "true".equals(ctx.request().getParam("allow_incomplete"));
    node.control().executeBlocking(() -> node.officials().exportArchive(bearer(ctx), ctx.pathParam("id"), provisional,
        incomplete), false).onComplete(ar -> sendArchive(ctx, ar, a -> a.zip().getFileName().toString(), true));
  }

  /**
   * The whole record for anyone, once the results are published: made once on this node (on the
   * ballot workers), then streamed from the disk.
   */
  private void publicRecord(RoutingContext ctx) {
    node.metrics().workQueued();
    ballotQueue.incrementAndGet();
    node.workers().executeBlocking(() -> {
      ballotQueue.decrementAndGet();
      node.metrics().workStarted();
      return node.officials().publicRecord(ctx.pathParam("id"));
    }, false).onComplete(ar -> sendArchive(ctx, ar, a -> "election-record-" + ctx.pathParam("id").substring(0, 12) + ".zip", false));
  }

  /**
   * Streams a zip made on a worker from the disk as an attachment named {@code fileName}, with its
   * counts in the {@code x-evote-export} header when {@code withSummary}; or answers the refusal,
   * or the failure, instead.
   */
  private void sendArchive(RoutingContext ctx, AsyncResult<OfficialActions.Archive> ar,
      Function<OfficialActions.Archive, String> fileName, boolean withSummary) {
    if (ar.failed()) {
      failed(ctx, ar.cause());
      return;
    }
    OfficialActions.Archive a = ar.result();
    if (a.refusal() != null) {
      answer(ctx, io.vertx.core.Future.succeededFuture(a.refusal()));
      return;
    }
    HttpServerResponse response = ctx.response().putHeader("content-type", "application/zip")
        .putHeader("content-disposition", "attachment; filename=\"" + fileName.apply(a) + "\"");
    if (withSummary) {
      response.putHeader("x-evote-export", a.summary());
    }
    response.sendFile(a.zip().toString());
  }

  /** The bearer token of a request, or null. */
  private static String bearer(RoutingContext ctx) {
    String auth = ctx.request().getHeader("authorization");
    return auth == null || !auth.startsWith("Bearer ") ? null : auth.substring(7).trim();
  }

  /** Runs work on the ballot workers, counted in the queue that {@link #shedLoad} bounds. */
  private void blocking(RoutingContext ctx, Callable<Reply> work) {
    node.metrics().workQueued();
    ballotQueue.incrementAndGet();
    node.workers().executeBlocking(() -> {
      ballotQueue.decrementAndGet();
      node.metrics().workStarted();
      return work.call();
    }, false).onComplete(ar -> answer(ctx, ar));
  }

  /** Runs work on the control pool: /health and the officials' requests, never behind ballots. */
  private void control(RoutingContext ctx, Callable<Reply> work) {
    onPool(node.control(), ctx, work);
  }

  private void onPool(WorkerExecutor pool, RoutingContext ctx, Callable<Reply> work) {
    pool.executeBlocking(work::call, false).onComplete(ar -> answer(ctx, ar));
  }

  private void failed(RoutingContext ctx, Throwable cause) {
    if (org.evote.ballotserver.cluster.ClusterFailures.isClusterFailure(cause)) {
      // No majority, a member gone, a backup that did not answer: nothing was acknowledged,
      // and another node may take the request. One log line per episode, not per request.
      clusterTrouble.report(cause);
      Reply refusal = Reply.clusterUnavailable();
      ctx.fail(refusal.status(), new ApiError(refusal.reason(), errorMessage(refusal)));
      return;
    }
    LOG.log(Level.WARNING, "request " + ctx.request().method() + " " + ctx.request().path() + " failed", cause);
    ctx.fail(500, new ApiError("internal", "the node could not complete the request"));
  }

  private void answer(RoutingContext ctx, io.vertx.core.AsyncResult<Reply> ar) {
    if (ar.failed()) {
      failed(ctx, ar.cause());
      return;
    }
    Reply r = ar.result();
    if (r.reason() != null) {
      ctx.fail(r.status(), new ApiError(r.reason(), errorMessage(r)));
      return;
    }
    ctx.response().setStatusCode(r.status()).putHeader("content-type", "application/json").end(r.body());
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
      message = "the request body is larger than this endpoint accepts (for a ballot: the largest legal envelope of its election)";
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
      ctx.response().putHeader("retry-after", String.valueOf(RETRY_AFTER_SECONDS));
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(o.toString());
  }
}

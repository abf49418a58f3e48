package org.evote.ballotserver.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Prometheus metrics: ballots accepted, rejected by reason, validation time and queue depths. */
public final class NodeMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter accepted;
  private final Timer validation;

  /** Requests handed to the worker pool and not started yet. */
  private final AtomicInteger workQueue = new AtomicInteger();

  public NodeMetrics(String nodeId, Supplier<Number> logQueue) {
    registry.config().commonTags("node", nodeId);
    accepted = Counter.builder("evote_ballots_accepted").description("ballots acknowledged").register(registry);
    validation = Timer.builder("evote_ballot_validation").description("full ballot validation time").register(registry);
    io.micrometer.core.instrument.Gauge.builder("evote_log_queue_depth", logQueue).description("appends waiting for fsync").register(registry);
    io.micrometer.core.instrument.Gauge.builder("evote_work_queue_depth", workQueue::get).description("ballots waiting for a worker").register(registry);
  }

  public void accepted() {
    accepted.increment();
  }

  public void rejected(String reason) {
    Counter.builder("evote_ballots_rejected").tag("reason", reason).description("ballots rejected, by reason").register(registry).increment();
  }

  public void validationNanos(long nanos) {
    validation.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A request was handed to the worker pool. */
  public void workQueued() {
    workQueue.incrementAndGet();
  }

  /** A queued request started on a worker. */
  public void workStarted() {
    workQueue.decrementAndGet();
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}

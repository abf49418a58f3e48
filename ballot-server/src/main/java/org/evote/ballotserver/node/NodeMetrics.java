package org.evote.ballotserver.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.evote.ballotserver.cast.CastService;

/** Prometheus metrics: ballots accepted, rejected by reason, validation time and queue depths. */
public final class NodeMetrics implements CastService.Metrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter accepted;
  private final Timer validation;

  public NodeMetrics(String nodeId, Supplier<Number> logQueue, Supplier<Number> workQueue) {
    registry.config().commonTags("node", nodeId);
    accepted = Counter.builder("evote_ballots_accepted").description("ballots acknowledged").register(registry);
    validation = Timer.builder("evote_ballot_validation").description("full ballot validation time").register(registry);
    io.micrometer.core.instrument.Gauge.builder("evote_log_queue_depth", logQueue).description("appends waiting for fsync").register(registry);
    io.micrometer.core.instrument.Gauge.builder("evote_work_queue_depth", workQueue).description("ballots waiting for a worker").register(registry);
  }

  @Override
  public void accepted() {
    accepted.increment();
  }

  @Override
  public void rejected(String reason) {
    Counter.builder("evote_ballots_rejected").tag("reason", reason).description("ballots rejected, by reason").register(registry).increment();
  }

  @Override
  public void validationNanos(long nanos) {
    validation.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}

package dev.atlasgate.server;

import dev.atlasgate.bootstrap.Instrumentation;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.session.SessionStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's metrics, in Prometheus text at {@code /metrics}: calls by tool and result, their
 * durations, audit appends, sessions, store operations, rate limiting, authentication failures and
 * the JVM.
 */
public final class Metrics implements Instrumentation {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer auditAppends;
  private final Counter appends;
  private final Counter rateLimited;
  private final Counter authFailures;
  private final AtomicLong headSeq = new AtomicLong();
  private final AtomicLong httpActive = new AtomicLong();

  public Metrics() {
    long started = System.nanoTime();
    Gauge.builder("mcp.uptime", () -> (System.nanoTime() - started) / 1e9)
        .baseUnit("seconds")
        .description("Seconds since this instance started")
        .register(registry);
    Gauge.builder(
            "mcp.memory.heapused",
            () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed())
        .baseUnit("bytes")
        .description("Heap in use")
        .register(registry);
    Gauge.builder("mcp.http.requests.active", httpActive, AtomicLong::get)
        .description("HTTP requests being handled now")
        .register(registry);
    Gauge.builder("mcp.audit.head.seq", headSeq, AtomicLong::get)
        .description("seq of the last audit entry this instance appended or saw")
        .register(registry);
    appends =
        Counter.builder("mcp.audit.appends")
            .description("Audit entries appended")
            .register(registry);
    auditAppends =
        Timer.builder("mcp.audit.append.duration")
            .description("Time to append an audit entry durably")
            .publishPercentileHistogram()
            .register(registry);
    rateLimited =
        Counter.builder("mcp.rate.limited")
            .description("Requests refused by the rate limit")
            .register(registry);
    authFailures =
        Counter.builder("mcp.auth.failures")
            .description("Requests with a missing or bad token")
            .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  @Override
  public void watch(SessionStore sessions) {
    Gauge.builder("mcp.sessions.active", sessions, s -> safely(s::countActive))
        .description("Live governance sessions")
        .register(registry);
  }

  @Override
  public void called(String tool, Optional<ErrorCode> error, Duration duration) {
    String result = error.map(Enum::name).orElse("ok");
    registry.counter("mcp.requests", "tool", tool, "result", result).increment();
    Timer.builder("mcp.request.duration")
        .tag("tool", tool)
        .publishPercentileHistogram()
        .register(registry)
        .record(duration);
  }

  public void rateLimited() {
    rateLimited.increment();
  }

  public void authFailed() {
    authFailures.increment();
  }

  /** Counts an HTTP request in flight; the answer, run once, counts it done. */
  public Runnable httpRequestStarted() {
    httpActive.incrementAndGet();
    return httpActive::decrementAndGet;
  }

  /** Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void appended(long seq, Duration duration) {
    auditAppends.record(duration);
    appends.increment();
    headSeq.accumulateAndGet(seq, Math::max);
  }

  @Override
  public void headSeen(long seq) {
    headSeq.accumulateAndGet(seq, Math::max);
  }

  @Override
  public Runnable storeOperation(String store, String operation) {
    return Counter.builder("mcp.store.operations")
            .description("Operations asked of a store (a backend request each)")
            .tag("store", store)
            .tag("operation", operation)
            .register(registry)
        ::increment;
  }

  /** How many times {@code operation} of {@code store} was asked for, for tests and probes. */
  public long storeOperations(String store, String operation) {
    Counter counter =
        registry
            .find("mcp.store.operations")
            .tag("store", store)
            .tag("operation", operation)
            .counter();
    return counter == null ? 0 : (long) counter.count();
  }

  private static double safely(java.util.function.LongSupplier value) {
    try {
      return value.getAsLong();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }
}

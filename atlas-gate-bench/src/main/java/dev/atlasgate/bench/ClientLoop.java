package dev.atlasgate.bench;

import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * One simulated MCP client: opens its session, waits for the measured phase, then calls tools until
 * the deadline, closed loop (the next call as soon as the last answered) or open loop (calls at
 * fixed intended times, each latency counted from its intended time, so a slow server cannot hide
 * its queue), and ends its session.
 */
final class ClientLoop implements Runnable {
  private static final int SETUP_ATTEMPTS = 3;

  private final int index;
  private final BenchConfig config;
  private final McpSession session;
  private final Workload workload;
  private final Stats stats;
  private final Schedule schedule;
  private final SplittableRandom random;

  ClientLoop(
      int index,
      BenchConfig config,
      McpSession session,
      Workload workload,
      Stats stats,
      Schedule schedule) {
    this.index = index;
    this.config = config;
    this.session = session;
    this.workload = workload;
    this.stats = stats;
    this.schedule = schedule;
    this.random = new SplittableRandom(index * 7919L + 17);
  }

  /**
   * The start of the warm-up and the start and end of the measured phase, set once before the start
   * latch opens (which makes them visible to every client).
   */
  static final class Schedule {
    final CountDownLatch ready;
    final CountDownLatch start = new CountDownLatch(1);
    final CountDownLatch done;
    private long warmupNanos;
    private long startNanos;
    private long deadlineNanos;

    Schedule(int clients) {
      ready = new CountDownLatch(clients);
      done = new CountDownLatch(clients);
    }

    void begin(long warmupNanoTime, long startNanoTime, Duration duration) {
      warmupNanos = warmupNanoTime;
      startNanos = startNanoTime;
      deadlineNanos = startNanoTime + duration.toNanos();
      start.countDown();
    }

    long startNanos() {
      return startNanos;
    }

    long deadlineNanos() {
      return deadlineNanos;
    }
  }

  @Override
  public void run() {
    boolean counted = false;
    try {
      Thread.sleep(config.rampUp().multipliedBy(index).dividedBy(config.clients()));
      boolean open = openSession();
      if (open) {
        stats.clientReady();
      } else {
        stats.clientFailed();
      }
      schedule.ready.countDown();
      counted = true;
      if (open) {
        schedule.start.await();
        measured();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (!counted) {
        schedule.ready.countDown();
      }
      schedule.done.countDown();
      session.close();
    }
  }

  /** initialize, notifications/initialized and begin_session, tried up to three times. */
  private boolean openSession() throws InterruptedException {
    for (int attempt = 1; attempt <= SETUP_ATTEMPTS; attempt++) {
      if (initialize() && (!config.mix().governed() || beginSession())) {
        return true;
      }
      if (attempt < SETUP_ATTEMPTS) {
        Thread.sleep(Duration.ofMillis(500L * attempt));
      }
    }
    return false;
  }

  private boolean initialize() throws InterruptedException {
    long start = System.nanoTime();
    Outcome outcome = session.initialize("atlas-gate-bench-" + index);
    if (outcome instanceof Outcome.Ok && !session.open()) {
      outcome =
          new Outcome.Failed(
              "no_session_id", "initialize answered no Mcp-Session-Id", outcome.instance());
    }
    if (outcome instanceof Outcome.Ok) {
      outcome = session.initialized();
    }
    stats.record(Operation.INITIALIZE, start, System.nanoTime(), outcome);
    return outcome instanceof Outcome.Ok;
  }

  private boolean beginSession() throws InterruptedException {
    long start = System.nanoTime();
    Outcome outcome =
        session.callTool("begin_session", Workload.begin(config.workspace(), "WINDSURF"));
    stats.record(Operation.BEGIN_SESSION, start, System.nanoTime(), outcome);
    return outcome instanceof Outcome.Ok;
  }

  private void measured() throws InterruptedException {
    long interval = config.rate().map(r -> (long) (1e9 * config.clients() / r)).orElse(0L);
    long deadline = schedule.deadlineNanos();
    long measuredFrom = schedule.startNanos();
    long next = schedule.warmupNanos + (interval > 0 ? random.nextLong(interval) : 0);
    long limit = config.maxCalls().orElse(Long.MAX_VALUE);
    for (long n = 0, calls = 0; n < limit; calls++) {
      long begin;
      if (interval > 0) {
        if (next >= deadline) {
          return;
        }
        waitUntil(next);
        begin = next;
        next += interval;
      } else {
        begin = System.nanoTime();
        if (begin >= deadline) {
          return;
        }
      }
      Operation op = config.mix().pick(random.nextInt(config.mix().total()));
      Outcome outcome = call(op, calls);
      if (begin >= measuredFrom) {
        stats.record(op, begin, System.nanoTime(), outcome);
        n++;
      }
      if (!after(op, outcome)) {
        return;
      }
    }
  }

  private static void waitUntil(long nanoTime) throws InterruptedException {
    for (long wait = nanoTime - System.nanoTime(); wait > 0; wait = nanoTime - System.nanoTime()) {
      LockSupport.parkNanos(wait);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }

  /**
   * Attempts after the first at a read-only call whose failure may not have run it, each after a
   * longer pause: a proxy may still send one to the instance that just died before it has marked it
   * down.
   */
  private static final int READ_RETRIES = 3;

  private static final long RETRY_PAUSE_NANOS = 100_000_000L;

  /** One tool call; a read-only one is sent again after a failure that may not have run it. */
  private Outcome call(Operation op, long n) throws InterruptedException {
    JsonObject arguments = workload.arguments(op, index, n);
    Outcome outcome = session.callTool(op.label(), arguments);
    for (int retry = 1;
        retry <= READ_RETRIES
            && config.retryReadOnly()
            && op.readOnly()
            && outcome instanceof Outcome.Failed failed
            && failed.retryableForReads();
        retry++) {
      stats.retried(((Outcome.Failed) outcome).kind());
      waitUntil(System.nanoTime() + retry * RETRY_PAUSE_NANOS);
      outcome = session.callTool(op.label(), arguments);
    }
    return outcome;
  }

  /** Keeps the audit_seq of an acknowledged write; answers false when the client must stop. */
  private boolean after(Operation op, Outcome outcome) throws InterruptedException {
    switch (outcome) {
      case Outcome.Ok ok -> {
        if (op == Operation.WRITE) {
          PlanSetup.structured(ok.result())
              .get("audit_seq")
              .filter(JsonNumber.class::isInstance)
              .map(seq -> ((JsonNumber) seq).value().longValueExact())
              .ifPresent(stats::acknowledgedWrite);
        }
      }
      case Outcome.Failed failed -> {
        if (failed.kind().startsWith("http_404")) {
          // The server no longer knows the MCP session: open a new one, as a client would.
          stats.reconnected();
          return openSession();
        }
      }
    }
    return true;
  }
}

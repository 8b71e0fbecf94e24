package dev.atlasgate.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * One run: prepares the plan and the file to read, starts a virtual thread per client, opens the
 * measured phase once every client has its session (or the set-up time is over), and gathers the
 * report when the time is up.
 */
final class LoadRun {
  private final BenchConfig config;
  private final PrintStream progress;

  private LoadRun(BenchConfig config, PrintStream progress) {
    this.config = config;
    this.progress = progress;
  }

  /** Runs {@code config}, printing progress lines to {@code progress}. */
  static Report run(BenchConfig config, PrintStream progress) throws InterruptedException {
    return new LoadRun(config, progress).execute();
  }

  private Report execute() throws InterruptedException {
    SSLContext tls = TlsTrust.context(config.tls());
    Workload workload = new Workload(config, prepare(tls));
    Instant startedAt = Instant.now();
    Stats stats = new Stats((int) Math.min(Integer.MAX_VALUE - 1, config.duration().toSeconds()));
    ClientLoop.Schedule schedule = new ClientLoop.Schedule(config.clients());
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < config.clients(); i++) {
      McpSession session =
          new McpSession(
              new HttpConnection(
                  config.url(), tls, config.connectTimeout(), config.requestTimeout()),
              config.token(),
              config.instanceHeader());
      ClientLoop loop = new ClientLoop(i, config, session, workload, stats, schedule);
      threads.add(Thread.ofVirtual().name("bench-client-" + i).start(loop));
    }
    progress.printf(
        "atlas-gate-bench: opening %d sessions over %s%n", config.clients(), config.rampUp());
    long setup = config.rampUp().plus(config.setupTimeout()).toMillis();
    if (!schedule.ready.await(setup, TimeUnit.MILLISECONDS)) {
      progress.printf(
          "atlas-gate-bench: %d of %d clients have a session after %s; measuring anyway%n",
          stats.clientsReady(), config.clients(), config.setupTimeout());
    }
    long now = System.nanoTime();
    long start = now + config.warmup().toNanos();
    stats.startMeasuring(start);
    schedule.begin(now, start, config.duration());
    if (config.warmup().isPositive()) {
      progress.printf(
          "atlas-gate-bench: %d clients ready; warming up for %s%n",
          stats.clientsReady(), config.warmup());
      Thread.sleep(config.warmup());
    }
    progress.printf(
        "atlas-gate-bench: %d clients ready; measuring for %s%n",
        stats.clientsReady(), config.duration());
    report(schedule, stats);
    finish(threads, schedule.deadlineNanos());
    return Report.of(header(startedAt), stats);
  }

  /** The plan the writes need, and the file the reads read, as the options ask. */
  private Optional<PlanSetup.PlanRef> prepare(SSLContext tls) throws InterruptedException {
    PlanSetup setup = new PlanSetup(tls, config);
    Optional<PlanSetup.PlanRef> plan =
        switch (config.plan()) {
          case BenchConfig.PlanSource.None none -> Optional.empty();
          case BenchConfig.PlanSource.Given given ->
              Optional.of(new PlanSetup.PlanRef(given.planHash(), given.phase()));
          case BenchConfig.PlanSource.Approve approve -> Optional.of(setup.approve(approve));
        };
    if (plan.isPresent()) {
      progress.printf(
          "atlas-gate-bench: writes under plan %s, phase %s%n",
          plan.get().planHash(), plan.get().phase());
      if (config.paths().read().isEmpty() && config.mix().read() > 0) {
        setup.seed(plan.get());
      }
    }
    return plan;
  }

  /** Progress lines until the deadline or until every client is done. */
  private void report(ClientLoop.Schedule schedule, Stats stats) throws InterruptedException {
    long deadline = schedule.deadlineNanos();
    long every = config.progressInterval().toNanos();
    long next = every > 0 ? schedule.startNanos() + every : deadline;
    while (System.nanoTime() < deadline) {
      long wait = Math.min(next, deadline) - System.nanoTime();
      if (schedule.done.await(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
        return;
      }
      if (every > 0 && System.nanoTime() >= next && next < deadline) {
        long[] totals = stats.measuredTotals();
        double seconds = (System.nanoTime() - schedule.startNanos()) / 1e9;
        progress.printf(
            "atlas-gate-bench: %5.0fs %10d calls %9.1f/s %7d errors%n",
            seconds, totals[0] + totals[1], (totals[0] + totals[1]) / seconds, totals[1]);
        next += every;
      }
    }
  }

  /** Waits for the clients to end their last call; interrupts those that do not. */
  private void finish(List<Thread> threads, long deadline) throws InterruptedException {
    long limit =
        deadline + config.requestTimeout().toNanos() * 2 + Duration.ofSeconds(30).toNanos();
    for (Thread thread : threads) {
      long wait = limit - System.nanoTime();
      if (wait <= 0 || !thread.join(Duration.ofNanos(wait))) {
        thread.interrupt();
      }
    }
  }

  private Report.Header header(Instant startedAt) {
    return new Report.Header(
        config.url().toString(),
        config.rate(),
        config.clients(),
        config.duration().toSeconds(),
        config.mix().toString(),
        config.runId(),
        startedAt);
  }
}

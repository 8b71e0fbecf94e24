package dev.atlasgate.bench;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What every client of a run records, shared and thread-safe: a latency histogram per operation
 * (microseconds, three significant digits), counts of failures by kind, retries, answers per
 * instance, a per-second timeline of the measured phase, and the {@code audit_seq} of each
 * acknowledged write.
 */
final class Stats {
  /** Latencies above this (one hour) are recorded as this. */
  static final long MAX_MICROS = 3_600_000_000L;

  private final Map<Operation, ConcurrentHistogram> latency = new EnumMap<>(Operation.class);
  private final Map<Operation, LongAdder> failed = new EnumMap<>(Operation.class);
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> retries = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> instances = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Long> ackedWrites = new ConcurrentLinkedQueue<>();
  private final LongAdder clientsReady = new LongAdder();
  private final LongAdder clientsFailed = new LongAdder();
  private final LongAdder reconnects = new LongAdder();
  private final AtomicLong measureStart = new AtomicLong(Long.MIN_VALUE);
  private final LongAccumulator lastCompletion = new LongAccumulator(Math::max, Long.MIN_VALUE);
  private final AtomicLongArray timelineOk;
  private final AtomicLongArray timelineFailed;

  /** A collector whose timeline covers {@code seconds} seconds of the measured phase. */
  Stats(int seconds) {
    for (Operation op : Operation.values()) {
      latency.put(op, new ConcurrentHistogram(MAX_MICROS, 3));
      failed.put(op, new LongAdder());
    }
    timelineOk = new AtomicLongArray(seconds + 1);
    timelineFailed = new AtomicLongArray(seconds + 1);
  }

  /** The measured phase starts now (a {@link System#nanoTime()} reading). */
  void startMeasuring(long nanoTime) {
    measureStart.set(nanoTime);
  }

  /** One call of {@code op}, from {@code startNanos} (the intended start in open loop) to now. */
  void record(Operation op, long startNanos, long endNanos, Outcome outcome) {
    latency(op).recordValue(Math.min(MAX_MICROS, Math.max(0, (endNanos - startNanos) / 1000)));
    outcome.instance().ifPresent(i -> count(instances, i));
    boolean ok = outcome instanceof Outcome.Ok;
    if (outcome instanceof Outcome.Failed f) {
      failed(op).increment();
      count(errors, f.kind());
    }
    long start = measureStart.get();
    if (!op.setup() && start != Long.MIN_VALUE) {
      lastCompletion.accumulate(endNanos);
      int second = (int) Math.max(0, (endNanos - start) / 1_000_000_000L);
      AtomicLongArray line = ok ? timelineOk : timelineFailed;
      line.incrementAndGet(Math.min(second, line.length() - 1));
    }
  }

  /** A read-only call failed with {@code kind} and is sent again. */
  void retried(String kind) {
    count(retries, kind);
  }

  void acknowledgedWrite(long auditSeq) {
    ackedWrites.add(auditSeq);
  }

  void clientReady() {
    clientsReady.increment();
  }

  void clientFailed() {
    clientsFailed.increment();
  }

  void reconnected() {
    reconnects.increment();
  }

  private static void count(Map<String, LongAdder> counts, String key) {
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  Histogram histogram(Operation op) {
    return latency(op).copy();
  }

  long failures(Operation op) {
    return failed(op).sum();
  }

  /** The constructor puts a histogram and a counter for every operation. */
  private ConcurrentHistogram latency(Operation op) {
    return requireNonNull(latency.get(op));
  }

  private LongAdder failed(Operation op) {
    return requireNonNull(failed.get(op));
  }

  Map<String, Long> errors() {
    return snapshot(errors);
  }

  Map<String, Long> retries() {
    return snapshot(retries);
  }

  Map<String, Long> instances() {
    return snapshot(instances);
  }

  List<Long> ackedWrites() {
    return ackedWrites.stream().sorted().toList();
  }

  long clientsReady() {
    return clientsReady.sum();
  }

  long clientsFailed() {
    return clientsFailed.sum();
  }

  long reconnects() {
    return reconnects.sum();
  }

  /** Nanoseconds from the start of the measured phase to the last measured completion. */
  long measuredNanos() {
    long start = measureStart.get();
    long last = lastCompletion.get();
    return start == Long.MIN_VALUE || last == Long.MIN_VALUE ? 0 : Math.max(0, last - start);
  }

  /** Per second of the measured phase: {ok, failed}; the last slot gathers any overrun. */
  long[][] timeline() {
    long[][] seconds = new long[timelineOk.length()][];
    for (int i = 0; i < seconds.length; i++) {
      seconds[i] = new long[] {timelineOk.get(i), timelineFailed.get(i)};
    }
    return seconds;
  }

  /** Measured calls so far: {ok, failed}. */
  long[] measuredTotals() {
    long ok = 0;
    long bad = 0;
    for (int i = 0; i < timelineOk.length(); i++) {
      ok += timelineOk.get(i);
      bad += timelineFailed.get(i);
    }
    return new long[] {ok, bad};
  }

  private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }
}

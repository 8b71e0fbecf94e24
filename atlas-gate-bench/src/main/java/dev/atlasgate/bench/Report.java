package dev.atlasgate.bench;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * The result of a run: throughput, latency percentiles per operation, failures by kind and rate,
 * answers per instance, and a per-second timeline; as text for people, JSON and CSV for tools.
 *
 * @param measuredSeconds from the start of the measured phase to its last answer
 */
record Report(
    Header header,
    List<Summary> operations,
    Summary measured,
    double measuredSeconds,
    Map<String, Long> errors,
    Map<String, Long> retries,
    Map<String, Long> instances,
    long clientsReady,
    long clientsFailed,
    long reconnects,
    List<Long> ackedWriteSeqs,
    List<long[]> timeline) {

  Report {
    requireNonNull(header, "header is null");
    requireNonNull(measured, "measured is null");
    operations = List.copyOf(operations);
    errors = Map.copyOf(errors);
    retries = Map.copyOf(retries);
    instances = Map.copyOf(instances);
    ackedWriteSeqs = List.copyOf(ackedWriteSeqs);
    timeline = List.copyOf(timeline);
  }

  /** What was asked of the run. */
  record Header(
      String url,
      Optional<Double> targetRate,
      int clients,
      long durationSeconds,
      String mix,
      String runId,
      Instant startedAt) {
    String mode() {
      return targetRate.isPresent() ? "open" : "closed";
    }
  }

  /** One operation (or all measured ones): calls, failures, rate and latency in milliseconds. */
  record Summary(
      String name,
      long calls,
      long errors,
      double perSecond,
      double p50,
      double p95,
      double p99,
      double p999,
      double max,
      double mean) {

    static Summary of(String name, Histogram micros, long errors, double seconds) {
      long calls = micros.getTotalCount();
      return new Summary(
          name,
          calls,
          errors,
          seconds > 0 ? calls / seconds : 0,
          millis(micros.getValueAtPercentile(50)),
          millis(micros.getValueAtPercentile(95)),
          millis(micros.getValueAtPercentile(99)),
          millis(micros.getValueAtPercentile(99.9)),
          millis(micros.getMaxValue()),
          calls == 0 ? 0 : micros.getMean() / 1000.0);
    }

    double errorRate() {
      return calls == 0 ? 0 : (double) errors / calls;
    }

    private static double millis(long micros) {
      return micros / 1000.0;
    }
  }

  /** The report of what {@code stats} recorded. */
  static Report of(Header header, Stats stats) {
    double seconds = stats.measuredNanos() / 1e9;
    List<Summary> operations = new ArrayList<>();
    Histogram all = new Histogram(Stats.MAX_MICROS, 3);
    long allErrors = 0;
    for (Operation op : Operation.values()) {
      Histogram h = stats.histogram(op);
      operations.add(Summary.of(op.label(), h, stats.failures(op), op.setup() ? 0 : seconds));
      if (!op.setup()) {
        all.add(h);
        allErrors += stats.failures(op);
      }
    }
    List<long[]> timeline = new ArrayList<>(List.of(stats.timeline()));
    return new Report(
        header,
        operations,
        Summary.of("measured", all, allErrors, seconds),
        seconds,
        stats.errors(),
        stats.retries(),
        stats.instances(),
        stats.clientsReady(),
        stats.clientsFailed(),
        stats.reconnects(),
        stats.ackedWrites(),
        timeline);
  }

  /** Every call, set-up included. */
  long calls() {
    return operations.stream().mapToLong(Summary::calls).sum();
  }

  /** Every failed call, set-up included. */
  long failures() {
    return operations.stream().mapToLong(Summary::errors).sum();
  }

  double errorRate() {
    long calls = calls();
    return calls == 0 ? 0 : (double) failures() / calls;
  }

  String human() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "atlas-gate-bench %s: %d clients, %s loop%s, %d s, mix %s -> %s%n",
            header.runId(),
            header.clients(),
            header.mode(),
            header
                .targetRate()
                .map(r -> String.format(Locale.ROOT, " at %.1f calls/s", r))
                .orElse(""),
            header.durationSeconds(),
            header.mix(),
            header.url()));
    out.append(
        String.format(
            Locale.ROOT,
            "clients ready %d of %d; measured phase %.1f s%n%n",
            clientsReady,
            header.clients(),
            measuredSeconds()));
    out.append(
        String.format(
            Locale.ROOT,
            "%-14s %10s %8s %9s %9s %9s %9s %9s %9s%n",
            "operation",
            "calls",
            "errors",
            "calls/s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "p99.9 ms",
            "max ms"));
    for (Summary s : operations) {
      out.append(row(s));
    }
    out.append(row(measured));
    out.append(
        String.format(
            Locale.ROOT,
            "%nthroughput %.1f calls/s; %d calls, %d errors (%.4f%%)%n",
            measured.perSecond(),
            calls(),
            failures(),
            errorRate() * 100));
    appendCounts(out, "errors by kind", errors);
    appendCounts(out, "retried read-only calls", retries);
    appendCounts(out, "answers by instance", instances);
    if (reconnects > 0) {
      out.append("sessions opened again after a 404: ").append(reconnects).append('\n');
    }
    out.append("acknowledged writes: ").append(ackedWriteSeqs.size()).append('\n');
    return out.toString();
  }

  private static String row(Summary s) {
    return String.format(
        Locale.ROOT,
        "%-14s %10d %8d %9.1f %9.2f %9.2f %9.2f %9.2f %9.2f%n",
        s.name(),
        s.calls(),
        s.errors(),
        s.perSecond(),
        s.p50(),
        s.p95(),
        s.p99(),
        s.p999(),
        s.max());
  }

  private static void appendCounts(StringBuilder out, String title, Map<String, Long> counts) {
    if (counts.isEmpty()) {
      return;
    }
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    out.append(title).append(':');
    new java.util.TreeMap<>(counts)
        .forEach(
            (k, v) ->
                out.append(String.format(Locale.ROOT, " %s %d (%.1f%%)", k, v, 100.0 * v / total)));
    out.append('\n');
  }

  JsonObject json() {
    JsonObject.Builder ops = JsonObject.builder();
    operations.forEach(s -> ops.put(s.name(), summary(s)));
    List<Json> seconds = new ArrayList<>();
    for (int i = 0; i < timeline.size(); i++) {
      long[] t = timeline.get(i);
      seconds.add(
          JsonObject.builder().put("second", i).put("ok", t[0]).put("errors", t[1]).build());
    }
    return JsonObject.builder()
        .put("tool", "atlas-gate-bench")
        .put("run_id", header.runId())
        .put("started_at", header.startedAt().toString())
        .put("url", header.url())
        .put("mode", header.mode())
        .putIfPresent("target_rate", header.targetRate().map(JsonNumber::of))
        .put("clients", header.clients())
        .put("duration_seconds", header.durationSeconds())
        .put("mix", header.mix())
        .put("clients_ready", clientsReady)
        .put("clients_failed_setup", clientsFailed)
        .put("measured_seconds", number(measuredSeconds()))
        .put("calls", calls())
        .put("errors", failures())
        .put("error_rate", number(errorRate()))
        .put("throughput_per_second", number(measured.perSecond()))
        .put("latency_ms", latency(measured))
        .put("operations", ops.build())
        .put("errors_by_kind", counts(errors))
        .put("retries_by_kind", counts(retries))
        .put("instances", counts(instances))
        .put("reconnects", reconnects)
        .put("acknowledged_writes", ackedWriteSeqs.size())
        .put("timeline", new JsonArray(seconds))
        .build();
  }

  private static JsonObject summary(Summary s) {
    return JsonObject.builder()
        .put("calls", s.calls())
        .put("errors", s.errors())
        .put("error_rate", number(s.errorRate()))
        .put("per_second", number(s.perSecond()))
        .put("latency_ms", latency(s))
        .build();
  }

  private static JsonObject latency(Summary s) {
    return JsonObject.builder()
        .put("p50", number(s.p50()))
        .put("p95", number(s.p95()))
        .put("p99", number(s.p99()))
        .put("p999", number(s.p999()))
        .put("max", number(s.max()))
        .put("mean", number(s.mean()))
        .build();
  }

  private static JsonObject counts(Map<String, Long> counts) {
    JsonObject.Builder builder = JsonObject.builder();
    new java.util.TreeMap<>(counts).forEach(builder::put);
    return builder.build();
  }

  /** A number rounded to a thousandth, so reports stay readable. */
  private static JsonNumber number(double value) {
    return JsonNumber.of(Math.round(value * 1000) / 1000.0);
  }

  static final String CSV_HEADER =
      "section,name,calls,errors,error_rate,per_second,p50_ms,p95_ms,p99_ms,p999_ms,max_ms,mean_ms";

  /**
   * One table: a row per operation and one for all measured calls, then a row per kind of error
   * (count in {@code errors}, share of all calls in {@code error_rate}) and per instance (answers
   * in {@code calls}).
   */
  String csv() {
    StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
    for (Summary s : operations) {
      out.append(csvRow("operation", s));
    }
    out.append(csvRow("total", measured));
    long calls = calls();
    new java.util.TreeMap<>(errors)
        .forEach(
            (kind, n) ->
                out.append(
                    String.format(
                        Locale.ROOT,
                        "error,%s,,%d,%.6f,,,,,,,%n",
                        kind,
                        n,
                        calls == 0 ? 0.0 : (double) n / calls)));
    new java.util.TreeMap<>(instances)
        .forEach(
            (instance, n) ->
                out.append("instance,")
                    .append(instance)
                    .append(',')
                    .append(n)
                    .append(",,,,,,,,,\n"));
    return out.toString();
  }

  private static String csvRow(String section, Summary s) {
    return String.format(
        Locale.ROOT,
        "%s,%s,%d,%d,%.6f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f%n",
        section,
        s.name(),
        s.calls(),
        s.errors(),
        s.errorRate(),
        s.perSecond(),
        s.p50(),
        s.p95(),
        s.p99(),
        s.p999(),
        s.max(),
        s.mean());
  }
}

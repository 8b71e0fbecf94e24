package dev.atlasgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Percentiles, rates and the three forms of a report, from known recordings. */
class ReportTest {
  private static final long MS = 1_000_000L;
  private static final Optional<String> ONE = Optional.of("127.0.0.1:3101");
  private static final Optional<String> TWO = Optional.of("127.0.0.1:3102");

  private static Report.Header header() {
    return new Report.Header(
        "https://gw/mcp", Optional.empty(), 4, 10, "read=1,list=0,write=0", "run-t", Instant.EPOCH);
  }

  /** 1,000 reads of 1..1000 ms, 10 of them failed, after 2 set-up calls, over a 10 s phase. */
  private static Stats recorded() {
    Stats stats = new Stats(10);
    stats.record(Operation.INITIALIZE, 0, 5 * MS, new Outcome.Ok(JsonObject.EMPTY, ONE));
    stats.record(Operation.BEGIN_SESSION, 0, 7 * MS, new Outcome.Ok(JsonObject.EMPTY, TWO));
    long start = 1_000 * MS;
    stats.startMeasuring(start);
    for (int i = 1; i <= 1000; i++) {
      long end = start + 10L * i * MS;
      Outcome outcome =
          i % 100 == 0
              ? new Outcome.Failed("http_502", "Bad Gateway", ONE)
              : new Outcome.Ok(JsonObject.EMPTY, i % 2 == 0 ? ONE : TWO);
      stats.record(Operation.READ, end - i * MS, end, outcome);
    }
    stats.acknowledgedWrite(42);
    stats.acknowledgedWrite(7);
    return stats;
  }

  @Test
  // Report.of lists the operations in Operation's order; the test reads READ's summary by it.
  @SuppressWarnings("EnumOrdinal")
  void percentiles_andRates_comeFromTheRecordings() {
    Report report = Report.of(header(), recorded());
    Report.Summary reads = report.operations().get(Operation.READ.ordinal());
    assertThat(reads.calls()).isEqualTo(1000);
    assertThat(reads.errors()).isEqualTo(10);
    assertThat(reads.p50()).isBetween(499.0, 501.0);
    assertThat(reads.p95()).isBetween(949.0, 951.0);
    assertThat(reads.p99()).isBetween(989.0, 991.0);
    assertThat(reads.max()).isBetween(999.0, 1001.0);
    assertThat(report.measuredSeconds()).isEqualTo(10.0);
    assertThat(report.measured().perSecond()).isEqualTo(100.0);
    assertThat(report.calls()).isEqualTo(1002);
    assertThat(report.failures()).isEqualTo(10);
    assertThat(report.errorRate()).isEqualTo(10 / 1002.0);
    assertThat(report.errors()).containsExactly(java.util.Map.entry("http_502", 10L));
    assertThat(report.instances())
        .containsEntry("127.0.0.1:3101", 501L)
        .containsEntry("127.0.0.1:3102", 501L);
    assertThat(report.ackedWriteSeqs()).containsExactly(7L, 42L);
    long[] first = report.timeline().get(0);
    assertThat(first[0] + first[1]).isEqualTo(99);
    assertThat(report.timeline().stream().mapToLong(t -> t[0] + t[1]).sum()).isEqualTo(1000);
  }

  @Test
  void json_holdsThroughputPercentilesErrorsAndInstances() {
    JsonObject json = (JsonObject) Json.parse(Report.of(header(), recorded()).json().write());
    assertThat(json.string("mode")).contains("closed");
    assertThat(json.get("calls").orElseThrow().write()).isEqualTo("1002");
    assertThat(json.get("errors").orElseThrow().write()).isEqualTo("10");
    assertThat(json.get("throughput_per_second").orElseThrow().write()).isEqualTo("100");
    JsonObject latency = json.object("latency_ms").orElseThrow();
    assertThat(latency.members()).containsKeys("p50", "p95", "p99", "p999", "max", "mean");
    assertThat(json.object("errors_by_kind").orElseThrow().get("http_502").orElseThrow().write())
        .isEqualTo("10");
    assertThat(json.object("instances").orElseThrow().members()).hasSize(2);
    assertThat(json.object("operations").orElseThrow().members())
        .containsKeys("initialize", "begin_session", "read_file", "list_files", "write_file");
    assertThat(json.get("acknowledged_writes").orElseThrow().write()).isEqualTo("2");
  }

  @Test
  void csv_hasARowPerOperation_errorKind_andInstance() {
    String csv = Report.of(header(), recorded()).csv();
    assertThat(csv.lines().findFirst()).contains(Report.CSV_HEADER);
    int columns = Report.CSV_HEADER.split(",", -1).length;
    assertThat(csv.lines()).allSatisfy(line -> assertThat(line.split(",", -1)).hasSize(columns));
    assertThat(csv.lines())
        .anyMatch(l -> l.startsWith("operation,read_file,1000,10,0.010000,100.000,"))
        .anyMatch(l -> l.startsWith("total,measured,1000,10,"))
        .anyMatch(l -> l.startsWith("error,http_502,,10,0.009980,"))
        .anyMatch(l -> l.startsWith("instance,127.0.0.1:3101,501,"));
  }

  @Test
  void human_namesTheErrorsAndTheInstances() {
    String text = Report.of(header(), recorded()).human();
    assertThat(text)
        .contains("4 clients, closed loop")
        .contains("throughput 100.0 calls/s; 1002 calls, 10 errors (0.9980%)")
        .contains("errors by kind: http_502 10 (100.0%)")
        .contains("127.0.0.1:3101 501")
        .contains("acknowledged writes: 2");
  }

  @Test
  void emptyRun_hasZeroRates_notNaN() {
    Report report = Report.of(header(), new Stats(5));
    assertThat(report.errorRate()).isZero();
    assertThat(report.json().write()).contains("\"error_rate\":0");
  }
}

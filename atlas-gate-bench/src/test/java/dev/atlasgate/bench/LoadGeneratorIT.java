package dev.atlasgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load generator against a real gateway: the governed flow, its counts and its verdicts. */
class LoadGeneratorIT {
  @TempDir static Path temp;
  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.start(temp);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private record Run(int status, String out, String err, JsonObject report) {}

  private static Run run(Path dir, Map<String, String> env, String... extra) throws Exception {
    return run(dir, gateway.workspace, env, extra);
  }

  private static Run run(Path dir, Path workspace, Map<String, String> env, String... extra)
      throws Exception {
    Files.createDirectories(dir);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--url", gateway.endpoint().toString(),
                "--workspace", workspace.toString(),
                "--json", dir.resolve("report.json").toString(),
                "--csv", dir.resolve("report.csv").toString(),
                "--acked-writes", dir.resolve("acked.txt").toString(),
                "--progress", "0"));
    args.addAll(List.of(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        LoadGenerator.run(
            args.toArray(String[]::new),
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    JsonObject report =
        Files.exists(dir.resolve("report.json"))
            ? (JsonObject) Json.parse(Files.readString(dir.resolve("report.json")))
            : JsonObject.EMPTY;
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), report);
  }

  private static Map<String, String> allTokens() {
    return Map.of(
        "ATLAS_BENCH_TOKEN", TestGateway.EXECUTOR,
        "ATLAS_BENCH_PLANNER_TOKEN", TestGateway.PLANNER,
        "ATLAS_BENCH_OPERATOR_TOKEN", TestGateway.OPERATOR);
  }

  private static long number(JsonObject object, String... path) {
    JsonObject at = object;
    for (int i = 0; i < path.length - 1; i++) {
      at = at.object(path[i]).orElseThrow();
    }
    return Long.parseLong(at.get(path[path.length - 1]).orElseThrow().write());
  }

  @Test
  void closedLoop_withItsOwnPlan_readsListsAndWrites_andEveryAcknowledgedWriteIsAudited()
      throws Exception {
    Run run =
        run(
            temp.resolve("closed"),
            allTokens(),
            "--clients",
            "4",
            "--duration",
            "10m",
            "--max-calls",
            "12",
            "--mix",
            "read=2,list=1,write=2",
            "--run-id",
            "it-closed");

    assertThat(run.status()).as(run.out() + run.err()).isZero();
    JsonObject report = run.report();
    assertThat(number(report, "errors")).isZero();
    assertThat(number(report, "clients_ready")).isEqualTo(4);
    assertThat(number(report, "operations", "initialize", "calls")).isEqualTo(4);
    assertThat(number(report, "operations", "begin_session", "calls")).isEqualTo(4);
    long reads = number(report, "operations", "read_file", "calls");
    long lists = number(report, "operations", "list_files", "calls");
    long writes = number(report, "operations", "write_file", "calls");
    assertThat(reads + lists + writes).isEqualTo(48);
    assertThat(reads).isPositive();
    assertThat(lists).isPositive();
    assertThat(writes).isPositive();
    assertThat(number(report, "acknowledged_writes")).isEqualTo(writes);

    List<Long> acked =
        Files.readAllLines(temp.resolve("closed/acked.txt")).stream().map(Long::parseLong).toList();
    assertThat(acked).hasSize((int) writes).doesNotHaveDuplicates();
    Map<Long, JsonObject> audit = gateway.auditEntries();
    for (long seq : acked) {
      JsonObject entry = audit.get(seq);
      assertThat(entry).as("audit entry %d", seq).isNotNull();
      assertThat(entry.string("tool")).contains("write_file");
      assertThat(entry.string("result")).contains("ok");
      assertThat(entry.string("principal")).contains("executor");
    }
    Path written = gateway.workspace.resolve("bench/it-closed/clients");
    try (Stream<Path> clients = Files.list(written)) {
      assertThat(clients.count()).isBetween(1L, 4L);
    }
    assertThat(Files.readString(gateway.workspace.resolve("bench/it-closed/shared/seed.txt")))
        .isEqualTo("seed\n");
    assertThat(Files.readString(temp.resolve("closed/report.csv")))
        .startsWith(Report.CSV_HEADER)
        .contains("operation,write_file," + writes + ",0,");
    assertThat(run.out()).contains("4 clients, closed loop").contains("0 errors (0.0000%)");
  }

  @Test
  void openLoop_neverSendsMoreThanItsSchedule() throws Exception {
    // 4 clients at 20 calls/s in all: one call per client every 200 ms, so at most 11 each in 2 s.
    Run run =
        run(
            temp.resolve("open"),
            Map.of("ATLAS_BENCH_TOKEN", TestGateway.EXECUTOR),
            "--clients",
            "4",
            "--duration",
            "2s",
            "--rate",
            "20",
            "--mix",
            "list=1",
            "--run-id",
            "it-open");

    assertThat(run.status()).as(run.out() + run.err()).isZero();
    assertThat(run.report().string("mode")).contains("open");
    long calls = number(run.report(), "operations", "list_files", "calls");
    assertThat(calls).isPositive().isLessThanOrEqualTo(44);
    assertThat(number(run.report(), "errors")).isZero();
  }

  @Test
  void warmup_callsTheGateway_butRecordsOnlyTheMeasuredCalls() throws Exception {
    long listsBefore = auditedCalls("list_files");
    Run run =
        run(
            temp.resolve("warmup"),
            Map.of("ATLAS_BENCH_TOKEN", TestGateway.EXECUTOR),
            "--clients",
            "2",
            "--duration",
            "10m",
            "--warmup",
            "1s",
            "--max-calls",
            "3",
            "--mix",
            "list=1",
            "--run-id",
            "it-warmup");

    assertThat(run.status()).as(run.out() + run.err()).isZero();
    assertThat(run.out() + run.err()).contains("warming up for PT1S");
    assertThat(number(run.report(), "operations", "list_files", "calls")).isEqualTo(6);
    assertThat(auditedCalls("list_files") - listsBefore).isGreaterThan(6);
  }

  private static long auditedCalls(String tool) {
    return gateway.auditEntries().values().stream()
        .filter(e -> e.string("tool").orElse("").equals(tool))
        .count();
  }

  @Test
  void refusedSessions_areCountedByKind_andTheRunFails() throws Exception {
    Path outside = Files.createDirectories(temp.resolve("not-a-workspace"));
    Run run =
        run(
            temp.resolve("refused"),
            outside,
            Map.of("ATLAS_BENCH_TOKEN", TestGateway.EXECUTOR),
            "--clients",
            "2",
            "--duration",
            "1s",
            "--mix",
            "list=1");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("no client could open a session");
    assertThat(number(run.report(), "clients_failed_setup")).isEqualTo(2);
    assertThat(number(run.report(), "errors_by_kind", "tool_WORKSPACE_INVALID")).isEqualTo(6);
  }

  @Test
  void badToken_isCountedAsHttp401() throws Exception {
    Run run =
        run(
            temp.resolve("token"),
            Map.of("ATLAS_BENCH_TOKEN", "not-a-token"),
            "--clients",
            "1",
            "--duration",
            "1s",
            "--mix",
            "list=1");

    assertThat(run.status()).isEqualTo(1);
    assertThat(number(run.report(), "errors_by_kind", "http_401_UNAUTHORIZED")).isEqualTo(3);
  }

  @Test
  void maxErrorRate_failsTheRun_whenToolCallsFail() throws Exception {
    Run run =
        run(
            temp.resolve("missing"),
            Map.of("ATLAS_BENCH_TOKEN", TestGateway.EXECUTOR),
            "--clients",
            "2",
            "--duration",
            "10m",
            "--max-calls",
            "3",
            "--mix",
            "read=1",
            "--read-path",
            "no/such/file.txt",
            "--max-error-rate",
            "0.001");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("is at or above --max-error-rate");
    assertThat(number(run.report(), "errors_by_kind", "tool_FILE_NOT_FOUND")).isEqualTo(6);
    assertThat(number(run.report(), "calls")).isEqualTo(10);
  }
}

package dev.atlasgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line: defaults, the seed preset, tokens from the environment, refusals. */
class LoadGeneratorOptionsTest {
  private static final String HASH = "a".repeat(64);

  private static BenchConfig parse(Map<String, String> env, String... extra) {
    List<String> args =
        new ArrayList<>(List.of("--url", "https://gw.test/mcp", "--workspace", "/ws"));
    args.addAll(List.of(extra));
    return parseExactly(env, args.toArray(String[]::new));
  }

  private static BenchConfig parseExactly(Map<String, String> env, String... args) {
    LoadGenerator command = new LoadGenerator(env, System.out, System.err);
    new CommandLine(command).parseArgs(args);
    return command.config();
  }

  private static BenchConfig parse(String... extra) {
    return parse(Map.of("ATLAS_BENCH_TOKEN", "executor-token"), extra);
  }

  @Test
  void defaults_tenClientsClosedLoopForThirtySeconds() {
    BenchConfig config = parse("--mix", "list=1");
    assertThat(config.clients()).isEqualTo(10);
    assertThat(config.duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.rate()).isEmpty();
    assertThat(config.plan()).isInstanceOf(BenchConfig.PlanSource.None.class);
    assertThat(config.warmup()).isZero();
    assertThat(config.instanceHeader()).isEqualTo("X-Atlas-Upstream");
    assertThat(config.token().value()).isEqualTo("executor-token");
    assertThat(config.token().toString()).doesNotContain("executor-token");
  }

  @Test
  void presetSeed_isAHundredClientsForFiveMinutes_unlessOverridden() {
    BenchConfig seed = parse("--preset", "seed", "--mix", "list=1");
    assertThat(seed.clients()).isEqualTo(100);
    assertThat(seed.duration()).isEqualTo(Duration.ofMinutes(5));
    BenchConfig shorter = parse("--preset", "seed", "--duration", "90s", "--mix", "list=1");
    assertThat(shorter.clients()).isEqualTo(100);
    assertThat(shorter.duration()).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> parse("--preset", "huge", "--mix", "list=1"))
        .hasMessageContaining("--preset \"huge\" is not valid; it accepts seed");
  }

  @Test
  void warmup_isATime_neverNegative() {
    assertThat(parse("--warmup", "15s", "--mix", "list=1").warmup())
        .isEqualTo(Duration.ofSeconds(15));
    assertThatThrownBy(() -> parse("--warmup", "soon", "--mix", "list=1"))
        .hasMessageContaining("--warmup");
  }

  @Test
  void rate_meansOpenLoop() {
    BenchConfig config = parse("--rate", "250.5", "--clients", "1000", "--mix", "list=1");
    assertThat(config.rate()).contains(250.5);
    assertThatThrownBy(() -> parse("--rate", "0", "--mix", "list=1"))
        .hasMessageContaining("--rate");
  }

  @Test
  void planTokens_fromOptionsOrEnvironment_makeTheRunApproveItsOwnPlan() {
    BenchConfig fromEnv =
        parse(
            Map.of(
                "ATLAS_BENCH_TOKEN", "e",
                "ATLAS_BENCH_PLANNER_TOKEN", "p",
                "ATLAS_BENCH_OPERATOR_TOKEN", "o"));
    assertThat(fromEnv.plan())
        .isEqualTo(new BenchConfig.PlanSource.Approve(new Token("p"), new Token("o")));
    BenchConfig given = parse("--plan-hash", HASH, "--phase", "BUILD");
    assertThat(given.plan()).isEqualTo(new BenchConfig.PlanSource.Given(HASH, "BUILD"));
    assertThat(given.readPath()).isEqualTo("bench/" + given.runId() + "/shared/seed.txt");
    assertThat(given.writeDir()).isEqualTo("bench/" + given.runId() + "/clients");
  }

  @Test
  void writesWithoutAPlan_areRefusedSayingWhatToGive() {
    assertThatThrownBy(() -> parse())
        .isInstanceOf(BenchException.class)
        .hasMessageContaining("writes need an approved plan")
        .hasMessageContaining("--plan-hash");
    assertThatThrownBy(() -> parse("--mix", "read=1"))
        .hasMessageContaining("reads need a file: give --read-path");
    assertThat(parse("--mix", "read=1", "--read-path", "README.md").readPath())
        .isEqualTo("README.md");
  }

  @Test
  void halfAPlan_isRefused() {
    assertThatThrownBy(() -> parse("--plan-hash", HASH)).hasMessageContaining("go together");
    assertThatThrownBy(() -> parse("--plan-hash", "ABC", "--phase", "P"))
        .hasMessageContaining("not a lowercase hex SHA-256");
    assertThatThrownBy(
            () -> parse(Map.of("ATLAS_BENCH_TOKEN", "e", "ATLAS_BENCH_PLANNER_TOKEN", "p")))
        .hasMessageContaining("needs both --planner-token and --operator-token");
  }

  @Test
  void badValues_areRefusedNamingTheOptionAndWhatItAccepts() {
    assertThatThrownBy(() -> parse("--duration", "soon", "--mix", "list=1"))
        .hasMessageContaining("--duration \"soon\" is not valid; it accepts a time such as");
    assertThatThrownBy(() -> parse("--clients", "0", "--mix", "list=1"))
        .hasMessageContaining("--clients 0 is not valid; it accepts 1 to 100000");
    assertThatThrownBy(() -> parse("--run-id", "../x", "--mix", "list=1"))
        .hasMessageContaining("--run-id");
    assertThatThrownBy(
            () ->
                parseExactly(
                    Map.of("ATLAS_BENCH_TOKEN", "e"),
                    "--url",
                    "ftp://gw/mcp",
                    "--workspace",
                    "/ws",
                    "--mix",
                    "list=1"))
        .hasMessageContaining("http:// or https://");
    assertThatThrownBy(
            () ->
                parseExactly(
                    Map.of("ATLAS_BENCH_TOKEN", "e"),
                    "--url",
                    "https://gw/mcp",
                    "--workspace",
                    "ws",
                    "--mix",
                    "list=1"))
        .hasMessageContaining("--workspace \"ws\" is not valid");
    assertThatThrownBy(() -> parse(Map.of(), "--mix", "list=1"))
        .hasMessageContaining("an executor token is required");
  }

  @Test
  void durations_takeUnits() {
    assertThat(BenchConfig.parseDuration("--x", "250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(BenchConfig.parseDuration("--x", "45")).isEqualTo(Duration.ofSeconds(45));
    assertThat(BenchConfig.parseDuration("--x", "5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(BenchConfig.parseDuration("--x", "1h")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void run_printsTheMessageOfABadOption_andExitsTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        LoadGenerator.run(
            new String[] {"--url", "https://gw/mcp", "--workspace", "/ws", "--mix", "list=1"},
            Map.of(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("atlas-gate-bench: an executor token is required");
  }

  @Test
  void run_withoutTheRequiredOptions_printsUsage_andExitsTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        LoadGenerator.run(
            new String[] {"--clients", "5"},
            Map.of(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing required options");
  }
}

package dev.atlasgate.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The load generator: N concurrent MCP clients over Streamable HTTP against a deployment of
 * ATLAS-GATE, each opening a session ({@code initialize}, {@code notifications/initialized}, {@code
 * begin_session} as WINDSURF) and then calling {@code read_file}, {@code list_files} and {@code
 * write_file} in a given mix, closed loop or at a target rate, for a fixed time.
 */
@Command(
    name = "atlas-gate-bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Load generator for ATLAS-GATE: N concurrent MCP clients over Streamable HTTP.",
      "Tokens may come from ATLAS_BENCH_TOKEN, ATLAS_BENCH_PLANNER_TOKEN and"
          + " ATLAS_BENCH_OPERATOR_TOKEN instead of the options (which other users can see).",
      "Exit status: 0 done, 1 error rate at or above --max-error-rate (or no client could open a"
          + " session), 2 bad options or a refused set-up."
    })
public final class LoadGenerator implements Callable<Integer> {
  static final String DEFAULT_INSTANCE_HEADER = "X-Atlas-Upstream";

  @Option(names = "--url", required = true, description = "The MCP endpoint, e.g. https://gw/mcp")
  String url;

  @Option(names = "--workspace", required = true, description = "workspace_root on the gateway")
  String workspace;

  @Option(names = "--token", description = "Executor (WINDSURF) token; or ATLAS_BENCH_TOKEN")
  String token;

  @Option(names = "--preset", description = "seed: 100 clients for 5 minutes (the seed's scenario)")
  String preset;

  @Option(names = "--clients", description = "Concurrent MCP clients (default 10)")
  Integer clients;

  @Option(names = "--duration", description = "Measured time: 30s, 5m, … (default 30s)")
  String duration;

  @Option(names = "--max-calls", description = "Stop each client after this many measured calls")
  Long maxCalls;

  @Option(names = "--rate", description = "Open loop: total calls/s; absent: closed loop")
  Double rate;

  @Option(names = "--mix", description = "Weights, default read=60,list=30,write=10")
  String mix = Mix.DEFAULT.toString();

  @Option(names = "--plan-hash", description = "An approved plan that allows the writes")
  String planHash;

  @Option(names = "--phase", description = "The phase of --plan-hash the writes belong to")
  String phase;

  @Option(names = "--planner-token", description = "Or: save a plan as this ANTIGRAVITY token…")
  String plannerToken;

  @Option(names = "--operator-token", description = "…and approve it as this OPERATOR token")
  String operatorToken;

  @Option(names = "--run-id", description = "Names the run and its directory bench/RUN_ID")
  String runId;

  @Option(names = "--read-path", description = "File read_file reads (default: the run's own)")
  String readPath;

  @Option(names = "--list-path", description = "Directory list_files lists")
  String listPath;

  @Option(
      names = "--write-dir",
      description = "Directory of the writes (default bench/RUN_ID/clients)")
  String writeDir;

  @Option(names = "--write-bytes", description = "Bytes per write (default 256)")
  int writeBytes = 256;

  @Option(names = "--timeout", description = "Per request (default 60s)")
  String timeout = "60s";

  @Option(names = "--connect-timeout", description = "TCP and TLS connect (default 30s)")
  String connectTimeout = "30s";

  @Option(names = "--ramp-up", description = "Spread the clients' start over this time (default 0)")
  String rampUp = "0s";

  @Option(
      names = "--setup-timeout",
      description = "After the ramp-up, for the last sessions (120s)")
  String setupTimeout = "120s";

  @Option(names = "--warmup", description = "Unrecorded calls before the measured phase (0s)")
  String warmup = "0s";

  @Option(names = "--insecure", description = "Trust any TLS certificate (self-signed test setups)")
  boolean insecure;

  @Option(names = "--ca-cert", description = "Trust the certificates this PEM file holds")
  Path caCert;

  @Option(
      names = "--retry-read-only",
      description =
          "Send a read_file or list_files again (up to 3 times, 0.1/0.2/0.3 s apart) after a"
              + " 502/503/504 or a lost connection")
  boolean retryReadOnly;

  @Option(names = "--instance-header", description = "Response header naming the instance")
  String instanceHeader = DEFAULT_INSTANCE_HEADER;

  @Option(names = "--json", description = "Write the report as JSON here")
  Path json;

  @Option(names = "--csv", description = "Write the report as CSV here")
  Path csv;

  @Option(names = "--acked-writes", description = "Write the audit_seq of each acknowledged write")
  Path ackedWrites;

  @Option(
      names = "--max-error-rate",
      description = "Exit 1 when errors/calls reach this, e.g. 0.001")
  Double maxErrorRate;

  @Option(
      names = "--progress",
      description = "Progress line interval on stderr (default 10s; 0 off)")
  String progress = "10s";

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  LoadGenerator(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = Map.copyOf(env);
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs the command line {@code args}; answers the exit status. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new LoadGenerator(env, out, err));
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          if (e instanceof BenchException) {
            err.println("atlas-gate-bench: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    BenchConfig config = config();
    Report report = LoadRun.run(config, err);
    out.print(report.human());
    write(config.outputs().json(), report.json().write() + "\n");
    write(config.outputs().csv(), report.csv());
    write(
        config.outputs().ackedWrites(),
        report.ackedWriteSeqs().stream()
            .map(String::valueOf)
            .collect(Collectors.joining("\n", "", "\n")));
    return verdict(config, report);
  }

  private int verdict(BenchConfig config, Report report) {
    if (report.clientsReady() == 0) {
      err.println("atlas-gate-bench: no client could open a session");
      return 1;
    }
    if (config.maxErrorRate().isPresent() && report.errorRate() >= config.maxErrorRate().get()) {
      err.printf(
          "atlas-gate-bench: error rate %.4f%% is at or above --max-error-rate %.4f%%%n",
          report.errorRate() * 100, config.maxErrorRate().get() * 100);
      return 1;
    }
    return 0;
  }

  private static void write(Optional<Path> file, String text) throws IOException {
    if (file.isPresent()) {
      Files.writeString(file.get(), text, StandardCharsets.UTF_8);
    }
  }

  /** The options as a validated configuration; a bad value throws naming the option. */
  BenchConfig config() {
    int n = clients != null ? clients : presetClients();
    Duration time =
        duration != null ? BenchConfig.parseDuration("--duration", duration) : presetDuration();
    return new BenchConfig(
        URI.create(url),
        secret(token, "ATLAS_BENCH_TOKEN")
            .orElseThrow(
                () ->
                    new BenchException(
                        "an executor token is required: --token or ATLAS_BENCH_TOKEN")),
        workspace,
        n,
        time,
        Optional.ofNullable(maxCalls),
        Optional.ofNullable(rate),
        Mix.parse(mix),
        planSource(),
        runId != null ? runId : newRunId(),
        new BenchConfig.Paths(
            Optional.ofNullable(readPath),
            Optional.ofNullable(listPath),
            Optional.ofNullable(writeDir)),
        writeBytes,
        BenchConfig.parseDuration("--timeout", timeout),
        BenchConfig.parseDuration("--connect-timeout", connectTimeout),
        BenchConfig.parseDuration("--ramp-up", rampUp),
        BenchConfig.parseDuration("--setup-timeout", setupTimeout),
        BenchConfig.parseDuration("--warmup", warmup),
        new BenchConfig.Tls(insecure, Optional.ofNullable(caCert)),
        retryReadOnly,
        instanceHeader,
        new BenchConfig.Outputs(
            Optional.ofNullable(json), Optional.ofNullable(csv), Optional.ofNullable(ackedWrites)),
        Optional.ofNullable(maxErrorRate),
        BenchConfig.parseDuration("--progress", progress));
  }

  private int presetClients() {
    return preset() ? 100 : 10;
  }

  private Duration presetDuration() {
    return preset() ? Duration.ofMinutes(5) : Duration.ofSeconds(30);
  }

  private boolean preset() {
    if (preset == null) {
      return false;
    }
    if (!preset.equals("seed")) {
      throw new BenchException("--preset \"" + preset + "\" is not valid; it accepts seed");
    }
    return true;
  }

  private BenchConfig.PlanSource planSource() {
    Optional<Token> planner = secret(plannerToken, "ATLAS_BENCH_PLANNER_TOKEN");
    Optional<Token> operator = secret(operatorToken, "ATLAS_BENCH_OPERATOR_TOKEN");
    if (planHash != null || phase != null) {
      if (planHash == null || phase == null) {
        throw new BenchException("--plan-hash and --phase go together");
      }
      if (!planHash.matches("[0-9a-f]{64}")) {
        throw new BenchException("--plan-hash \"" + planHash + "\" is not a lowercase hex SHA-256");
      }
      return new BenchConfig.PlanSource.Given(planHash, phase);
    }
    if (planner.isPresent() != operator.isPresent()) {
      throw new BenchException(
          "a plan set up by the run needs both --planner-token and --operator-token");
    }
    return planner.isPresent()
        ? new BenchConfig.PlanSource.Approve(planner.get(), operator.get())
        : new BenchConfig.PlanSource.None();
  }

  private Optional<Token> secret(String value, String variable) {
    String chosen = value != null ? value : env.get(variable);
    return chosen == null || chosen.isEmpty() ? Optional.empty() : Optional.of(new Token(chosen));
  }

  private static String newRunId() {
    byte[] random = new byte[3];
    ThreadLocalRandom.current().nextBytes(random);
    return "run-"
        + LocalDateTime.now(ZoneId.systemDefault())
            .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
        + "-"
        + HexFormat.of().formatHex(random);
  }
}

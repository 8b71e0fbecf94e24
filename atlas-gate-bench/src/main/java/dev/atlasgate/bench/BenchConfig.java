package dev.atlasgate.bench;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run, validated and frozen: where the gateway is, how many clients do what for how long, and
 * where the results go.
 *
 * @param maxCalls measured calls per client at most; the client stops at this count or at the end
 *     of the duration, whichever comes first
 * @param rate the total calls per second of open-loop mode; empty for closed loop (each client as
 *     fast as it can)
 * @param rampUp the time over which the clients start, evenly spread, so that a thousand TLS
 *     handshakes do not all land in the same instant
 * @param setupTimeout how long the measured phase waits, after the ramp-up, for the clients that
 *     have no session yet
 * @param warmup how long the clients call, unrecorded, before the measured phase, so that the
 *     measurement sees a server past its just-in-time compilation
 */
record BenchConfig(
    URI url,
    Token token,
    String workspace,
    int clients,
    Duration duration,
    Optional<Long> maxCalls,
    Optional<Double> rate,
    Mix mix,
    PlanSource plan,
    String runId,
    Paths paths,
    int writeBytes,
    Duration requestTimeout,
    Duration connectTimeout,
    Duration rampUp,
    Duration setupTimeout,
    Duration warmup,
    Tls tls,
    boolean retryReadOnly,
    String instanceHeader,
    Outputs outputs,
    Optional<Double> maxErrorRate,
    Duration progressInterval) {

  BenchConfig {
    requireNonNull(url, "url is null");
    requireNonNull(token, "token is null");
    requireNonNull(workspace, "workspace is null");
    requireNonNull(plan, "plan is null");
    requireNonNull(paths, "paths is null");
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new BenchException(
          "--url " + url + " is not valid; it accepts http:// or https:// URLs");
    }
    if (!workspace.startsWith("/")) {
      throw new BenchException(
          "--workspace \""
              + workspace
              + "\" is not valid; it accepts an absolute path on the gateway");
    }
    check(clients >= 1 && clients <= 100_000, "--clients", clients, "1 to 100000");
    check(!duration.isNegative() && !duration.isZero(), "--duration", duration, "a positive time");
    check(maxCalls.orElse(1L) >= 1, "--max-calls", maxCalls.orElse(0L), "a positive count");
    check(rate.orElse(1.0) > 0, "--rate", rate.orElse(0.0), "a positive number of calls/s");
    check(writeBytes >= 1 && writeBytes <= 5 << 20, "--write-bytes", writeBytes, "1 to 5242880");
    check(!rampUp.isNegative(), "--ramp-up", rampUp, "zero or a positive time");
    check(!warmup.isNegative(), "--warmup", warmup, "zero or a positive time");
    check(
        !connectTimeout.isZero() && !connectTimeout.isNegative(),
        "--connect-timeout",
        connectTimeout,
        "a positive time");
    check(
        runId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"),
        "--run-id",
        runId,
        "letters, digits, '.', '_' and '-', up to 64");
    check(maxErrorRate.orElse(0.0) >= 0, "--max-error-rate", maxErrorRate.orElse(0.0), "0 to 1");
    if (mix.write() > 0 && plan instanceof PlanSource.None) {
      throw new BenchException(
          "writes need an approved plan: give --plan-hash and --phase, or --planner-token and"
              + " --operator-token (or --mix without write)");
    }
    if (mix.read() > 0 && plan instanceof PlanSource.None && paths.read().isEmpty()) {
      throw new BenchException(
          "reads need a file: give --read-path, or a plan so that the run writes one");
    }
  }

  private static void check(boolean ok, String option, Object value, String accepts) {
    if (!ok) {
      throw new BenchException(option + " " + value + " is not valid; it accepts " + accepts);
    }
  }

  /** Where the plan that allows the writes comes from. */
  sealed interface PlanSource {
    /** No writes. */
    record None() implements PlanSource {}

    /** An approved plan the user names. */
    record Given(String planHash, String phase) implements PlanSource {}

    /** A plan the run saves with a planner token and approves with an operator token. */
    record Approve(Token planner, Token operator) implements PlanSource {}
  }

  /** Workspace-relative paths the calls use; empty means the run's own. */
  record Paths(Optional<String> read, Optional<String> list, Optional<String> writeDir) {}

  /** How the server's certificate is checked: the default trust store, a CA file, or not at all. */
  record Tls(boolean insecure, Optional<Path> caCert) {}

  /** Where the results go besides standard output. */
  record Outputs(Optional<Path> json, Optional<Path> csv, Optional<Path> ackedWrites) {}

  /** The run's own directory in the workspace. */
  String runDir() {
    return "bench/" + runId;
  }

  String readPath() {
    return paths.read().orElse(runDir() + "/shared/seed.txt");
  }

  String listPath() {
    return paths.list().orElse(plan instanceof PlanSource.None ? "" : runDir() + "/shared");
  }

  String writeDir() {
    return paths.writeDir().orElse(runDir() + "/clients");
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

  /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}; a bare number is seconds. */
  static Duration parseDuration(String option, String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new BenchException(
          option + " \"" + text + "\" is not valid; it accepts a time such as 500ms, 30s, 5m, 1h");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2) == null ? "s" : m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }
}

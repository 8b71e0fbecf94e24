package dev.atlasgate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.audit.ChainVerifier;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.audit.Verification;
import dev.atlasgate.bootstrap.Wiring;
import dev.atlasgate.bootstrap.config.SettingsLoader;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.Sha256;
import dev.atlasgate.testing.ServeLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code atlas-gate serve} processes on one PostgreSQL and one Redis; one is killed with
 * SIGKILL in the middle of concurrent writes. Every write a client saw acknowledged has its entry,
 * at the seq it was told, and the chain verifies.
 */
class KillIT {
  private static final String PLAN =
      "{\"plan_id\":\"KILL_TEST\",\"version\":1,\"title\":\"Files\",\"objective\":\"Write files.\","
          + "\"scope\":{\"allow\":[\"out/**\"]},\"phases\":[{\"phase_id\":\"WRITE\","
          + "\"objective\":\"Write.\"}]}";
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path temp;

  @Test
  void aKilledInstance_losesNoAcknowledgedEntry() throws Exception {
    try (Backends backends = new Backends(temp.resolve("data"))) {
      Path roots = Files.createDirectories(temp.resolve("workspaces")).toRealPath();
      Path workspace = Files.createDirectories(roots.resolve("app"));
      Map<String, String> env = new HashMap<>();
      env.put("SESSION_BACKEND", "redis");
      env.put("AUDIT_BACKEND", "postgres");
      env.put("DATABASE_URL", backends.databaseUrl());
      env.put("REDIS_URL", backends.redisUrl());
      env.put("ATLAS_WORKSPACES", roots.toString());
      env.put("REQUIRE_AUTH", "true");
      env.put("VALID_TOKENS", Instance.TOKEN);
      env.put("RATE_LIMIT_RPS", "100000");
      env.put("RATE_LIMIT_BURST", "100000");
      Process victim = serve(env, "gw-victim", temp.resolve("home-1"));
      Process survivor = serve(env, "gw-survivor", temp.resolve("home-2"));
      try {
        ServeLog victimLog = ServeLog.follow(victim);
        URI victimUrl = victimLog.awaitEndpoint(Duration.ofSeconds(120));
        URI survivorUrl = ServeLog.follow(survivor).awaitEndpoint(Duration.ofSeconds(120));
        String startLine =
            victimLog.lines().stream()
                .filter(l -> l.contains("listening on"))
                .findFirst()
                .orElseThrow();
        assertThat(startLine)
            .contains("sessions redis redis://127.0.0.1:")
            .contains("audit postgres postgresql://postgres:****@127.0.0.1:")
            .contains("plans postgres")
            .contains("rate limits redis (shared)")
            .doesNotContain(":postgres@");

        // The human side against PostgreSQL: the CLI approves a plan the gateway then enforces.

        // As an operator types it: a short hash and no --workspace; PostgreSQL knows where it is.
        String hash = approvedPlan(env, temp.resolve("home-cli"), survivorUrl, workspace, false);

        Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
          List<Future<?>> running = new ArrayList<>();
          for (int w = 0; w < 8; w++) {
            URI target = w % 2 == 0 ? victimUrl : survivorUrl;
            int writer = w;
            running.add(
                pool.submit(
                    () -> {
                      String session;
                      try {
                        session = begin(target, workspace, "WINDSURF");
                      } catch (IOException e) {
                        return null; // killed before this client began: it has nothing to lose
                      }
                      for (int i = 0; i < 10_000 && !stop.get(); i++) {
                        String path = "out/w" + writer + "-" + i + ".txt";
                        try {
                          JsonObject answer =
                              call(
                                  target,
                                  "{\"tool\":\"write_file\",\"session_id\":\""
                                      + session
                                      + "\",\"path\":\""
                                      + path
                                      + "\",\"content\":\""
                                      + path
                                      + "\",\"plan_hash\":\""
                                      + hash
                                      + "\",\"phase_id\":\"WRITE\",\"intent\":\"kill test\"}");
                          if (answer.get("success").map(Json.of(true)::equals).orElse(false)) {
                            long seq =
                                ((JsonNumber)
                                        answer
                                            .object("result")
                                            .orElseThrow()
                                            .get("audit_seq")
                                            .orElseThrow())
                                    .value()
                                    .longValue();
                            acknowledged.put(seq, path);
                          } else {
                            failures.add(answer.write());
                          }
                        } catch (IOException e) {
                          return null; // the instance is gone: this client stops
                        }
                      }
                      return null;
                    }));
          }
          Thread.sleep(2_500);
          victim.destroyForcibly();
          assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
          Thread.sleep(1_500);
          stop.set(true);
          for (Future<?> writer : running) {
            writer.get(60, TimeUnit.SECONDS);
          }
        }
        assertThat(failures).isEmpty();
        assertThat(acknowledged).hasSizeGreaterThan(20);

        survivor.destroy();
        assertThat(survivor.waitFor(60, TimeUnit.SECONDS)).isTrue();

        Map<String, String> readEnv = new HashMap<>(env);
        readEnv.put("ATLAS_HOME", temp.resolve("home-check").toString());
        try (Wiring check = Wiring.open(SettingsLoader.load(readEnv, Map.of(), temp))) {
          Map<Long, String> written = new HashMap<>();
          try (Stream<StoredEntry> entries = check.audit().entries(1)) {
            entries.forEach(
                e -> {
                  JsonObject entry = ((StoredEntry.Readable) e).json();
                  if (entry.string("tool").orElse("").equals("write_file")
                      && entry.string("result").orElse("").equals("ok")) {
                    long seq = ((JsonNumber) entry.get("seq").orElseThrow()).value().longValue();
                    written.put(
                        seq, entry.object("args").orElseThrow().string("path").orElseThrow());
                  }
                });
          }
          assertThat(written).containsAllEntriesOf(acknowledged);
          Verification verification;
          try (Stream<StoredEntry> entries = check.audit().entries(1)) {
            verification = ChainVerifier.verify(entries);
          }
          assertThat(verification.valid()).as("%s", verification).isTrue();
        }
        for (String path : acknowledged.values()) {
          assertThat(workspace.resolve(path)).hasContent(path);
        }
      } finally {
        victim.destroyForcibly();
        survivor.destroyForcibly();
      }
    }
  }

  /**
   * One {@code serve} process on the file audit log, killed with SIGKILL again and again while 16
   * clients write 8 files: after the last start, every file holds the content of its latest {@code
   * ok} entry, no acknowledged write is missing from the log, the chain verifies and no staging
   * file is left.
   */
  @Test
  void fileAudit_killedAgainAndAgainUnderConcurrentWrites_theLogStaysTrue() throws Exception {
    Path roots = Files.createDirectories(temp.resolve("workspaces")).toRealPath();
    Path workspace = Files.createDirectories(roots.resolve("app"));
    Path home = temp.resolve("home");
    Map<String, String> env = new HashMap<>();
    env.put("ATLAS_WORKSPACES", roots.toString());
    env.put("REQUIRE_AUTH", "true");
    env.put("VALID_TOKENS", Instance.TOKEN);
    env.put("RATE_LIMIT_RPS", "100000");
    env.put("RATE_LIMIT_BURST", "100000");
    Map<Long, String> acknowledged = new ConcurrentHashMap<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    String hash = null;
    for (int round = 0; round < 4; round++) {
      Process gateway = serve(env, "gw-crash", home);
      try {
        URI url = ServeLog.follow(gateway).awaitEndpoint(Duration.ofSeconds(120));
        if (hash == null) {
          hash = approvedPlan(env, home, url, workspace, true);
        }
        writeUntilKilled(gateway, url, workspace, hash, round, acknowledged, failures);
      } finally {
        gateway.destroyForcibly();
      }
    }
    Process last = serve(env, "gw-crash", home);
    try {
      ServeLog.follow(last).awaitEndpoint(Duration.ofSeconds(120));
    } finally {
      last.destroyForcibly();
      assertThat(last.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(failures).isEmpty();
    assertThat(acknowledged).hasSizeGreaterThan(100);
    Map<String, String> readEnv = new HashMap<>(env);
    readEnv.put("ATLAS_HOME", home.toString());
    Map<Long, JsonObject> okWrites = new HashMap<>();
    Map<String, String> latest = new HashMap<>();
    try (Wiring check = Wiring.open(SettingsLoader.load(readEnv, Map.of(), temp))) {
      try (Stream<StoredEntry> entries = check.audit().entries(1)) {
        assertThat(ChainVerifier.verify(entries).valid()).isTrue();
      }
      try (Stream<StoredEntry> entries = check.audit().entries(1)) {
        entries
            .map(e -> ((StoredEntry.Readable) e).json())
            .filter(e -> e.string("tool").orElse("").equals("write_file"))
            .filter(e -> e.string("result").orElse("").equals("ok"))
            .forEach(
                e -> {
                  JsonObject args = e.object("args").orElseThrow();
                  okWrites.put(((JsonNumber) e.get("seq").orElseThrow()).value().longValue(), args);
                  latest.put(
                      args.string("path").orElseThrow(),
                      args.object("content").orElseThrow().string("sha256").orElseThrow());
                });
      }
    }
    acknowledged.forEach(
        (seq, content) ->
            assertThat(okWrites.get(seq).object("content").orElseThrow().string("sha256"))
                .as("acknowledged write at seq %d", seq)
                .contains(Sha256.hex(content)));
    assertThat(latest).hasSize(8);
    for (Map.Entry<String, String> file : latest.entrySet()) {
      assertThat(Sha256.hex(Files.readAllBytes(workspace.resolve(file.getKey()))))
          .as("%s holds the content of its latest ok entry", file.getKey())
          .isEqualTo(file.getValue());
    }
    try (Stream<Path> files = Files.walk(workspace)) {
      assertThat(files.filter(f -> f.getFileName().toString().startsWith(".atlas-gate-tmp-")))
          .as("staging files left")
          .isEmpty();
    }
  }

  /**
   * Saves the plan through the gateway and approves it with the CLI as an operator types it: a
   * 12-digit hash prefix, {@code --workspace} only when {@code naming} the workspace.
   */
  private String approvedPlan(
      Map<String, String> env, Path home, URI url, Path workspace, boolean naming)
      throws Exception {
    String planner = begin(url, workspace, "ANTIGRAVITY");
    JsonObject saved =
        call(
            url,
            "{\"tool\":\"save_plan\",\"session_id\":\"" + planner + "\",\"plan\":" + PLAN + "}");
    String hash = saved.object("result").orElseThrow().string("plan_hash").orElseThrow();
    List<String> args =
        new ArrayList<>(
            List.of("plan", "approve", hash.substring(0, 12), "--approver", "alice", "--yes"));
    if (naming) {
      args.addAll(List.of("--workspace", workspace.toString()));
    }
    Process approve = command(env, home, args.toArray(String[]::new));
    String out = new String(approve.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(approve.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(approve.exitValue()).as(out).isZero();
    assertThat(out).contains("APPROVED");
    return hash;
  }

  /** 16 clients write 8 files until 150 writes are acknowledged; then the process is killed. */
  private void writeUntilKilled(
      Process gateway,
      URI url,
      Path workspace,
      String hash,
      int round,
      Map<Long, String> acknowledged,
      List<String> failures)
      throws Exception {
    java.util.concurrent.CountDownLatch enough = new java.util.concurrent.CountDownLatch(150);
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 16; w++) {
        int writer = w;
        writers.add(
            pool.submit(
                () -> {
                  String session = begin(url, workspace, "WINDSURF");
                  for (int i = 0; i < 100_000; i++) {
                    String content = "round " + round + " writer " + writer + " write " + i;
                    JsonObject answer;
                    try {
                      answer =
                          call(
                              url,
                              "{\"tool\":\"write_file\",\"session_id\":\""
                                  + session
                                  + "\",\"path\":\"out/f"
                                  + (writer % 8)
                                  + ".txt\",\"content\":\""
                                  + content
                                  + "\",\"plan_hash\":\""
                                  + hash
                                  + "\",\"phase_id\":\"WRITE\",\"intent\":\"kill test\"}");
                    } catch (IOException e) {
                      return null; // killed: this client stops
                    }
                    if (answer.get("success").map(Json.of(true)::equals).orElse(false)) {
                      JsonObject result = answer.object("result").orElseThrow();
                      acknowledged.put(
                          ((JsonNumber) result.get("audit_seq").orElseThrow()).value().longValue(),
                          content);
                      enough.countDown();
                    } else {
                      failures.add(answer.write());
                    }
                  }
                  return null;
                }));
      }
      assertThat(enough.await(60, TimeUnit.SECONDS)).isTrue();
      gateway.destroyForcibly();
      assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).isTrue();
      for (Future<?> writer : writers) {
        writer.get(60, TimeUnit.SECONDS);
      }
    }
  }

  private Process serve(Map<String, String> env, String id, Path home) throws IOException {
    Map<String, String> instance = new HashMap<>(env);
    instance.put("ATLAS_INSTANCE_ID", id);
    instance.put("MCP_PORT", "0");
    Process process = command(instance, home, "serve");
    process.getOutputStream().close();
    return process;
  }

  /** Starts {@code atlas-gate ARGS} from the shaded jar, with {@code env} and its own home. */
  private static Process command(Map<String, String> env, Path home, String... args)
      throws IOException {
    Path jar = Path.of(System.getProperty("atlas.jar", "../atlas-gate-cli/target/atlas-gate.jar"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.environment().put("ATLAS_HOME", home.toString());
    if (args[0].equals("serve")) {
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    } else {
      builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    }
    return builder.start();
  }

  private String begin(URI endpoint, Path workspace, String role) throws IOException {
    JsonObject begun =
        call(
            endpoint,
            "{\"tool\":\"begin_session\",\"workspace_root\":\""
                + workspace
                + "\",\"role\":\""
                + role
                + "\"}");
    return begun.object("result").orElseThrow().string("session_id").orElseThrow();
  }

  private JsonObject call(URI endpoint, String body) throws IOException {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(endpoint)
                  .header("Authorization", "Bearer " + Instance.TOKEN)
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(30))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return (JsonObject) Json.parse(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}

package dev.atlasgate.microbench;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.auth.Identity;
import dev.atlasgate.auth.TokenAuthenticator;
import dev.atlasgate.auth.TokensFile;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.mcp.JsonRpc;
import dev.atlasgate.plan.Plan;
import dev.atlasgate.plan.StoredPlan;
import dev.atlasgate.policy.Decision;
import dev.atlasgate.policy.WritePolicy;
import dev.atlasgate.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The work a governed call does besides its I/O: sealing an audit entry (canonical JSON and
 * SHA-256), parsing a JSON-RPC request and writing its answer, confining a path to the workspace,
 * matching a path against a plan's scope, and checking a bearer token.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPaths {
  private static final String REQUEST =
      "{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":{\"name\":\"write_file\","
          + "\"arguments\":{\"path\":\"src/main/java/app/Service.java\",\"content\":\"class"
          + " Service {}\\n\",\"plan_hash\":\"3f2a9c0d5e6b7a8190fedcba98765432100123456789abcdef0123456789abcd\","
          + "\"phase_id\":\"IMPLEMENT\",\"intent\":\"Add the service class.\"}}}";

  private AuditEvent event;
  private String prevHash;
  private JsonObject answer;
  private Path root;
  private Workspace workspace;
  private StoredPlan plan;
  private TokenAuthenticator tokens;
  private long seq;

  @Setup
  public void setUp() throws IOException {
    event =
        new AuditEvent(
            Instant.parse("2026-11-30T10:00:00.123Z"),
            "bench-1",
            Optional.of("q1bO6iL0dKzQ2nM3pR4sT5uV6wX7yZ8a9b0c1d2e3f4"),
            Optional.of("ci-executor"),
            Optional.of("WINDSURF"),
            "write_file",
            Optional.of("/srv/repos/app"),
            Optional.of("3f2a9c0d5e6b7a8190fedcba98765432100123456789abcdef0123456789abcd"),
            Optional.of("IMPLEMENT"),
            JsonObject.builder()
                .put("path", "src/main/java/app/Service.java")
                .put("content_sha256", "9".repeat(64))
                .put("content_bytes", 4096)
                .put("intent", "Add the service class.")
                .build(),
            true,
            Optional.empty(),
            3);
    prevHash = "0".repeat(64);
    answer =
        JsonRpc.result(
            Json.of(42),
            (JsonObject)
                Json.parse(
                    "{\"content\":[{\"type\":\"text\",\"text\":\"wrote src/main/java/app/Service.java"
                        + " (17 bytes)\"}],\"structuredContent\":{\"path\":"
                        + "\"src/main/java/app/Service.java\",\"bytes\":17,\"sha256_before\":null,"
                        + "\"sha256_after\":\""
                        + "a".repeat(64)
                        + "\",\"audit_seq\":1234},\"isError\":false}"));

    root = Files.createTempDirectory("atlas-bench-ws");
    Files.createDirectories(root.resolve("src/main/java/app"));
    Files.writeString(root.resolve("src/main/java/app/Service.java"), "class Service {}\n");
    workspace = Workspace.open(root);

    plan =
        StoredPlan.draft(
                Plan.parse(
                    (JsonObject)
                        Json.parse(
                            "{\"plan_id\":\"SERVICE_LAYER\",\"version\":1,\"title\":\"Services\","
                                + "\"objective\":\"Add the service layer.\",\"scope\":{\"allow\":"
                                + "[\"src/main/**\",\"src/test/**\",\"docs/*.md\"],\"deny\":"
                                + "[\"src/main/resources/secrets/**\"]},\"phases\":[{\"phase_id\":"
                                + "\"IMPLEMENT\",\"objective\":\"Write it.\",\"allow\":"
                                + "[\"src/main/java/**/*.java\"]}]}")),
                "planner",
                Instant.parse("2026-11-30T09:00:00Z"))
            .approved("alice", Instant.parse("2026-11-30T09:30:00Z"));

    StringBuilder file = new StringBuilder("{\"tokens\": [");
    for (int i = 0; i < 10; i++) {
      file.append(i == 0 ? "" : ",")
          .append("{\"sha256\": \"")
          .append(sha256("token-" + i))
          .append("\", \"principal\": \"p")
          .append(i)
          .append("\", \"roles\": [\"WINDSURF\"]}");
    }
    tokens = TokenAuthenticator.of(List.of(), TokensFile.parse(file.append("]}").toString()));
  }

  @TearDown
  public void tearDown() throws IOException {
    try (var files = Files.walk(root)) {
      List<Path> all = new ArrayList<>(files.toList());
      java.util.Collections.reverse(all);
      for (Path path : all) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** Canonical JSON of an entry and its SHA-256: once per call, under the chain's lock. */
  @Benchmark
  public AuditEntry sealAuditEntry() {
    return AuditEntry.seal(++seq, event, prevHash);
  }

  @Benchmark
  public Object parseJsonRpcRequest() {
    return Json.parse(REQUEST);
  }

  @Benchmark
  public String writeJsonRpcAnswer() {
    return answer.write();
  }

  /** Resolves a path against the workspace's real path, following symlinks (file-system calls). */
  @Benchmark
  public Object confinePath() {
    return workspace.resolve("src/main/java/app/Service.java");
  }

  @Benchmark
  public Decision matchPlanScope() {
    return WritePolicy.check(plan, "IMPLEMENT", List.of("src/main/java/app/Service.java"));
  }

  /** SHA-256 of the presented token, compared with every known digest in constant time. */
  @Benchmark
  public Identity checkToken() {
    return tokens.authenticate(Optional.of("token-7"));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

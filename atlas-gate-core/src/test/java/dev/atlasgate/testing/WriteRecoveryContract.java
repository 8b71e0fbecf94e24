package dev.atlasgate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.ChainVerifier;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.audit.Verification;
import dev.atlasgate.gateway.CallContext;
import dev.atlasgate.gateway.CrashPoints;
import dev.atlasgate.gateway.Gateway;
import dev.atlasgate.gateway.GatewaySettings;
import dev.atlasgate.gateway.OperatorActions;
import dev.atlasgate.gateway.PathLocks;
import dev.atlasgate.gateway.Principal;
import dev.atlasgate.gateway.SessionBinding;
import dev.atlasgate.gateway.StagingJournal;
import dev.atlasgate.gateway.ToolResult;
import dev.atlasgate.gateway.WorkspaceRoots;
import dev.atlasgate.gateway.WriteSetup;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.Sha256;
import dev.atlasgate.plan.InMemoryPlanStore;
import dev.atlasgate.plan.PlanHash;
import dev.atlasgate.session.InMemorySessionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Governed writes against crashes, on every audit backend: a write interrupted at each step (after
 * staging, after its entry, after its rename, during the recovery at start) leaves, once the next
 * start has recovered, every file holding the content of its latest {@code ok} entry, the chain
 * valid and no staging file; writes to one path take effect in audit order.
 */
public abstract class WriteRecoveryContract {
  /** A plan whose scope is {@code docs/**}, with one phase {@code WRITE}. */
  public static final String PLAN =
      """
      {"plan_id": "DOCS_REFRESH", "version": 1, "title": "Refresh the docs",
       "objective": "Rewrite the guide.", "scope": {"allow": ["docs/**"]},
       "phases": [{"phase_id": "WRITE", "objective": "Write the guide."}],
       "verification": ["The guide reads well."]}
      """;

  @TempDir Path temp;
  private Path workspace;
  private AuditLog log;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
  private final InMemoryPlanStore plans = new InMemoryPlanStore();
  private final InMemorySessionStore sessions = new InMemorySessionStore(clock);
  private StagingJournal journal;
  private final PathLocks locks = PathLocks.inProcess();
  private final AtomicReference<Optional<CrashPoints.Point>> crashAt =
      new AtomicReference<>(Optional.empty());
  private String planHash;

  /** A fresh, empty log. */
  protected abstract AuditLog newLog();

  /** A new handle on the same log as the last {@link #newLog()}, as after a restart. */
  protected abstract AuditLog reopen();

  /**
   * The path locks of one more gateway instance on the same stores; by default this process's own,
   * which every instance in it shares.
   */
  protected PathLocks instanceLocks() {
    return locks;
  }

  /** The instance's staging journal, opened again on each start; in memory unless overridden. */
  protected StagingJournal openJournal() {
    return journal == null ? StagingJournal.inMemory() : journal;
  }

  /** What a dead process leaves: the call stops where it is, nothing cleaned up. */
  private static final class Crash extends Error {
    private static final long serialVersionUID = 1L;

    Crash(CrashPoints.Point point) {
      super("crashed at " + point, null, false, false);
    }
  }

  @BeforeEach
  void start() throws IOException {
    workspace = Files.createDirectories(temp.resolve("ws")).toRealPath();
    log = newLog();
    journal = openJournal();
    Gateway gateway = gateway();
    CallContext planner = context();
    begin(gateway, planner, "ANTIGRAVITY");
    JsonObject args = JsonObject.builder().put("plan", Json.parse(PLAN)).build();
    planHash = success(gateway.call(planner, "save_plan", args)).string("plan_hash").orElseThrow();
    new OperatorActions(plans, log, clock, "test")
        .approve(workspace, new PlanHash(planHash), "carol");
  }

  @AfterEach
  void stop() {
    log.close();
  }

  private Gateway gateway() {
    CrashPoints crash =
        point -> {
          if (crashAt.get().filter(point::equals).isPresent()) {
            crashAt.set(Optional.empty());
            throw new Crash(point);
          }
        };
    return gateway(crash);
  }

  private Gateway gateway(CrashPoints crash) {
    return gateway(locks, crash);
  }

  private Gateway gateway(PathLocks pathLocks, CrashPoints crash) {
    return new Gateway(
        gatewaySettings(),
        sessions,
        plans,
        log,
        clock,
        dev.atlasgate.gateway.CallObserver.NONE,
        Optional.empty(),
        new WriteSetup(pathLocks, journal, crash));
  }

  /** Closes the log and opens it again, and a new gateway on it that recovers first. */
  private Gateway restart() {
    log.close();
    log = reopen();
    journal = openJournal();
    Gateway gateway = gateway();
    gateway.recover();
    return gateway;
  }

  private static CallContext context() {
    return new CallContext(Principal.trusted("alice"), SessionBinding.inMemory());
  }

  private void begin(Gateway gateway, CallContext context, String role) {
    success(
        gateway.call(
            context,
            "begin_session",
            JsonObject.builder()
                .put("workspace_root", workspace.toString())
                .put("role", role)
                .build()));
  }

  private CallContext executor(Gateway gateway) {
    CallContext executor = context();
    begin(gateway, executor, "WINDSURF");
    return executor;
  }

  private JsonObject write(String path, String content) {
    return JsonObject.builder()
        .put("path", path)
        .put("content", content)
        .put("plan_hash", planHash)
        .put("phase_id", "WRITE")
        .put("intent", "Write the guide.")
        .build();
  }

  private static JsonObject success(ToolResult result) {
    assertThat(result).isInstanceOf(ToolResult.Success.class);
    return ((ToolResult.Success) result).structured();
  }

  private void crashingWrite(CrashPoints.Point point, String path, String content) {
    Gateway gateway = gateway();
    CallContext executor = executor(gateway);
    crashAt.set(Optional.of(point));
    assertThatThrownBy(() -> gateway.call(executor, "write_file", write(path, content)))
        .isInstanceOf(Crash.class);
  }

  @Test
  void crashAfterStaging_theWriteNeverHappened_andItsStagingFileIsRemoved() throws IOException {
    assertWriteAfterRestart(CrashPoints.Point.STAGED, "v1");
  }

  @Test
  void crashAfterTheEntry_theNextStartCompletesTheWrite() throws IOException {
    assertWriteAfterRestart(CrashPoints.Point.APPENDED, "v2");
  }

  @Test
  void crashAfterTheRename_theWriteStands() throws IOException {
    assertWriteAfterRestart(CrashPoints.Point.RENAMED, "v2");
  }

  /** Writes v1, crashes the write of v2 at {@code point}, restarts: the file holds {@code held}. */
  private void assertWriteAfterRestart(CrashPoints.Point point, String held) throws IOException {
    success(gateway().call(executor(gateway()), "write_file", write("docs/a.md", "v1")));
    crashingWrite(point, "docs/a.md", "v2");

    restart();

    assertThat(Files.readString(workspace.resolve("docs/a.md"))).isEqualTo(held);
    assertTrueToTheLog();
  }

  @Test
  void crashDuringRecovery_theNextStartRecoversAgain() throws IOException {
    crashingWrite(CrashPoints.Point.APPENDED, "docs/a.md", "a2");
    crashingWrite(CrashPoints.Point.APPENDED, "docs/b.md", "b2");
    crashingWrite(CrashPoints.Point.STAGED, "docs/c.md", "c2");
    crashAt.set(Optional.of(CrashPoints.Point.RECOVERING));
    assertThatThrownBy(this::restart).isInstanceOf(Crash.class);

    restart();

    assertThat(Files.readString(workspace.resolve("docs/a.md"))).isEqualTo("a2");
    assertThat(Files.readString(workspace.resolve("docs/b.md"))).isEqualTo("b2");
    assertThat(workspace.resolve("docs/c.md")).doesNotExist();
    assertTrueToTheLog();
  }

  @Test
  void anInterruptedWrite_replacedByALaterOne_isNotRolledForwardOverIt() throws IOException {
    crashingWrite(CrashPoints.Point.APPENDED, "docs/a.md", "old");
    // Another instance (or this one, were it still running) writes the path again.
    Gateway other = gateway();
    success(other.call(executor(other), "write_file", write("docs/a.md", "new")));

    restart();

    assertThat(Files.readString(workspace.resolve("docs/a.md"))).isEqualTo("new");
    assertTrueToTheLog();
  }

  @Test
  void aRenameThatKeepsFailing_isRecordedByASecondEntryNamingTheFirst_andLeavesNoStagingFile()
      throws IOException {
    Gateway gateway = gateway();
    CallContext executor = executor(gateway);
    success(gateway.call(executor, "write_file", write("docs/a.md", "v1")));
    Path target = workspace.resolve("docs/a.md");
    Gateway blocking =
        gateway(
            point -> {
              if (point == CrashPoints.Point.APPENDED) {
                replaceByADirectory(target);
              }
            });

    ToolResult result = blocking.call(executor, "write_file", write("docs/a.md", "v2"));

    assertThat(result).isInstanceOf(ToolResult.Refused.class);
    List<JsonObject> entries = entries();
    JsonObject failed = entries.getLast();
    JsonObject ok = entries.get(entries.size() - 2);
    assertThat(ok.string("result")).contains("ok");
    assertThat(failed.string("result")).contains("error");
    assertThat(failed.object("args").orElseThrow().get(Gateway.FAILED_SEQ))
        .contains(ok.get("seq").orElseThrow());
    assertThat(((ToolResult.Refused) result).message()).contains("entry " + seqOf(failed));
    assertThat(stagingFiles()).isEmpty();
    assertThat(verify().valid()).isTrue();
  }

  @Test
  void concurrentWritesToOnePath_takeEffectInAuditOrder_onTwoInstances() throws Exception {
    List<Gateway> instances =
        List.of(
            gateway(instanceLocks(), CrashPoints.NONE), gateway(instanceLocks(), CrashPoints.NONE));
    int threads = 8;
    int perThread = 15;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Callable<List<JsonObject>>> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Gateway gateway = instances.get(t % 2);
      CallContext executor = executor(gateway);
      writers.add(
          () -> {
            start.await(20, TimeUnit.SECONDS);
            List<JsonObject> results = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
              results.add(
                  success(
                      gateway.call(
                          executor, "write_file", write("docs/one.md", thread + "-" + i))));
            }
            return results;
          });
    }
    List<JsonObject> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (Future<List<JsonObject>> writer : pool.invokeAll(writers)) {
        results.addAll(writer.get(60, TimeUnit.SECONDS));
      }
    }

    results.sort((a, b) -> Long.compare(auditSeq(a), auditSeq(b)));
    for (int i = 1; i < results.size(); i++) {
      assertThat(results.get(i).get("sha256_before"))
          .as("the write of entry %d replaced that of the one before", auditSeq(results.get(i)))
          .isEqualTo(results.get(i - 1).get("sha256_after"));
    }
    assertTrueToTheLog();
  }

  private GatewaySettings gatewaySettings() {
    return new GatewaySettings(
        "test-instance",
        Optional.empty(),
        WorkspaceRoots.anyDirectory(),
        Duration.ofMinutes(10),
        1 << 20,
        100,
        Set.of());
  }

  private static void replaceByADirectory(Path target) {
    try {
      Files.delete(target);
      Files.createDirectories(target.resolve("blocker"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long auditSeq(JsonObject result) {
    return ((JsonNumber) result.get("audit_seq").orElseThrow()).value().longValueExact();
  }

  private static long seqOf(JsonObject entry) {
    return ((JsonNumber) entry.get("seq").orElseThrow()).value().longValueExact();
  }

  private List<JsonObject> entries() {
    try (Stream<StoredEntry> stored = log.entries(1)) {
      return stored.map(e -> ((StoredEntry.Readable) e).json()).toList();
    }
  }

  private Verification verify() {
    try (Stream<StoredEntry> stored = log.entries(1)) {
      return ChainVerifier.verify(stored);
    }
  }

  private List<Path> stagingFiles() throws IOException {
    try (Stream<Path> files = Files.walk(workspace)) {
      return files.filter(p -> p.getFileName().toString().startsWith(".atlas-gate-tmp-")).toList();
    }
  }

  /**
   * Every file holds its latest ok entry's content, the chain verifies, no staging file is left.
   */
  private void assertTrueToTheLog() throws IOException {
    Verification verification = verify();
    assertThat(verification.valid()).as("%s", verification).isTrue();
    assertThat(stagingFiles()).isEmpty();
    Map<String, String> latest = new HashMap<>();
    for (JsonObject entry : entries()) {
      if (entry.string("tool").filter("write_file"::equals).isPresent()
          && entry.string("result").filter("ok"::equals).isPresent()) {
        JsonObject args = entry.object("args").orElseThrow();
        latest.put(
            args.string("path").orElseThrow(),
            args.object("content").orElseThrow().string("sha256").orElseThrow());
      }
    }
    assertThat(latest).isNotEmpty();
    latest.forEach(
        (path, sha256) ->
            assertThat(Sha256.hex(readBytes(workspace.resolve(path))))
                .as("%s holds the content of its latest ok entry", path)
                .isEqualTo(sha256));
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

package dev.atlasgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.AuditHead;
import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.InMemoryAuditLog;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.InMemoryPlanStore;
import dev.atlasgate.plan.PlanHash;
import dev.atlasgate.session.InMemorySessionStore;
import dev.atlasgate.session.Role;
import dev.atlasgate.session.Session;
import dev.atlasgate.session.SessionId;
import dev.atlasgate.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The call pipeline of the governed core, on the in-memory stores. */
class GatewayTest {
  private static final String PLAN = dev.atlasgate.testing.WriteRecoveryContract.PLAN;

  @TempDir Path temp;
  private Path workspace;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final FaultyAuditLog audit = new FaultyAuditLog(new InMemoryAuditLog());
  private final InMemoryPlanStore plans = new InMemoryPlanStore();
  private final InMemorySessionStore sessions = new InMemorySessionStore(clock);

  @BeforeEach
  void setUp() throws Exception {
    workspace = Files.createDirectories(temp.resolve("ws")).toRealPath();
  }

  private Gateway gateway(Optional<Role> role, WorkspaceRoots roots) {
    GatewaySettings settings =
        new GatewaySettings(
            "test", role, roots, Duration.ofMinutes(10), 1024, 100, java.util.Set.of());
    return new Gateway(settings, sessions, plans, audit, clock);
  }

  private Gateway gateway() {
    return gateway(Optional.empty(), WorkspaceRoots.anyDirectory());
  }

  private static CallContext context(String principal) {
    return new CallContext(Principal.trusted(principal), SessionBinding.inMemory());
  }

  private static JsonObject args(String json) {
    return (JsonObject) Json.parse(json);
  }

  private JsonObject begin(Gateway gateway, CallContext context, Role role) {
    return success(
        gateway.call(
            context,
            "begin_session",
            JsonObject.builder()
                .put("workspace_root", workspace.toString())
                .put("role", role.name())
                .build()));
  }

  private static JsonObject success(ToolResult result) {
    assertThat(result).isInstanceOf(ToolResult.Success.class);
    return ((ToolResult.Success) result).structured();
  }

  private static ToolResult.Refused refused(ToolResult result, ErrorCode code) {
    assertThat(result).isInstanceOf(ToolResult.Refused.class);
    ToolResult.Refused refused = (ToolResult.Refused) result;
    assertThat(refused.code()).as(refused.message()).isEqualTo(code);
    return refused;
  }

  private List<JsonObject> entries() {
    try (Stream<StoredEntry> stored = audit.entries(1)) {
      return stored.map(e -> ((StoredEntry.Readable) e).json()).toList();
    }
  }

  private static String savePlan(Gateway gateway, CallContext planner) {
    JsonObject args = JsonObject.builder().put("plan", Json.parse(PLAN)).build();
    return success(gateway.call(planner, "save_plan", args)).string("plan_hash").orElseThrow();
  }

  private static JsonObject writeArgs(String planHash) {
    return JsonObject.builder()
        .put("path", "docs/guide.md")
        .put("content", "hello")
        .put("plan_hash", planHash)
        .put("phase_id", "WRITE")
        .put("intent", "Write the guide.")
        .build();
  }

  @Test
  void anArgumentBeyondTheDoubleRange_isInvalidArgument_andTheRefusalIsAudited() {
    Gateway gateway = gateway();
    CallContext context = context("alice");
    begin(gateway, context, Role.WINDSURF);
    JsonObject args =
        JsonObject.builder()
            .put("path", "docs/a.md")
            .put("offset", new dev.atlasgate.json.JsonNumber(new java.math.BigDecimal("1e400")))
            .build();

    ToolResult.Refused refused =
        refused(gateway.call(context, "read_file", args), ErrorCode.INVALID_ARGUMENT);

    assertThat(refused.message()).contains("arguments.offset");
    JsonObject entry = entries().getLast();
    assertThat(entry.string("tool")).contains("read_file");
    assertThat(entry.string("error_code")).contains("INVALID_ARGUMENT");
    assertThat(entry.object("args").orElseThrow().string("offset"))
        .contains(dev.atlasgate.audit.Redaction.BEYOND_DOUBLE);
    assertThat(entry.string("session_id")).isPresent();
  }

  @Test
  void anyToolBeforeBeginSession_isRefusedAndAudited() {
    refused(
        gateway().call(context("alice"), "list_files", JsonObject.EMPTY),
        ErrorCode.SESSION_REQUIRED);
    JsonObject entry = entries().getFirst();
    assertThat(entry.string("tool")).contains("list_files");
    assertThat(entry.string("result")).contains("error");
    assertThat(entry.string("error_code")).contains("SESSION_REQUIRED");
  }

  @Test
  void beginSession_badWorkspaces_areWorkspaceInvalid() throws Exception {
    Gateway gateway = gateway();
    CallContext context = context("alice");
    for (String root :
        List.of(
            "relative/dir",
            temp.resolve("missing").toString(),
            Files.writeString(temp.resolve("file"), "x").toString())) {
      ToolResult.Refused refused =
          refused(
              gateway.call(
                  context,
                  "begin_session",
                  JsonObject.builder().put("workspace_root", root).put("role", "WINDSURF").build()),
              ErrorCode.WORKSPACE_INVALID);
      assertThat(refused.message()).contains(root);
    }
  }

  @Test
  void beginSession_outsideAllowedRoots_isWorkspaceInvalid() throws Exception {
    Path allowed = Files.createDirectories(temp.resolve("allowed"));
    Gateway gateway = gateway(Optional.empty(), WorkspaceRoots.only(List.of(allowed)));
    refused(
        gateway.call(
            context("alice"),
            "begin_session",
            JsonObject.builder()
                .put("workspace_root", workspace.toString())
                .put("role", "WINDSURF")
                .build()),
        ErrorCode.WORKSPACE_INVALID);
    Path inside = Files.createDirectories(allowed.resolve("project"));
    success(
        gateway.call(
            context("alice"),
            "begin_session",
            JsonObject.builder()
                .put("workspace_root", inside.toString())
                .put("role", "WINDSURF")
                .build()));
  }

  @Test
  void beginSession_roleRules() {
    JsonObject noRole = JsonObject.builder().put("workspace_root", workspace.toString()).build();
    refused(gateway().call(context("alice"), "begin_session", noRole), ErrorCode.INVALID_ARGUMENT);
    Gateway executorOnly = gateway(Optional.of(Role.WINDSURF), WorkspaceRoots.anyDirectory());
    refused(
        executorOnly.call(
            context("alice"), "begin_session", noRole.with("role", Json.of("ANTIGRAVITY"))),
        ErrorCode.ROLE_FORBIDDEN);
    assertThat(success(executorOnly.call(context("alice"), "begin_session", noRole)).string("role"))
        .contains("WINDSURF");
    CallContext plannerOnly =
        new CallContext(
            Principal.agent("bob", EnumSet.of(Role.ANTIGRAVITY)), SessionBinding.inMemory());
    refused(
        gateway().call(plannerOnly, "begin_session", noRole.with("role", Json.of("WINDSURF"))),
        ErrorCode.ROLE_FORBIDDEN);
  }

  @Test
  void secondBeginSession_isAlreadyActive_untilTheSessionExpires() {
    Gateway gateway = gateway();
    CallContext context = context("alice");
    begin(gateway, context, Role.WINDSURF);
    refused(
        gateway.call(
            context,
            "begin_session",
            JsonObject.builder()
                .put("workspace_root", workspace.toString())
                .put("role", "WINDSURF")
                .build()),
        ErrorCode.SESSION_ALREADY_ACTIVE);
    clock.advance(Duration.ofMinutes(11));
    refused(gateway.call(context, "list_files", JsonObject.EMPTY), ErrorCode.SESSION_EXPIRED);
    begin(gateway, context, Role.WINDSURF);
  }

  @Test
  void activity_keepsTheSessionAlive() {
    Gateway gateway = gateway();
    CallContext context = context("alice");
    begin(gateway, context, Role.WINDSURF);
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofMinutes(9));
      success(gateway.call(context, "list_files", JsonObject.EMPTY));
    }
  }

  @Test
  void activityWithinTheSlack_writesNothing_andTheSessionExpiresAtMostTheSlackEarly() {
    Gateway gateway = gateway();
    CallContext context = context("alice");
    SessionId id = new SessionId(begin(gateway, context, Role.WINDSURF).string("session_id").get());
    Session begun = sessions.find(id).orElseThrow();
    Duration slack = Duration.ofSeconds(30); // 10 min / 20
    clock.advance(slack.minusSeconds(1));
    success(gateway.call(context, "list_files", JsonObject.EMPTY));
    assertThat(sessions.find(id)).as("not renewed within the slack").contains(begun);
    clock.advance(Duration.ofMinutes(10).minus(slack).plusSeconds(1));
    refused(gateway.call(context, "list_files", JsonObject.EMPTY), ErrorCode.SESSION_EXPIRED);
  }

  @Test
  void activityAfterTheSlack_renewsTheSessionForAWholeTtl() {
    Gateway gateway = gateway();
    CallContext context = context("alice");
    SessionId id = new SessionId(begin(gateway, context, Role.WINDSURF).string("session_id").get());
    clock.advance(Duration.ofSeconds(30));
    success(gateway.call(context, "list_files", JsonObject.EMPTY));
    assertThat(sessions.find(id).map(Session::expiresAt))
        .contains(clock.instant().plus(Duration.ofMinutes(10)));
    clock.advance(Duration.ofMinutes(10).minusMillis(1));
    success(gateway.call(context, "list_files", JsonObject.EMPTY));
  }

  @Test
  void aBindingSnapshot_isUsedInsteadOfTheStore_andForgottenWhenTheSessionEnds() {
    Gateway gateway = gateway();
    SessionId id =
        new SessionId(begin(gateway, context("alice"), Role.WINDSURF).string("session_id").get());
    Session stored = sessions.find(id).orElseThrow();
    Session snapshot =
        new Session(
            id,
            Role.ANTIGRAVITY,
            stored.workspaceRoot(),
            "alice",
            stored.createdAt(),
            stored.lastActivity(),
            stored.expiresAt());
    SessionBinding binding = snapshotBinding(snapshot);
    CallContext context = new CallContext(Principal.trusted("alice"), binding);
    assertThat(gateway.boundRole(binding))
        .as("the snapshot's, not the store's")
        .contains(Role.ANTIGRAVITY);
    success(gateway.call(context, "end_session", JsonObject.EMPTY));
    assertThat(binding.snapshot()).isEmpty();
    assertThat(gateway.boundRole(binding)).isEmpty();
    refused(gateway.call(context, "list_files", JsonObject.EMPTY), ErrorCode.SESSION_EXPIRED);
  }

  /** A binding to {@code session} whose transport read it with the binding, as HTTP's does. */
  private static SessionBinding snapshotBinding(Session session) {
    java.util.concurrent.atomic.AtomicReference<Optional<Session>> seen =
        new java.util.concurrent.atomic.AtomicReference<>(Optional.of(session));
    return new SessionBinding() {
      @Override
      public Optional<SessionId> current() {
        return Optional.of(session.id());
      }

      @Override
      public void bind(SessionId id) {
        throw new AssertionError("not bound again");
      }

      @Override
      public Optional<Session> snapshot() {
        return seen.get();
      }

      @Override
      public void ended(SessionId id) {
        seen.set(Optional.empty());
      }
    };
  }

  @Test
  void aRevocationThroughOneInstance_stopsWritesOnAnother_onceItHasAnswered() throws Exception {
    Gateway first = gateway();
    Gateway second = gateway();
    CallContext planner = context("alice");
    begin(first, planner, Role.ANTIGRAVITY);
    String hash = savePlan(first, planner);
    OperatorActions operator = new OperatorActions(plans, audit, clock, "test");
    operator.approve(workspace, PlanHash.parse(hash).orElseThrow(), "operator");
    CallContext executor = context("bob");
    begin(second, executor, Role.WINDSURF);
    success(second.call(executor, "write_file", writeArgs(hash)));

    operator.revoke(workspace, PlanHash.parse(hash).orElseThrow(), "operator");

    refused(second.call(executor, "write_file", writeArgs(hash)), ErrorCode.PLAN_NOT_APPROVED);
  }

  @Test
  void explicitSessionId_ofAnotherPrincipal_isRefused() {
    Gateway gateway = gateway();
    String id = begin(gateway, context("alice"), Role.WINDSURF).string("session_id").orElseThrow();
    refused(
        gateway.call(
            context("mallory"), "list_files", JsonObject.builder().put("session_id", id).build()),
        ErrorCode.SESSION_EXPIRED);
    success(
        gateway.call(
            context("alice"), "list_files", JsonObject.builder().put("session_id", id).build()));
  }

  @Test
  void otherRolesTool_isRoleForbidden_andNotListed() {
    Gateway gateway = gateway();
    CallContext planner = context("alice");
    begin(gateway, planner, Role.ANTIGRAVITY);
    refused(
        gateway.call(
            planner,
            "write_file",
            args(
                "{\"path\":\"docs/a.md\",\"content\":\"x\",\"plan_hash\":\""
                    + "0".repeat(64)
                    + "\",\"phase_id\":\"WRITE\",\"intent\":\"x\"}")),
        ErrorCode.ROLE_FORBIDDEN);
    assertThat(gateway.tools(Optional.of(Role.ANTIGRAVITY)))
        .extracting(ToolDescriptor::name)
        .contains("save_plan")
        .doesNotContain("write_file");
    assertThat(gateway.tools(Optional.of(Role.WINDSURF)))
        .extracting(ToolDescriptor::name)
        .contains("write_file")
        .doesNotContain("save_plan", "lint_plan");
  }

  @Test
  void invalidArguments_nameTheField() {
    Gateway gateway = gateway();
    CallContext context = context("alice");
    begin(gateway, context, Role.WINDSURF);
    assertThat(
            refused(
                    gateway.call(context, "read_file", JsonObject.EMPTY),
                    ErrorCode.INVALID_ARGUMENT)
                .message())
        .isEqualTo("arguments.path is required");
    assertThat(
            refused(
                    gateway.call(context, "read_file", args("{\"path\":\"a\",\"colour\":1}")),
                    ErrorCode.INVALID_ARGUMENT)
                .message())
        .contains("arguments.colour is not a known field");
    assertThat(
            refused(
                    gateway.call(context, "read_file", args("{\"path\":\"a\",\"offset\":-1}")),
                    ErrorCode.INVALID_ARGUMENT)
                .message())
        .contains("arguments.offset must be at least 0");
  }

  @Test
  void unknownTool_isReportedAndAudited() {
    assertThat(gateway().call(context("alice"), "rm_rf", JsonObject.EMPTY))
        .isEqualTo(new ToolResult.UnknownTool("rm_rf"));
    assertThat(entries().getFirst().string("tool")).contains("rm_rf");
  }

  @Test
  void writeFile_approvedPlan_writesAfterItsEntry_andRefusalsAreNamed() throws Exception {
    Gateway gateway = gateway();
    CallContext planner = context("alice");
    begin(gateway, planner, Role.ANTIGRAVITY);
    String hash = savePlan(gateway, planner);
    CallContext executor = context("alice");
    begin(gateway, executor, Role.WINDSURF);
    JsonObject write = writeArgs(hash);
    refused(gateway.call(executor, "write_file", write), ErrorCode.PLAN_NOT_APPROVED);

    new OperatorActions(plans, audit, clock, "test")
        .approve(workspace, new PlanHash(hash), "carol");
    JsonObject result = success(gateway.call(executor, "write_file", write));
    assertThat(Files.readString(workspace.resolve("docs/guide.md"))).isEqualTo("hello");
    long seq =
        result
            .get("audit_seq")
            .map(j -> ((dev.atlasgate.json.JsonNumber) j).value().longValue())
            .orElseThrow();
    JsonObject entry = entries().get((int) seq - 1);
    assertThat(entry.string("tool")).contains("write_file");
    assertThat(entry.string("plan_hash")).contains(hash);
    assertThat(entry.string("phase_id")).contains("WRITE");
    assertThat(entry.object("args").orElseThrow().object("content").orElseThrow().has("sha256"))
        .isTrue();

    refused(
        gateway.call(executor, "write_file", write.with("path", Json.of("src/app.java"))),
        ErrorCode.PATH_NOT_IN_PLAN_SCOPE);
    refused(
        gateway.call(executor, "write_file", write.with("phase_id", Json.of("SHIP"))),
        ErrorCode.PHASE_NOT_IN_PLAN);
    refused(
        gateway.call(executor, "write_file", write.with("plan_hash", Json.of("a".repeat(64)))),
        ErrorCode.PLAN_NOT_FOUND);
    refused(
        gateway.call(executor, "write_file", write.with("path", Json.of("../out.md"))),
        ErrorCode.PATH_OUTSIDE_WORKSPACE);
    refused(
        gateway.call(
            executor, "write_file", write.with("path", Json.of(".atlas-gate/plans/x.json"))),
        ErrorCode.PATH_PROTECTED);
    refused(
        gateway.call(executor, "write_file", write.with("content", Json.of("x".repeat(2000)))),
        ErrorCode.FILE_TOO_LARGE);
  }

  @Test
  void auditUnavailable_failsClosed_nothingIsWritten() throws Exception {
    Gateway gateway = gateway();
    CallContext planner = context("alice");
    begin(gateway, planner, Role.ANTIGRAVITY);
    String hash = savePlan(gateway, planner);
    new OperatorActions(plans, audit, clock, "test")
        .approve(workspace, new PlanHash(hash), "carol");
    CallContext executor = context("alice");
    begin(gateway, executor, Role.WINDSURF);
    AuditHead before = audit.head();

    audit.failing.set(true);
    JsonObject write = writeArgs(hash);
    refused(gateway.call(executor, "write_file", write), ErrorCode.AUDIT_UNAVAILABLE);
    refused(
        gateway.call(executor, "read_file", args("{\"path\":\"x\"}")), ErrorCode.AUDIT_UNAVAILABLE);
    assertThat(Files.exists(workspace.resolve("docs/guide.md"))).isFalse();
    try (Stream<Path> files = Files.walk(workspace)) {
      assertThat(files.filter(p -> p.getFileName().toString().startsWith(".atlas-gate-tmp")))
          .isEmpty();
    }
    assertThat(audit.head()).isEqualTo(before);

    audit.failing.set(false);
    success(gateway.call(executor, "write_file", write));
    assertThat(Files.readString(workspace.resolve("docs/guide.md"))).isEqualTo("hello");
  }

  /** A real in-memory log with a switch that makes appends fail, as a full disk would. */
  private static final class FaultyAuditLog implements AuditLog {
    final AtomicBoolean failing = new AtomicBoolean();
    private final AuditLog delegate;

    FaultyAuditLog(AuditLog delegate) {
      this.delegate = delegate;
    }

    @Override
    public AuditEntry append(AuditEvent event) {
      if (failing.get()) {
        throw new GateException(
            ErrorCode.AUDIT_UNAVAILABLE, "audit log unavailable: injected fault");
      }
      return delegate.append(event);
    }

    @Override
    public AuditHead head() {
      return delegate.head();
    }

    @Override
    public Stream<StoredEntry> entries(long fromSeq) {
      return delegate.entries(fromSeq);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}

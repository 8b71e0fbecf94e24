package dev.atlasgate.gateway;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.AuditOutcomeUnknown;
import dev.atlasgate.audit.Redaction;
import dev.atlasgate.audit.checkpoint.Checkpointer;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.session.Renewal;
import dev.atlasgate.session.Role;
import dev.atlasgate.session.Session;
import dev.atlasgate.session.SessionId;
import dev.atlasgate.session.SessionStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The governed core: every tool call passes here, is checked against session, role and plan, and is
 * recorded in the audit chain before it takes effect.
 *
 * <p>Order of a call: session → role → arguments → the tool's own checks (prepare) → durable audit
 * entry → effect. A refusal at any step is recorded too; when the entry cannot be recorded, the
 * call does not happen and answers {@code AUDIT_UNAVAILABLE}.
 */
public final class Gateway {
  private static final int MAX_AUDITED_TOOL_NAME = 128;

  /** Tries of an effect whose entry is durable before its failure is recorded. */
  private static final int COMMIT_ATTEMPTS = 3;

  /** The member of a failure entry's args that names the entry of the call that failed. */
  public static final String FAILED_SEQ = "failed_seq";

  private final GatewaySettings settings;
  private final LiveSessions sessions;
  private final AuditLog audit;
  private final Clock clock;
  private final CallObserver observer;
  private final WriteSetup writes;
  private final Map<String, Tool> tools = new LinkedHashMap<>();

  /** A gateway on the given stores with nothing observing it, no checkpoints, in-process writes. */
  public Gateway(
      GatewaySettings settings,
      SessionStore sessions,
      PlanStore plans,
      AuditLog audit,
      Clock clock) {
    this(
        settings,
        sessions,
        plans,
        audit,
        clock,
        CallObserver.NONE,
        Optional.empty(),
        WriteSetup.inProcess());
  }

  /**
   * A gateway observed by {@code observer}, whose audit tools also report {@code checkpoints}'
   * signed checkpoints and proofs, and whose writes use {@code writes}' path locks, staging journal
   * and crash points.
   */
  public Gateway(
      GatewaySettings settings,
      SessionStore sessions,
      PlanStore plans,
      AuditLog audit,
      Clock clock,
      CallObserver observer,
      Optional<Checkpointer> checkpoints,
      WriteSetup writes) {
    this.writes = requireNonNull(writes, "writes is null");
    this.observer = requireNonNull(observer, "observer is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.sessions =
        new LiveSessions(
            requireNonNull(sessions, "sessions is null"), new Renewal(settings.sessionTtl()));
    this.audit = requireNonNull(audit, "audit is null");
    this.clock = requireNonNull(clock, "clock is null");
    requireNonNull(checkpoints, "checkpoints is null");
    for (Tool tool :
        Tools.all(
            settings,
            this.sessions,
            sessions,
            requireNonNull(plans, "plans is null"),
            audit,
            checkpoints,
            writes)) {
      tools.put(tool.descriptor().name(), tool);
    }
  }

  public GatewaySettings settings() {
    return settings;
  }

  /**
   * Completes every write of this instance whose entry is durable and removes every staging file of
   * its without one (roll forward); run at start, before any call is served.
   */
  public WriteRecovery.Report recover() {
    return new WriteRecovery(audit, writes, settings.protectedPaths(), settings.instance()).run();
  }

  /**
   * The tools a caller in {@code role} may use; with no role yet, those of the instance's role, or
   * every tool when the instance serves both roles.
   */
  public List<ToolDescriptor> tools(Optional<Role> role) {
    Optional<Role> effective = role.or(settings::instanceRole);
    return tools.values().stream()
        .map(Tool::descriptor)
        .filter(d -> effective.map(r -> d.roles().contains(r)).orElse(true))
        .toList();
  }

  /** The role of the session bound to {@code binding}, if one is bound and live. */
  public Optional<Role> boundRole(SessionBinding binding) {
    return sessions.bound(binding).map(Session::role);
  }

  /** Calls {@code name} with {@code args} on behalf of the caller in {@code context}. */
  public ToolResult call(CallContext context, String name, JsonObject args) {
    requireNonNull(context, "context is null");
    requireNonNull(name, "name is null");
    requireNonNull(args, "args is null");
    long start = System.nanoTime();
    ToolResult result = dispatch(context, name, args);
    Optional<ErrorCode> error =
        switch (result) {
          case ToolResult.Success s -> Optional.empty();
          case ToolResult.Refused r -> Optional.of(r.code());
          case ToolResult.UnknownTool u -> Optional.of(ErrorCode.INVALID_ARGUMENT);
        };
    // A name the gateway does not know is reported as such: callers choose names, not series.
    String known = tools.containsKey(name) ? name : CallObserver.UNKNOWN_TOOL;
    observer.called(known, error, java.time.Duration.ofNanos(System.nanoTime() - start));
    return result;
  }

  private ToolResult dispatch(CallContext context, String name, JsonObject args) {
    CallRecord call = new CallRecord(name, args, clock.instant(), System.nanoTime());
    Tool tool = tools.get(name);
    if (tool == null) {
      recordRefusal(context, call, ErrorCode.INVALID_ARGUMENT);
      return new ToolResult.UnknownTool(name);
    }
    try {
      call.session = resolveSession(context, tool.descriptor(), args, call.start);
      call.session.ifPresent(s -> checkRole(tool.descriptor(), s));
      validate(tool.descriptor(), args);
      Tool.Prepared prepared =
          tool.prepare(new Tool.Invocation(call.session, args, context, call.start));
      return complete(context, call, prepared);
    } catch (GateException e) {
      return refuse(context, call, e);
    } catch (RuntimeException e) {
      return fail(context, call, e);
    }
  }

  private ToolResult complete(CallContext context, CallRecord call, Tool.Prepared prepared) {
    prepared.session().ifPresent(s -> call.session = Optional.of(s));
    call.planHash = prepared.planHash().or(() -> call.planHash);
    call.phaseId = prepared.phaseId().or(() -> call.phaseId);
    Tool.Effect effect = prepared.effect();
    call.effect = effect;
    try {
      AuditEntry entry = appendOrAbort(context, call, effect);
      writes.crashPoints().reached(CrashPoints.Point.APPENDED);
      Optional<ToolResult> failed = commitOrRecord(context, call, effect, entry);
      if (failed.isPresent()) {
        return failed.get();
      }
      writes.crashPoints().reached(CrashPoints.Point.RENAMED);
      JsonObject result = prepared.result().apply(entry);
      return new ToolResult.Success(result, prepared.text().orElseGet(result::write));
    } finally {
      effect.release();
    }
  }

  /**
   * Appends the call's entry; the effect is dropped when the entry is not in the log, and kept for
   * the next start to settle when that cannot be known.
   */
  private AuditEntry appendOrAbort(CallContext context, CallRecord call, Tool.Effect effect) {
    try {
      effect.beforeAppend();
      writes.crashPoints().reached(CrashPoints.Point.STAGED);
      return audit.append(call.event(context, settings.instance(), Optional.empty()));
    } catch (AuditOutcomeUnknown e) {
      throw e;
    } catch (RuntimeException e) {
      effect.abort();
      throw e;
    }
  }

  /**
   * Commits the effect, trying again when it fails; if it still fails, a second entry records the
   * failure and names the first, and the effect is dropped. When even that entry cannot be
   * appended, the effect stays for the next start to complete, as the first entry says it happened.
   */
  private Optional<ToolResult> commitOrRecord(
      CallContext context, CallRecord call, Tool.Effect effect, AuditEntry entry) {
    @Nullable GateException failure = null;
    for (int attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
      try {
        effect.commit();
        return Optional.empty();
      } catch (GateException e) {
        failure = e;
      }
    }
    requireNonNull(failure, "no commit attempt was made");
    AuditEvent failed =
        call.event(context, settings.instance(), Optional.of(ErrorCode.INTERNAL_ERROR))
            .withArgs(a -> a.with(FAILED_SEQ, Json.of(entry.seq())));
    AuditEntry record;
    try {
      record = audit.append(failed);
    } catch (GateException e) {
      return Optional.of(
          ToolResult.Refused.of(
              ErrorCode.AUDIT_UNAVAILABLE,
              "the call's entry (seq "
                  + entry.seq()
                  + ") is recorded but its effect failed, and the failure cannot be recorded: the"
                  + " effect is completed at the next start",
              JsonObject.EMPTY));
    }
    effect.abort();
    return Optional.of(
        ToolResult.Refused.of(
            failure.code(),
            failure.getMessage()
                + "; entry "
                + record.seq()
                + " records that the call of entry "
                + entry.seq()
                + " failed",
            JsonObject.EMPTY));
  }

  private ToolResult refuse(CallContext context, CallRecord call, GateException e) {
    if (e.code() == ErrorCode.AUDIT_UNAVAILABLE) {
      return refusal(e);
    }
    Optional<ToolResult> auditFailure = recordRefusal(context, call, e.code());
    return auditFailure.orElseGet(() -> refusal(e));
  }

  private ToolResult fail(CallContext context, CallRecord call, RuntimeException e) {
    Optional<ToolResult> auditFailure = recordRefusal(context, call, ErrorCode.INTERNAL_ERROR);
    return auditFailure.orElseGet(() -> ToolResult.Refused.fault(ErrorCode.INTERNAL_ERROR, e));
  }

  /** The refusal the caller sees: a server fault's text (paths, causes) stays in the log. */
  private static ToolResult.Refused refusal(GateException e) {
    return ToolResult.Refused.isFault(e.code())
        ? ToolResult.Refused.fault(e.code(), e)
        : ToolResult.Refused.of(e.code(), e.getMessage(), e.details());
  }

  /** Records a refused call; answers AUDIT_UNAVAILABLE when even that cannot be recorded. */
  private Optional<ToolResult> recordRefusal(CallContext context, CallRecord call, ErrorCode code) {
    try {
      audit.append(call.event(context, settings.instance(), Optional.of(code)));
      return Optional.empty();
    } catch (GateException e) {
      return Optional.of(refusal(e));
    }
  }

  private Optional<Session> resolveSession(
      CallContext context, ToolDescriptor tool, JsonObject args, Instant now) {
    if (tool.name().equals(Tools.BEGIN_SESSION)) {
      return Optional.empty();
    }
    Optional<String> explicit =
        tool.sessionIdIsFilter() ? Optional.empty() : args.string("session_id");
    Optional<SessionId> id = explicit.map(Gateway::parseSessionId).or(context.binding()::current);
    if (id.isEmpty()) {
      throw new GateException(
          ErrorCode.SESSION_REQUIRED,
          tool.name() + " needs a session: call begin_session with a workspace_root first");
    }
    Session session =
        sessions
            .find(context.binding(), id.get())
            .filter(s -> s.principal().equals(context.principal().name()))
            .orElseThrow(
                () ->
                    new GateException(
                        ErrorCode.SESSION_EXPIRED,
                        "session "
                            + id.get()
                            + " is unknown or expired; call begin_session again"));
    return Optional.of(sessions.renewed(session, now));
  }

  private static SessionId parseSessionId(String value) {
    if (!SessionId.isValid(value)) {
      throw new GateException(
          ErrorCode.SESSION_EXPIRED, "session " + value + " is unknown or expired");
    }
    return new SessionId(value);
  }

  private static void checkRole(ToolDescriptor tool, Session session) {
    if (!tool.roles().contains(session.role())) {
      throw new GateException(
          ErrorCode.ROLE_FORBIDDEN,
          tool.name()
              + " is not a tool of role "
              + session.role()
              + "; it belongs to "
              + tool.roles().stream().map(Role::name).sorted().toList());
    }
  }

  private static void validate(ToolDescriptor tool, JsonObject args) {
    CanonicalArguments.firstViolation(args)
        .or(() -> SchemaValidator.firstViolation(tool.inputSchema(), args, "arguments"))
        .ifPresent(
            message -> {
              throw new GateException(ErrorCode.INVALID_ARGUMENT, message);
            });
  }

  /** The facts of one call as they become known, for its audit entry. */
  private static final class CallRecord {
    final String tool;
    final JsonObject args;
    final Instant start;
    final long startNanos;
    Optional<Session> session = Optional.empty();
    Optional<String> planHash = Optional.empty();
    Optional<String> phaseId = Optional.empty();
    Tool.Effect effect = Tool.Effect.NONE;

    CallRecord(String tool, JsonObject args, Instant start, long startNanos) {
      this.tool =
          tool.length() > MAX_AUDITED_TOOL_NAME ? tool.substring(0, MAX_AUDITED_TOOL_NAME) : tool;
      this.args = args;
      this.start = start;
      this.startNanos = startNanos;
      // Refused calls name the plan and phase they tried to use, as successful ones do.
      this.planHash = args.string("plan_hash");
      this.phaseId = args.string("phase_id");
    }

    AuditEvent event(CallContext context, String instance, Optional<ErrorCode> error) {
      long durationMs = (System.nanoTime() - startNanos) / 1_000_000;
      return new AuditEvent(
          start,
          instance,
          session.map(s -> s.id().value()),
          Optional.of(context.principal().name()),
          session.map(s -> s.role().name()),
          tool,
          session.map(s -> s.workspaceRoot().toString()),
          planHash,
          phaseId,
          effect.recorded(Redaction.redact(tool, args)),
          error.isEmpty(),
          error.map(Enum::name),
          durationMs);
    }
  }
}

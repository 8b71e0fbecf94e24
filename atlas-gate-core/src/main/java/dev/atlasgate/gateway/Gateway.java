package dev.atlasgate.gateway;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.Redaction;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.PlanStore;
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
import java.util.UUID;

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

  private final GatewaySettings settings;
  private final SessionStore sessions;
  private final AuditLog audit;
  private final Clock clock;
  private final CallObserver observer;
  private final Map<String, Tool> tools = new LinkedHashMap<>();

  public Gateway(
      GatewaySettings settings,
      SessionStore sessions,
      PlanStore plans,
      AuditLog audit,
      Clock clock) {
    this(settings, sessions, plans, audit, clock, CallObserver.NONE);
  }

  public Gateway(
      GatewaySettings settings,
      SessionStore sessions,
      PlanStore plans,
      AuditLog audit,
      Clock clock,
      CallObserver observer) {
    this.observer = requireNonNull(observer, "observer is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.sessions = requireNonNull(sessions, "sessions is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.clock = requireNonNull(clock, "clock is null");
    for (Tool tool : Tools.all(settings, sessions, requireNonNull(plans, "plans is null"), audit)) {
      tools.put(tool.descriptor().name(), tool);
    }
  }

  public GatewaySettings settings() {
    return settings;
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
    return binding.current().flatMap(this::findSession).map(Session::role);
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
    observer.called(name, error, java.time.Duration.ofNanos(System.nanoTime() - start));
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
    AuditEntry entry;
    try {
      entry = audit.append(call.event(context, settings.instance(), Optional.empty()));
    } catch (RuntimeException e) {
      prepared.effect().abort();
      throw e;
    }
    try {
      prepared.effect().commit();
    } catch (GateException e) {
      // The entry above says the call was allowed; a second entry records that it failed.
      return refuse(context, call, e);
    }
    JsonObject result = prepared.result().apply(entry);
    return new ToolResult.Success(result, prepared.text().orElseGet(result::write));
  }

  private ToolResult refuse(CallContext context, CallRecord call, GateException e) {
    if (e.code() == ErrorCode.AUDIT_UNAVAILABLE) {
      return ToolResult.Refused.of(e.code(), e.getMessage(), e.details());
    }
    Optional<ToolResult> auditFailure = recordRefusal(context, call, e.code());
    return auditFailure.orElseGet(
        () -> ToolResult.Refused.of(e.code(), e.getMessage(), e.details()));
  }

  private ToolResult fail(CallContext context, CallRecord call, RuntimeException e) {
    String correlationId = UUID.randomUUID().toString();
    Optional<ToolResult> auditFailure = recordRefusal(context, call, ErrorCode.INTERNAL_ERROR);
    return auditFailure.orElseGet(
        () ->
            new ToolResult.Refused(
                ErrorCode.INTERNAL_ERROR,
                "internal error; correlation id " + correlationId,
                JsonObject.EMPTY,
                Optional.of(correlationId),
                Optional.of(e)));
  }

  /** Records a refused call; answers AUDIT_UNAVAILABLE when even that cannot be recorded. */
  private Optional<ToolResult> recordRefusal(CallContext context, CallRecord call, ErrorCode code) {
    try {
      audit.append(call.event(context, settings.instance(), Optional.of(code)));
      return Optional.empty();
    } catch (GateException e) {
      return Optional.of(ToolResult.Refused.of(e.code(), e.getMessage(), e.details()));
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
        findSession(id.get())
            .filter(s -> s.principal().equals(context.principal().name()))
            .orElseThrow(
                () ->
                    new GateException(
                        ErrorCode.SESSION_EXPIRED,
                        "session "
                            + id.get()
                            + " is unknown or expired; call begin_session again"));
    Session touched = session.touched(now, settings.sessionTtl());
    sessions.save(touched);
    return Optional.of(touched);
  }

  private Optional<Session> findSession(SessionId id) {
    return sessions.find(id);
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
    SchemaValidator.firstViolation(tool.inputSchema(), args, "arguments")
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
          Redaction.redact(tool, args),
          error.isEmpty(),
          error.map(Enum::name),
          durationMs);
    }
  }
}

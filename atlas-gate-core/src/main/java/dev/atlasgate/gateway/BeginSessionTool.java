package dev.atlasgate.gateway;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.session.Role;
import dev.atlasgate.session.Session;
import dev.atlasgate.session.SessionId;
import dev.atlasgate.session.SessionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** {@code begin_session}: binds the caller to one workspace in one role. */
record BeginSessionTool(
    GatewaySettings settings, LiveSessions live, SessionStore sessions, Workspaces workspaces)
    implements ToolHandler<BeginSessionTool.Args> {

  /** The arguments of a new session. */
  record Args(String workspaceRoot, Optional<Role> role) {}

  static final ToolDeclaration<Args> DECLARATION =
      ToolDeclaration.of(
              Tools.BEGIN_SESSION,
              "Begin session",
              "Binds this connection to one workspace in one role. Must be the first call; every"
                  + " other tool answers SESSION_REQUIRED before it.",
              Tools.BOTH,
              Arguments.of(
                  Arg.string(
                      "workspace_root",
                      PropertySchema.string()
                          .minLength(1)
                          .maxLength(4096)
                          .describe("Absolute path of an existing directory the operator allows.")),
                  Arg.optionalEnum(
                      "role",
                      Role.class,
                      Optional.of("The role to act in; required when the gateway serves both.")),
                  Args::new),
              """
              {"type": "object", "additionalProperties": false,
               "required": ["session_id", "role", "workspace_root", "expires_at"],
               "properties": {
                 "session_id": {"type": "string"},
                 "role": {"type": "string", "enum": ["ANTIGRAVITY", "WINDSURF"]},
                 "workspace_root": {"type": "string"},
                 "expires_at": {"type": "string", "format": "date-time"}
               }}
              """)
          .session(ToolDeclaration.SessionUse.NONE);

  @Override
  public Tool.Prepared prepare(Call<Args> call) {
    CallContext context = call.context();
    Optional<Session> active = live.bound(context.binding());
    if (active.isPresent()) {
      throw new GateException(
          ErrorCode.SESSION_ALREADY_ACTIVE,
          "this connection is already bound to session "
              + active.get().id()
              + " ("
              + active.get().role()
              + " in "
              + active.get().workspaceRoot()
              + ")");
    }
    Role role = chooseRole(call.args().role(), context.principal());
    Path root = workspace(call.args().workspaceRoot());
    if (!context.principal().mayBind(root)) {
      throw new GateException(
          ErrorCode.WORKSPACE_INVALID,
          "principal " + context.principal().name() + " may not bind workspace " + root);
    }
    Session session =
        Session.start(
            SessionId.random(),
            role,
            root,
            context.principal().name(),
            call.now(),
            settings.sessionTtl());
    JsonObject result =
        JsonObject.builder()
            .put("session_id", session.id().value())
            .put("role", role.name())
            .put("workspace_root", root.toString())
            .put("expires_at", session.expiresAt().truncatedTo(ChronoUnit.MILLIS).toString())
            .build();
    return new Tool.Prepared(
        Optional.of(session),
        Optional.empty(),
        Optional.empty(),
        Tool.Effect.of(
            () -> {
              sessions.save(session);
              context.binding().bind(session.id());
            }),
        entry -> result,
        Optional.empty());
  }

  private Role chooseRole(Optional<Role> asked, Principal principal) {
    Role role;
    if (settings.instanceRole().isPresent()) {
      role = settings.instanceRole().get();
      if (asked.isPresent() && asked.get() != role) {
        throw new GateException(
            ErrorCode.ROLE_FORBIDDEN,
            "this gateway serves only role " + role + "; role " + asked.get() + " is refused");
      }
    } else {
      role =
          asked.orElseThrow(
              () ->
                  new GateException(
                      ErrorCode.INVALID_ARGUMENT,
                      "arguments.role is required: this gateway serves both ANTIGRAVITY and"
                          + " WINDSURF"));
    }
    if (!principal.mayTake(role)) {
      throw new GateException(
          ErrorCode.ROLE_FORBIDDEN, "principal " + principal.name() + " may not take role " + role);
    }
    return role;
  }

  private Path workspace(String value) {
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      throw invalid(value, "is not a valid path");
    }
    if (!path.isAbsolute()) {
      throw invalid(value, "is not an absolute path");
    }
    if (!Files.isDirectory(path)) {
      throw invalid(value, "is not an existing directory");
    }
    Path real;
    try {
      real = path.toRealPath();
    } catch (IOException e) {
      throw invalid(value, "cannot be resolved");
    }
    workspaces.checkRoot(real, value);
    if (settings.workspaces().unconfigured()) {
      throw invalid(
          value,
          "cannot be bound: this gateway allows no workspace yet; the operator sets the allowed"
              + " roots in ATLAS_WORKSPACES (a ':'-separated list of directories)");
    }
    if (!settings.workspaces().allows(real)) {
      throw invalid(value, "is outside the workspace roots this gateway allows (ATLAS_WORKSPACES)");
    }
    return real;
  }

  private static GateException invalid(String value, String why) {
    return Workspaces.invalid(value, why);
  }
}

package dev.atlasgate.gateway;

import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.session.Role;
import dev.atlasgate.session.SessionStore;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The catalogue of governed tools, in the order {@code tools/list} shows them. */
final class Tools {
  static final String BEGIN_SESSION = "begin_session";
  static final Set<Role> BOTH = EnumSet.allOf(Role.class);
  static final Set<Role> PLANNER = EnumSet.of(Role.ANTIGRAVITY);
  static final Set<Role> EXECUTOR = EnumSet.of(Role.WINDSURF);

  /** The optional governance handle that every session-bound tool accepts. */
  static final String SESSION_ID_PROPERTY =
      """
      "session_id": {"type": "string", "minLength": 16, "maxLength": 128,
        "description": "The governance session; defaults to the one bound to this connection."}
      """;

  private Tools() {}

  static List<Tool> all(
      GatewaySettings settings, SessionStore sessions, PlanStore plans, AuditLog audit) {
    Workspaces workspaces = new Workspaces(settings.protectedPaths());
    return List.of(
        new BeginSessionTool(settings, sessions),
        new ReadPromptTool(),
        new ListPlansTool(plans),
        new ReadPlanTool(plans),
        new LintPlanTool(),
        new SavePlanTool(plans),
        new ListFilesTool(settings, workspaces),
        new ReadFileTool(settings, workspaces),
        new WriteFileTool(settings, workspaces, plans),
        new ReadAuditLogTool(audit),
        new VerifyAuditLogTool(audit));
  }
}

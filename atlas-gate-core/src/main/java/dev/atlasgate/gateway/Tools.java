package dev.atlasgate.gateway;

import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.checkpoint.Checkpointer;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.PlanCache;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.session.Role;
import dev.atlasgate.session.SessionStore;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The catalogue of governed tools, in the order {@code tools/list} shows them. */
final class Tools {
  static final String BEGIN_SESSION = "begin_session";
  static final Set<Role> BOTH = EnumSet.allOf(Role.class);
  static final Set<Role> PLANNER = EnumSet.of(Role.ANTIGRAVITY);
  static final Set<Role> EXECUTOR = EnumSet.of(Role.WINDSURF);

  /** A workspace path that a tool reads or writes. */
  static final Arg<String> PATH =
      Arg.string("path", PropertySchema.string().minLength(1).maxLength(4096));

  /** The hash of the plan a call cites. */
  static final Arg<String> PLAN_HASH =
      Arg.string("plan_hash", PropertySchema.string().pattern("^[0-9a-f]{64}$"));

  /** A plan document. */
  static final Arg<JsonObject> PLAN =
      Arg.object("plan", PropertySchema.object().describe("The plan document."));

  private Tools() {}

  static List<Tool> all(
      GatewaySettings settings,
      LiveSessions live,
      SessionStore sessions,
      PlanStore plans,
      AuditLog audit,
      Optional<Checkpointer> checkpoints,
      WriteSetup writes) {
    Workspaces workspaces = new Workspaces(settings.protectedPaths());
    return List.of(
        Tool.of(
            BeginSessionTool.DECLARATION,
            new BeginSessionTool(settings, live, sessions, workspaces),
            workspaces),
        Tool.of(EndSessionTool.DECLARATION, new EndSessionTool(sessions), workspaces),
        Tool.of(ReadPromptTool.DECLARATION, new ReadPromptTool(), workspaces),
        Tool.of(ListPlansTool.DECLARATION, new ListPlansTool(plans), workspaces),
        Tool.of(ReadPlanTool.DECLARATION, new ReadPlanTool(plans), workspaces),
        Tool.of(LintPlanTool.DECLARATION, new LintPlanTool(), workspaces),
        Tool.of(SavePlanTool.DECLARATION, new SavePlanTool(plans), workspaces),
        Tool.of(ListFilesTool.DECLARATION, new ListFilesTool(settings), workspaces),
        Tool.of(ReadFileTool.DECLARATION, new ReadFileTool(settings), workspaces),
        Tool.of(
            WriteFileTool.DECLARATION,
            new WriteFileTool(settings, new PlanCache(plans), writes),
            workspaces),
        Tool.of(ReadAuditLogTool.DECLARATION, new ReadAuditLogTool(audit, checkpoints), workspaces),
        Tool.of(
            VerifyAuditLogTool.DECLARATION,
            new VerifyAuditLogTool(audit, checkpoints),
            workspaces));
  }
}

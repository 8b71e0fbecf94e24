package dev.atlasgate.gateway;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.plan.StoredPlan;
import dev.atlasgate.policy.WritePolicy;
import dev.atlasgate.session.Session;
import dev.atlasgate.workspace.PreparedWrite;
import dev.atlasgate.workspace.Workspace;
import dev.atlasgate.workspace.WorkspacePath;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** {@code write_file}: writes a file that an approved plan names, atomically. */
record WriteFileTool(GatewaySettings settings, Workspaces workspaces, PlanStore plans)
    implements Tool {
  private static final ToolDescriptor DESCRIPTOR =
      new ToolDescriptor(
          "write_file",
          "Write file",
          "Writes a workspace file atomically. Allowed only when plan_hash names an APPROVED plan"
              + " whose scope (and the phase's allow) covers the path.",
          ToolDescriptor.schema(
              "{\"type\": \"object\", \"additionalProperties\": false,"
                  + " \"required\": [\"path\", \"content\", \"plan_hash\", \"phase_id\","
                  + " \"intent\"], \"properties\": {"
                  + "\"path\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 4096},"
                  + "\"content\": {\"type\": \"string\"},"
                  + "\"encoding\": {\"type\": \"string\", \"enum\": [\"utf-8\", \"base64\"],"
                  + " \"description\": \"How content is written; default utf-8.\"},"
                  + "\"plan_hash\": {\"type\": \"string\", \"pattern\": \"^[0-9a-f]{64}$\"},"
                  + "\"phase_id\": {\"type\": \"string\", \"pattern\":"
                  + " \"^[A-Z][A-Z0-9_]{2,63}$\"},"
                  + "\"intent\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 2000,"
                  + " \"description\": \"Why this write, in a sentence.\"},"
                  + Tools.SESSION_ID_PROPERTY
                  + "}}"),
          ToolDescriptor.schema(
              """
              {"type": "object", "additionalProperties": false,
               "required": ["path", "bytes", "sha256_before", "sha256_after", "audit_seq"],
               "properties": {"path": {"type": "string"}, "bytes": {"type": "integer"},
                 "sha256_before": {"type": ["string", "null"]},
                 "sha256_after": {"type": "string"}, "audit_seq": {"type": "integer"}}}
              """),
          Tools.EXECUTOR,
          false);

  @Override
  public ToolDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Prepared prepare(Invocation call) {
    Session session = call.requireSession();
    JsonObject args = call.args();
    Workspace workspace = workspaces.of(session);
    WorkspacePath target = workspace.resolve(args.string("path").orElseThrow());
    if (workspace.isProtected(target)) {
      throw new GateException(
          ErrorCode.PATH_PROTECTED, "path " + target.relative() + " is protected");
    }
    String phaseId = args.string("phase_id").orElseThrow();
    StoredPlan plan =
        PlanArguments.find(plans, session.workspaceRoot(), args.string("plan_hash").orElseThrow());
    WritePolicy.check(plan, phaseId, List.of(target.relative(), target.realRelative())).orThrow();
    PreparedWrite write =
        workspace.prepareWrite(target.relative(), content(args), settings.maxFileBytes());
    return new Prepared(
        Optional.empty(),
        Optional.of(plan.hash().value()),
        Optional.of(phaseId),
        Effect.of(write::commit, write::abort),
        entry ->
            JsonObject.builder()
                .put("path", write.path())
                .put("bytes", write.bytes())
                .putOrNull("sha256_before", write.sha256Before())
                .put("sha256_after", write.sha256After())
                .put("audit_seq", entry.seq())
                .build(),
        Optional.empty());
  }

  private static byte[] content(JsonObject args) {
    String content = args.string("content").orElseThrow();
    if (args.string("encoding").orElse("utf-8").equals("base64")) {
      try {
        return Base64.getDecoder().decode(content);
      } catch (IllegalArgumentException e) {
        throw new GateException(
            ErrorCode.INVALID_ARGUMENT, "arguments.content is not valid base64: " + e.getMessage());
      }
    }
    return content.getBytes(StandardCharsets.UTF_8);
  }
}

package dev.atlasgate.gateway;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.gateway.Tool.Prepared;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.PlanCache;
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
record WriteFileTool(GatewaySettings settings, PlanCache plans, WriteSetup writes)
    implements ToolHandler<WriteFileTool.Args> {

  /** The arguments of a write. */
  record Args(
      String path,
      String content,
      Optional<String> encoding,
      String planHash,
      String phaseId,
      String intent) {}

  static final ToolDeclaration<Args> DECLARATION =
      ToolDeclaration.of(
          "write_file",
          "Write file",
          "Writes a workspace file atomically. Allowed only when plan_hash names an APPROVED plan"
              + " whose scope (and the phase's allow) covers the path.",
          Tools.EXECUTOR,
          Arguments.of(
              Tools.PATH,
              Arg.string("content", PropertySchema.string()),
              Arg.optionalString(
                  "encoding",
                  PropertySchema.string()
                      .oneOf("utf-8", "base64")
                      .describe("How content is written; default utf-8.")),
              Tools.PLAN_HASH,
              Arg.string("phase_id", PropertySchema.string().pattern("^[A-Z][A-Z0-9_]{2,63}$")),
              Arg.string(
                  "intent",
                  PropertySchema.string()
                      .minLength(1)
                      .maxLength(2000)
                      .describe("Why this write, in a sentence.")),
              Args::new),
          """
          {"type": "object", "additionalProperties": false,
           "required": ["path", "bytes", "sha256_after", "audit_seq"],
           "properties": {"path": {"type": "string"}, "bytes": {"type": "integer"},
             "sha256_before": {"type": "string",
               "description": "The file's SHA-256 before the write; absent for a new file."},
             "sha256_after": {"type": "string"}, "audit_seq": {"type": "integer"}}}
          """);

  @Override
  public Prepared prepare(Call<Args> call) {
    Session session = call.session();
    Args args = call.args();
    Workspace workspace = call.workspace();
    WorkspacePath target = workspace.resolve(args.path());
    if (workspace.isProtected(target)) {
      throw new GateException(
          ErrorCode.PATH_PROTECTED, "path " + target.relative() + " is protected");
    }
    String phaseId = args.phaseId();
    StoredPlan plan = PlanArguments.find(plans::find, session.workspaceRoot(), args.planHash());
    WritePolicy.check(plan, phaseId, List.of(target.relative(), target.realRelative())).orThrow();
    byte[] content = content(args);
    // The root is on record before anything is staged in it, so that a start finds what a crash
    // left there.
    writes.journal().addRoot(workspace.root());
    // Writes to one path take effect in audit order: its lock is held from before staging (so
    // that what the write replaces is known) until after the rename.
    PathLocks.Held held = writes.locks().lock(workspace.root(), target.realRelative());
    FileWrite write;
    try {
      PreparedWrite staged =
          workspace.prepareWrite(
              target.relative(),
              content,
              settings.maxFileBytes(),
              WriteRecovery.newStagingId(settings.instance()));
      write = new FileWrite(held, staged);
      // The file system may have changed since the check above: what counts is where the staged
      // write lands.
      checkLanding(plan, phaseId, staged);
    } catch (RuntimeException e) {
      held.close();
      throw e;
    }
    return new Prepared(
        Optional.empty(),
        Optional.of(plan.hash().value()),
        Optional.of(phaseId),
        write,
        write::result,
        Optional.empty());
  }

  /**
   * A staged write as the gateway's effect: holding its path's lock, its {@code sha256_before} read
   * under that path's lock, its staging id recorded in the entry ({@code args.content}).
   */
  private static final class FileWrite implements Tool.Effect {
    private final PathLocks.Held held;
    private final PreparedWrite write;
    private Optional<String> before = Optional.empty();

    FileWrite(PathLocks.Held held, PreparedWrite write) {
      this.held = held;
      this.write = write;
    }

    @Override
    public void release() {
      held.close();
    }

    @Override
    public void beforeAppend() {
      before = write.currentSha256();
    }

    @Override
    public JsonObject recorded(JsonObject redactedArgs) {
      JsonObject content = redactedArgs.object("content").orElse(JsonObject.EMPTY);
      return redactedArgs.with(
          "content", content.with(WriteRecovery.STAGING_ID, Json.of(write.stagingId().value())));
    }

    @Override
    public void commit() {
      write.commit();
    }

    @Override
    public void abort() {
      write.abort();
    }

    JsonObject result(AuditEntry entry) {
      return JsonObject.builder()
          .put("path", write.path())
          .put("bytes", write.bytes())
          .putIfPresent("sha256_before", before.map(Json::of))
          .put("sha256_after", write.sha256After())
          .put("audit_seq", entry.seq())
          .build();
    }
  }

  private static void checkLanding(StoredPlan plan, String phaseId, PreparedWrite staged) {
    try {
      WritePolicy.check(plan, phaseId, List.of(staged.path(), staged.realPath())).orThrow();
    } catch (RuntimeException e) {
      staged.abort();
      throw e;
    }
  }

  private static byte[] content(Args args) {
    String content = args.content();
    if (args.encoding().orElse("utf-8").equals("base64")) {
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

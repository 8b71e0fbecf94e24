package dev.atlasgate.gateway;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.workspace.FileEntry;
import dev.atlasgate.workspace.FileListing;
import dev.atlasgate.workspace.Glob;
import java.util.Optional;

/** {@code list_files}: files under a directory of the workspace, protected paths hidden. */
record ListFilesTool(GatewaySettings settings) implements ToolHandler<ListFilesTool.Args> {

  /** The arguments of a listing. */
  record Args(Optional<String> path, Optional<String> glob, boolean withSha256) {}

  static final ToolDeclaration<Args> DECLARATION =
      ToolDeclaration.of(
          "list_files",
          "List files",
          "Lists regular files under a workspace directory (recursively), optionally filtered by"
              + " a glob on the workspace-relative path. .git, .atlas-gate and staging files are"
              + " hidden at any depth.",
          Tools.BOTH,
          Arguments.of(
              Arg.optionalString(
                  "path",
                  PropertySchema.string()
                      .maxLength(4096)
                      .describe("Directory relative to the workspace; default the root.")),
              Arg.optionalString(
                  "glob",
                  PropertySchema.string()
                      .minLength(1)
                      .maxLength(Glob.MAX_LENGTH)
                      .describe("Such as src/**/*.java; ** spans directories.")),
              Arg.flag("with_sha256", "Also hash each file (slower)."),
              Args::new),
          """
          {"type": "object", "additionalProperties": false, "required": ["files", "truncated"],
           "properties": {"truncated": {"type": "boolean"},
             "files": {"type": "array", "items": {"type": "object",
               "additionalProperties": false, "required": ["path", "size"],
               "properties": {"path": {"type": "string"}, "size": {"type": "integer"},
                 "sha256": {"type": "string"}}}}}}
          """);

  @Override
  public Tool.Prepared prepare(Call<Args> call) {
    Args args = call.args();
    Optional<Glob> glob = args.glob().map(ListFilesTool::glob);
    FileListing listing =
        call.workspace()
            .list(args.path().orElse(""), glob, args.withSha256(), settings.maxListEntries());
    JsonArray files = new JsonArray(listing.files().stream().map(ListFilesTool::entry).toList());
    return Tool.Prepared.result(
        JsonObject.builder().put("files", files).put("truncated", listing.truncated()).build());
  }

  private static Json entry(FileEntry file) {
    return JsonObject.builder()
        .put("path", file.path())
        .put("size", file.size())
        .putIfPresent("sha256", file.sha256().map(Json::of))
        .build();
  }

  private static Glob glob(String pattern) {
    try {
      return Glob.compile(pattern);
    } catch (IllegalArgumentException e) {
      throw new GateException(ErrorCode.INVALID_ARGUMENT, "arguments.glob: " + e.getMessage());
    }
  }
}

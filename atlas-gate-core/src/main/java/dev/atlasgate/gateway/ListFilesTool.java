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
record ListFilesTool(GatewaySettings settings, Workspaces workspaces) implements Tool {
  private static final ToolDescriptor DESCRIPTOR =
      new ToolDescriptor(
          "list_files",
          "List files",
          "Lists regular files under a workspace directory (recursively), optionally filtered by"
              + " a glob on the workspace-relative path. .git and .atlas-gate are hidden.",
          ToolDescriptor.schema(
              "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {"
                  + "\"path\": {\"type\": \"string\", \"maxLength\": 4096,"
                  + " \"description\": \"Directory relative to the workspace; default the root.\"},"
                  + "\"glob\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 1024,"
                  + " \"description\": \"Such as src/**/*.java; ** spans directories.\"},"
                  + "\"with_sha256\": {\"type\": \"boolean\","
                  + " \"description\": \"Also hash each file (slower).\"},"
                  + Tools.SESSION_ID_PROPERTY
                  + "}}"),
          ToolDescriptor.schema(
              """
              {"type": "object", "additionalProperties": false, "required": ["files", "truncated"],
               "properties": {"truncated": {"type": "boolean"},
                 "files": {"type": "array", "items": {"type": "object",
                   "additionalProperties": false, "required": ["path", "size"],
                   "properties": {"path": {"type": "string"}, "size": {"type": "integer"},
                     "sha256": {"type": "string"}}}}}}
              """),
          Tools.BOTH,
          false);

  @Override
  public ToolDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Prepared prepare(Invocation call) {
    JsonObject args = call.args();
    Optional<Glob> glob = args.string("glob").map(ListFilesTool::glob);
    boolean withSha256 = args.get("with_sha256").map(j -> j == Json.of(true)).orElse(false);
    FileListing listing =
        workspaces
            .of(call.requireSession())
            .list(args.string("path").orElse(""), glob, withSha256, settings.maxListEntries());
    JsonArray files = new JsonArray(listing.files().stream().map(ListFilesTool::entry).toList());
    return Prepared.result(
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

package dev.atlasgate.gateway;

import dev.atlasgate.json.JsonObject;
import dev.atlasgate.workspace.FileRead;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code read_file}: a file of the workspace, as text or, when binary, as base64. */
record ReadFileTool(GatewaySettings settings) implements ToolHandler<ReadFileTool.Args> {

  /** The arguments of a read: the whole file, or a slice of it. */
  record Args(String path, Optional<Long> offset, Optional<Long> length) {}

  static final ToolDeclaration<Args> DECLARATION =
      ToolDeclaration.of(
          "read_file",
          "Read file",
          "Reads a workspace file. Text comes back as UTF-8; binary content as base64 with"
              + " encoding \"base64\". size and sha256 describe the whole file; offset and length"
              + " read a slice.",
          Tools.BOTH,
          Arguments.of(Tools.PATH, bound("offset"), bound("length"), Args::new),
          """
          {"type": "object", "additionalProperties": false,
           "required": ["path", "content", "size", "sha256", "encoding"],
           "properties": {"path": {"type": "string"}, "content": {"type": "string"},
             "size": {"type": "integer"}, "sha256": {"type": "string"},
             "encoding": {"type": "string", "enum": ["utf-8", "base64"]},
             "offset": {"type": "integer"}}}
          """);

  private static Arg<Optional<Long>> bound(String name) {
    return Arg.optionalInteger(
        name, PropertySchema.integer().minimum(0).maximum(PropertySchema.MAX_SAFE_INTEGER));
  }

  @Override
  public Tool.Prepared prepare(Call<Args> call) {
    Args args = call.args();
    long offset = args.offset().orElse(0L);
    OptionalLong length = args.length().map(OptionalLong::of).orElse(OptionalLong.empty());
    FileRead read = call.workspace().read(args.path(), offset, length, settings.maxFileBytes());
    JsonObject.Builder result =
        JsonObject.builder()
            .put("path", read.path())
            .put(
                "content",
                read.binary()
                    ? Base64.getEncoder().encodeToString(read.content())
                    : new String(read.content(), StandardCharsets.UTF_8))
            .put("size", read.size())
            .put("sha256", read.sha256())
            .put("encoding", read.binary() ? "base64" : "utf-8");
    if (offset > 0 || length.isPresent()) {
      result.put("offset", read.offset());
    }
    return Tool.Prepared.result(result.build());
  }
}

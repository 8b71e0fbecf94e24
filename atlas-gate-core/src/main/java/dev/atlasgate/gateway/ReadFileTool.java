package dev.atlasgate.gateway;

import dev.atlasgate.json.JsonObject;
import dev.atlasgate.workspace.FileRead;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalLong;

/** {@code read_file}: a file of the workspace, as text or, when binary, as base64. */
record ReadFileTool(GatewaySettings settings, Workspaces workspaces) implements Tool {
  private static final ToolDescriptor DESCRIPTOR =
      new ToolDescriptor(
          "read_file",
          "Read file",
          "Reads a workspace file. Text comes back as UTF-8; binary content as base64 with"
              + " encoding \"base64\". size and sha256 describe the whole file; offset and length"
              + " read a slice.",
          ToolDescriptor.schema(
              "{\"type\": \"object\", \"additionalProperties\": false,"
                  + " \"required\": [\"path\"], \"properties\": {"
                  + "\"path\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 4096},"
                  + "\"offset\": {\"type\": \"integer\", \"minimum\": 0, \"maximum\": 9007199254740991},"
                  + "\"length\": {\"type\": \"integer\", \"minimum\": 0, \"maximum\": 9007199254740991},"
                  + Tools.SESSION_ID_PROPERTY
                  + "}}"),
          ToolDescriptor.schema(
              """
              {"type": "object", "additionalProperties": false,
               "required": ["path", "content", "size", "sha256", "encoding"],
               "properties": {"path": {"type": "string"}, "content": {"type": "string"},
                 "size": {"type": "integer"}, "sha256": {"type": "string"},
                 "encoding": {"type": "string", "enum": ["utf-8", "base64"]},
                 "offset": {"type": "integer"}}}
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
    long offset = args.get("offset").map(ReadFileTool::longValue).orElse(0L);
    OptionalLong length =
        args.get("length").map(j -> OptionalLong.of(longValue(j))).orElse(OptionalLong.empty());
    FileRead read =
        workspaces
            .of(call.requireSession())
            .read(args.string("path").orElseThrow(), offset, length, settings.maxFileBytes());
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
    return Prepared.result(result.build());
  }

  private static long longValue(dev.atlasgate.json.Json value) {
    return ((dev.atlasgate.json.JsonNumber) value).value().longValue();
  }
}

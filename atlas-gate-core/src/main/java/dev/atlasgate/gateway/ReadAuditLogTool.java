package dev.atlasgate.gateway;

import dev.atlasgate.audit.AuditHead;
import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.AuditQuery;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code read_audit_log}: audit entries of the session's workspace, oldest first.
 *
 * <p>Agents see only the entries of their own workspace; the head is the head of the whole chain,
 * so that they can verify against it.
 */
record ReadAuditLogTool(AuditLog audit) implements Tool {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private static final ToolDescriptor DESCRIPTOR =
      new ToolDescriptor(
          "read_audit_log",
          "Read audit log",
          "Reads audit entries of this workspace from from_seq on (at most "
              + MAX_LIMIT
              + "), optionally only those of one session or one tool.",
          ToolDescriptor.schema(
              """
              {"type": "object", "additionalProperties": false, "properties": {
                "from_seq": {"type": "integer", "minimum": 1, "maximum": 9007199254740991},
                "limit": {"type": "integer", "minimum": 1, "maximum": %d},
                "session_id": {"type": "string", "maxLength": 128,
                  "description": "Only entries of this session."},
                "tool": {"type": "string", "maxLength": 128,
                  "description": "Only entries of this tool."}}}
              """
                  .formatted(MAX_LIMIT)),
          ToolDescriptor.schema(
              """
              {"type": "object", "additionalProperties": false, "required": ["entries", "head"],
               "properties": {"entries": {"type": "array", "items": {"type": "object"}},
                 "head": {"type": "object", "additionalProperties": false,
                   "required": ["seq", "hash"],
                   "properties": {"seq": {"type": "integer"}, "hash": {"type": "string"}}}}}
              """),
          Tools.BOTH,
          true);

  @Override
  public ToolDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Prepared prepare(Invocation call) {
    JsonObject args = call.args();
    long from = args.get("from_seq").map(j -> ((JsonNumber) j).value().longValue()).orElse(1L);
    int limit =
        args.get("limit").map(j -> ((JsonNumber) j).value().intValue()).orElse(DEFAULT_LIMIT);
    AuditQuery query =
        new AuditQuery(from, Long.MAX_VALUE, args.string("session_id"), args.string("tool"), limit);
    String workspace = call.requireSession().workspaceRoot().toString();
    AuditHead head = audit.head();
    List<Json> entries;
    try (Stream<StoredEntry> stored = audit.entries(from)) {
      entries =
          stored
              .flatMap(
                  e -> e instanceof StoredEntry.Readable r ? Stream.of(r.json()) : Stream.empty())
              .filter(query::matches)
              .filter(j -> j.string("workspace_root").filter(workspace::equals).isPresent())
              .limit(limit)
              .map(j -> (Json) j)
              .toList();
    }
    JsonObject headJson =
        JsonObject.builder().put("seq", head.seq()).put("hash", head.hash()).build();
    return Prepared.result(
        JsonObject.builder().put("entries", new JsonArray(entries)).put("head", headJson).build());
  }
}

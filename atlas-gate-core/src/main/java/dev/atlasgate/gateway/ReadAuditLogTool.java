package dev.atlasgate.gateway;

import dev.atlasgate.audit.AuditHead;
import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.AuditQuery;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.audit.checkpoint.Checkpointer;
import dev.atlasgate.audit.checkpoint.SignedCheckpoint;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code read_audit_log}: audit entries of the session's workspace, oldest first.
 *
 * <p>Agents see only the entries of their own workspace; the head is the head of the whole chain,
 * so that they can verify against it. With {@code with_proof}, the answer also holds the latest
 * signed checkpoint and, for each entry it covers, the entry's inclusion proof in that tree.
 */
record ReadAuditLogTool(AuditLog audit, Optional<Checkpointer> checkpoints)
    implements ToolHandler<ReadAuditLogTool.Args> {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  /** The arguments of a read of the log. */
  record Args(
      Optional<Long> fromSeq,
      Optional<Long> limit,
      Optional<String> sessionId,
      Optional<String> tool,
      boolean withProof) {}

  static final ToolDeclaration<Args> DECLARATION =
      ToolDeclaration.of(
              "read_audit_log",
              "Read audit log",
              "Reads audit entries of this workspace from from_seq on (at most "
                  + MAX_LIMIT
                  + "), optionally only those of one session or one tool.",
              Tools.BOTH,
              Arguments.of(
                  Arg.optionalInteger(
                      "from_seq",
                      PropertySchema.integer().minimum(1).maximum(PropertySchema.MAX_SAFE_INTEGER)),
                  Arg.optionalInteger(
                      "limit", PropertySchema.integer().minimum(1).maximum(MAX_LIMIT)),
                  Arg.optionalString(
                      "session_id",
                      PropertySchema.string()
                          .maxLength(128)
                          .describe("Only entries of this session.")),
                  Arg.optionalString(
                      "tool",
                      PropertySchema.string()
                          .maxLength(128)
                          .describe("Only entries of this tool.")),
                  Arg.flag(
                      "with_proof",
                      "Add the latest signed checkpoint and each entry's inclusion proof."),
                  Args::new),
              """
              {"type": "object", "additionalProperties": false, "required": ["entries", "head"],
               "properties": {"entries": {"type": "array", "items": {"type": "object"}},
                 "head": {"type": "object", "additionalProperties": false,
                   "required": ["seq", "hash"],
                   "properties": {"seq": {"type": "integer"}, "hash": {"type": "string"}}},
                 "checkpoint": {"type": "string",
                   "description": "The latest signed checkpoint, a C2SP signed note."},
                 "proofs": {"type": "array", "items": {"type": "object",
                   "additionalProperties": false,
                   "required": ["seq", "leaf_index", "tree_size", "leaf_hash", "audit_path"],
                   "properties": {"seq": {"type": "integer"}, "leaf_index": {"type": "integer"},
                     "tree_size": {"type": "integer"}, "leaf_hash": {"type": "string"},
                     "audit_path": {"type": "array", "items": {"type": "string"}}}}}}}
              """)
          .session(ToolDeclaration.SessionUse.BOUND_WITH_SESSION_FILTER);

  @Override
  public Tool.Prepared prepare(Call<Args> call) {
    Args args = call.args();
    long from = args.fromSeq().orElse(1L);
    int limit = args.limit().map(Long::intValue).orElse(DEFAULT_LIMIT);
    AuditQuery query = new AuditQuery(from, Long.MAX_VALUE, args.sessionId(), args.tool(), limit);
    String workspace = call.session().workspaceRoot().toString();
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
    JsonObject result =
        JsonObject.builder().put("entries", new JsonArray(entries)).put("head", headJson).build();
    return Tool.Prepared.result(args.withProof() ? withProofs(result, entries) : result);
  }

  /** Adds the latest checkpoint and the inclusion proof of each entry it covers. */
  private JsonObject withProofs(JsonObject result, List<Json> entries) {
    Optional<SignedCheckpoint> latest = checkpoints.flatMap(Checkpointer::latest);
    if (latest.isEmpty()) {
      return result;
    }
    long size = latest.get().checkpoint().size();
    List<Json> proofs = new ArrayList<>();
    for (Json entry : entries) {
      long seq = ((JsonNumber) ((JsonObject) entry).get("seq").orElseThrow()).value().longValue();
      if (seq <= size) {
        JsonObject.Builder proof = JsonObject.builder().put("seq", seq);
        checkpoints.get().inclusion(seq, size).toJson().forEach(proof::put);
        proofs.add(proof.build());
      }
    }
    return result
        .with("checkpoint", Json.of(latest.get().note()))
        .with("proofs", new JsonArray(proofs));
  }
}

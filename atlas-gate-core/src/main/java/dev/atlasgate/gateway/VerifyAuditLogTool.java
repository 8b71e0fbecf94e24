package dev.atlasgate.gateway;

import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.audit.Verification;
import dev.atlasgate.audit.checkpoint.Checkpoint;
import dev.atlasgate.audit.checkpoint.Checkpointer;
import dev.atlasgate.audit.checkpoint.ExportVerifier;
import dev.atlasgate.audit.checkpoint.SignedCheckpoint;
import dev.atlasgate.json.JsonObject;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * {@code verify_audit_log}: recomputes the whole chain and names the first break; with checkpoints
 * on, it also recomputes the Merkle root at the latest signed checkpoint and reports whether the
 * log still matches it (a truncated or rewritten log does not).
 */
record VerifyAuditLogTool(AuditLog audit, Optional<Checkpointer> checkpoints)
    implements ToolHandler<Arguments.None> {
  static final ToolDeclaration<Arguments.None> DECLARATION =
      ToolDeclaration.of(
          "verify_audit_log",
          "Verify audit log",
          "Recomputes the audit hash chain from the first entry; names the first invalid seq and"
              + " why (HASH_MISMATCH, PREV_HASH_MISMATCH, SEQ_GAP, MALFORMED; TRUNCATED or"
              + " REWRITTEN against the latest signed checkpoint, which it reports).",
          Tools.BOTH,
          Arguments.none(),
          """
          {"type": "object", "additionalProperties": false,
           "required": ["valid", "entries_checked", "head_seq", "head_hash"],
           "properties": {"valid": {"type": "boolean"},
             "entries_checked": {"type": "integer"}, "head_seq": {"type": "integer"},
             "head_hash": {"type": "string"}, "first_invalid_seq": {"type": "integer"},
             "reason": {"type": "string"}, "detail": {"type": "string"},
             "checkpoint": {"type": "object", "additionalProperties": false,
               "description": "The latest signed checkpoint (C2SP signed note).",
               "required": ["origin", "tree_size", "root_hash", "note", "matches_log"],
               "properties": {"origin": {"type": "string"},
                 "tree_size": {"type": "integer"}, "root_hash": {"type": "string"},
                 "note": {"type": "string"}, "matches_log": {"type": "boolean"}}}}}
          """);

  @Override
  public Tool.Prepared prepare(Call<Arguments.None> call) {
    Optional<SignedCheckpoint> latest = checkpoints.flatMap(Checkpointer::latest);
    Map<Long, byte[]> roots = new HashMap<>();
    Set<Long> sizes = latest.map(c -> Set.of(c.checkpoint().size())).orElse(Set.of());
    Verification chain;
    try (Stream<StoredEntry> entries = audit.entries(1)) {
      chain = ExportVerifier.verifyChain(entries, sizes, roots);
    }
    if (latest.isEmpty()) {
      return Tool.Prepared.result(chain.toJson());
    }
    Checkpoint checkpoint = latest.get().checkpoint();
    byte[] root = roots.get(checkpoint.size());
    boolean matches = root != null && MessageDigest.isEqual(root, checkpoint.rootHash());
    Verification result = chain.valid() && !matches ? mismatch(chain, checkpoint, root) : chain;
    return Tool.Prepared.result(
        result
            .toJson()
            .with(
                "checkpoint",
                JsonObject.builder()
                    .put("origin", checkpoint.origin())
                    .put("tree_size", checkpoint.size())
                    .put("root_hash", checkpoint.rootHex())
                    .put("note", latest.get().note())
                    .put("matches_log", matches)
                    .build()));
  }

  private static Verification mismatch(
      Verification chain, Checkpoint checkpoint, byte @Nullable [] root) {
    boolean truncated = root == null;
    return new Verification(
        false,
        chain.entriesChecked(),
        chain.headSeq(),
        chain.headHash(),
        truncated ? Optional.of(chain.headSeq() + 1) : Optional.empty(),
        Optional.of(truncated ? "TRUNCATED" : "REWRITTEN"),
        Optional.of(
            truncated
                ? "the log ends at seq "
                    + chain.headSeq()
                    + " but the latest checkpoint signed "
                    + checkpoint.size()
                    + " entries"
                : "the log's first "
                    + checkpoint.size()
                    + " entries do not have the signed root "
                    + checkpoint.rootHex()));
  }
}

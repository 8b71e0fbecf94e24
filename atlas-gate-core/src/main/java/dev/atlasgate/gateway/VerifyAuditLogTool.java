package dev.atlasgate.gateway;

import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.ChainVerifier;
import dev.atlasgate.audit.StoredEntry;
import java.util.stream.Stream;

/** {@code verify_audit_log}: recomputes the whole chain and names the first break. */
record VerifyAuditLogTool(AuditLog audit) implements Tool {
  private static final ToolDescriptor DESCRIPTOR =
      new ToolDescriptor(
          "verify_audit_log",
          "Verify audit log",
          "Recomputes the audit hash chain from the first entry; names the first invalid seq and"
              + " why (HASH_MISMATCH, PREV_HASH_MISMATCH, SEQ_GAP, MALFORMED).",
          ToolDescriptor.schema(
              "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {"
                  + Tools.SESSION_ID_PROPERTY
                  + "}}"),
          ToolDescriptor.schema(
              """
              {"type": "object", "additionalProperties": false,
               "required": ["valid", "entries_checked", "head_seq", "head_hash"],
               "properties": {"valid": {"type": "boolean"},
                 "entries_checked": {"type": "integer"}, "head_seq": {"type": "integer"},
                 "head_hash": {"type": "string"}, "first_invalid_seq": {"type": "integer"},
                 "reason": {"type": "string"}, "detail": {"type": "string"}}}
              """),
          Tools.BOTH,
          false);

  @Override
  public ToolDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Prepared prepare(Invocation call) {
    try (Stream<StoredEntry> entries = audit.entries(1)) {
      return Prepared.result(ChainVerifier.verify(entries).toJson());
    }
  }
}

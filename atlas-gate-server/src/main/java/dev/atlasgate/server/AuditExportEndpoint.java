package dev.atlasgate.server;

import static java.util.Objects.requireNonNullElse;

import dev.atlasgate.audit.AuditExport;
import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.AuditQuery;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.auth.Authority;
import dev.atlasgate.gateway.Principal;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jetty.util.Fields;

/** {@code GET /audit/export}: the audit log as JSONL, JSON or CSV, streamed entry by entry. */
final class AuditExportEndpoint {
  private final AuditLog audit;

  AuditExportEndpoint(AuditLog audit) {
    this.audit = audit;
  }

  void handle(Exchange ex, Principal principal, boolean authRequired) throws IOException {
    if (authRequired && !principal.has(Authority.AUDITOR) && !principal.has(Authority.OPERATOR)) {
      ex.error(403, "FORBIDDEN", "exporting the audit log needs an AUDITOR or OPERATOR token");
      return;
    }
    Fields query = ex.query();
    AuditExport.Format format;
    AuditQuery filter;
    try {
      format =
          AuditExport.Format.parse(Optional.ofNullable(query.getValue("format")).orElse("jsonl"));
      filter =
          new AuditQuery(
              number(query, "from_seq", 1),
              number(query, "to_seq", Long.MAX_VALUE),
              Optional.ofNullable(query.getValue("session_id")),
              Optional.ofNullable(query.getValue("tool")),
              Integer.MAX_VALUE);
    } catch (IllegalArgumentException e) {
      ex.error(400, "INVALID_ARGUMENT", requireNonNullElse(e.getMessage(), "invalid query"));
      return;
    }
    try (Stream<StoredEntry> entries = audit.entries(filter.fromSeq());
        Writer out =
            new OutputStreamWriter(
                ex.stream(200, format.mediaType() + "; charset=utf-8"), StandardCharsets.UTF_8)) {
      AuditExport.write(entries, filter, format, out);
    }
  }

  static long number(Fields query, String name, long fallback) {
    String value = query.getValue(name);
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= 1) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be a positive whole number, not \"" + value + "\"");
  }
}

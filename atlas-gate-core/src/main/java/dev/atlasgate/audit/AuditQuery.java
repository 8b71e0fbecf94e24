package dev.atlasgate.audit;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import java.util.Optional;

/**
 * Which entries to read or export.
 *
 * @param toSeq the last seq, inclusive ({@code Long.MAX_VALUE}: no bound)
 * @param limit at most this many entries ({@code Integer.MAX_VALUE}: no limit)
 */
public record AuditQuery(
    long fromSeq, long toSeq, Optional<String> sessionId, Optional<String> tool, int limit) {

  public AuditQuery {
    requireNonNull(sessionId, "sessionId is null");
    requireNonNull(tool, "tool is null");
    if (fromSeq < 1 || toSeq < fromSeq - 1 || limit < 0) {
      throw new IllegalArgumentException(
          "bad audit query: from_seq " + fromSeq + ", to_seq " + toSeq + ", limit " + limit);
    }
  }

  public static AuditQuery all() {
    return new AuditQuery(1, Long.MAX_VALUE, Optional.empty(), Optional.empty(), Integer.MAX_VALUE);
  }

  /** Whether {@code entry} is one this query selects (the limit aside). */
  public boolean matches(JsonObject entry) {
    if (!(entry.get("seq").orElse(null) instanceof JsonNumber n)) {
      return false;
    }
    long seq = n.value().longValue();
    return seq >= fromSeq
        && seq <= toSeq
        && sessionId
            .map(id -> entry.string("session_id").filter(id::equals).isPresent())
            .orElse(true)
        && tool.map(t -> entry.string("tool").filter(t::equals).isPresent()).orElse(true);
  }
}

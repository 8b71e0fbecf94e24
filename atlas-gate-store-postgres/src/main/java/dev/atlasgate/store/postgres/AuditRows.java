package dev.atlasgate.store.postgres;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonException;
import dev.atlasgate.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How an audit entry becomes a row of {@code audit_log} and back. */
final class AuditRows {
  /** The members of an entry in the order the product documents and exports them. */
  private static final List<String> ORDER =
      List.of(
          "seq",
          "ts",
          "instance",
          "session_id",
          "principal",
          "role",
          "tool",
          "workspace_root",
          "plan_hash",
          "phase_id",
          "args",
          "result",
          "error_code",
          "duration_ms",
          "prev_hash");

  private AuditRows() {}

  /**
   * The {@code entry} column: the canonical JSON of the entry without its hash, the very text whose
   * SHA-256 is the hash.
   */
  static String entryText(AuditEntry entry) {
    return entry.toJson().without("hash").canonical();
  }

  /**
   * A row read back, members in the documented order (any other member after them, so that
   * verification still sees it) and the hash last; a row whose text is not a JSON object is
   * unreadable at its seq.
   */
  static StoredEntry stored(long seq, String entry, String hash) {
    JsonObject body;
    try {
      if (!(Json.parse(entry) instanceof JsonObject object)) {
        return new StoredEntry.Unreadable(seq, "the entry at seq " + seq + " is not a JSON object");
      }
      body = object;
    } catch (JsonException e) {
      return new StoredEntry.Unreadable(seq, e.getMessage());
    }
    Map<String, Json> members = new LinkedHashMap<>();
    for (String name : ORDER) {
      body.get(name).ifPresent(value -> members.put(name, value));
    }
    body.forEach(members::putIfAbsent);
    members.put("hash", Json.of(hash));
    return new StoredEntry.Readable(new JsonObject(members));
  }
}

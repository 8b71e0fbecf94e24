package dev.atlasgate.store.postgres;

import dev.atlasgate.audit.AuditEntry;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonException;
import dev.atlasgate.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** How an audit entry becomes a row of {@code audit_log} and back. */
final class AuditRows {
  /** The columns an appended row is written with, in the order {@link #bind} sets them. */
  static final String INSERT_COLUMNS =
      "seq, prev_hash, entry, hash, ts, instance, session_id, tool";

  /** How many parameters {@link #bind} sets for one row. */
  static final int INSERT_PARAMETERS = 8;

  private AuditRows() {}

  /**
   * Sets the {@link #INSERT_COLUMNS} of {@code entry} from parameter {@code first} on. The query
   * columns repeat members of the entry, as the table's check requires them to (U+0000, which
   * PostgreSQL's JSON cannot hold, shows there as U+FFFD).
   */
  static void bind(PreparedStatement statement, int first, AuditEntry entry) throws SQLException {
    int p = first;
    statement.setLong(p++, entry.seq());
    statement.setString(p++, entry.prevHash());
    statement.setString(p++, entryText(entry));
    statement.setString(p++, entry.hash());
    statement.setObject(p++, OffsetDateTime.ofInstant(entry.event().ts(), ZoneOffset.UTC));
    statement.setString(p++, queryText(entry.event().instance()));
    statement.setString(p++, entry.event().sessionId().map(AuditRows::queryText).orElse(null));
    statement.setString(p, queryText(entry.event().tool()));
  }

  static String queryText(String value) {
    return value.replace('\0', '\uFFFD');
  }

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
    for (String name : AuditEntry.MEMBERS) {
      body.get(name).ifPresent(value -> members.put(name, value));
    }
    body.forEach(members::putIfAbsent);
    members.put("hash", Json.of(hash));
    return new StoredEntry.Readable(new JsonObject(members));
  }
}

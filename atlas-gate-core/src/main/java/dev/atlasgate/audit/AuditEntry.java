package dev.atlasgate.audit;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.IsoInstants;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonNull;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonString;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * One link of the audit chain: an event with its {@code seq}, the hash of the entry before it, and
 * its own hash.
 *
 * <p>{@code hash} is the lowercase hex SHA-256 of the RFC 8785 canonical form of the entry without
 * its {@code hash} member; the first entry's {@code prev_hash} is 64 zeros.
 */
public record AuditEntry(long seq, AuditEvent event, String prevHash, String hash) {
  /** The members of an entry in the order the product documents, writes and exports them. */
  public static final List<String> MEMBERS =
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
          "prev_hash",
          "hash");

  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  public AuditEntry {
    requireNonNull(event, "event is null");
    requireNonNull(prevHash, "prevHash is null");
    requireNonNull(hash, "hash is null");
    if (seq < 1) {
      throw new IllegalArgumentException("seq starts at 1: " + seq);
    }
  }

  /** Gives {@code event} its place after {@code prevHash} and computes its hash. */
  public static AuditEntry seal(long seq, AuditEvent event, String prevHash) {
    JsonObject unsealed = body(seq, event, prevHash);
    return new AuditEntry(seq, event, prevHash, hashOf(unsealed));
  }

  /** The hash an entry object should carry: SHA-256 of its canonical form without {@code hash}. */
  public static String hashOf(JsonObject entry) {
    return entry.without("hash").canonicalSha256();
  }

  /** The entry as stored and exported, members in the documented order. */
  public JsonObject toJson() {
    return body(seq, event, prevHash).with("hash", Json.of(hash));
  }

  /** Reads an entry back; throws {@link IllegalArgumentException} naming a bad field. */
  public static AuditEntry fromJson(JsonObject json) {
    AuditEvent event =
        new AuditEvent(
            timestamp(json),
            required(json, "instance"),
            optional(json, "session_id"),
            optional(json, "principal"),
            optional(json, "role"),
            required(json, "tool"),
            optional(json, "workspace_root"),
            optional(json, "plan_hash"),
            optional(json, "phase_id"),
            json.object("args").orElseThrow(() -> bad("args")),
            required(json, "result").equals("ok"),
            optional(json, "error_code"),
            number(json, "duration_ms"));
    return new AuditEntry(
        number(json, "seq"), event, required(json, "prev_hash"), required(json, "hash"));
  }

  static String formatTs(Instant ts) {
    return TS.format(ts);
  }

  private static JsonObject body(long seq, AuditEvent e, String prevHash) {
    return JsonObject.builder()
        .put("seq", seq)
        .put("ts", formatTs(e.ts()))
        .put("instance", e.instance())
        .putOrNull("session_id", e.sessionId())
        .putOrNull("principal", e.principal())
        .putOrNull("role", e.role())
        .put("tool", e.tool())
        .putOrNull("workspace_root", e.workspaceRoot())
        .putOrNull("plan_hash", e.planHash())
        .putOrNull("phase_id", e.phaseId())
        .put("args", e.args())
        .put("result", e.ok() ? "ok" : "error")
        .putOrNull("error_code", e.errorCode())
        .put("duration_ms", e.durationMs())
        .put("prev_hash", prevHash)
        .build();
  }

  private static Instant timestamp(JsonObject json) {
    try {
      return IsoInstants.parse(required(json, "ts"));
    } catch (DateTimeParseException e) {
      throw bad("ts");
    }
  }

  private static String required(JsonObject json, String name) {
    return json.string(name).orElseThrow(() -> bad(name));
  }

  private static Optional<String> optional(JsonObject json, String name) {
    Json value = json.get(name).orElse(JsonNull.INSTANCE);
    return switch (value) {
      case JsonNull n -> Optional.empty();
      case JsonString s -> Optional.of(s.value());
      default -> throw bad(name);
    };
  }

  private static long number(JsonObject json, String name) {
    if (json.get(name).orElse(null) instanceof JsonNumber n && n.isIntegral()) {
      return n.value().longValueExact();
    }
    throw bad(name);
  }

  private static IllegalArgumentException bad(String name) {
    return new IllegalArgumentException("audit entry field " + name + " is missing or malformed");
  }
}

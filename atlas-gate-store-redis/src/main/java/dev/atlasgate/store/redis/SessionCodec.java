package dev.atlasgate.store.redis;

import dev.atlasgate.json.IsoInstants;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.session.Role;
import dev.atlasgate.session.Session;
import dev.atlasgate.session.SessionId;
import dev.atlasgate.session.TransportSession;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The text stored in Redis for a session: compact JSON without the id (the key holds it), with a
 * format version {@code v} so that a later format can still read this one.
 *
 * <p>Instants are ISO-8601 text, which keeps their nanoseconds and reads well in {@code redis-cli}.
 */
final class SessionCodec {
  static final int VERSION = 1;

  private SessionCodec() {}

  static String encode(Session session) {
    return JsonObject.builder()
        .put("v", VERSION)
        .put("role", session.role().name())
        .put("workspace_root", session.workspaceRoot().toString())
        .put("principal", session.principal())
        .put("created_at", session.createdAt().toString())
        .put("last_activity", session.lastActivity().toString())
        .put("expires_at", session.expiresAt().toString())
        .build()
        .write();
  }

  static Session decodeSession(SessionId id, String text) {
    JsonObject json = object(text);
    return new Session(
        id,
        Role.valueOf(string(json, "role")),
        Path.of(string(json, "workspace_root")),
        string(json, "principal"),
        instant(json, "created_at"),
        instant(json, "last_activity"),
        instant(json, "expires_at"));
  }

  static String encode(TransportSession session) {
    return JsonObject.builder()
        .put("v", VERSION)
        .put("protocol_version", session.protocolVersion())
        .put("principal", session.principal())
        .putIfPresent("governance", session.governance().map(g -> Json.of(g.value())))
        .put("created_at", session.createdAt().toString())
        .put("expires_at", session.expiresAt().toString())
        .build()
        .write();
  }

  static TransportSession decodeTransport(String id, String text) {
    JsonObject json = object(text);
    return new TransportSession(
        id,
        string(json, "protocol_version"),
        string(json, "principal"),
        json.string("governance").map(SessionId::new),
        instant(json, "created_at"),
        instant(json, "expires_at"));
  }

  /** The principal of a stored transport session. */
  static String principal(String text) {
    return string(object(text), "principal");
  }

  private static JsonObject object(String text) {
    if (!(Json.parse(text) instanceof JsonObject json)) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return json;
  }

  private static String string(JsonObject json, String name) {
    return json.string(name)
        .orElseThrow(() -> new IllegalArgumentException("no string member \"" + name + "\""));
  }

  private static Instant instant(JsonObject json, String name) {
    return IsoInstants.parse(string(json, name));
  }
}

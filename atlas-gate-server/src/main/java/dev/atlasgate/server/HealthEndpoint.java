package dev.atlasgate.server;

import dev.atlasgate.json.JsonObject;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code /health}, {@code /health/live} and {@code /health/ready}: the process, its backends, and
 * whether it is draining for shutdown.
 */
final class HealthEndpoint {
  private final Wiring wiring;
  private final String version;
  private final AtomicBoolean draining;
  private final long started = System.nanoTime();

  HealthEndpoint(Wiring wiring, String version, AtomicBoolean draining) {
    this.wiring = wiring;
    this.version = version;
    this.draining = draining;
  }

  void live(Exchange ex) {
    ex.json(200, JsonObject.builder().put("status", "alive").build());
  }

  void health(Exchange ex) {
    JsonObject session = check(wiring.sessionBackend(), () -> wiring.sessions().countActive());
    JsonObject audit = check(wiring.auditBackend(), () -> wiring.audit().head());
    boolean up = ok(session) && ok(audit);
    String status = draining.get() ? "draining" : up ? "healthy" : "unhealthy";
    JsonObject.Builder body =
        JsonObject.builder()
            .put("status", status)
            .put("uptime_seconds", (System.nanoTime() - started) / 1_000_000_000L)
            .put("role", wiring.settings().role().map(Enum::name).orElse("ALL"))
            .put("instance", wiring.settings().instanceId())
            .put("version", version)
            .put(
                "backends",
                JsonObject.builder().put("session", session).put("audit", audit).build());
    if (!up) {
      body.put("failing", ok(session) ? "audit" : "session");
    }
    ex.json(status.equals("healthy") ? 200 : 503, body.build());
  }

  private static boolean ok(JsonObject backend) {
    return backend.string("status").filter("up"::equals).isPresent();
  }

  private static JsonObject check(String type, Runnable probe) {
    JsonObject.Builder result = JsonObject.builder().put("type", type);
    try {
      probe.run();
      return result.put("status", "up").build();
    } catch (RuntimeException e) {
      return result.put("status", "down").put("error", String.valueOf(e.getMessage())).build();
    }
  }
}

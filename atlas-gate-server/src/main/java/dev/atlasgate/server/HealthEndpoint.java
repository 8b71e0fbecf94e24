package dev.atlasgate.server;

import dev.atlasgate.bootstrap.Wiring;
import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.gateway.ToolResult;
import dev.atlasgate.json.JsonObject;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health}, {@code /health/live} and {@code /health/ready}: the process, its backends, and
 * whether it is draining for shutdown.
 */
final class HealthEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(HealthEndpoint.class);
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
      // /health is public: the cause (hosts, paths) goes to the log under the id it shows.
      ErrorCode code = e instanceof GateException gate ? gate.code() : ErrorCode.INTERNAL_ERROR;
      ToolResult.Refused fault = ToolResult.Refused.fault(code, e);
      LOG.warn(
          "{} backend is down: {}; correlation id {}",
          type,
          e.getMessage(),
          fault.correlationId().orElseThrow());
      return result.put("status", "down").put("error", fault.message()).build();
    }
  }
}

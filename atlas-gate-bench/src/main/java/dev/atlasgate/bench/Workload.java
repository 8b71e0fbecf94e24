package dev.atlasgate.bench;

import dev.atlasgate.json.JsonObject;
import java.util.Optional;

/** The arguments of each call a client makes. */
final class Workload {
  private final BenchConfig config;
  private final Optional<PlanSetup.PlanRef> plan;

  Workload(BenchConfig config, Optional<PlanSetup.PlanRef> plan) {
    this.config = config;
    this.plan = plan;
  }

  static JsonObject begin(String workspace, String role) {
    return JsonObject.builder().put("workspace_root", workspace).put("role", role).build();
  }

  static JsonObject write(PlanSetup.PlanRef plan, String path, String content) {
    return JsonObject.builder()
        .put("path", path)
        .put("content", content)
        .put("plan_hash", plan.planHash())
        .put("phase_id", plan.phase())
        .put("intent", "atlas-gate-bench load test write")
        .build();
  }

  /** The arguments of call number {@code n} of client {@code client}, an {@code op}. */
  JsonObject arguments(Operation op, int client, long n) {
    return switch (op) {
      case READ -> JsonObject.builder().put("path", config.readPath()).build();
      case LIST ->
          config.listPath().isEmpty()
              ? JsonObject.EMPTY
              : JsonObject.builder().put("path", config.listPath()).build();
      case WRITE ->
          write(
              plan.orElseThrow(),
              config.writeDir() + "/client-" + client + ".txt",
              content(client, n, config.writeBytes()));
      case ECHO -> JsonObject.builder().put("text", "echo " + n).build();
      case INITIALIZE, BEGIN_SESSION ->
          throw new IllegalArgumentException(op + " is not a tool call of the measured phase");
    };
  }

  /** Exactly {@code bytes} bytes of ASCII text naming the client and the call. */
  static String content(int client, long n, int bytes) {
    StringBuilder text = new StringBuilder("client ").append(client).append(" call ").append(n);
    if (text.length() >= bytes) {
      return text.substring(0, bytes);
    }
    text.append(" ");
    while (text.length() < bytes - 1) {
      text.append('x');
    }
    return text.append('\n').toString();
  }
}

package dev.atlasgate.bench;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.JsonObject;
import java.util.Optional;

/** What one call came to, as the client saw it, and which instance answered when it was said. */
sealed interface Outcome {
  Optional<String> instance();

  /** A successful answer: the JSON-RPC {@code result} (empty for an accepted notification). */
  record Ok(JsonObject result, Optional<String> instance) implements Outcome {
    public Ok {
      requireNonNull(result, "result is null");
      requireNonNull(instance, "instance is null");
    }
  }

  /**
   * A failed call, by kind: {@code http_502}, {@code http_503_AUDIT_UNAVAILABLE}, {@code
   * rpc_-32602}, {@code tool_PLAN_NOT_APPROVED}, {@code timeout}, {@code connect_refused}, {@code
   * io_closed}, … The detail is for the log, never for grouping.
   */
  record Failed(String kind, String detail, Optional<String> instance) implements Outcome {
    public Failed {
      requireNonNull(kind, "kind is null");
      requireNonNull(detail, "detail is null");
      requireNonNull(instance, "instance is null");
    }

    /** True when the request may never have run, or failed before a result was made. */
    boolean retryableForReads() {
      return kind.equals("http_502")
          || kind.equals("http_503")
          || kind.equals("http_504")
          || kind.startsWith("http_503_")
          || kind.startsWith("io_")
          || kind.startsWith("connect_")
          || kind.equals("timeout");
    }
  }
}

package dev.atlasgate.gateway;

import dev.atlasgate.error.ErrorCode;
import java.time.Duration;
import java.util.Optional;

/** Told of every tool call once it is answered, for metrics. It must not throw. */
@FunctionalInterface
public interface CallObserver {
  CallObserver NONE = (tool, error, duration) -> {};

  /** The name reported for every call of a tool the gateway does not know. */
  String UNKNOWN_TOOL = "unknown";

  /**
   * Reports one call once it has been answered.
   *
   * @param tool a tool the gateway knows, or {@link #UNKNOWN_TOOL}: a bounded set, safe as a metric
   *     label
   * @param error the refusal's code, empty when the call succeeded
   */
  void called(String tool, Optional<ErrorCode> error, Duration duration);
}

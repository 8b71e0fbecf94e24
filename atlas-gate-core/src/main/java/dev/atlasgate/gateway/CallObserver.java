package dev.atlasgate.gateway;

import dev.atlasgate.error.ErrorCode;
import java.time.Duration;
import java.util.Optional;

/** Told of every tool call once it is answered, for metrics. It must not throw. */
@FunctionalInterface
public interface CallObserver {
  CallObserver NONE = (tool, error, duration) -> {};

  /**
   * @param tool the tool name as called (unknown names included)
   * @param error the refusal's code, empty when the call succeeded
   */
  void called(String tool, Optional<ErrorCode> error, Duration duration);
}

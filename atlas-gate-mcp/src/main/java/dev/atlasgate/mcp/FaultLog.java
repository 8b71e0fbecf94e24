package dev.atlasgate.mcp;

import dev.atlasgate.gateway.ToolResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a tool call's server fault is logged with its cause, under the correlation id its answer
 * shows instead: the one record that ties an answer to what went wrong.
 */
public final class FaultLog {
  private static final Logger LOG = LoggerFactory.getLogger(FaultLog.class);

  private FaultLog() {}

  /** Logs {@code refused}'s cause, if it has one, under its correlation id. */
  public static void record(String tool, ToolResult.Refused refused) {
    refused
        .cause()
        .ifPresent(
            cause ->
                LOG.error(
                    "tool {} failed ({}); correlation id {}",
                    tool,
                    refused.code(),
                    refused.correlationId().orElse("-"),
                    cause));
  }
}

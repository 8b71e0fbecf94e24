package dev.atlasgate.audit;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What a call was, before it has a place in the chain.
 *
 * @param ts when the call started, kept to the millisecond so that it round-trips exactly
 * @param args the call's arguments, already redacted
 * @param errorCode present exactly when the call was refused or failed
 */
public record AuditEvent(
    Instant ts,
    String instance,
    Optional<String> sessionId,
    Optional<String> principal,
    Optional<String> role,
    String tool,
    Optional<String> workspaceRoot,
    Optional<String> planHash,
    Optional<String> phaseId,
    JsonObject args,
    boolean ok,
    Optional<String> errorCode,
    long durationMs) {

  public AuditEvent {
    ts = requireNonNull(ts, "ts is null").truncatedTo(ChronoUnit.MILLIS);
    requireNonNull(instance, "instance is null");
    requireNonNull(sessionId, "sessionId is null");
    requireNonNull(principal, "principal is null");
    requireNonNull(role, "role is null");
    requireNonNull(tool, "tool is null");
    requireNonNull(workspaceRoot, "workspaceRoot is null");
    requireNonNull(planHash, "planHash is null");
    requireNonNull(phaseId, "phaseId is null");
    requireNonNull(args, "args is null");
    requireNonNull(errorCode, "errorCode is null");
    if (ok == errorCode.isPresent()) {
      throw new IllegalArgumentException("errorCode must be present exactly when ok is false");
    }
    if (durationMs < 0) {
      throw new IllegalArgumentException("durationMs is negative: " + durationMs);
    }
  }

  /** This event with its arguments changed by {@code change}. */
  public AuditEvent withArgs(UnaryOperator<JsonObject> change) {
    return new AuditEvent(
        ts,
        instance,
        sessionId,
        principal,
        role,
        tool,
        workspaceRoot,
        planHash,
        phaseId,
        change.apply(args),
        ok,
        errorCode,
        durationMs);
  }
}

package dev.atlasgate.plan;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One step of a plan's status history: who moved it to which status, and when. */
public record StatusChange(PlanStatus status, String actor, Instant at) {
  public StatusChange {
    requireNonNull(status, "status is null");
    requireNonNull(actor, "actor is null");
    requireNonNull(at, "at is null");
  }
}

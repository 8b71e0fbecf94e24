package dev.atlasgate.audit.checkpoint;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Checkpoints kept in memory, for tests and throw-away gateways. */
public final class InMemoryCheckpointStore implements CheckpointStore {
  private final AtomicReference<Optional<SignedCheckpoint>> latest =
      new AtomicReference<>(Optional.empty());

  @Override
  public void save(SignedCheckpoint checkpoint) {
    latest.accumulateAndGet(
        Optional.of(checkpoint),
        (old, now) ->
            old.isPresent() && old.get().checkpoint().size() > checkpoint.checkpoint().size()
                ? old
                : now);
  }

  @Override
  public Optional<SignedCheckpoint> latest() {
    return requireNonNull(latest.get(), "latest is never null");
  }
}

package dev.atlasgate.audit.checkpoint;

import java.util.Optional;

/**
 * Where signed checkpoints are kept beside the audit log. A store only moves forward: saving a
 * checkpoint of a smaller tree than the latest one keeps the latest.
 */
public interface CheckpointStore extends AutoCloseable {

  /** Keeps {@code checkpoint}; durable when this returns. */
  void save(SignedCheckpoint checkpoint);

  /** The checkpoint of the largest tree saved, if any. */
  Optional<SignedCheckpoint> latest();

  @Override
  default void close() {}

  /**
   * {@code primary}, with every checkpoint also written to {@code anchor} (a store out of the
   * gateway's reach, such as S3 under Object Lock) once {@code primary} holds it.
   */
  static CheckpointStore anchored(CheckpointStore primary, CheckpointStore anchor) {
    return new CheckpointStore() {
      @Override
      public void save(SignedCheckpoint checkpoint) {
        primary.save(checkpoint);
        anchor.save(checkpoint);
      }

      @Override
      public Optional<SignedCheckpoint> latest() {
        return primary.latest();
      }
    };
  }
}

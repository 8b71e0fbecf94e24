package dev.atlasgate.testing;

import dev.atlasgate.audit.checkpoint.CheckpointStore;
import dev.atlasgate.audit.checkpoint.InMemoryCheckpointStore;

class InMemoryCheckpointStoreTest extends CheckpointStoreContract {
  @Override
  protected CheckpointStore newStore() {
    return new InMemoryCheckpointStore();
  }
}

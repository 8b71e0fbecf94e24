package dev.atlasgate.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.audit.checkpoint.CheckpointStore;
import dev.atlasgate.testing.CheckpointStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointStoreTest extends CheckpointStoreContract {
  @TempDir Path temp;

  @Override
  protected CheckpointStore newStore() {
    return FileCheckpointStore.beside(temp.resolve("audit.jsonl"));
  }

  @Test
  void theNote_livesInAFileBesideTheAuditFile() throws Exception {
    FileCheckpointStore store = FileCheckpointStore.beside(temp.resolve("audit.jsonl"));
    store.save(signed(7, 1));
    assertThat(Files.readString(temp.resolve("audit.jsonl.checkpoint")))
        .isEqualTo(signed(7, 1).note());
  }
}

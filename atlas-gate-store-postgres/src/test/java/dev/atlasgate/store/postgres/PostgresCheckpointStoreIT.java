package dev.atlasgate.store.postgres;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.audit.checkpoint.CheckpointStore;
import dev.atlasgate.testing.CheckpointStoreContract;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The checkpoint store contract on PostgreSQL, and the table's insert-only triggers. */
class PostgresCheckpointStoreIT extends CheckpointStoreContract {
  private DatabaseUrl url;
  private PostgresDatabase database;

  @Override
  protected CheckpointStore newStore() {
    url = TestPostgres.server().newMigratedDatabase();
    database = PostgresDatabase.open(url, PostgresDatabase.Settings.defaults());
    return PostgresCheckpointStore.open(database);
  }

  @AfterEach
  void dropDatabase() {
    database.close();
    TestPostgres.server().drop(url);
  }

  @Test
  void storedCheckpoints_cannotBeUpdatedOrDeleted() throws Exception {
    PostgresCheckpointStore.open(database).save(signed(5, 1));
    try (Connection c = database.connection();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("UPDATE audit_checkpoints SET note = 'x'"))
          .hasMessageContaining("insert-only");
      assertThatThrownBy(() -> s.execute("DELETE FROM audit_checkpoints"))
          .hasMessageContaining("insert-only");
      assertThatThrownBy(() -> s.execute("TRUNCATE audit_checkpoints"))
          .hasMessageContaining("insert-only");
    }
  }
}

package dev.atlasgate.store.postgres;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.audit.checkpoint.CheckpointStore;
import dev.atlasgate.audit.checkpoint.SignedCheckpoint;
import dev.atlasgate.error.ErrorCode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Signed checkpoints in table {@code audit_checkpoints}, insert-only, one row per tree size, shared
 * by every instance of the chain.
 */
public final class PostgresCheckpointStore implements CheckpointStore {
  private final PostgresDatabase database;

  private PostgresCheckpointStore(PostgresDatabase database) {
    this.database = database;
  }

  /** A checkpoint store on {@code database}, which must outlive it. */
  public static PostgresCheckpointStore open(PostgresDatabase database) {
    return new PostgresCheckpointStore(requireNonNull(database, "database is null"));
  }

  @Override
  public void save(SignedCheckpoint checkpoint) {
    call(
        "save checkpoint " + checkpoint.checkpoint().size(),
        c -> {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO audit_checkpoints (tree_size, root_hash, note) VALUES (?, ?, ?)"
                      + " ON CONFLICT (tree_size) DO NOTHING")) {
            insert.setLong(1, checkpoint.checkpoint().size());
            insert.setString(2, checkpoint.checkpoint().rootHex());
            insert.setString(3, checkpoint.note());
            return insert.executeUpdate();
          }
        });
  }

  @Override
  public Optional<SignedCheckpoint> latest() {
    return call(
        "read the latest checkpoint",
        c -> {
          try (PreparedStatement select =
                  c.prepareStatement(
                      "SELECT note FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1");
              ResultSet rows = select.executeQuery()) {
            return rows.next()
                ? Optional.of(SignedCheckpoint.read(rows.getString(1)))
                : Optional.<SignedCheckpoint>empty();
          }
        });
  }

  private <T> T call(String what, PostgresDatabase.SqlWork<T> work) {
    try {
      return database.inTransaction(work);
    } catch (SQLException e) {
      throw SqlFailure.unavailable(
          ErrorCode.AUDIT_UNAVAILABLE,
          "cannot " + what + ": the checkpoint store at " + database.redactedUrl() + " failed",
          e);
    }
  }
}

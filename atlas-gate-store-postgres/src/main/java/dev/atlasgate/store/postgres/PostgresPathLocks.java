package dev.atlasgate.store.postgres;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.gateway.PathLocks;
import dev.atlasgate.json.Sha256;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Path locks shared by every instance on one database: the process's own lock of the path, then a
 * PostgreSQL session advisory lock keyed by workspace and path. A lock dies with its connection, so
 * an instance that crashes releases its locks.
 *
 * <p>The advisory locks live on a few connections of a pool of their own (so that holders never
 * starve the audit appends of connections), each holding any number of them: a connection is busy
 * only for the one statement that takes or gives back a lock, never while a write holds it. A lock
 * another instance holds is tried again after a pause that grows from 1 to 50 ms, so a waiter never
 * ties up a connection either. (With one connection per held lock, as many writes as connections
 * could be in flight on an instance at once, and a thousand clients queued behind eight.)
 */
public final class PostgresPathLocks implements PathLocks, AutoCloseable {
  /** The first key of every advisory lock the gateway takes ("ATLS"). */
  private static final int NAMESPACE = 0x41544C53;

  private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final PathLocks local = PathLocks.inProcess();
  private final PostgresDatabase database;
  private final List<Holder> holders = new ArrayList<>();

  private PostgresPathLocks(PostgresDatabase database, int connections) {
    this.database = database;
    for (int i = 0; i < connections; i++) {
      holders.add(new Holder());
    }
  }

  /** Locks held on {@code connections} connections of a pool of their own to {@code url}. */
  public static PostgresPathLocks open(PostgresDatabase shared, int connections) {
    requireNonNull(shared, "shared is null");
    int size = Math.max(1, connections);
    PostgresDatabase own =
        PostgresDatabase.open(
            shared.url(),
            PostgresDatabase.Settings.defaults()
                .withMigrate(false)
                .withMaxPoolSize(Math.max(2, size)));
    return new PostgresPathLocks(own, size);
  }

  @Override
  public Held lock(Path root, String path) {
    Held inProcess = local.lock(root, path);
    int key = key(root, path);
    Holder holder = holders.get(Math.floorMod(key, holders.size()));
    try {
      for (long pause = FIRST_PAUSE_NANOS; !holder.tryLock(key); ) {
        LockSupport.parkNanos(pause);
        pause = Math.min(LONGEST_PAUSE_NANOS, pause * 2);
      }
      return () -> {
        try {
          holder.unlock(key);
        } finally {
          inProcess.close();
        }
      };
    } catch (SQLException | RuntimeException e) {
      inProcess.close();
      throw SqlFailure.unavailable(
          ErrorCode.AUDIT_UNAVAILABLE, "cannot lock the path " + path + " for its write", e);
    }
  }

  private static int key(Path root, String path) {
    return (int) Long.parseLong(Sha256.hex(root + "\0" + path).substring(0, 8), 16);
  }

  @Override
  public void close() {
    for (Holder holder : holders) {
      holder.close();
    }
    database.close();
  }

  /** One connection that holds advisory locks, one statement at a time. */
  private final class Holder {
    private final ReentrantLock statements = new ReentrantLock();
    private @Nullable Connection connection;

    boolean tryLock(int key) throws SQLException {
      statements.lock();
      try {
        try (PreparedStatement lock =
            connection().prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
          lock.setInt(1, NAMESPACE);
          lock.setInt(2, key);
          try (ResultSet answer = lock.executeQuery()) {
            answer.next();
            return answer.getBoolean(1);
          }
        } catch (SQLException e) {
          drop();
          throw e;
        }
      } finally {
        statements.unlock();
      }
    }

    void unlock(int key) {
      statements.lock();
      try (PreparedStatement unlock =
          connection().prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
        unlock.setInt(1, NAMESPACE);
        unlock.setInt(2, key);
        unlock.execute();
      } catch (SQLException e) {
        // A connection that is gone has released its locks with it.
        drop();
      } finally {
        statements.unlock();
      }
    }

    private Connection connection() throws SQLException {
      if (connection == null) {
        connection = database.connection();
      }
      return connection;
    }

    /** Gives up a broken connection (its locks died with it); the next statement takes another. */
    private void drop() {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException e) {
          // already gone
        }
        connection = null;
      }
    }

    void close() {
      statements.lock();
      try {
        drop();
      } finally {
        statements.unlock();
      }
    }
  }
}

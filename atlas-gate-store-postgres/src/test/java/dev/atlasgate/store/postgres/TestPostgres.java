package dev.atlasgate.store.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The PostgreSQL server of the tests: the one {@code ATLAS_TEST_PG_URL} names (a JDBC URL of a
 * superuser, such as {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}), or else an
 * embedded one, started once per JVM and shared by every test class.
 *
 * <p>Each test class (or test) gets databases of its own, with unique names, dropped at the end.
 */
final class TestPostgres {
  static final String URL_VARIABLE = "ATLAS_TEST_PG_URL";

  private static final ReentrantLock LOCK = new ReentrantLock();
  private static TestPostgres server;

  private final DatabaseUrl admin;
  private final String prefix =
      "atlas_test_"
          + ProcessHandle.current().pid()
          + "_"
          + ThreadLocalRandom.current().nextInt(1000, 10000);
  private final AtomicInteger counter = new AtomicInteger();
  private final List<String> created = new CopyOnWriteArrayList<>();
  private String template;

  private TestPostgres(DatabaseUrl admin) {
    this.admin = admin;
  }

  /** The shared server, started on first use. */
  static TestPostgres server() {
    LOCK.lock();
    try {
      if (server == null) {
        server = start();
      }
      return server;
    } finally {
      LOCK.unlock();
    }
  }

  /** Whether the tests run on an external server rather than the embedded one. */
  static boolean external() {
    String url = System.getenv(URL_VARIABLE);
    return url != null && !url.isBlank();
  }

  /** A new database with nothing in it. */
  DatabaseUrl newEmptyDatabase() {
    String name = prefix + "_" + counter.incrementAndGet();
    execute(admin, "CREATE DATABASE " + name);
    created.add(name);
    return admin.withDatabase(name);
  }

  /** A new database with the schema migrated (a copy of a template migrated once per JVM). */
  DatabaseUrl newMigratedDatabase() {
    LOCK.lock();
    try {
      if (template == null) {
        DatabaseUrl url = newEmptyDatabase();
        PostgresDatabase.migrate(url);
        template = url.database();
      }
      String name = prefix + "_" + counter.incrementAndGet();
      execute(admin, "CREATE DATABASE " + name + " TEMPLATE " + template);
      created.add(name);
      return admin.withDatabase(name);
    } finally {
      LOCK.unlock();
    }
  }

  /** Drops a database made here, closing whatever is still connected to it. */
  void drop(DatabaseUrl database) {
    execute(admin, "DROP DATABASE IF EXISTS " + database.database() + " WITH (FORCE)");
    created.remove(database.database());
  }

  /**
   * A connection as the server's superuser to {@code database}, for what the product never does.
   */
  Connection superuser(DatabaseUrl database) throws SQLException {
    Properties properties = new Properties();
    database.user().ifPresent(u -> properties.setProperty("user", u));
    database.password().ifPresent(p -> properties.setProperty("password", p));
    return DriverManager.getConnection(database.jdbcUrl(), properties);
  }

  /** Runs {@code sql} as the superuser on {@code database}, autocommit. */
  void execute(DatabaseUrl database, String sql) {
    try (Connection connection = superuser(database);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test setup failed: " + sql + ": " + e.getMessage(), e);
    }
  }

  private static TestPostgres start() {
    TestPostgres started;
    if (external()) {
      started = new TestPostgres(DatabaseUrl.parse(System.getenv(URL_VARIABLE)));
    } else {
      EmbeddedPostgres embedded;
      try {
        embedded = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
      }
      started = new TestPostgres(DatabaseUrl.parse(embedded.getJdbcUrl("postgres", "postgres")));
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      embedded.close();
                    } catch (IOException e) {
                      System.err.println("stopping the embedded PostgreSQL failed: " + e);
                    }
                  },
                  "embedded-postgres-stop"));
      return started;
    }
    TestPostgres external = started;
    Runtime.getRuntime()
        .addShutdownHook(new Thread(external::dropAll, "atlas-test-databases-drop"));
    return external;
  }

  private void dropAll() {
    for (String name : List.copyOf(created)) {
      try {
        execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (IllegalStateException e) {
        System.err.println("dropping test database " + name + " failed: " + e.getMessage());
      }
    }
  }
}

package dev.atlasgate.store.postgres;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.atlasgate.error.ErrorCode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL database of a deployment: a connection pool (HikariCP) on {@code DATABASE_URL},
 * with the schema migrated (Flyway) when it is opened.
 *
 * <p>The stores ({@link PostgresAuditLog}, {@link PostgresPlanStore}, {@link PostgresSessionStore})
 * borrow its connections; close it after them. A pool reconnects by itself once a lost server is
 * back.
 */
public final class PostgresDatabase implements AutoCloseable {
  static final String MIGRATIONS = "classpath:db/migration";
  private static final Pattern SCRIPT_VERSION =
      Pattern.compile("ATLAS-GATE schema version ([0-9]+), loaded from deploy/init-db.sql");

  private final DatabaseUrl url;
  private final HikariDataSource pool;

  private PostgresDatabase(DatabaseUrl url, HikariDataSource pool) {
    this.url = url;
    this.pool = pool;
  }

  /**
   * How to reach the database.
   *
   * @param maxPoolSize connections at most (default 10)
   * @param connectTimeout how long a caller waits for a connection before the backend counts as
   *     unavailable (default 5 s)
   * @param socketTimeout how long one read from the server may block before the connection counts
   *     as lost (default 60 s)
   * @param migrate whether {@link #open} migrates the schema first (default true)
   */
  public record Settings(
      int maxPoolSize, Duration connectTimeout, Duration socketTimeout, boolean migrate) {
    public Settings {
      requireNonNull(connectTimeout, "connectTimeout is null");
      requireNonNull(socketTimeout, "socketTimeout is null");
      if (maxPoolSize < 2) {
        throw new IllegalArgumentException("maxPoolSize must be 2 or more, not " + maxPoolSize);
      }
      if (connectTimeout.toMillis() < 500) {
        throw new IllegalArgumentException(
            "connectTimeout must be 500 ms or more, not " + connectTimeout);
      }
      if (socketTimeout.toSeconds() < 1) {
        throw new IllegalArgumentException(
            "socketTimeout must be 1 s or more, not " + socketTimeout);
      }
    }

    public static Settings defaults() {
      return new Settings(10, Duration.ofSeconds(5), Duration.ofSeconds(60), true);
    }

    public Settings withMaxPoolSize(int size) {
      return new Settings(size, connectTimeout, socketTimeout, migrate);
    }

    public Settings withConnectTimeout(Duration timeout) {
      return new Settings(maxPoolSize, timeout, socketTimeout, migrate);
    }

    public Settings withMigrate(boolean enabled) {
      return new Settings(maxPoolSize, connectTimeout, socketTimeout, enabled);
    }
  }

  /** The outcome of {@link #migrate}: the schema version before and after, and what ran. */
  public record Migration(Optional<String> fromVersion, String toVersion, int applied) {
    public Migration {
      requireNonNull(fromVersion, "fromVersion is null");
      requireNonNull(toVersion, "toVersion is null");
    }
  }

  /** Opens {@code DATABASE_URL} with the default settings, migrating the schema. */
  public static PostgresDatabase open(String databaseUrl) {
    return open(DatabaseUrl.parse(databaseUrl), Settings.defaults());
  }

  /**
   * Opens a pool on {@code url} and, if the settings say so, migrates the schema.
   *
   * @throws dev.atlasgate.error.GateException ({@code INTERNAL_ERROR}) when the server cannot be
   *     reached or the migration fails
   */
  public static PostgresDatabase open(DatabaseUrl url, Settings settings) {
    requireNonNull(url, "url is null");
    requireNonNull(settings, "settings is null");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(poolConfig(url, settings));
    } catch (RuntimeException e) {
      throw SqlFailure.unavailable(
          ErrorCode.INTERNAL_ERROR, "cannot connect to " + url.redacted(), e);
    }
    PostgresDatabase database = new PostgresDatabase(url, pool);
    if (settings.migrate()) {
      try {
        migrate(pool);
      } catch (RuntimeException e) {
        pool.close();
        throw SqlFailure.unavailable(
            ErrorCode.INTERNAL_ERROR, "cannot migrate " + url.redacted(), e);
      }
    }
    return database;
  }

  /**
   * Brings the schema of {@code url} up to date, without a pool: the {@code atlas-gate migrate}
   * command. Running it again on a migrated database changes nothing.
   */
  public static Migration migrate(DatabaseUrl url) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(url.jdbcUrl());
    url.user().ifPresent(source::setUser);
    url.password().ifPresent(source::setPassword);
    try {
      for (var secret : url.secretParameters().entrySet()) {
        source.setProperty(secret.getKey(), secret.getValue());
      }
      return migrate(source);
    } catch (SQLException | RuntimeException e) {
      throw SqlFailure.unavailable(ErrorCode.INTERNAL_ERROR, "cannot migrate " + url.redacted(), e);
    }
  }

  /** Brings the schema up to date; a no-op when it is. */
  public Migration migrate() {
    try {
      return migrate(pool);
    } catch (RuntimeException e) {
      throw SqlFailure.unavailable(ErrorCode.INTERNAL_ERROR, "cannot migrate " + url.redacted(), e);
    }
  }

  /** Asks the server for its version; never throws. */
  public DatabaseHealth health() {
    long start = System.nanoTime();
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT current_setting('server_version')")) {
      rs.next();
      return new DatabaseHealth.Up(Duration.ofNanos(System.nanoTime() - start), rs.getString(1));
    } catch (SQLException | RuntimeException e) {
      return new DatabaseHealth.Down(url.redacted() + ": " + SqlFailure.describe(e));
    }
  }

  /** The URL the pool connects to. */
  DatabaseUrl url() {
    return url;
  }

  /** The database URL for log lines, password hidden. */
  public String redactedUrl() {
    return url.redacted();
  }

  /** Closes the pool: open connections are closed, streams still reading fail. */
  @Override
  public void close() {
    pool.close();
  }

  /**
   * Drops every pooled connection (those in use once they are returned), after one was found dead:
   * when the server restarted, all of them are, and the next caller should not meet them.
   */
  void dropConnections() {
    var connections = pool.getHikariPoolMXBean();
    if (connections != null) {
      connections.softEvictConnections();
    }
  }

  /** A connection from the pool; the caller closes it. */
  Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /** Runs {@code work} on a pooled connection in autocommit mode. */
  <T> T withConnection(SqlWork<T> work) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      return work.run(connection);
    }
  }

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  <T> T inTransaction(SqlWork<T> work) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }
  }

  /** Database work that may fail with an {@link SQLException}. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  private static Migration migrate(DataSource source) {
    FluentConfiguration flyway =
        Flyway.configure().dataSource(source).locations(MIGRATIONS).cleanDisabled(true);
    Optional<String> loaded = versionLoadedFromScript(source);
    if (loaded.isPresent()) {
      flyway =
          flyway
              .baselineOnMigrate(true)
              .baselineVersion(loaded.get())
              .baselineDescription("loaded from deploy/init-db.sql");
    }
    MigrateResult result = flyway.load().migrate();
    String before = Optional.ofNullable(result.initialSchemaVersion).orElse(loaded.orElse(null));
    return new Migration(
        Optional.ofNullable(before),
        Optional.ofNullable(result.targetSchemaVersion)
            .or(() -> Optional.ofNullable(before))
            .orElse("0"),
        result.migrationsExecuted);
  }

  /**
   * The schema version of a database made from {@code deploy/init-db.sql} and not yet known to
   * Flyway: the script leaves it in the comment on {@code audit_head}, so that Flyway takes the
   * database as migrated that far instead of running the migrations again.
   */
  private static Optional<String> versionLoadedFromScript(DataSource source) {
    try (Connection connection = source.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT obj_description(to_regclass('audit_head'), 'pg_class')"
                    + " WHERE to_regclass('flyway_schema_history') IS NULL")) {
      if (rs.next() && rs.getString(1) != null) {
        Matcher version = SCRIPT_VERSION.matcher(rs.getString(1));
        if (version.find()) {
          return Optional.of(version.group(1));
        }
      }
      return Optional.empty();
    } catch (SQLException e) {
      throw new IllegalStateException(SqlFailure.describe(e), e);
    }
  }

  private static HikariConfig poolConfig(DatabaseUrl url, Settings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("atlas-gate-postgres");
    config.setJdbcUrl(url.jdbcUrl());
    url.user().ifPresent(config::setUsername);
    url.password().ifPresent(config::setPassword);
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
    long connectMillis = settings.connectTimeout().toMillis();
    config.setConnectionTimeout(connectMillis);
    config.setValidationTimeout(Math.max(250, Math.min(connectMillis / 2, 5_000)));
    config.addDataSourceProperty(
        "connectTimeout", String.valueOf(Math.max(1, settings.connectTimeout().toSeconds())));
    config.addDataSourceProperty(
        "socketTimeout", String.valueOf(settings.socketTimeout().toSeconds()));
    config.addDataSourceProperty("tcpKeepAlive", "true");
    // An acknowledged audit entry, plan or session must survive a crash of the server, whatever
    // the server's or the role's default.
    config.setConnectionInitSql("SET synchronous_commit TO on");
    url.secretParameters().forEach(config::addDataSourceProperty);
    if (!url.jdbcUrl().contains("ApplicationName=")) {
      config.addDataSourceProperty("ApplicationName", "atlas-gate");
    }
    return config;
  }
}

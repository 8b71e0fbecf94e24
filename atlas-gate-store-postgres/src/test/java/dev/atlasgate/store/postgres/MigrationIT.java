package dev.atlasgate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.audit.AuditEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The schema: migrated on an empty database, again as a no-op, or loaded from init-db.sql. */
class MigrationIT {
  private static final String LATEST = "9";

  /** Everything of the schema that a difference between two ways of making it would show. */
  private static final String SCHEMA =
      """
      SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
             || coalesce(' = ' || pg_get_expr(d.adbin, d.adrelid), '')
             || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'v')
         AND a.attnum > 0 AND NOT a.attisdropped AND c.relname NOT LIKE 'flyway%'
      UNION ALL
      SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
        FROM pg_constraint
       WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE 'flyway%'
      UNION ALL
      SELECT 'index ' || indexdef FROM pg_indexes
       WHERE schemaname = 'public' AND tablename NOT LIKE 'flyway%'
      UNION ALL
      SELECT 'function ' || p.oid::regprocedure || ' ' || md5(pg_get_functiondef(p.oid))
        FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
      UNION ALL
      SELECT 'trigger ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
      UNION ALL
      SELECT 'view ' || viewname || ' ' || md5(definition) FROM pg_views WHERE schemaname = 'public'
      UNION ALL
      SELECT 'published ' || tablename FROM pg_publication_tables WHERE pubname = 'atlas_gate_pub'
      UNION ALL
      SELECT 'head ' || seq || ' ' || hash FROM audit_head
      ORDER BY 1
      """;

  private final List<DatabaseUrl> databases = new ArrayList<>();
  private final List<String> roles = new ArrayList<>();

  @AfterEach
  void drop() {
    databases.forEach(TestPostgres.server()::drop);
    DatabaseUrl any = TestPostgres.server().newEmptyDatabase();
    roles.forEach(role -> TestPostgres.server().execute(any, "DROP ROLE IF EXISTS " + role));
    TestPostgres.server().drop(any);
  }

  @Test
  void anEmptyDatabase_isMigratedToTheLatestVersion_andMigratingAgainChangesNothing()
      throws Exception {
    DatabaseUrl url = emptyDatabase();
    PostgresDatabase.Migration first = PostgresDatabase.migrate(url);
    assertThat(first.fromVersion()).isEmpty();
    assertThat(first.toVersion()).isEqualTo(LATEST);
    assertThat(first.applied()).isEqualTo(Integer.parseInt(LATEST));
    List<String> schema = schema(url);

    PostgresDatabase.Migration again = PostgresDatabase.migrate(url);
    assertThat(again).isEqualTo(new PostgresDatabase.Migration(Optional.of(LATEST), LATEST, 0));
    try (PostgresDatabase database =
        PostgresDatabase.open(url, PostgresDatabase.Settings.defaults())) {
      assertThat(database.migrate().applied()).isZero();
    }
    assertThat(schema(url)).isEqualTo(schema);
    assertThat(schema).contains("published audit_log", "head 0 " + "0".repeat(64));
    assertThat(tablesWithoutPrimaryKey(url)).isEmpty();
  }

  @Test
  void initDbSql_loadsIntoAFreshDatabase_asTheSameSchema_andTheGatewayTakesItAsMigrated()
      throws Exception {
    DatabaseUrl migrated = emptyDatabase();
    PostgresDatabase.migrate(migrated);
    DatabaseUrl loaded = emptyDatabase();
    String script = Files.readString(Path.of("..").resolve(InitDbScript.SCRIPT));
    try (Connection c = TestPostgres.server().superuser(loaded);
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute(script);
      c.commit();
    }
    assertThat(schema(loaded)).isEqualTo(schema(migrated));

    try (PostgresDatabase database =
            PostgresDatabase.open(loaded, PostgresDatabase.Settings.defaults());
        PostgresAuditLog log = PostgresAuditLog.open(database)) {
      assertThat(database.migrate())
          .isEqualTo(new PostgresDatabase.Migration(Optional.of(LATEST), LATEST, 0));
      AuditEntry first = log.append(Events.event("gw-1", "read_file", 1));
      assertThat(first.seq()).isEqualTo(1);
      assertThat(log.verifyInDatabase().valid()).isTrue();
    }
  }

  @Test
  void aRoleThatMayNotCreatePublications_stillMigrates() throws Exception {
    String role = "atlas_limited_" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
    DatabaseUrl admin = emptyDatabase();
    TestPostgres.server().execute(admin, "CREATE ROLE " + role + " LOGIN");
    roles.add(role);
    TestPostgres.server()
        .execute(admin, "REVOKE CREATE ON DATABASE " + admin.database() + " FROM PUBLIC");
    TestPostgres.server().execute(admin, "GRANT CREATE, USAGE ON SCHEMA public TO " + role);
    DatabaseUrl asRole =
        DatabaseUrl.parse(
            admin.jdbcUrl() + (admin.jdbcUrl().contains("?") ? "&" : "?") + "user=" + role);

    PostgresDatabase.Migration migration = PostgresDatabase.migrate(asRole);

    assertThat(migration.toVersion()).isEqualTo(LATEST);
    assertThat(schema(admin)).noneMatch(line -> line.startsWith("published "));
    try (PostgresDatabase database =
            PostgresDatabase.open(asRole, PostgresDatabase.Settings.defaults());
        PostgresAuditLog log = PostgresAuditLog.open(database)) {
      assertThat(log.append(Events.event("gw-1", "read_file", 1)).seq()).isEqualTo(1);
    }
    TestPostgres.server().execute(admin, "DROP OWNED BY " + role);
  }

  private DatabaseUrl emptyDatabase() {
    DatabaseUrl url = TestPostgres.server().newEmptyDatabase();
    databases.add(url);
    return url;
  }

  private static List<String> schema(DatabaseUrl url) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection c = TestPostgres.server().superuser(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(SCHEMA)) {
      while (rs.next()) {
        lines.add(rs.getString(1));
      }
    }
    return lines;
  }

  private static List<String> tablesWithoutPrimaryKey(DatabaseUrl url) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = TestPostgres.server().superuser(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT c.relname FROM pg_class c WHERE c.relkind = 'r'"
                    + " AND c.relnamespace = 'public'::regnamespace AND NOT EXISTS ("
                    + " SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }
}

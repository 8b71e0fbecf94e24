package dev.atlasgate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.plan.PlanHash;
import dev.atlasgate.plan.PlanStatus;
import dev.atlasgate.session.Role;
import dev.atlasgate.session.Session;
import dev.atlasgate.session.SessionId;
import dev.atlasgate.testing.PlanStoreContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deployment docs/postgres.md recommends: the schema owned by one role, the gateway connecting
 * as another with only the grants it needs, so that it cannot switch the triggers off.
 */
class LeastPrivilegeIT {
  private final String app = "atlas_app_" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
  private DatabaseUrl owner;
  private DatabaseUrl asApp;

  @BeforeEach
  void grant() {
    owner = TestPostgres.server().newMigratedDatabase();
    TestPostgres.server().execute(owner, "CREATE ROLE " + app + " LOGIN");
    TestPostgres.server()
        .execute(
            owner,
            """
            GRANT SELECT, INSERT ON audit_log TO %1$s;
            GRANT SELECT, UPDATE ON audit_head TO %1$s;
            GRANT SELECT ON audit_archive, audit_chain, audit_recent_activity,
                            audit_integrity_status TO %1$s;
            GRANT SELECT, INSERT, UPDATE ON plans, plan_status_history TO %1$s;
            GRANT SELECT, INSERT, UPDATE, DELETE ON sessions, transport_sessions TO %1$s;
            """
                .formatted(app));
    asApp =
        DatabaseUrl.parse(
            owner.jdbcUrl() + (owner.jdbcUrl().contains("?") ? "&" : "?") + "user=" + app);
  }

  @AfterEach
  void drop() {
    TestPostgres.server().drop(owner);
    DatabaseUrl any = TestPostgres.server().newEmptyDatabase();
    TestPostgres.server().execute(any, "DROP ROLE IF EXISTS " + app);
    TestPostgres.server().drop(any);
  }

  @Test
  void theGatewayRole_doesItsWork_butCannotTurnTheProtectionOff() throws Exception {
    Instant now = Instant.parse("2026-06-01T12:00:00Z");
    try (PostgresDatabase database =
            PostgresDatabase.open(asApp, PostgresDatabase.Settings.defaults().withMigrate(false));
        PostgresAuditLog log = PostgresAuditLog.open(database)) {
      assertThat(log.append(Events.event("gw-1", "read_file", 1)).seq()).isEqualTo(1);
      assertThat(log.append(Events.event("gw-1", "write_file", 2)).seq()).isEqualTo(2);
      assertThat(log.verifyInDatabase().valid()).isTrue();

      PostgresPlanStore plans = PostgresPlanStore.open(database);
      PlanHash hash =
          plans.save(Path.of("/srv/work"), PlanStoreContract.plan(1), "planner", now).hash();
      assertThat(plans.approve(Path.of("/srv/work"), hash, "carol", now).status())
          .isEqualTo(PlanStatus.APPROVED);

      PostgresSessionStore sessions =
          PostgresSessionStore.open(database, Clock.fixed(now, java.time.ZoneOffset.UTC));
      Session session =
          Session.start(
              SessionId.random(),
              Role.WINDSURF,
              Path.of("/srv/work"),
              "alice",
              now,
              Duration.ofHours(1));
      sessions.save(session);
      assertThat(sessions.find(session.id())).contains(session);

      for (String sql :
          new String[] {
            "ALTER TABLE audit_log DISABLE TRIGGER ALL",
            "SET session_replication_role = replica",
            "DROP TRIGGER audit_log_check_delete ON audit_log",
            "UPDATE audit_log SET hash = hash",
            "DELETE FROM audit_log",
            "SELECT audit_archive_before(2)"
          }) {
        assertThatThrownBy(() -> execute(database, sql)).as(sql).isInstanceOf(SQLException.class);
      }
      assertThat(log.verifyInDatabase().valid()).isTrue();
      assertThat(log.head().seq()).isEqualTo(2);
    }
  }

  private static void execute(PostgresDatabase database, String sql) throws SQLException {
    try (Connection c = database.connection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}

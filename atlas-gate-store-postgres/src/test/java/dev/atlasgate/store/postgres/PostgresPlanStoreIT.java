package dev.atlasgate.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.plan.PlanHash;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.plan.StoredPlan;
import dev.atlasgate.testing.PlanStoreContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plan store contract on PostgreSQL: one database for the class (each test has workspaces of
 * its own).
 */
class PostgresPlanStoreIT extends PlanStoreContract {
  private static DatabaseUrl url;
  private static PostgresDatabase database;

  @BeforeAll
  static void openDatabase() {
    url = TestPostgres.server().newMigratedDatabase();
    database = PostgresDatabase.open(url, PostgresDatabase.Settings.defaults());
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
    TestPostgres.server().drop(url);
  }

  @Override
  protected PlanStore newStore() {
    return PostgresPlanStore.open(database);
  }

  @Test
  void everyVersion_andTheStatusHistory_areRowsOfTheirOwn() throws Exception {
    StoredPlan v1 = store().save(workspace, plan(1), "planner", T0);
    StoredPlan v2 = store().save(workspace, plan(2), "planner", T0.plusSeconds(1));
    store().approve(workspace, v1.hash(), "carol", T0.plusSeconds(2));
    store().revoke(workspace, v1.hash(), "dave", T0.plusSeconds(3));
    assertThat(versions("API_CLEANUP")).containsExactly(1L, 2L);
    assertThat(historySteps(v1.hash()))
        .containsExactly("1 DRAFT planner", "2 APPROVED carol", "3 REVOKED dave");
    assertThat(historySteps(v2.hash())).containsExactly("1 DRAFT planner");
  }

  @Test
  void timesAreKeptToTheMicrosecond() {
    Instant precise = Instant.parse("2026-04-01T09:00:00.123456789Z");
    StoredPlan saved = store().save(workspace, plan(7), "planner", precise);
    assertThat(saved.createdAt()).isEqualTo(Instant.parse("2026-04-01T09:00:00.123456Z"));
    assertThat(store().find(workspace, saved.hash())).contains(saved);
  }

  private List<Long> versions(String planId) throws Exception {
    try (Connection c = database.connection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT version FROM plans WHERE workspace = ? AND plan_id = ? ORDER BY version")) {
      q.setString(1, workspace.toString());
      q.setString(2, planId);
      List<Long> versions = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          versions.add(rs.getLong(1));
        }
      }
      return versions;
    }
  }

  private List<String> historySteps(PlanHash hash) throws Exception {
    try (Connection c = database.connection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT step || ' ' || status || ' ' || actor FROM plan_status_history"
                    + " WHERE workspace = ? AND plan_hash = ? ORDER BY step")) {
      q.setString(1, workspace.toString());
      q.setString(2, hash.value());
      List<String> steps = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          steps.add(rs.getString(1));
        }
      }
      return steps;
    }
  }
}

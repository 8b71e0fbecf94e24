package dev.atlasgate.store.postgres;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonException;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.Plan;
import dev.atlasgate.plan.PlanHash;
import dev.atlasgate.plan.PlanStatus;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.plan.PlanTransitions;
import dev.atlasgate.plan.StatusChange;
import dev.atlasgate.plan.StoredPlan;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans in PostgreSQL ({@code PLAN_BACKEND=postgres}): table {@code plans}, one row per workspace
 * and plan hash (so every version of a {@code plan_id} is kept), and {@code plan_status_history}.
 *
 * <p>Status changes lock the plan's row, so concurrent approvals from several instances or the CLI
 * end with exactly one winner; the rules are {@link PlanTransitions}'. Times are kept to the
 * microsecond.
 */
public final class PostgresPlanStore implements PlanStore {
  private static final String COLUMNS =
      "plan_hash, document, status, created_at, approved_by, approved_at, revoked_by, revoked_at";

  private final PostgresDatabase database;

  private PostgresPlanStore(PostgresDatabase database) {
    this.database = database;
  }

  /** A plan store on {@code database}, which must outlive it. */
  public static PostgresPlanStore open(PostgresDatabase database) {
    return new PostgresPlanStore(requireNonNull(database, "database is null"));
  }

  @Override
  public StoredPlan save(Path workspace, Plan plan, String author, Instant now) {
    Instant at = micros(now);
    return call(
        "save plan " + plan.hash(),
        c -> {
          if (insertDraft(c, workspace, plan, author, at)) {
            addHistory(
                c, workspace, plan.hash(), 1, new StatusChange(PlanStatus.DRAFT, author, at));
          }
          return read(c, workspace, plan.hash(), false).orElseThrow();
        });
  }

  @Override
  public Optional<StoredPlan> find(Path workspace, PlanHash hash) {
    return call("read plan " + hash, c -> read(c, workspace, hash, false));
  }

  @Override
  public List<StoredPlan> list(Path workspace, Optional<PlanStatus> status) {
    return call(
        "list plans",
        c -> {
          Map<String, List<StatusChange>> histories = histories(c, workspace);
          String sql =
              "SELECT "
                  + COLUMNS
                  + " FROM plans WHERE workspace = ?"
                  + (status.isPresent() ? " AND status = ?" : "")
                  + " ORDER BY created_at DESC, plan_hash";
          try (PreparedStatement query = c.prepareStatement(sql)) {
            query.setString(1, workspace.toString());
            if (status.isPresent()) {
              query.setString(2, status.get().name());
            }
            List<StoredPlan> plans = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
              while (rs.next()) {
                plans.add(plan(rs, histories.getOrDefault(rs.getString(1), List.of())));
              }
            }
            return plans;
          }
        });
  }

  @Override
  public Optional<Set<Path>> workspaces() {
    return Optional.of(
        call(
            "list the workspaces of plans",
            c -> {
              Set<Path> workspaces = new TreeSet<>();
              try (PreparedStatement query =
                      c.prepareStatement("SELECT DISTINCT workspace FROM plans");
                  ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                  workspaces.add(Path.of(rs.getString(1)));
                }
              }
              return workspaces;
            }));
  }

  @Override
  public StoredPlan approve(Path workspace, PlanHash hash, String approver, Instant at) {
    Instant when = micros(at);
    return call(
        "approve plan " + hash,
        c -> {
          StoredPlan approved =
              PlanTransitions.approve(
                  workspace, hash, read(c, workspace, hash, true), approver, when);
          update(c, workspace, approved);
          return approved;
        });
  }

  @Override
  public StoredPlan revoke(Path workspace, PlanHash hash, String actor, Instant at) {
    Instant when = micros(at);
    return call(
        "revoke plan " + hash,
        c -> {
          StoredPlan revoked =
              PlanTransitions.revoke(workspace, hash, read(c, workspace, hash, true), actor, when);
          update(c, workspace, revoked);
          return revoked;
        });
  }

  private <T> T call(String what, PostgresDatabase.SqlWork<T> work) {
    try {
      return database.inTransaction(work);
    } catch (SQLException e) {
      throw SqlFailure.unavailable(
          ErrorCode.INTERNAL_ERROR,
          "cannot " + what + ": the plan store at " + database.redactedUrl() + " failed",
          e);
    }
  }

  private static boolean insertDraft(
      Connection c, Path workspace, Plan plan, String author, Instant at) throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO plans (workspace, plan_hash, plan_id, version, title, document, status,"
                + " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, 'DRAFT', ?, ?)"
                + " ON CONFLICT (workspace, plan_hash) DO NOTHING")) {
      insert.setString(1, workspace.toString());
      insert.setString(2, plan.hash().value());
      insert.setString(3, plan.planId());
      insert.setLong(4, plan.version());
      insert.setString(5, plan.title());
      insert.setString(6, plan.document().canonical());
      insert.setObject(7, SqlTime.timestamp(at));
      insert.setString(8, author);
      return insert.executeUpdate() == 1;
    }
  }

  private static void update(Connection c, Path workspace, StoredPlan plan) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE plans SET status = ?, approved_by = ?, approved_at = ?, revoked_by = ?,"
                + " revoked_at = ? WHERE workspace = ? AND plan_hash = ?")) {
      update.setString(1, plan.status().name());
      update.setString(2, plan.approvedBy().orElse(null));
      update.setObject(3, plan.approvedAt().map(SqlTime::timestamp).orElse(null));
      update.setString(4, plan.revokedBy().orElse(null));
      update.setObject(5, plan.revokedAt().map(SqlTime::timestamp).orElse(null));
      update.setString(6, workspace.toString());
      update.setString(7, plan.hash().value());
      update.executeUpdate();
    }
    addHistory(c, workspace, plan.hash(), plan.history().size(), plan.history().getLast());
  }

  private static void addHistory(
      Connection c, Path workspace, PlanHash hash, int step, StatusChange change)
      throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO plan_status_history (workspace, plan_hash, step, status, actor, at)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, workspace.toString());
      insert.setString(2, hash.value());
      insert.setInt(3, step);
      insert.setString(4, change.status().name());
      insert.setString(5, change.actor());
      insert.setObject(6, SqlTime.timestamp(change.at()));
      insert.executeUpdate();
    }
  }

  /** The plan, its row locked for the rest of the transaction when {@code forUpdate}. */
  private static Optional<StoredPlan> read(
      Connection c, Path workspace, PlanHash hash, boolean forUpdate) throws SQLException {
    try (PreparedStatement query =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM plans WHERE workspace = ? AND plan_hash = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
      query.setString(1, workspace.toString());
      query.setString(2, hash.value());
      try (ResultSet rs = query.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(plan(rs, history(c, workspace, hash)));
      }
    }
  }

  private static List<StatusChange> history(Connection c, Path workspace, PlanHash hash)
      throws SQLException {
    try (PreparedStatement query =
        c.prepareStatement(
            "SELECT status, actor, at FROM plan_status_history"
                + " WHERE workspace = ? AND plan_hash = ? ORDER BY step")) {
      query.setString(1, workspace.toString());
      query.setString(2, hash.value());
      List<StatusChange> changes = new ArrayList<>();
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          changes.add(
              new StatusChange(
                  PlanStatus.valueOf(rs.getString(1)), rs.getString(2), SqlTime.instant(rs, 3)));
        }
      }
      return changes;
    }
  }

  private static Map<String, List<StatusChange>> histories(Connection c, Path workspace)
      throws SQLException {
    try (PreparedStatement query =
        c.prepareStatement(
            "SELECT plan_hash, status, actor, at FROM plan_status_history"
                + " WHERE workspace = ? ORDER BY plan_hash, step")) {
      query.setString(1, workspace.toString());
      Map<String, List<StatusChange>> histories = new HashMap<>();
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          histories
              .computeIfAbsent(rs.getString(1), h -> new ArrayList<>())
              .add(
                  new StatusChange(
                      PlanStatus.valueOf(rs.getString(2)),
                      rs.getString(3),
                      SqlTime.instant(rs, 4)));
        }
      }
      return histories;
    }
  }

  /** A row of {@link #COLUMNS}; its document must hash to its plan_hash. */
  private static StoredPlan plan(ResultSet rs, List<StatusChange> history) throws SQLException {
    String hash = rs.getString(1);
    Plan plan;
    try {
      JsonObject document = (JsonObject) Json.parse(rs.getString(2));
      if (!PlanHash.of(document).value().equals(hash)) {
        throw corrupt(hash, "its document does not hash to its plan_hash");
      }
      plan = Plan.parse(document);
    } catch (JsonException | ClassCastException | IllegalArgumentException e) {
      throw corrupt(hash, requireNonNullElse(e.getMessage(), e.toString()));
    } catch (GateException e) {
      throw e.code() == ErrorCode.INTERNAL_ERROR ? e : corrupt(hash, e.getMessage());
    }
    return new StoredPlan(
        new PlanHash(hash),
        plan,
        PlanStatus.valueOf(rs.getString(3)),
        SqlTime.instant(rs, 4),
        Optional.ofNullable(rs.getString(5)),
        SqlTime.optionalInstant(rs, 6),
        Optional.ofNullable(rs.getString(7)),
        SqlTime.optionalInstant(rs, 8),
        history);
  }

  private static GateException corrupt(String hash, String why) {
    return new GateException(
        ErrorCode.INTERNAL_ERROR, "stored plan " + hash + " is corrupt: " + why);
  }

  private static Instant micros(Instant instant) {
    return requireNonNull(instant, "instant is null").truncatedTo(ChronoUnit.MICROS);
  }
}

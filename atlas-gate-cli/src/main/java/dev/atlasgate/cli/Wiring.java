package dev.atlasgate.cli;

import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.cli.config.Settings;
import dev.atlasgate.gateway.Gateway;
import dev.atlasgate.gateway.GatewaySettings;
import dev.atlasgate.gateway.OperatorActions;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.session.InMemorySessionStore;
import dev.atlasgate.session.SessionStore;
import dev.atlasgate.store.file.FileAuditLog;
import dev.atlasgate.store.file.FilePlanStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

/** The composition root: builds the stores and the gateway that the settings describe. */
final class Wiring implements AutoCloseable {
  private final Settings settings;
  private final Clock clock;
  private final AuditLog audit;
  private final PlanStore plans;
  private final SessionStore sessions;

  private Wiring(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.audit = openAudit(settings);
    this.plans = openPlans(settings);
    this.sessions = openSessions(settings, clock);
  }

  static Wiring open(Settings settings) {
    return new Wiring(settings, Clock.systemUTC());
  }

  Settings settings() {
    return settings;
  }

  AuditLog audit() {
    return audit;
  }

  PlanStore plans() {
    return plans;
  }

  Gateway gateway() {
    return new Gateway(gatewaySettings(), sessions, plans, audit, clock);
  }

  OperatorActions operatorActions() {
    return new OperatorActions(plans, audit, clock, settings.instanceId());
  }

  private GatewaySettings gatewaySettings() {
    Path auditFile = settings.auditFile();
    return new GatewaySettings(
        settings.instanceId(),
        settings.role(),
        settings.workspaces(),
        settings.sessionTtl(),
        settings.maxFileBytes(),
        GatewaySettings.DEFAULT_MAX_LIST_ENTRIES,
        Set.of(settings.atlasHome(), auditFile, Path.of(auditFile + ".lock")));
  }

  private static AuditLog openAudit(Settings settings) {
    return switch (settings.auditBackend()) {
      case FILE -> FileAuditLog.open(settings.auditFile());
    };
  }

  private static PlanStore openPlans(Settings settings) {
    return switch (settings.planBackend()) {
      case FILE -> FilePlanStore.create();
    };
  }

  private static SessionStore openSessions(Settings settings, Clock clock) {
    return switch (settings.sessionBackend()) {
      case MEMORY -> new InMemorySessionStore(clock);
    };
  }

  @Override
  public void close() {
    sessions.close();
    plans.close();
    audit.close();
  }
}

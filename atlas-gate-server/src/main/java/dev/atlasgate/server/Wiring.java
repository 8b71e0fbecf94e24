package dev.atlasgate.server;

import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.auth.TokenAuthenticator;
import dev.atlasgate.auth.TokensFile;
import dev.atlasgate.gateway.Gateway;
import dev.atlasgate.gateway.GatewaySettings;
import dev.atlasgate.gateway.OperatorActions;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.ratelimit.RateLimiter;
import dev.atlasgate.ratelimit.TokenBucketLimiter;
import dev.atlasgate.server.config.ConfigException;
import dev.atlasgate.server.config.Secret;
import dev.atlasgate.server.config.Settings;
import dev.atlasgate.session.InMemorySessionStore;
import dev.atlasgate.session.SessionStore;
import dev.atlasgate.store.file.FileAuditLog;
import dev.atlasgate.store.file.FilePlanStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The composition root: builds the stores, the gateway and its edges that the settings describe.
 */
public final class Wiring implements AutoCloseable {
  private final Settings settings;
  private final Clock clock;
  private final Metrics metrics = new Metrics();
  private final AuditLog audit;
  private final PlanStore plans;
  private final SessionStore sessions;
  private final Gateway gateway;
  private final TokenAuthenticator authenticator;
  private final RateLimiter rateLimiter;

  private Wiring(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.authenticator = authenticator(settings.auth());
    this.audit = metrics.meter(openAudit(settings));
    this.plans = openPlans(settings);
    this.sessions = openSessions(settings, clock);
    this.gateway = new Gateway(gatewaySettings(), sessions, plans, audit, clock, metrics);
    this.rateLimiter =
        new TokenBucketLimiter(
            settings.http().rateLimitRps(), settings.http().rateLimitBurst(), clock);
    metrics.watch(sessions);
  }

  public static Wiring open(Settings settings) {
    return new Wiring(settings, Clock.systemUTC());
  }

  public Settings settings() {
    return settings;
  }

  public Clock clock() {
    return clock;
  }

  public AuditLog audit() {
    return audit;
  }

  public PlanStore plans() {
    return plans;
  }

  public SessionStore sessions() {
    return sessions;
  }

  public Gateway gateway() {
    return gateway;
  }

  public Metrics metrics() {
    return metrics;
  }

  public TokenAuthenticator authenticator() {
    return authenticator;
  }

  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  public OperatorActions operatorActions() {
    return new OperatorActions(plans, audit, clock, settings.instanceId());
  }

  /** Names of the backends in use, for health and the start-up log line. */
  public String sessionBackend() {
    return settings.sessionBackend().name().toLowerCase(java.util.Locale.ROOT);
  }

  public String auditBackend() {
    return settings.auditBackend().name().toLowerCase(java.util.Locale.ROOT);
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

  private static TokenAuthenticator authenticator(Settings.Auth auth) {
    if (!auth.required()) {
      return TokenAuthenticator.disabled();
    }
    List<String> simple = auth.validTokens().stream().map(Secret::value).toList();
    return TokenAuthenticator.of(simple, auth.tokensFile().map(Wiring::grants).orElse(List.of()));
  }

  private static List<dev.atlasgate.auth.TokenGrant> grants(Path file) {
    try {
      return TokensFile.parse(Files.readString(file));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          "ATLAS_TOKENS_FILE=\"" + file + "\" cannot be used: " + e.getMessage());
    }
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

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
import dev.atlasgate.store.postgres.PostgresAuditLog;
import dev.atlasgate.store.postgres.PostgresDatabase;
import dev.atlasgate.store.postgres.PostgresPlanStore;
import dev.atlasgate.store.postgres.PostgresSessionStore;
import dev.atlasgate.store.redis.RedisConnection;
import dev.atlasgate.store.redis.RedisRateLimiter;
import dev.atlasgate.store.redis.RedisSessionStore;
import dev.atlasgate.store.redis.RedisUrl;
import dev.atlasgate.store.s3.S3AuditLog;
import dev.atlasgate.store.s3.S3Clients;
import dev.atlasgate.store.s3.S3Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The composition root: builds the stores, the gateway and its edges that the settings describe.
 */
public final class Wiring implements AutoCloseable {
  private final Settings settings;
  private final Clock clock;
  private final Metrics metrics = new Metrics();
  private final TokenAuthenticator authenticator;

  /** Shared connections, closed after the stores that use them, in reverse order of opening. */
  private final Deque<AutoCloseable> connections = new ArrayDeque<>();

  // Each opened on first use, so that a command needing only the audit log opens nothing else.
  private AuditLog audit;
  private PlanStore plans;
  private SessionStore sessions;
  private RateLimiter rateLimiter;
  private Gateway gateway;
  private Optional<RedisConnection> redis = Optional.empty();
  private Optional<S3Client> s3 = Optional.empty();
  private Optional<PostgresDatabase> database = Optional.empty();

  private Wiring(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.authenticator = authenticator(settings.auth());
  }

  /** The wiring of {@code settings}; stores open when first asked for. */
  public static Wiring open(Settings settings) {
    return new Wiring(settings, Clock.systemUTC());
  }

  public Settings settings() {
    return settings;
  }

  public Clock clock() {
    return clock;
  }

  public synchronized AuditLog audit() {
    if (audit == null) {
      audit = metrics.meter(openAudit());
    }
    return audit;
  }

  public synchronized PlanStore plans() {
    if (plans == null) {
      plans = openPlans();
    }
    return plans;
  }

  public synchronized SessionStore sessions() {
    if (sessions == null) {
      sessions = openSessions();
      metrics.watch(sessions);
    }
    return sessions;
  }

  /** The governed gateway, with every store open. */
  public synchronized Gateway gateway() {
    if (gateway == null) {
      gateway = new Gateway(gatewaySettings(), sessions(), plans(), audit(), clock, metrics);
    }
    return gateway;
  }

  public Metrics metrics() {
    return metrics;
  }

  public TokenAuthenticator authenticator() {
    return authenticator;
  }

  public synchronized RateLimiter rateLimiter() {
    if (rateLimiter == null) {
      rateLimiter = openRateLimiter();
    }
    return rateLimiter;
  }

  public OperatorActions operatorActions() {
    return new OperatorActions(plans(), audit(), clock, settings.instanceId());
  }

  /** Names of the backends in use, for health and the start-up log line. */
  public String sessionBackend() {
    return settings.sessionBackend().name().toLowerCase(Locale.ROOT);
  }

  public String auditBackend() {
    return settings.auditBackend().name().toLowerCase(Locale.ROOT);
  }

  private String databaseAt() {
    return database.map(PostgresDatabase::redactedUrl).orElse("");
  }

  /** One line naming each backend in use and where it is, without credentials. */
  public String describeBackends() {
    String sessionsAt =
        switch (settings.sessionBackend()) {
          case MEMORY -> "memory";
          case REDIS -> "redis " + redis.map(RedisConnection::redactedUrl).orElse("");
          case POSTGRES -> "postgres " + databaseAt();
        };
    String auditAt =
        switch (settings.auditBackend()) {
          case FILE -> "file " + settings.auditFile();
          case POSTGRES -> "postgres " + databaseAt();
          case S3 ->
              "s3 "
                  + settings
                      .stores()
                      .s3()
                      .map(s -> "s3://" + s.bucket() + "/" + s.prefix())
                      .orElse("");
        };
    String plansAt =
        switch (settings.planBackend()) {
          case FILE -> "file (under each workspace)";
          case POSTGRES -> "postgres";
        };
    String limits = redis.isPresent() ? "redis (shared)" : "memory (this instance)";
    return "sessions "
        + sessionsAt
        + "; audit "
        + auditAt
        + "; plans "
        + plansAt
        + "; rate limits "
        + limits;
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

  private AuditLog openAudit() {
    return switch (settings.auditBackend()) {
      case FILE -> FileAuditLog.open(settings.auditFile());
      case S3 -> {
        Settings.S3 at = settings.stores().s3().orElseThrow();
        yield S3AuditLog.open(
            s3Client(),
            new S3Location(at.bucket(), at.prefix()),
            new S3AuditLog.Options(at.segmentEntries(), at.segmentWait()));
      }
      case POSTGRES -> PostgresAuditLog.open(database());
    };
  }

  private PlanStore openPlans() {
    return switch (settings.planBackend()) {
      case FILE -> FilePlanStore.create();
      case POSTGRES -> PostgresPlanStore.open(database());
    };
  }

  private SessionStore openSessions() {
    return switch (settings.sessionBackend()) {
      case MEMORY -> new InMemorySessionStore(clock);
      case REDIS -> new RedisSessionStore(redis().orElseThrow(), clock);
      case POSTGRES -> PostgresSessionStore.open(database(), clock);
    };
  }

  /** Shared through Redis when Redis is configured, so that all instances count together. */
  private RateLimiter openRateLimiter() {
    double rps = settings.http().rateLimitRps();
    int burst = settings.http().rateLimitBurst();
    return redis()
        .<RateLimiter>map(r -> new RedisRateLimiter(r, rps, burst, clock))
        .orElseGet(() -> new TokenBucketLimiter(rps, burst, clock));
  }

  /** The PostgreSQL pool of DATABASE_URL, opened (and migrated) on first use. */
  private PostgresDatabase database() {
    if (database.isEmpty()) {
      Secret url =
          settings
              .stores()
              .databaseUrl()
              .orElseThrow(() -> new ConfigException("DATABASE_URL is not set"));
      try {
        database = Optional.of(PostgresDatabase.open(url.value()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("DATABASE_URL is not valid: " + e.getMessage());
      }
      connections.push(database.get());
    }
    return database.get();
  }

  /** The Redis connection, opened on first use, when REDIS_URL is set. */
  private Optional<RedisConnection> redis() {
    if (redis.isEmpty() && settings.stores().redisUrl().isPresent()) {
      RedisUrl url;
      try {
        url = RedisUrl.parse(settings.stores().redisUrl().get().value());
      } catch (IllegalArgumentException e) {
        throw new ConfigException("REDIS_URL is not valid: " + e.getMessage());
      }
      redis = Optional.of(RedisConnection.open(url));
      connections.push(redis.get());
    }
    return redis;
  }

  /** The S3 client of AWS_REGION and AWS_ENDPOINT_URL, opened on first use. */
  public synchronized S3Client s3Client() {
    if (s3.isEmpty()) {
      s3 =
          Optional.of(
              S3Clients.create(settings.stores().awsRegion(), settings.stores().awsEndpoint()));
      connections.push(s3.get());
    }
    return s3.get();
  }

  private void closeConnections() {
    while (!connections.isEmpty()) {
      try {
        connections.pop().close();
      } catch (Exception e) {
        LoggerFactory.getLogger(Wiring.class).warn("closing a backend connection failed", e);
      }
    }
  }

  @Override
  public synchronized void close() {
    try {
      for (AutoCloseable store : new AutoCloseable[] {sessions, plans, audit}) {
        if (store != null) {
          store.close();
        }
      }
    } catch (Exception e) {
      LoggerFactory.getLogger(Wiring.class).warn("closing a store failed", e);
    } finally {
      closeConnections();
    }
  }
}

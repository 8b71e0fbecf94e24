package dev.atlasgate.bootstrap;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.audit.AuditLog;
import dev.atlasgate.audit.StoredEntry;
import dev.atlasgate.audit.checkpoint.CheckpointStore;
import dev.atlasgate.audit.checkpoint.Checkpointer;
import dev.atlasgate.auth.TokenAuthenticator;
import dev.atlasgate.auth.TokensFile;
import dev.atlasgate.bootstrap.config.ConfigException;
import dev.atlasgate.bootstrap.config.Secret;
import dev.atlasgate.bootstrap.config.Settings;
import dev.atlasgate.gateway.CrashPoints;
import dev.atlasgate.gateway.Gateway;
import dev.atlasgate.gateway.GatewaySettings;
import dev.atlasgate.gateway.OperatorActions;
import dev.atlasgate.gateway.PathLocks;
import dev.atlasgate.gateway.WriteRecovery;
import dev.atlasgate.gateway.WriteSetup;
import dev.atlasgate.plan.PlanStore;
import dev.atlasgate.ratelimit.RateLimiter;
import dev.atlasgate.ratelimit.TokenBucketLimiter;
import dev.atlasgate.session.InMemorySessionStore;
import dev.atlasgate.session.LeasedSessionStore;
import dev.atlasgate.session.SessionStore;
import dev.atlasgate.store.file.FileAuditLog;
import dev.atlasgate.store.file.FileCheckpointStore;
import dev.atlasgate.store.file.FilePlanStore;
import dev.atlasgate.store.file.FileStagingJournal;
import dev.atlasgate.store.postgres.DatabaseUrl;
import dev.atlasgate.store.postgres.PostgresAuditLog;
import dev.atlasgate.store.postgres.PostgresCheckpointStore;
import dev.atlasgate.store.postgres.PostgresDatabase;
import dev.atlasgate.store.postgres.PostgresPathLocks;
import dev.atlasgate.store.postgres.PostgresPlanStore;
import dev.atlasgate.store.postgres.PostgresSessionStore;
import dev.atlasgate.store.redis.RedisConnection;
import dev.atlasgate.store.redis.RedisRateLimiter;
import dev.atlasgate.store.redis.RedisSessionStore;
import dev.atlasgate.store.redis.RedisUrl;
import dev.atlasgate.store.s3.S3AuditLog;
import dev.atlasgate.store.s3.S3CheckpointStore;
import dev.atlasgate.store.s3.S3Clients;
import dev.atlasgate.store.s3.S3Export;
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
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The composition root: builds the stores, the gateway and its edges that the settings describe.
 */
public final class Wiring implements AutoCloseable {
  /** Connections of the pool that holds the cross-instance path locks. */
  private static final int PATH_LOCK_CONNECTIONS = 8;

  private final Settings settings;
  private final Clock clock;

  /** {@link Instrumentation#NONE} for stdio and the commands, which serve no {@code /metrics}. */
  private final Instrumentation instrumentation;

  private final TokenAuthenticator authenticator;

  /** Shared connections, closed after the stores that use them, in reverse order of opening. */
  private final Deque<AutoCloseable> connections = new ArrayDeque<>();

  // Each opened on first use, so that a command needing only the audit log opens nothing else.
  private @Nullable AuditLog audit;
  private @Nullable PlanStore plans;
  private @Nullable SessionStore sessions;
  private @Nullable RateLimiter rateLimiter;
  private @Nullable Gateway gateway;
  private Optional<RedisConnection> redis = Optional.empty();
  private Optional<S3Client> s3 = Optional.empty();
  private Optional<PostgresDatabase> database = Optional.empty();
  private Optional<Checkpointer> checkpointer = Optional.empty();
  private volatile @Nullable Checkpointer appendHook;

  private Wiring(Settings settings, Instrumentation instrumentation, Clock clock) {
    this.settings = requireNonNull(settings, "settings is null");
    this.instrumentation = requireNonNull(instrumentation, "instrumentation is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.authenticator = authenticator(settings.auth());
  }

  /**
   * The wiring of {@code settings} without metrics, for stdio and the commands; stores open when
   * first asked for.
   */
  public static Wiring open(Settings settings) {
    return open(settings, Instrumentation.NONE);
  }

  /**
   * The wiring of {@code settings} reporting to {@code instrumentation} (the HTTP server's
   * metrics); stores open when first asked for.
   */
  public static Wiring open(Settings settings, Instrumentation instrumentation) {
    return open(settings, instrumentation, Clock.systemUTC());
  }

  /** The wiring of {@code settings} on {@code clock} (tests move it by hand). */
  public static Wiring open(Settings settings, Instrumentation instrumentation, Clock clock) {
    return new Wiring(settings, instrumentation, clock);
  }

  public Settings settings() {
    return settings;
  }

  public Clock clock() {
    return clock;
  }

  public synchronized AuditLog audit() {
    if (audit == null) {
      AuditLog opened = openAudit();
      audit =
          measured() || settings.checkpoints().key().isPresent()
              ? ObservedStores.audit(opened, instrumentation, this::appended)
              : opened;
    }
    return audit;
  }

  /**
   * The checkpointer of the audit log, started on first use, when {@code ATLAS_CHECKPOINT_KEY} is
   * set; it follows the log on its own thread until the wiring closes.
   */
  public synchronized Optional<Checkpointer> checkpointer() {
    Optional<Path> key = settings.checkpoints().key();
    if (checkpointer.isEmpty() && key.isPresent()) {
      Checkpointer started =
          Checkpointer.start(
              audit(),
              AuditCheckpoints.signer(key.get()),
              checkpointStore(),
              AuditCheckpoints.options(settings.checkpoints()),
              AuditCheckpoints.LOGGING);
      checkpointer = Optional.of(started);
      appendHook = started;
    }
    return checkpointer;
  }

  private void appended(long seq) {
    Checkpointer hook = appendHook;
    if (hook != null) {
      hook.appended(seq);
    }
  }

  /** Where checkpoints are kept: beside the log, and also at the anchor when one is set. */
  public synchronized CheckpointStore checkpointStore() {
    Settings.Checkpoints config = settings.checkpoints();
    CheckpointStore beside =
        switch (settings.auditBackend()) {
          case FILE -> FileCheckpointStore.beside(settings.auditFile());
          case POSTGRES -> PostgresCheckpointStore.open(database());
          case S3 -> {
            Settings.S3 at = settings.stores().s3().orElseThrow();
            yield S3CheckpointStore.open(
                s3Client(), new S3Location(at.bucket(), at.prefix()), config.retention(), clock);
          }
        };
    return config
        .anchor()
        .map(
            a ->
                CheckpointStore.anchored(
                    beside,
                    S3CheckpointStore.open(s3Client(), anchor(a), config.retention(), clock)))
        .orElse(beside);
  }

  private static S3Location anchor(String uri) {
    try {
      return S3Location.parse(uri);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("ATLAS_CHECKPOINT_ANCHOR is not valid: " + e.getMessage());
    }
  }

  public synchronized PlanStore plans() {
    if (plans == null) {
      PlanStore opened = openPlans();
      plans =
          measured()
              ? ObservedStores.counted(PlanStore.class, opened, "plan", instrumentation)
              : opened;
    }
    return plans;
  }

  public synchronized SessionStore sessions() {
    if (sessions == null) {
      SessionStore opened = openSessions();
      SessionStore capped =
          new CappedSessionStore(
              measured()
                  ? ObservedStores.counted(SessionStore.class, opened, "session", instrumentation)
                  : opened,
              settings.http().maxSessionsPerPrincipal());
      instrumentation.watch(capped);
      // A shared store is read through leases: the calls of a busy client cost it no round trip.
      sessions =
          settings.sessionBackend() == Settings.SessionBackend.MEMORY
              ? capped
              : new LeasedSessionStore(capped, clock);
    }
    return sessions;
  }

  /**
   * The governed gateway, with every store open; before it is handed out it completes the writes
   * this instance left staged (roll forward), so no call is served before that.
   */
  public synchronized Gateway gateway() {
    if (gateway == null) {
      Gateway opened =
          new Gateway(
              gatewaySettings(),
              sessions(),
              plans(),
              audit(),
              clock,
              instrumentation,
              checkpointer(),
              new WriteSetup(
                  pathLocks(),
                  FileStagingJournal.open(settings.atlasHome(), settings.instanceId()),
                  CrashPoints.NONE));
      WriteRecovery.Report recovered = opened.recover();
      LoggerFactory.getLogger(Wiring.class)
          .info(
              "recovery at start: {} staged writes completed, {} removed (log read from seq {})",
              recovered.completed(),
              recovered.removed(),
              recovered.readFrom());
      gateway = opened;
    }
    return gateway;
  }

  /** Shared through PostgreSQL when the audit log is there, so that all instances are ordered. */
  private PathLocks pathLocks() {
    if (settings.auditBackend() != Settings.AuditBackend.POSTGRES) {
      return PathLocks.inProcess();
    }
    PostgresPathLocks locks = PostgresPathLocks.open(database(), PATH_LOCK_CONNECTIONS);
    connections.push(locks);
    return locks;
  }

  /** Whether anything is reported: without, no store is decorated for it. */
  // NONE is a sentinel instance: the question is whether this is that very instance.
  @SuppressWarnings("ReferenceEquality")
  private boolean measured() {
    return instrumentation != Instrumentation.NONE;
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
          case FILE -> "file " + settings.atlasHome().resolve("plans");
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
        ownFiles(auditFile));
  }

  /**
   * The gateway's own files (state, audit log, checkpoints, keys, tokens): no workspace may hold
   * them, and no file tool reaches them.
   */
  private Set<Path> ownFiles(Path auditFile) {
    Set<Path> own = new java.util.LinkedHashSet<>();
    own.add(settings.atlasHome());
    own.add(auditFile);
    own.add(Path.of(auditFile + ".lock"));
    own.add(Path.of(auditFile + ".checkpoint"));
    settings.checkpoints().key().ifPresent(own::add);
    settings.auth().tokensFile().ifPresent(own::add);
    return Set.copyOf(own);
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
      case FILE -> FilePlanStore.create(settings.atlasHome().resolve("plans"));
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
        .<RateLimiter>map(
            r ->
                RedisRateLimiter.reconciling(
                    r,
                    RedisSessionStore.DEFAULT_KEY_PREFIX,
                    rps,
                    burst,
                    clock,
                    RedisRateLimiter.RECONCILE_EVERY))
        .orElseGet(() -> new TokenBucketLimiter(rps, burst, clock));
  }

  /**
   * What {@code atlas-gate migrate} did to the database of DATABASE_URL.
   *
   * @param database its URL, without credentials
   * @param fromVersion the schema version before, empty for an empty database
   */
  public record Migrated(
      String database, Optional<String> fromVersion, String toVersion, int applied) {
    public Migrated {
      requireNonNull(database, "database is null");
      requireNonNull(fromVersion, "fromVersion is null");
      requireNonNull(toVersion, "toVersion is null");
    }
  }

  /**
   * Brings the PostgreSQL schema of DATABASE_URL up to date, without opening a pool; an up-to-date
   * database is left as it is.
   */
  public static Migrated migrate(Settings settings) {
    String url =
        settings
            .stores()
            .databaseUrl()
            .orElseThrow(
                () ->
                    new ConfigException(
                        "DATABASE_URL is required: postgresql://user:password@host:5432/db"))
            .value();
    DatabaseUrl database;
    try {
      database = DatabaseUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("DATABASE_URL is not valid: " + e.getMessage());
    }
    PostgresDatabase.Migration result = PostgresDatabase.migrate(database);
    return new Migrated(
        database.redacted(), result.fromVersion(), result.toVersion(), result.applied());
  }

  /**
   * Checks that {@code uri} names an S3 location ({@code s3://bucket/prefix}) an export can be
   * stored at, before anything is read.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static void checkExportTarget(String uri) {
    S3Location.parse(uri);
  }

  /**
   * Stores what {@code body} writes as the object {@code name} under {@code target} ({@code
   * s3://bucket/prefix}), created only if no object has that name yet; answers its address.
   *
   * @throws IOException when the export cannot be written or stored
   */
  public String storeExport(String target, String name, String contentType, S3Export.Body body)
      throws IOException {
    return S3Export.store(s3Client(), S3Location.parse(target), name, contentType, body);
  }

  /**
   * The entries of an audit file read offline (an export, say): no lock, nothing created or
   * changed, and no wiring needed.
   */
  public static Stream<StoredEntry> readAuditFile(Path file) {
    return FileAuditLog.read(file);
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
  private synchronized S3Client s3Client() {
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
    checkpointer.ifPresent(Checkpointer::close);
    try {
      for (AutoCloseable store : new AutoCloseable[] {rateLimiter, sessions, plans, audit}) {
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

package dev.atlasgate.store.redis;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import dev.atlasgate.json.JsonException;
import dev.atlasgate.session.BoundTransport;
import dev.atlasgate.session.Session;
import dev.atlasgate.session.SessionId;
import dev.atlasgate.session.SessionStore;
import dev.atlasgate.session.TransportSession;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Sessions in Redis, shared by every gateway instance that uses the same Redis and key prefix.
 *
 * <p>Each session is one string key holding compact JSON, with a Redis TTL that ends when the
 * session expires, so Redis drops it by itself. Whether a session is live is still decided from its
 * stored {@code expires_at} against this store's clock. Live sessions are counted from sorted sets
 * of ids scored by expiry (one for governance sessions, one per principal for transport sessions),
 * which a save prunes of expired entries; each save or delete changes a session and its index in
 * one Lua script.
 *
 * <p>Every Redis failure, a timeout included, throws {@link GateException} with {@code
 * SESSION_STORE_UNAVAILABLE}: "cannot tell" is never answered as "no session". The store does not
 * own its {@link RedisConnection}: {@link #close()} leaves it open.
 */
public final class RedisSessionStore implements SessionStore {
  /** The key prefix used unless another is given. */
  public static final String DEFAULT_KEY_PREFIX = "atlas-gate";

  private static final LuaScript SAVE = LuaScript.load("save-indexed.lua");
  private static final LuaScript DELETE = LuaScript.load("delete-indexed.lua");
  private static final LuaScript FIND_BOUND = LuaScript.load("find-bound.lua");

  private final RedisConnection redis;
  private final RedisKeys keys;
  private final Clock clock;

  /**
   * A store on {@code redis} whose keys start with {@code keyPrefix} (1 to 64 characters of {@code
   * [A-Za-z0-9._:-]}), and whose notion of now is {@code clock}.
   */
  public RedisSessionStore(RedisConnection redis, String keyPrefix, Clock clock) {
    this.redis = requireNonNull(redis, "redis is null");
    this.keys = new RedisKeys(keyPrefix);
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** A store on {@code redis} under the {@link #DEFAULT_KEY_PREFIX}. */
  public RedisSessionStore(RedisConnection redis, Clock clock) {
    this(redis, DEFAULT_KEY_PREFIX, clock);
  }

  @Override
  public void save(Session session) {
    requireNonNull(session, "session is null");
    String id = session.id().value();
    saveIndexed(
        "save session " + id,
        new String[] {
          keys.session(session.id()), keys.sessionIndex(), keys.sessionIndex(session.principal())
        },
        id,
        SessionCodec.encode(session),
        session.expiresAt());
  }

  @Override
  public Optional<Session> find(SessionId id) {
    requireNonNull(id, "id is null");
    return read("read session " + id.value(), keys.session(id), id, SessionCodec::decodeSession)
        .filter(s -> !s.isExpiredAt(clock.instant()));
  }

  @Override
  public boolean delete(SessionId id) {
    requireNonNull(id, "id is null");
    String operation = "delete session " + id.value();
    String key = keys.session(id);
    Optional<String> principal =
        read(operation, key, id, (unused, text) -> SessionCodec.principal(text));
    String[] scriptKeys =
        principal
            .map(p -> new String[] {key, keys.sessionIndex(), keys.sessionIndex(p)})
            .orElseGet(() -> new String[] {key, keys.sessionIndex()});
    return deleteIndexed(operation, scriptKeys, id.value());
  }

  @Override
  public long countSessions(String principal) {
    requireNonNull(principal, "principal is null");
    return countLive("count sessions of " + principal, keys.sessionIndex(principal));
  }

  @Override
  public Optional<SessionId> leastRecentSession(String principal) {
    requireNonNull(principal, "principal is null");
    return firstLive("find the least recent session of " + principal, keys.sessionIndex(principal))
        .map(SessionId::new);
  }

  @Override
  public long countActive() {
    return countLive("count sessions", keys.sessionIndex());
  }

  @Override
  public void saveTransport(TransportSession session) {
    requireNonNull(session, "session is null");
    saveIndexed(
        "save transport session " + session.id(),
        new String[] {keys.transport(session.id()), keys.transportIndex(session.principal())},
        session.id(),
        SessionCodec.encode(session),
        session.expiresAt());
  }

  @Override
  public Optional<TransportSession> findTransport(String id) {
    requireNonNull(id, "id is null");
    return read(
            "read transport session " + id, keys.transport(id), id, SessionCodec::decodeTransport)
        .filter(t -> !t.isExpiredAt(clock.instant()));
  }

  /** One script reads the transport session and, by the id it names, its governance session. */
  @Override
  public Optional<BoundTransport> findBound(String id) {
    requireNonNull(id, "id is null");
    String operation = "read transport session " + id + " and its governance session";
    String key = keys.transport(id);
    List<Object> found =
        redis.call(
            operation,
            c ->
                FIND_BOUND.<List<Object>>run(
                    c, ScriptOutputType.MULTI, new String[] {key}, keys.sessionPrefix()));
    if (found == null || found.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    TransportSession transport =
        decode(operation, key, id, (String) found.get(0), SessionCodec::decodeTransport);
    if (transport.isExpiredAt(now)) {
      return Optional.empty();
    }
    Optional<Session> governance =
        transport
            .governance()
            .flatMap(g -> governance(operation, g, found))
            .filter(s -> !s.isExpiredAt(now));
    return Optional.of(new BoundTransport(transport, governance));
  }

  /** The governance session {@code id} as the find-bound script answered it, if it found it. */
  private Optional<Session> governance(String operation, SessionId id, List<Object> found) {
    return found.size() > 1 && found.get(1) instanceof String text
        ? Optional.of(decode(operation, keys.session(id), id, text, SessionCodec::decodeSession))
        : Optional.empty();
  }

  @Override
  public boolean deleteTransport(String id) {
    requireNonNull(id, "id is null");
    String operation = "delete transport session " + id;
    String key = keys.transport(id);
    Optional<String> principal =
        read(operation, key, id, (unused, text) -> SessionCodec.principal(text));
    return principal.isPresent()
        && deleteIndexed(operation, new String[] {key, keys.transportIndex(principal.get())}, id);
  }

  @Override
  public long countTransports(String principal) {
    requireNonNull(principal, "principal is null");
    return countLive("count transport sessions of " + principal, keys.transportIndex(principal));
  }

  @Override
  public Optional<String> leastRecentTransport(String principal) {
    requireNonNull(principal, "principal is null");
    return firstLive(
        "find the least recent transport session of " + principal, keys.transportIndex(principal));
  }

  /** The member of {@code index} that expires first after now. */
  private Optional<String> firstLive(String operation, String index) {
    long now = micros(clock.instant());
    Range<Long> live = Range.from(Range.Boundary.excluding(now), Range.Boundary.unbounded());
    List<String> first =
        redis.call(operation, c -> c.zrangebyscore(index, live, Limit.create(0, 1)));
    return first == null ? Optional.empty() : first.stream().findFirst();
  }

  /** Leaves the {@link RedisConnection} open: whoever opened it closes it. */
  @Override
  public void close() {}

  /** Saves {@code json} at {@code scriptKeys[0]}, indexed in each of the other keys. */
  private void saveIndexed(
      String operation, String[] scriptKeys, String id, String json, Instant expiresAt) {
    Instant now = clock.instant();
    redis.call(
        operation,
        c ->
            SAVE.<Long>run(
                c,
                ScriptOutputType.INTEGER,
                scriptKeys,
                json,
                Long.toString(ttlMillis(now, expiresAt)),
                id,
                Long.toString(micros(expiresAt)),
                Long.toString(micros(now))));
  }

  private boolean deleteIndexed(String operation, String[] scriptKeys, String id) {
    Long removed =
        redis.call(operation, c -> DELETE.<Long>run(c, ScriptOutputType.INTEGER, scriptKeys, id));
    return removed != null && removed > 0;
  }

  private <I, T> Optional<T> read(
      String operation, String key, I id, BiFunction<I, String, T> decode) {
    String text = redis.call(operation, c -> c.get(key));
    if (text == null) {
      return Optional.empty();
    }
    return Optional.of(decode(operation, key, id, text, decode));
  }

  /** {@code text}, the value of {@code key}, decoded; a value that is not a session is a fault. */
  private <I, T> T decode(
      String operation, String key, I id, String text, BiFunction<I, String, T> decode) {
    try {
      return decode.apply(id, text);
    } catch (JsonException | DateTimeException | IllegalArgumentException e) {
      throw new GateException(
          ErrorCode.SESSION_STORE_UNAVAILABLE,
          "session store cannot "
              + operation
              + ": the value of "
              + key
              + " in Redis at "
              + redis.redactedUrl()
              + " is not a session ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  /** Members of {@code index} that expire after now; the next save prunes the others. */
  private long countLive(String operation, String index) {
    long now = micros(clock.instant());
    Range<Long> live = Range.from(Range.Boundary.excluding(now), Range.Boundary.unbounded());
    Long count = redis.call(operation, c -> c.zcount(index, live));
    return count == null ? 0 : count;
  }

  /**
   * The Redis TTL of a session that expires at {@code expiresAt}: rounded up, so that Redis never
   * drops a session this store still counts as live; at least 1 ms, as Redis requires.
   */
  static long ttlMillis(Instant now, Instant expiresAt) {
    Duration left = Duration.between(now, expiresAt);
    if (left.isNegative() || left.isZero()) {
      return 1;
    }
    long millis = left.toMillis();
    return left.minusMillis(millis).isZero() ? millis : millis + 1;
  }

  /** Microseconds since the epoch: exact as a Redis sorted set score until the year 2255. */
  static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }
}

package dev.atlasgate.store.redis;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.error.GateException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One connection to Redis (standalone, Sentinel or Cluster) shared by the Redis backends of a
 * gateway instance.
 *
 * <p>Commands time out after {@link #commandTimeout()}. While a standalone or Sentinel connection
 * is down, commands are refused at once rather than queued, so an outage fails requests fast; a
 * cluster connection queues them (at most {@value #CLUSTER_REQUEST_QUEUE_SIZE}) until the node
 * answers or the timeout ends them. The connection reconnects by itself, with a delay that grows to
 * at most {@link #MAX_RECONNECT_DELAY}. Whoever opens it closes it, after the stores that use it.
 */
public final class RedisConnection implements AutoCloseable {
  /** How long a command may take before it fails, unless {@link #open(RedisUrl, Duration)}. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

  /** The longest wait between two reconnection attempts. */
  public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);

  /** Commands a cluster connection holds while a node connection is being (re)established. */
  static final int CLUSTER_REQUEST_QUEUE_SIZE = 10_000;

  private final RedisUrl url;
  private final Duration commandTimeout;
  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final StatefulConnection<String, String> connection;
  private final RedisClusterCommands<String, String> commands;

  private RedisConnection(
      RedisUrl url,
      Duration commandTimeout,
      ClientResources resources,
      AbstractRedisClient client,
      StatefulConnection<String, String> connection,
      RedisClusterCommands<String, String> commands) {
    this.url = url;
    this.commandTimeout = commandTimeout;
    this.resources = resources;
    this.client = client;
    this.connection = connection;
    this.commands = commands;
  }

  /** Connects to {@code url} with the {@link #DEFAULT_COMMAND_TIMEOUT}. */
  public static RedisConnection open(RedisUrl url) {
    return open(url, DEFAULT_COMMAND_TIMEOUT);
  }

  /**
   * Connects to {@code url}; commands fail after {@code commandTimeout}.
   *
   * @throws GateException with {@code SESSION_STORE_UNAVAILABLE} when Redis cannot be reached
   */
  public static RedisConnection open(RedisUrl url, Duration commandTimeout) {
    requireNonNull(url, "url is null");
    requireNonNull(commandTimeout, "commandTimeout is null");
    if (commandTimeout.isNegative() || commandTimeout.isZero()) {
      throw new IllegalArgumentException("commandTimeout must be positive: " + commandTimeout);
    }
    ClientResources resources =
        DefaultClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
            .build();
    try {
      return url.kind() == RedisUrl.Kind.CLUSTER
          ? cluster(url, commandTimeout, resources)
          : standalone(url, commandTimeout, resources);
    } catch (RedisException e) {
      // The shutdown finishes on its own; the caller hears of the failure to connect.
      var unused = resources.shutdown(0, 2, TimeUnit.SECONDS);
      throw new GateException(
          ErrorCode.SESSION_STORE_UNAVAILABLE,
          "cannot connect to Redis at " + url.redacted() + ": " + rootMessage(e),
          e);
    }
  }

  private static RedisConnection standalone(
      RedisUrl url, Duration timeout, ClientResources resources) {
    RedisURI uri = withTimeout(url.nodes().getFirst(), timeout);
    RedisClient client = RedisClient.create(resources, uri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .socketOptions(socketOptions(timeout))
            .build());
    try {
      StatefulRedisConnection<String, String> connection = client.connect();
      return new RedisConnection(url, timeout, resources, client, connection, connection.sync());
    } catch (RedisException e) {
      client.shutdown(Duration.ZERO, timeout);
      throw e;
    }
  }

  private static RedisConnection cluster(
      RedisUrl url, Duration timeout, ClientResources resources) {
    List<RedisURI> seeds = url.nodes().stream().map(n -> withTimeout(n, timeout)).toList();
    RedisClusterClient client = RedisClusterClient.create(resources, seeds);
    client.setOptions(
        ClusterClientOptions.builder()
            .autoReconnect(true)
            // the cluster client connects to a node when the first command for its slots comes,
            // and REJECT_COMMANDS would refuse that command: queue instead, bounded in size and
            // by the command timeout
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
            .requestQueueSize(CLUSTER_REQUEST_QUEUE_SIZE)
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .socketOptions(socketOptions(timeout))
            .topologyRefreshOptions(
                // adaptive refresh (on MOVED, ASK, reconnects) is on by default since Lettuce 7
                ClusterTopologyRefreshOptions.builder()
                    .enablePeriodicRefresh(Duration.ofSeconds(30))
                    .build())
            .build());
    try {
      StatefulRedisClusterConnection<String, String> connection = client.connect();
      return new RedisConnection(url, timeout, resources, client, connection, connection.sync());
    } catch (RedisException e) {
      client.shutdown(Duration.ZERO, timeout);
      throw e;
    }
  }

  private static RedisURI withTimeout(RedisURI node, Duration timeout) {
    node.setTimeout(timeout);
    return node;
  }

  private static SocketOptions socketOptions(Duration timeout) {
    return SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build();
  }

  /** Where this connection goes, password hidden. */
  public RedisUrl url() {
    return url;
  }

  /** The URL with any password replaced by {@code ***}, for log lines. */
  public String redactedUrl() {
    return url.redacted();
  }

  /** How long a command may take before it fails. */
  public Duration commandTimeout() {
    return commandTimeout;
  }

  /** Whether Redis answers now, and how fast: a {@code PING} that never throws. */
  public Health health() {
    long start = System.nanoTime();
    try {
      String pong = commands.ping();
      Duration roundTrip = Duration.ofNanos(System.nanoTime() - start);
      return "PONG".equalsIgnoreCase(pong)
          ? new Health.Up(roundTrip)
          : new Health.Down("Redis at " + redactedUrl() + " answered PING with " + pong);
    } catch (RedisException e) {
      return new Health.Down("Redis at " + redactedUrl() + " does not answer: " + reason(e));
    }
  }

  /** Whether Redis answers, as a {@link #health()} check reports it. */
  public sealed interface Health {
    /** Redis answered a PING in {@code roundTrip}. */
    record Up(Duration roundTrip) implements Health {}

    /** Redis did not answer; {@code reason} says why, without secrets. */
    record Down(String reason) implements Health {}
  }

  /**
   * Runs {@code command}, turning any Redis failure into {@code SESSION_STORE_UNAVAILABLE} with a
   * message that names {@code operation}.
   */
  <T> T call(String operation, Function<RedisClusterCommands<String, String>, T> command) {
    try {
      return command.apply(commands);
    } catch (RedisException e) {
      throw new GateException(
          ErrorCode.SESSION_STORE_UNAVAILABLE,
          "Redis at " + redactedUrl() + " failed to " + operation + ": " + reason(e),
          e);
    }
  }

  /** The raw commands, for tests in this package that inspect what is stored. */
  RedisClusterCommands<String, String> commands() {
    return commands;
  }

  private String reason(RedisException e) {
    if (e instanceof RedisCommandTimeoutException) {
      return "no answer within " + commandTimeout.toMillis() + " ms";
    }
    return rootMessage(e);
  }

  private static String rootMessage(RedisException e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    return String.valueOf(cause.getMessage());
  }

  /** Closes the connection and releases its threads. */
  @Override
  public void close() {
    try {
      connection.close();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
  }

  @Override
  public String toString() {
    return "RedisConnection[" + redactedUrl() + "]";
  }
}

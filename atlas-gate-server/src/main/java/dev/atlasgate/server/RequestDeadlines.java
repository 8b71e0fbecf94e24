package dev.atlasgate.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts off a connection whose request headers, or whose request body, take longer in all than their
 * deadline: the idle timeout restarts with every byte, so without this a client that trickles bytes
 * (slowloris) would hold a connection forever.
 *
 * <p>A sweep on the connector's scheduler looks at each connection's HTTP/1.1 parser a few times
 * per deadline; the map of phases is confined to the sweep.
 */
final class RequestDeadlines implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlines.class);

  /** What a connection is waiting for. */
  private enum Kind {
    HEADERS,
    BODY
  }

  /** A stretch of one kind for one request, seen first at {@code since} (nanos). */
  private record Phase(Kind kind, long request, long since) {}

  private final ServerConnector connector;
  private final long headerNanos;
  private final long bodyNanos;
  private final Duration period;
  private final Map<EndPoint, Phase> phases = new HashMap<>();

  RequestDeadlines(ServerConnector connector, Duration headerTimeout, Duration bodyTimeout) {
    this.connector = connector;
    this.headerNanos = headerTimeout.toNanos();
    this.bodyNanos = bodyTimeout.toNanos();
    Duration shortest = headerTimeout.compareTo(bodyTimeout) < 0 ? headerTimeout : bodyTimeout;
    Duration quarter = shortest.dividedBy(4);
    this.period = quarter.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : quarter;
  }

  /** Starts sweeping; it stops with the connector. */
  void start() {
    connector.getScheduler().schedule(this, period);
  }

  @Override
  public void run() {
    try {
      sweep(System.nanoTime());
    } catch (RuntimeException e) {
      LOG.warn("request deadline sweep failed; trying again", e);
    } finally {
      if (connector.isRunning()) {
        connector.getScheduler().schedule(this, period);
      }
    }
  }

  private void sweep(long now) {
    Set<EndPoint> waiting = new HashSet<>();
    for (EndPoint endPoint : connector.getConnectedEndPoints()) {
      if (!(endPoint.getConnection() instanceof HttpConnection http)) {
        continue;
      }
      Optional<Kind> waitingFor = kind(http.getParser());
      if (waitingFor.isEmpty()) {
        continue;
      }
      Kind kind = waitingFor.get();
      waiting.add(endPoint);
      long request = http.getMessagesIn();
      Phase phase = phases.get(endPoint);
      if (phase == null || phase.kind() != kind || phase.request() != request) {
        phases.put(endPoint, new Phase(kind, request, now));
      } else if (now - phase.since() > (kind == Kind.HEADERS ? headerNanos : bodyNanos)) {
        LOG.debug(
            "closing {}: its request {} took too long", endPoint.getRemoteSocketAddress(), kind);
        endPoint.close();
        waiting.remove(endPoint);
      }
    }
    phases.keySet().retainAll(waiting);
  }

  /**
   * What the parser waits for; empty when it is idle between requests (the idle timeout's case) or
   * has the whole request. Its states are in order: request line, headers, body, end.
   */
  // Jetty declares HttpParser.State in the order a request is parsed, and this reads that order.
  @SuppressWarnings("EnumOrdinal")
  private static Optional<Kind> kind(HttpParser parser) {
    int state = parser.getState().ordinal();
    if (state > HttpParser.State.START.ordinal() && state <= HttpParser.State.HEADER.ordinal()) {
      return Optional.of(Kind.HEADERS);
    }
    if (state >= HttpParser.State.CONTENT.ordinal()
        && state <= HttpParser.State.TRAILER.ordinal()) {
      return Optional.of(Kind.BODY);
    }
    return Optional.empty();
  }
}

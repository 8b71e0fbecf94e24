package dev.atlasgate.mcp;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonNull;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MCP over stdio: one JSON-RPC message per line in, one per line out; stdout carries nothing else.
 *
 * <p>Requests do not run concurrently: all but {@code ping} go to a single-thread executor and run
 * one at a time, in the order they came, on one virtual thread, so a long call holds back those
 * behind it. The reading thread answers {@code ping} and handles notifications itself, at once,
 * while a request runs. A {@code notifications/cancelled} for a request still queued means it never
 * runs; one already running is not interrupted: it finishes (what it did stands) and its answer is
 * not sent.
 *
 * <p>At end of input the server stops reading and gives the request running, and those queued, the
 * grace period to be answered; then it interrupts the one running, drops those not started and
 * returns, so that a client that has gone never leaves a busy process behind (the caller exits the
 * process).
 */
public final class StdioServer {
  private static final Logger LOG = LoggerFactory.getLogger(StdioServer.class);

  private final InputStream in;
  private final OutputStream out;
  private final int maxMessageBytes;
  private final Duration drainTimeout;
  private final McpConnection connection;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

  /**
   * @param connectionFactory makes the connection, given where it sends notifications
   */
  public StdioServer(
      InputStream in,
      OutputStream out,
      int maxMessageBytes,
      Duration drainTimeout,
      Function<Outbound, McpConnection> connectionFactory) {
    this.in = requireNonNull(in, "in is null");
    this.out = requireNonNull(out, "out is null");
    this.maxMessageBytes = maxMessageBytes;
    this.drainTimeout = requireNonNull(drainTimeout, "drainTimeout is null");
    this.connection = connectionFactory.apply(this::write);
  }

  /** Serves until end of input, then waits at most the grace period for requests in flight. */
  public void run() throws IOException {
    LineReader reader = new LineReader(in, maxMessageBytes);
    ExecutorService requests =
        Executors.newSingleThreadExecutor(Thread.ofVirtual().name("mcp-stdio-requests").factory());
    try {
      Optional<LineReader.Line> line;
      while ((line = reader.next()).isPresent()) {
        switch (line.get()) {
          case LineReader.Line.TooLong tooLong ->
              write(
                  JsonRpcMessage.Failure.of(
                      JsonNull.INSTANCE,
                      JsonRpc.INVALID_REQUEST,
                      "Invalid Request: message of "
                          + tooLong.bytes()
                          + " bytes exceeds the limit of "
                          + maxMessageBytes));
          case LineReader.Line.Malformed malformed -> write(malformed.answer());
          case LineReader.Line.Text text -> {
            if (!text.text().isBlank()) {
              accept(Incoming.parse(text.text()), requests);
            }
          }
        }
      }
    } finally {
      drain(requests);
    }
  }

  /**
   * Lets the requests in flight finish within the grace period, then interrupts and leaves them:
   * their virtual threads do not keep the process alive.
   */
  private void drain(ExecutorService requests) {
    requests.shutdown();
    try {
      if (requests.awaitTermination(drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
      LOG.warn(
          "{} request(s) still running {} after end of input; abandoning them",
          inFlight.size(),
          drainTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    requests.shutdownNow();
  }

  private void accept(Incoming message, ExecutorService requests) {
    switch (message) {
      case Incoming.Request request when request.method().equals(McpRequest.PING) ->
          write(connection.handle(request));
      case Incoming.Request request -> {
        String key = request.id().write();
        inFlight.add(key);
        requests.execute(() -> answer(request, key));
      }
      case Incoming.Notification notification -> {
        if (notification.method().equals(McpRequest.CANCELLED)) {
          McpCodec.readCancelled(notification.params())
              .requestId()
              .map(Json::write)
              .filter(inFlight::contains)
              .ifPresent(cancelled::add);
        }
        connection.handle(notification);
      }
      case Incoming.Response response -> LOG.debug("ignoring a response to {}", response.id());
      case Incoming.Invalid invalid -> write(invalid.answer());
    }
  }

  private void answer(Incoming.Request request, String key) {
    try {
      if (cancelled.remove(key)) {
        return;
      }
      JsonRpcMessage.Response response = connection.handle(request);
      if (!cancelled.remove(key)) {
        write(response);
      }
    } finally {
      inFlight.remove(key);
    }
  }

  private void write(JsonRpcMessage message) {
    byte[] line = (McpCodec.write(message).write() + "\n").getBytes(StandardCharsets.UTF_8);
    writeLock.lock();
    try {
      out.write(line);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to stdout", e);
    } finally {
      writeLock.unlock();
    }
  }
}

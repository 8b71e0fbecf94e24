package dev.atlasgate.mcp;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonNull;
import dev.atlasgate.json.JsonObject;
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
 * Requests run concurrently on virtual threads; the server ends cleanly at end of input, once the
 * requests in flight are answered.
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

  /** Serves until end of input. */
  public void run() throws IOException {
    LineReader reader = new LineReader(in, maxMessageBytes);
    try (ExecutorService requests =
        Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("mcp-stdio-requests").factory())) {
      Optional<LineReader.Line> line;
      while ((line = reader.next()).isPresent()) {
        switch (line.get()) {
          case LineReader.Line.TooLong tooLong ->
              write(
                  JsonRpc.error(
                      JsonNull.INSTANCE,
                      JsonRpc.INVALID_REQUEST,
                      "Invalid Request: message of "
                          + tooLong.bytes()
                          + " bytes exceeds the limit of "
                          + maxMessageBytes));
          case LineReader.Line.Text text -> {
            if (!text.text().isBlank()) {
              accept(Incoming.parse(text.text()), requests);
            }
          }
        }
      }
      requests.shutdown();
      if (!requests.awaitTermination(drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("requests still running {} after end of input; stopping", drainTimeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void accept(Incoming message, ExecutorService requests) {
    switch (message) {
      case Incoming.Request request when request.method().equals("ping") ->
          write(connection.handle(request));
      case Incoming.Request request -> {
        String key = request.id().write();
        inFlight.add(key);
        requests.execute(() -> answer(request, key));
      }
      case Incoming.Notification notification -> {
        if (notification.method().equals("notifications/cancelled")) {
          notification
              .params()
              .get("requestId")
              .map(Json::write)
              .filter(inFlight::contains)
              .ifPresent(cancelled::add);
        }
        connection.handle(notification);
      }
      case Incoming.Response response -> LOG.debug("ignoring a response to {}", response.id());
      case Incoming.Invalid invalid ->
          write(JsonRpc.error(invalid.id(), invalid.code(), invalid.message()));
    }
  }

  private void answer(Incoming.Request request, String key) {
    try {
      if (cancelled.remove(key)) {
        return;
      }
      JsonObject response = connection.handle(request);
      if (!cancelled.remove(key)) {
        write(response);
      }
    } finally {
      inFlight.remove(key);
    }
  }

  private void write(JsonObject message) {
    byte[] line = (message.write() + "\n").getBytes(StandardCharsets.UTF_8);
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

package dev.atlasgate.server;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonString;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Requests this instance sent to clients (on the SSE stream of a POST) that wait for the client to
 * POST its response. A response can only reach the instance that waits for it, so these need a
 * single instance or sticky routing; the governed tools never send such requests.
 */
final class ClientRequests {
  private final ConcurrentMap<String, CompletableFuture<JsonObject>> waiting =
      new ConcurrentHashMap<>();
  private final Duration timeout;

  ClientRequests(Duration timeout) {
    this.timeout = timeout;
  }

  /** A fresh request id, and the answer to wait for. */
  Pending open(String transportId) {
    Json id = new JsonString("atlas-" + UUID.randomUUID());
    CompletableFuture<JsonObject> answer = new CompletableFuture<>();
    waiting.put(key(transportId, id), answer);
    return new Pending(transportId, id, answer);
  }

  /** Delivers a client's response; false when nobody here waits for it. */
  boolean deliver(String transportId, Json id, JsonObject response) {
    CompletableFuture<JsonObject> answer = waiting.remove(key(transportId, id));
    return answer != null && answer.complete(response);
  }

  private static String key(String transportId, Json id) {
    return transportId + "|" + id.write();
  }

  /** One request waiting for its response. */
  final class Pending {
    private final String transportId;
    private final Json id;
    private final CompletableFuture<JsonObject> answer;

    private Pending(String transportId, Json id, CompletableFuture<JsonObject> answer) {
      this.transportId = transportId;
      this.id = id;
      this.answer = answer;
    }

    Json id() {
      return id;
    }

    /** The client's response message; an error when none comes in time. */
    JsonObject await() {
      try {
        return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new IllegalStateException("the client did not answer within " + timeout, e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("the request to the client failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the client", e);
      } finally {
        waiting.remove(key(transportId, id));
      }
    }
  }
}

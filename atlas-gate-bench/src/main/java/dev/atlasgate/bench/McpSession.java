package dev.atlasgate.bench;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.JsonObject;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * One MCP client over Streamable HTTP (2025-11-25): {@code initialize}, {@code
 * notifications/initialized}, then tool calls, each a POST of one JSON-RPC message carrying the
 * {@code Mcp-Session-Id} the server gave. Confined to the one thread that runs its client.
 */
final class McpSession {
  static final String PROTOCOL_VERSION = "2025-11-25";

  private final HttpConnection http;
  private final Token token;
  private final String instanceHeader;
  private Optional<String> sessionId = Optional.empty();
  private long nextId = 1;

  McpSession(HttpConnection http, Token token, String instanceHeader) {
    this.http = requireNonNull(http, "http is null");
    this.token = requireNonNull(token, "token is null");
    this.instanceHeader = requireNonNull(instanceHeader, "instanceHeader is null");
  }

  /** {@code initialize}; on success the session id of the answer is used from then on. */
  Outcome initialize(String clientName) throws InterruptedException {
    sessionId = Optional.empty();
    JsonObject params =
        JsonObject.builder()
            .put("protocolVersion", PROTOCOL_VERSION)
            .put("capabilities", JsonObject.EMPTY)
            .put(
                "clientInfo",
                JsonObject.builder().put("name", clientName).put("version", "1").build())
            .build();
    return request("initialize", params);
  }

  /** {@code notifications/initialized}: answered 202 without a body. */
  Outcome initialized() throws InterruptedException {
    JsonObject message =
        JsonObject.builder()
            .put("jsonrpc", "2.0")
            .put("method", "notifications/initialized")
            .build();
    return send(message, Optional.empty());
  }

  /** {@code tools/call} of {@code tool} with {@code arguments}. */
  Outcome callTool(String tool, JsonObject arguments) throws InterruptedException {
    return request(
        "tools/call", JsonObject.builder().put("name", tool).put("arguments", arguments).build());
  }

  /** Ends the MCP session (DELETE) and the connection; failures are of no interest then. */
  void close() {
    if (sessionId.isPresent()) {
      try {
        http.exchange("DELETE", headers(false), null);
      } catch (IOException e) {
        // The session expires by itself.
      }
      sessionId = Optional.empty();
    }
    http.close();
  }

  boolean open() {
    return sessionId.isPresent();
  }

  private Outcome request(String method, JsonObject params) throws InterruptedException {
    long id = nextId++;
    JsonObject message =
        JsonObject.builder()
            .put("jsonrpc", "2.0")
            .put("id", id)
            .put("method", method)
            .put("params", params)
            .build();
    return send(message, Optional.of(id));
  }

  private Outcome send(JsonObject message, Optional<Long> id) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    HttpConnection.Reply reply;
    try {
      reply =
          http.exchange("POST", headers(true), message.write().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Outcome.Failed(ioKind(e), String.valueOf(e.getMessage()), Optional.empty());
    }
    Optional<String> instance = reply.header(instanceHeader).map(McpSession::last);
    if (message.string("method").filter("initialize"::equals).isPresent()) {
      sessionId = reply.header("Mcp-Session-Id");
    }
    String contentType = reply.header("Content-Type").orElse("");
    return Responses.interpret(reply.status(), contentType, reply.body(), id, instance);
  }

  private String[] headers(boolean post) {
    List<String> headers = new ArrayList<>(10);
    headers.add("Authorization");
    headers.add(token.header());
    sessionId.ifPresent(
        id ->
            headers.addAll(
                List.of("Mcp-Session-Id", id, "MCP-Protocol-Version", PROTOCOL_VERSION)));
    if (post) {
      headers.addAll(
          List.of(
              "Content-Type", "application/json", "Accept", "application/json, text/event-stream"));
    }
    return headers.toArray(String[]::new);
  }

  /** nginx lists every instance it tried ({@code a, b}); the last one answered. */
  private static String last(String upstreams) {
    String[] parts = upstreams.split(",");
    return parts[parts.length - 1].trim();
  }

  /** The kind of a failure below HTTP: no answer at all. */
  static String ioKind(IOException e) {
    return switch (e) {
      case HttpConnectTimeoutException t -> "connect_timeout";
      case HttpTimeoutException t -> "timeout";
      case SocketTimeoutException t -> "timeout";
      case ConnectException c -> "connect_refused";
      case SSLException s -> "io_tls";
      case EOFException eof -> "io_closed";
      default ->
          String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("reset")
                  || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("closed")
              ? "io_closed"
              : "io_" + e.getClass().getSimpleName();
    };
  }
}

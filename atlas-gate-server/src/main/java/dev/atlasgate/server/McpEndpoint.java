package dev.atlasgate.server;

import dev.atlasgate.error.ErrorCode;
import dev.atlasgate.gateway.CallContext;
import dev.atlasgate.gateway.Gateway;
import dev.atlasgate.gateway.Principal;
import dev.atlasgate.gateway.SessionBinding;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonException;
import dev.atlasgate.json.JsonNull;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonParser;
import dev.atlasgate.mcp.Incoming;
import dev.atlasgate.mcp.JsonRpc;
import dev.atlasgate.mcp.McpConnection;
import dev.atlasgate.mcp.Outbound;
import dev.atlasgate.mcp.ProtocolExtension;
import dev.atlasgate.mcp.ProtocolVersions;
import dev.atlasgate.mcp.ServerInfo;
import dev.atlasgate.session.SessionId;
import dev.atlasgate.session.SessionStore;
import dev.atlasgate.session.TransportSession;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@code /mcp}: MCP Streamable HTTP (2025-11-25) and the compact form of the seed.
 *
 * <p>Nothing of a connection lives in this instance: the transport session, with the governance
 * session bound to it, is in the {@link SessionStore}, so any instance sharing the store can answer
 * any request.
 */
final class McpEndpoint {
  static final String SESSION_HEADER = "Mcp-Session-Id";
  static final String VERSION_HEADER = "MCP-Protocol-Version";

  private final Gateway gateway;
  private final SessionStore sessions;
  private final ServerInfo info;
  private final Clock clock;
  private final Duration ttl;
  private final int maxBodyBytes;
  private final int maxSessionsPerPrincipal;
  private final ProtocolExtension extension;
  private final ClientRequests clientRequests = new ClientRequests(Duration.ofSeconds(60));
  private final CompactForm compact;

  McpEndpoint(
      Gateway gateway,
      SessionStore sessions,
      ServerInfo info,
      Clock clock,
      Duration ttl,
      int maxBodyBytes,
      int maxSessionsPerPrincipal,
      ProtocolExtension extension) {
    this.gateway = gateway;
    this.sessions = sessions;
    this.info = info;
    this.clock = clock;
    this.ttl = ttl;
    this.maxBodyBytes = maxBodyBytes;
    this.maxSessionsPerPrincipal = maxSessionsPerPrincipal;
    this.extension = extension;
    this.compact = new CompactForm(gateway);
  }

  void handle(Exchange ex, Principal principal) throws IOException {
    switch (ex.method()) {
      case "POST" -> post(ex, principal);
      case "DELETE" -> delete(ex, principal);
      case "GET" -> {
        ex.response.getHeaders().put(HttpHeader.ALLOW, "POST, DELETE");
        ex.error(405, "METHOD_NOT_ALLOWED", "this server sends no messages on a GET stream");
      }
      default -> {
        ex.response.getHeaders().put(HttpHeader.ALLOW, "POST, DELETE");
        ex.error(405, "METHOD_NOT_ALLOWED", ex.method() + " is not supported on /mcp");
      }
    }
  }

  private void post(Exchange ex, Principal principal) throws IOException {
    String contentType = ex.header(HttpHeader.CONTENT_TYPE).orElse("").toLowerCase(Locale.ROOT);
    if (!contentType.startsWith("application/json")) {
      ex.error(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
      return;
    }
    Optional<byte[]> body = ex.body(maxBodyBytes);
    if (body.isEmpty()) {
      ex.error(
          413, "PAYLOAD_TOO_LARGE", "request body exceeds MAX_BODY_BYTES (" + maxBodyBytes + ")");
      return;
    }
    Json json;
    try {
      json = JsonParser.parse(new String(body.get(), StandardCharsets.UTF_8), Incoming.MAX_DEPTH);
    } catch (JsonException e) {
      ex.json(
          400,
          JsonRpc.error(JsonNull.INSTANCE, JsonRpc.PARSE_ERROR, "Parse error: " + e.getMessage()));
      return;
    }
    if (json instanceof JsonObject object && !object.has("jsonrpc") && object.has("tool")) {
      compact.handle(ex, principal, object);
      return;
    }
    protocol(ex, principal, Incoming.classify(json));
  }

  private void protocol(Exchange ex, Principal principal, Incoming message) throws IOException {
    if (message instanceof Incoming.Invalid invalid) {
      ex.json(400, JsonRpc.error(invalid.id(), invalid.code(), invalid.message()));
      return;
    }
    if (!acceptsBoth(ex)) {
      ex.error(406, "NOT_ACCEPTABLE", "Accept must list application/json and text/event-stream");
      return;
    }
    if (message instanceof Incoming.Request request && request.method().equals("initialize")) {
      initialize(ex, principal, request);
      return;
    }
    Optional<TransportSession> transport = transport(ex, principal);
    if (transport.isEmpty()) {
      return;
    }
    switch (message) {
      case Incoming.Request request -> answer(ex, principal, transport.get(), request);
      case Incoming.Notification notification -> ex.empty(202);
      case Incoming.Response response -> {
        clientRequests.deliver(transport.get().id(), response.id(), response.message());
        ex.empty(202);
      }
      case Incoming.Invalid invalid -> throw new IllegalStateException("handled above");
    }
  }

  private void initialize(Exchange ex, Principal principal, Incoming.Request request)
      throws IOException {
    if (sessions.countTransports(principal.name()) >= maxSessionsPerPrincipal) {
      ex.error(
          429,
          ErrorCode.SESSION_LIMIT_REACHED.name(),
          principal.name()
              + " already has "
              + maxSessionsPerPrincipal
              + " open MCP sessions (MAX_SESSIONS_PER_PRINCIPAL); end one with DELETE /mcp"
              + " or let it expire");
      return;
    }
    McpConnection connection =
        new McpConnection(
            gateway,
            info,
            new CallContext(principal, SessionBinding.inMemory()),
            Outbound.DISCARD,
            Optional.empty(),
            extension);
    JsonObject response = connection.handle(request);
    TransportSession transport =
        TransportSession.start(
            connection.protocolVersion().orElse(ProtocolVersions.LATEST),
            principal.name(),
            clock.instant(),
            ttl);
    sessions.saveTransport(transport);
    ex.response.getHeaders().put(SESSION_HEADER, transport.id());
    ex.json(200, response);
  }

  /** The request's transport session, or empty once 400/404 has been answered. */
  private Optional<TransportSession> transport(Exchange ex, Principal principal) {
    Optional<String> id = ex.header(SESSION_HEADER);
    if (id.isEmpty()) {
      ex.error(400, "SESSION_REQUIRED", SESSION_HEADER + " header is required after initialize");
      return Optional.empty();
    }
    Optional<String> version = ex.header(VERSION_HEADER);
    if (version.isPresent() && !ProtocolVersions.isSupported(version.get())) {
      ex.error(
          400,
          "UNSUPPORTED_PROTOCOL_VERSION",
          VERSION_HEADER + " " + version.get() + " is not one of " + ProtocolVersions.SUPPORTED);
      return Optional.empty();
    }
    Optional<TransportSession> found =
        sessions.findTransport(id.get()).filter(t -> t.principal().equals(principal.name()));
    if (found.isEmpty()) {
      ex.error(
          404,
          "SESSION_NOT_FOUND",
          "MCP session " + id.get() + " is unknown or expired; initialize again");
      return found;
    }
    TransportSession touched = found.get().touched(clock.instant(), ttl);
    sessions.saveTransport(touched);
    return Optional.of(touched);
  }

  private void answer(
      Exchange ex, Principal principal, TransportSession transport, Incoming.Request request)
      throws IOException {
    CallContext context = new CallContext(principal, new StoreBinding(sessions, transport.id()));
    try (EventStream events = new EventStream(ex, transport.id())) {
      McpConnection connection =
          new McpConnection(
              gateway, info, context, events, Optional.of(transport.protocolVersion()), extension);
      events.finish(connection.handle(request));
    }
  }

  /**
   * The answer to one POST: plain JSON when the request sends nothing else, or an SSE stream opened
   * by the first notification or request to the client, written as each message comes.
   */
  private final class EventStream implements Outbound, AutoCloseable {
    private final Exchange ex;
    private final String transportId;
    private OutputStream out;

    EventStream(Exchange ex, String transportId) {
      this.ex = ex;
      this.transportId = transportId;
    }

    @Override
    public synchronized void send(JsonObject message) {
      try {
        if (out == null) {
          ex.response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
          out = ex.stream(200, "text/event-stream");
        }
        out.write(sse(message));
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("the client's event stream is closed", e);
      }
    }

    @Override
    public JsonObject request(String method, JsonObject params) {
      ClientRequests.Pending pending = clientRequests.open(transportId);
      send(JsonRpc.request(pending.id(), method, params));
      return pending.await();
    }

    synchronized void finish(JsonObject response) {
      if (out == null) {
        ex.json(200, response);
      } else {
        send(response);
      }
    }

    @Override
    public synchronized void close() throws IOException {
      if (out != null) {
        out.close();
      }
    }
  }

  private static byte[] sse(JsonObject message) {
    return ("event: message\ndata: " + message.write() + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  private void delete(Exchange ex, Principal principal) {
    Optional<TransportSession> transport = transport(ex, principal);
    if (transport.isEmpty()) {
      return;
    }
    sessions.deleteTransport(transport.get().id());
    transport.get().governance().ifPresent(sessions::delete);
    ex.empty(204);
  }

  private static boolean acceptsBoth(Exchange ex) {
    String accept = ex.header(HttpHeader.ACCEPT).orElse("*/*").toLowerCase(Locale.ROOT);
    boolean any = accept.contains("*/*");
    return any || (accept.contains("application/json") && accept.contains("text/event-stream"));
  }

  /** The governance session of a transport session, kept in the shared store. */
  private record StoreBinding(SessionStore sessions, String transportId) implements SessionBinding {
    @Override
    public Optional<SessionId> current() {
      return sessions.findTransport(transportId).flatMap(TransportSession::governance);
    }

    @Override
    public void bind(SessionId id) {
      sessions.findTransport(transportId).ifPresent(t -> sessions.saveTransport(t.bound(id)));
    }
  }
}

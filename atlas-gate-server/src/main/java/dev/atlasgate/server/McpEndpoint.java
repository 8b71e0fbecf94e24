package dev.atlasgate.server;

import static java.util.Objects.requireNonNull;

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
import dev.atlasgate.mcp.JsonRpcMessage;
import dev.atlasgate.mcp.McpCodec;
import dev.atlasgate.mcp.McpConnection;
import dev.atlasgate.mcp.McpRequest;
import dev.atlasgate.mcp.Outbound;
import dev.atlasgate.mcp.ProtocolExtension;
import dev.atlasgate.mcp.ProtocolVersions;
import dev.atlasgate.mcp.ServerInfo;
import dev.atlasgate.session.BoundTransport;
import dev.atlasgate.session.Renewal;
import dev.atlasgate.session.Session;
import dev.atlasgate.session.SessionId;
import dev.atlasgate.session.SessionStore;
import dev.atlasgate.session.TransportSession;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(McpEndpoint.class);

  /** MCP sessions one initialize may end to stay under the cap (more only after a lowered cap). */
  private static final int EVICTIONS_PER_INITIALIZE = 8;

  private final Gateway gateway;
  private final SessionStore sessions;
  private final ServerInfo info;
  private final Clock clock;
  private final Duration ttl;
  private final Renewal renewal;
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
    this.renewal = new Renewal(ttl);
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
      json = JsonParser.parse(body.get(), Incoming.MAX_DEPTH);
    } catch (JsonException e) {
      ex.json(
          400,
          McpCodec.write(
              JsonRpcMessage.Failure.of(
                  JsonNull.INSTANCE, JsonRpc.PARSE_ERROR, "Parse error: " + e.getMessage())));
      return;
    }
    if (json instanceof JsonObject object && !object.has("jsonrpc") && object.has("tool")) {
      compact.handle(ex, principal, object);
      return;
    }
    protocol(ex, principal, McpCodec.read(json));
  }

  private void protocol(Exchange ex, Principal principal, Incoming message) throws IOException {
    if (message instanceof Incoming.Request request) {
      ex.requestId(request.id());
    }
    if (message instanceof Incoming.Invalid invalid) {
      ex.json(400, McpCodec.write(invalid.answer()));
      return;
    }
    if (!acceptsBoth(ex)) {
      ex.error(406, "NOT_ACCEPTABLE", "Accept must list application/json and text/event-stream");
      return;
    }
    if (message instanceof Incoming.Request request
        && request.method().equals(McpRequest.INITIALIZE)) {
      initialize(ex, principal, request);
      return;
    }
    Optional<BoundTransport> found = transport(ex, principal);
    if (found.isEmpty()) {
      return;
    }
    BoundTransport transport = renewed(found.get());
    switch (message) {
      case Incoming.Request request -> answer(ex, principal, transport, request);
      case Incoming.Notification notification -> ex.empty(202);
      case Incoming.Response response -> {
        clientRequests.deliver(transport.transport().id(), response.id(), response.message());
        ex.empty(202);
      }
      case Incoming.Invalid invalid -> throw new IllegalStateException("handled above");
    }
  }

  private void initialize(Exchange ex, Principal principal, Incoming.Request request)
      throws IOException {
    if (!makeRoom(principal)) {
      ex.error(
          429,
          ErrorCode.SESSION_LIMIT_REACHED.name(),
          principal.name()
              + " already has "
              + maxSessionsPerPrincipal
              + " open MCP sessions (MAX_SESSIONS_PER_PRINCIPAL) and none could be ended; end one"
              + " with DELETE /mcp");
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
    JsonRpcMessage.Response response = connection.handle(request);
    TransportSession transport =
        TransportSession.start(
            connection.protocolVersion().orElse(ProtocolVersions.LATEST),
            principal.name(),
            clock.instant(),
            ttl);
    sessions.saveTransport(transport);
    ex.response.getHeaders().put(SESSION_HEADER, transport.id());
    ex.json(200, McpCodec.write(response));
  }

  /**
   * Keeps the principal under its cap of MCP sessions by ending its least recently used ones (their
   * governance sessions live on, for {@code session_id} or a new transport); false when that was
   * not enough. A client whose session was ended gets 404 and initializes again.
   */
  private boolean makeRoom(Principal principal) {
    for (int ended = 0; ended < EVICTIONS_PER_INITIALIZE; ended++) {
      if (sessions.countTransports(principal.name()) < maxSessionsPerPrincipal) {
        return true;
      }
      Optional<String> oldest = sessions.leastRecentTransport(principal.name());
      if (oldest.isEmpty()) {
        return false;
      }
      sessions.deleteTransport(oldest.get());
      LOG.info(
          "{} is at MAX_SESSIONS_PER_PRINCIPAL ({}): ended its least recent MCP session",
          principal.name(),
          maxSessionsPerPrincipal);
    }
    return sessions.countTransports(principal.name()) < maxSessionsPerPrincipal;
  }

  /**
   * The request's transport session with its governance session, read in one round trip, or empty
   * once 400/404 has been answered.
   */
  private Optional<BoundTransport> transport(Exchange ex, Principal principal) {
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
    Optional<BoundTransport> found =
        sessions
            .findBound(id.get())
            .filter(b -> b.transport().principal().equals(principal.name()));
    if (found.isEmpty()) {
      ex.error(
          404,
          "SESSION_NOT_FOUND",
          "MCP session " + id.get() + " is unknown or expired; initialize again");
    }
    return found;
  }

  /** {@code found} after a request at now: its transport renewed, and saved, when that is due. */
  private BoundTransport renewed(BoundTransport found) {
    Instant now = clock.instant();
    if (!renewal.isDue(found.transport().expiresAt(), now)) {
      return found;
    }
    TransportSession touched = found.transport().touched(now, renewal.ttl());
    sessions.saveTransport(touched);
    return found.with(touched);
  }

  private void answer(
      Exchange ex, Principal principal, BoundTransport found, Incoming.Request request)
      throws IOException {
    TransportSession transport = found.transport();
    CallContext context = new CallContext(principal, new RequestBinding(sessions, found));
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
    private @Nullable OutputStream out;

    EventStream(Exchange ex, String transportId) {
      this.ex = ex;
      this.transportId = transportId;
    }

    @Override
    public synchronized void send(JsonRpcMessage message) {
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
      send(new JsonRpcMessage.Request(pending.id(), method, params));
      return pending.await();
    }

    synchronized void finish(JsonRpcMessage.Response response) {
      if (out == null) {
        ex.json(200, McpCodec.write(response));
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

  private static byte[] sse(JsonRpcMessage message) {
    return ("event: message\ndata: " + McpCodec.write(message).write() + "\n\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private void delete(Exchange ex, Principal principal) {
    Optional<BoundTransport> found = transport(ex, principal);
    if (found.isEmpty()) {
      return;
    }
    // The governance session outlives its transport: end_session or idle expiry end it.
    sessions.deleteTransport(found.get().transport().id());
    ex.empty(204);
  }

  private static boolean acceptsBoth(Exchange ex) {
    String accept = ex.header(HttpHeader.ACCEPT).orElse("*/*").toLowerCase(Locale.ROOT);
    boolean any = accept.contains("*/*");
    return any || (accept.contains("application/json") && accept.contains("text/event-stream"));
  }

  /**
   * The governance session of a transport session, kept in the shared store, as this request read
   * it: one request, one read. A binding is written at once, and read again first, so that a
   * transport session ended meanwhile stays ended.
   */
  private static final class RequestBinding implements SessionBinding {
    private final SessionStore sessions;
    private final AtomicReference<BoundTransport> seen;

    RequestBinding(SessionStore sessions, BoundTransport seen) {
      this.sessions = sessions;
      this.seen = new AtomicReference<>(seen);
    }

    /** Set in the constructor, and only ever replaced by another snapshot. */
    private BoundTransport seen() {
      return requireNonNull(seen.get());
    }

    @Override
    public Optional<SessionId> current() {
      return seen().transport().governance();
    }

    @Override
    public Optional<Session> snapshot() {
      return seen().governance();
    }

    @Override
    public void bind(SessionId id) {
      Optional<TransportSession> stored = sessions.findTransport(seen().transport().id());
      stored.ifPresent(
          t -> {
            TransportSession bound = t.bound(id);
            sessions.saveTransport(bound);
            seen.set(new BoundTransport(bound, Optional.empty()));
          });
    }

    @Override
    public void ended(SessionId id) {
      seen.updateAndGet(
          b ->
              b.governance().filter(g -> g.id().equals(id)).isPresent()
                  ? new BoundTransport(b.transport(), Optional.empty())
                  : b);
    }
  }
}

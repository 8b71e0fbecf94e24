package dev.atlasgate.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bridge against a real HTTP server on 127.0.0.1 that answers as a Streamable HTTP gateway
 * does: JSON for initialize, SSE for a call, 202 for a notification, JSON-RPC errors for refusals.
 */
class StreamableHttpBridgeTest {
  private static final String SESSION = "mcp-session-1";

  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final Map<String, String> headersOfCall = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/mcp", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
  }

  private void answer(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String session =
        Optional.ofNullable(ex.getRequestHeaders().getFirst("Mcp-Session-Id")).orElse("-");
    seen.add(ex.getRequestMethod() + " " + session);
    if (ex.getRequestMethod().equals("DELETE")) {
      send(ex, 204, "", "");
      return;
    }
    Incoming message = McpCodec.read(body);
    switch (message) {
      case Incoming.Request r when r.method().equals("initialize") -> {
        ex.getResponseHeaders().add("Mcp-Session-Id", SESSION);
        send(
            ex,
            200,
            "application/json",
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + r.id().write()
                + ",\"result\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{}}}");
      }
      case Incoming.Request r when r.method().equals("tools/list") -> {
        headersOfCall.put("session", session);
        headersOfCall.put(
            "version", String.valueOf(ex.getRequestHeaders().getFirst("MCP-Protocol-Version")));
        headersOfCall.put("auth", String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        send(
            ex,
            200,
            "text/event-stream",
            "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\"}\n\n"
                + "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":"
                + r.id().write()
                + ",\"result\":{\"tools\":[]}}\n\n");
      }
      case Incoming.Request r when r.method().equals("tools/call") -> {
        ex.getResponseHeaders().add("Retry-After", "7");
        send(
            ex,
            429,
            "application/json",
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + r.id().write()
                + ",\"error\":{\"code\":-32000,\"message\":\"slow down\",\"data\":{\"code\":\"RATE_LIMITED\"}}}");
      }
      case Incoming.Request r ->
          send(
              ex,
              200,
              "application/json",
              "{\"jsonrpc\":\"2.0\",\"id\":"
                  + r.id().write()
                  + ",\"error\":{\"code\":-32601,\"message\":\"Method not found: "
                  + r.method()
                  + "\"}}");
      default -> send(ex, 202, "", "");
    }
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (!type.isEmpty()) {
      ex.getResponseHeaders().add("Content-Type", type);
    }
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static List<JsonObject> run(StreamableHttpBridge bridge, String... lines)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    bridge.run(
        new ByteArrayInputStream(
            (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)),
        out);
    return Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n"))
        .filter(l -> !l.isBlank())
        .map(l -> (JsonObject) Json.parse(l))
        .toList();
  }

  private static Map<Json, JsonObject> byId(List<JsonObject> messages) {
    return messages.stream()
        .filter(m -> m.has("id"))
        .collect(Collectors.toMap(m -> m.get("id").get(), m -> m));
  }

  @Test
  void initialize_thenCalls_carryTheSessionVersionAndToken_andEndWithDelete() throws IOException {
    List<JsonObject> out =
        run(
            new StreamableHttpBridge(endpoint(), Optional.of("secret-token")),
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");

    Map<Json, JsonObject> answers = byId(out);
    assertThat(answers.get(Json.of(1)).object("result").orElseThrow().string("protocolVersion"))
        .contains("2025-06-18");
    assertThat(answers.get(Json.of(2)).write())
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[]}}");
    assertThat(out)
        .extracting(m -> m.string("method").orElse(""))
        .contains("notifications/message");
    assertThat(out).hasSize(3);
    assertThat(headersOfCall)
        .containsEntry("session", SESSION)
        .containsEntry("version", "2025-06-18")
        .containsEntry("auth", "Bearer secret-token");
    assertThat(seen).first().isEqualTo("POST -");
    assertThat(seen).last().isEqualTo("DELETE " + SESSION);
  }

  @Test
  void aRefusalAtTheHttpLevel_becomesAJsonRpcErrorNamingStatusCodeAndRetry() throws IOException {
    List<JsonObject> out =
        run(
            new StreamableHttpBridge(endpoint(), Optional.empty()),
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"c\",\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}");

    JsonObject error = byId(out).get(Json.of("c")).object("error").orElseThrow();
    assertThat(error.get("code")).contains(Json.of(StreamableHttpBridge.HTTP_ERROR));
    assertThat(error.string("message"))
        .contains("the gateway answered HTTP 429 (RATE_LIMITED: slow down); retry after 7 s");
  }

  @Test
  void aJsonRpcErrorOfTheGateway_isRelayedAsItCame() throws IOException {
    List<JsonObject> out =
        run(
            new StreamableHttpBridge(endpoint(), Optional.empty()),
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"resources/list\"}");

    assertThat(byId(out).get(Json.of(9)).write())
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"error\":{\"code\":-32601,"
                + "\"message\":\"Method not found: resources/list\"}}");
  }

  @Test
  void anUnreachableGateway_answersEachRequestWithAnError_andNotificationsWithNothing()
      throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    List<JsonObject> out =
        run(
            new StreamableHttpBridge(
                URI.create("http://127.0.0.1:" + closedPort + "/mcp"), Optional.empty()),
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

    assertThat(out).hasSize(1);
    assertThat(out.getFirst().get("id")).contains(Json.of(1));
    assertThat(out.getFirst().object("error").orElseThrow().string("message"))
        .hasValueSatisfying(m -> assertThat(m).contains("cannot be reached"));
  }

  @Test
  void aLineThatIsNotUtf8_isAParseErrorAndNeverSent() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new StreamableHttpBridge(endpoint(), Optional.empty())
        .run(new ByteArrayInputStream(new byte[] {'{', (byte) 0xff, '}', '\n'}), out);

    JsonObject answer = (JsonObject) Json.parse(out.toString(StandardCharsets.UTF_8).strip());
    assertThat(answer.object("error").orElseThrow().get("code"))
        .contains(Json.of(JsonRpc.PARSE_ERROR));
    assertThat(seen).isEmpty();
  }
}

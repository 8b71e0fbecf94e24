package dev.atlasgate.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.audit.InMemoryAuditLog;
import dev.atlasgate.gateway.CallContext;
import dev.atlasgate.gateway.Gateway;
import dev.atlasgate.gateway.GatewaySettings;
import dev.atlasgate.gateway.Principal;
import dev.atlasgate.gateway.SessionBinding;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonNull;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.plan.InMemoryPlanStore;
import dev.atlasgate.session.InMemorySessionStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The MCP lifecycle of one connection over the real gateway on the in-memory stores. */
class McpConnectionTest {
  @TempDir Path workspace;

  private final List<JsonRpcMessage> sent = new CopyOnWriteArrayList<>();
  private InMemoryAuditLog audit;
  private Gateway gateway;
  private McpConnection connection;

  @BeforeEach
  void connect() {
    Clock clock = Clock.systemUTC();
    audit = new InMemoryAuditLog();
    gateway =
        new Gateway(
            GatewaySettings.defaults("test", Optional.empty()),
            new InMemorySessionStore(clock),
            new InMemoryPlanStore(),
            audit,
            clock);
    connection =
        new McpConnection(
            gateway,
            new ServerInfo("atlas-gate", "ATLAS-GATE", "1.2.3"),
            new CallContext(Principal.trusted("tester"), SessionBinding.inMemory()),
            sent::add);
  }

  /** What a transport does with one line: the answer it writes back, if any. */
  private Optional<JsonObject> exchange(String line) {
    return switch (McpCodec.read(line)) {
      case Incoming.Request request -> Optional.of(McpCodec.write(connection.handle(request)));
      case Incoming.Notification notification -> {
        connection.handle(notification);
        yield Optional.empty();
      }
      case Incoming.Response response -> Optional.empty();
      case Incoming.Invalid invalid -> Optional.of(McpCodec.write(invalid.answer()));
    };
  }

  private JsonObject request(long id, String method, String params) {
    return exchange(
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + id
                + ",\"method\":\""
                + method
                + "\",\"params\":"
                + params
                + "}")
        .orElseThrow();
  }

  private JsonObject initialize(String version) {
    return request(1, "initialize", "{\"protocolVersion\":\"" + version + "\"}");
  }

  private static long errorCode(JsonObject response) {
    return ((JsonNumber) response.object("error").orElseThrow().get("code").get())
        .value()
        .longValue();
  }

  @Test
  void initialize_supportedVersion_isKeptAndServerDescribed() {
    JsonObject response = initialize("2025-06-18");

    assertThat(response.get("id")).contains(Json.of(1));
    JsonObject result = response.object("result").orElseThrow();
    assertThat(result.string("protocolVersion")).contains("2025-06-18");
    assertThat(result.object("serverInfo").orElseThrow().write())
        .isEqualTo("{\"name\":\"atlas-gate\",\"title\":\"ATLAS-GATE\",\"version\":\"1.2.3\"}");
    assertThat(result.object("capabilities").orElseThrow().write())
        .isEqualTo("{\"tools\":{\"listChanged\":true},\"prompts\":{\"listChanged\":false}}");
    assertThat(result.string("instructions"))
        .hasValueSatisfying(i -> assertThat(i).contains("begin_session"));
    assertThat(connection.protocolVersion()).contains("2025-06-18");
  }

  @Test
  void aGatewayStillOpening_isAskedFor_onlyByWhatNeedsIt() {
    AtomicInteger asked = new AtomicInteger();
    connection =
        lazily(
            () -> {
              asked.incrementAndGet();
              return gateway;
            });

    assertThat(initialize("2025-06-18").object("result")).isPresent();
    assertThat(request(2, "ping", "{}").object("result")).isPresent();
    assertThat(asked).as("the handshake needs no gateway").hasValue(0);

    JsonObject tools = request(3, "tools/list", "{}").object("result").orElseThrow();
    assertThat(tools.write()).contains("begin_session");
    assertThat(asked).hasValue(1);
  }

  @Test
  void aGatewayThatFailedToOpen_failsWhatNeedsIt_notTheHandshake() {
    connection =
        lazily(
            () -> {
              throw new IllegalStateException("cannot open the audit log");
            });

    assertThat(initialize("2025-06-18").object("result")).isPresent();
    JsonObject list = request(3, "tools/list", "{}");
    assertThat(errorCode(list)).isEqualTo(JsonRpc.INTERNAL_ERROR);
    JsonObject call = request(4, "tools/call", "{\"name\":\"read_prompt\",\"arguments\":{}}");
    assertThat(errorCode(call)).isEqualTo(JsonRpc.INTERNAL_ERROR);
    assertThat(audit.head().seq()).isZero();
  }

  private McpConnection lazily(Supplier<Gateway> opening) {
    return new McpConnection(
        opening,
        new ServerInfo("atlas-gate", "ATLAS-GATE", "1.2.3"),
        new CallContext(Principal.trusted("tester"), SessionBinding.inMemory()),
        sent::add);
  }

  @Test
  void initialize_unknownVersion_answersTheLatest() {
    JsonObject result = initialize("1999-01-01").object("result").orElseThrow();

    assertThat(result.string("protocolVersion")).contains(ProtocolVersions.LATEST);
    assertThat(connection.protocolVersion()).contains(ProtocolVersions.LATEST);
  }

  @Test
  void initialize_withoutVersion_answersTheLatest() {
    JsonObject result = request(1, "initialize", "{}").object("result").orElseThrow();

    assertThat(result.string("protocolVersion")).contains(ProtocolVersions.LATEST);
  }

  @Test
  void toolsList_beforeInitialize_isAnInvalidRequest() {
    JsonObject response = request(7, "tools/list", "{}");

    assertThat(errorCode(response)).isEqualTo(JsonRpc.INVALID_REQUEST);
    assertThat(response.get("id")).contains(Json.of(7));
    assertThat(response.write()).contains("send initialize before tools/list");
    assertThat(connection.protocolVersion()).isEmpty();
  }

  @Test
  void toolCall_beforeInitialize_isAnInvalidRequest_andNotAudited() {
    JsonObject response = request(2, "tools/call", "{\"name\":\"read_prompt\",\"arguments\":{}}");

    assertThat(errorCode(response)).isEqualTo(JsonRpc.INVALID_REQUEST);
    assertThat(audit.head().seq()).isZero();
  }

  @Test
  void ping_beforeAndAfterInitialize_answersAnEmptyResult() {
    assertThat(request(3, "ping", "{}").write())
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}");
    initialize(ProtocolVersions.LATEST);
    assertThat(request(4, "ping", "{}").write())
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{}}");
  }

  @Test
  void unknownMethod_afterInitialize_isMethodNotFound() {
    initialize(ProtocolVersions.LATEST);

    JsonObject response = request(5, "resources/list", "{}");

    assertThat(response.write())
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32601,"
                + "\"message\":\"Method not found: resources/list\"}}");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"name\":42}                                  | Invalid params: name must be a string",
        "{\"name\":\"read_prompt\",\"arguments\":[]} | Invalid params: arguments must be an object",
        "{\"name\":\"no_such_tool\"}                   | Unknown tool: no_such_tool"
      })
  void toolCall_misshapenOrUnknown_isInvalidParams(String params, String message) {
    initialize(ProtocolVersions.LATEST);

    JsonObject response = request(6, "tools/call", params);

    assertThat(errorCode(response)).isEqualTo(JsonRpc.INVALID_PARAMS);
    assertThat(response.object("error").orElseThrow().string("message")).contains(message);
  }

  @Test
  void toolCall_refused_isAToolErrorWithoutStructuredContent() {
    initialize(ProtocolVersions.LATEST);

    JsonObject result =
        request(9, "tools/call", "{\"name\":\"list_plans\",\"arguments\":{}}")
            .object("result")
            .orElseThrow();

    assertThat(result.get("isError")).contains(Json.of(true));
    assertThat(result.has("structuredContent")).isFalse();
    assertThat(result.write()).contains("[SESSION_REQUIRED]");
  }

  @Test
  void beginSession_bindsARole_andAnnouncesTheChangedToolList() {
    initialize(ProtocolVersions.LATEST);
    int before = tools().size();

    JsonObject result =
        request(
                10,
                "tools/call",
                "{\"name\":\"begin_session\",\"arguments\":{\"workspace_root\":\""
                    + workspace.toString().replace("\\", "\\\\")
                    + "\",\"role\":\"WINDSURF\"}}")
            .object("result")
            .orElseThrow();

    assertThat(result.get("isError")).contains(Json.of(false));
    assertThat(result.object("structuredContent")).isPresent();
    assertThat(sent)
        .containsExactly(
            new JsonRpcMessage.Notification("notifications/tools/list_changed", JsonObject.EMPTY));
    assertThat(tools().size()).isLessThan(before);
  }

  private List<Json> tools() {
    return ((JsonArray)
            request(11, "tools/list", "{}").object("result").orElseThrow().get("tools").get())
        .elements();
  }

  @Test
  void promptsGet_unknownPrompt_isInvalidParams() {
    initialize(ProtocolVersions.LATEST);

    JsonObject response = request(12, "prompts/get", "{\"name\":\"nope\"}");

    assertThat(errorCode(response)).isEqualTo(JsonRpc.INVALID_PARAMS);
  }

  @Test
  void notifications_getNoAnswer_beforeOrAfterInitialize() {
    assertThat(exchange("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
        .isEmpty();
    initialize(ProtocolVersions.LATEST);
    assertThat(exchange("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
        .isEmpty();
    assertThat(
            exchange(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                    + "\"params\":{\"requestId\":3}}"))
        .isEmpty();
    assertThat(sent).isEmpty();
  }

  @Test
  void malformedJson_isAParseErrorWithANullId() {
    JsonObject response = exchange("{\"jsonrpc\":\"2.0\",\"id\":1,").orElseThrow();

    assertThat(errorCode(response)).isEqualTo(JsonRpc.PARSE_ERROR);
    assertThat(response.get("id")).contains(JsonNull.INSTANCE);
  }

  @Test
  void wrongJsonRpcVersion_isAnInvalidRequestNamingTheId() {
    JsonObject response =
        exchange("{\"jsonrpc\":\"1.0\",\"id\":\"a\",\"method\":\"ping\"}").orElseThrow();

    assertThat(errorCode(response)).isEqualTo(JsonRpc.INVALID_REQUEST);
    assertThat(response.get("id")).contains(Json.of("a"));
  }
}

package dev.atlasgate.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonNull;
import dev.atlasgate.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The codec writes each record as the protocol spells it, and reads back what it wrote. */
class McpCodecTest {
  private static final JsonObject PARAMS = (JsonObject) Json.parse("{\"a\":[1,\"b\"]}");

  private static Incoming roundTrip(JsonRpcMessage message) {
    return McpCodec.read(McpCodec.write(message).write());
  }

  @Test
  void request_roundTrips() {
    JsonRpcMessage.Request request =
        new JsonRpcMessage.Request(Json.of("r-1"), "sampling/x", PARAMS);

    assertThat(McpCodec.write(request).write())
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"method\":\"sampling/x\",\"params\":{\"a\":[1,\"b\"]}}");
    assertThat(roundTrip(request))
        .isEqualTo(new Incoming.Request(Json.of("r-1"), "sampling/x", PARAMS));
  }

  @Test
  void notification_roundTrips_andEmptyParamsAreNotWritten() {
    JsonRpcMessage.Notification bare = new JsonRpcMessage.Notification("n/x", JsonObject.EMPTY);
    JsonRpcMessage.Notification full = new JsonRpcMessage.Notification("n/y", PARAMS);

    assertThat(McpCodec.write(bare).write()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"n/x\"}");
    assertThat(roundTrip(bare)).isEqualTo(new Incoming.Notification("n/x", JsonObject.EMPTY));
    assertThat(roundTrip(full)).isEqualTo(new Incoming.Notification("n/y", PARAMS));
  }

  @Test
  void success_roundTrips() {
    JsonRpcMessage.Success success = new JsonRpcMessage.Success(Json.of(3), PARAMS);

    JsonObject json = McpCodec.write(success);

    assertThat(json.write())
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"a\":[1,\"b\"]}}");
    assertThat(McpCodec.readResponse(json)).isEqualTo(success);
    assertThat(roundTrip(success)).isEqualTo(new Incoming.Response(Json.of(3), json));
  }

  @Test
  void failure_roundTrips_withAndWithoutData() {
    JsonRpcMessage.Failure plain =
        JsonRpcMessage.Failure.of(JsonNull.INSTANCE, -32700, "Parse error: x");
    JsonRpcMessage.Failure withData =
        new JsonRpcMessage.Failure(
            Json.of(4), new JsonRpcMessage.ErrorObject(-32001, "gone", Optional.of(PARAMS)));

    assertThat(McpCodec.write(plain).write())
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error: x\"}}");
    assertThat(McpCodec.write(withData).write())
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-32001,\"message\":\"gone\",\"data\":{\"a\":[1,\"b\"]}}}");
    assertThat(McpCodec.readResponse(McpCodec.write(plain))).isEqualTo(plain);
    assertThat(McpCodec.readResponse(McpCodec.write(withData))).isEqualTo(withData);
  }

  @Test
  void initializeResult_isWrittenWithExtensionCapabilitiesLast() {
    McpResult.Initialize result =
        new McpResult.Initialize(
            "2025-11-25",
            new McpResult.ServerCapabilities(
                true, false, JsonObject.builder().put("logging", JsonObject.EMPTY).build()),
            new ServerInfo("n", "t", "v"),
            "read this");

    assertThat(McpCodec.write(result).write())
        .isEqualTo(
            "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{\"listChanged\":true},"
                + "\"prompts\":{\"listChanged\":false},\"logging\":{}},\"serverInfo\":{\"name\":\"n\","
                + "\"title\":\"t\",\"version\":\"v\"},\"instructions\":\"read this\"}");
    assertThat(McpCodec.readProtocolVersion(McpCodec.write(result))).contains("2025-11-25");
  }

  @Test
  void callToolResult_success_carriesStructuredContent_refusalDoesNot() {
    assertThat(McpCodec.write(McpResult.CallTool.success("{\"ok\":1}", PARAMS)).write())
        .isEqualTo(
            "{\"content\":[{\"type\":\"text\",\"text\":\"{\\\"ok\\\":1}\"}],"
                + "\"structuredContent\":{\"a\":[1,\"b\"]},\"isError\":false}");
    assertThat(McpCodec.write(McpResult.CallTool.refusal("[NO] no")).write())
        .isEqualTo("{\"content\":[{\"type\":\"text\",\"text\":\"[NO] no\"}],\"isError\":true}");
  }

  @Test
  void listsAndPrompts_areWrittenMemberByMember_extensionsAfter() {
    McpResult.ListTools tools =
        new McpResult.ListTools(
            List.of(new McpResult.ToolDefinition("t", "T", "d", PARAMS, JsonObject.EMPTY)),
            List.of(JsonObject.builder().put("name", "x").build()));
    McpResult.GetPrompt prompt =
        new McpResult.GetPrompt(
            "about",
            List.of(new McpResult.PromptMessage("user", new McpResult.ContentBlock.Text("hi"))));

    assertThat(McpCodec.write(tools).write())
        .isEqualTo(
            "{\"tools\":[{\"name\":\"t\",\"title\":\"T\",\"description\":\"d\","
                + "\"inputSchema\":{\"a\":[1,\"b\"]},\"outputSchema\":{}},{\"name\":\"x\"}]}");
    assertThat(McpCodec.write(prompt).write())
        .isEqualTo(
            "{\"description\":\"about\",\"messages\":[{\"role\":\"user\","
                + "\"content\":{\"type\":\"text\",\"text\":\"hi\"}}]}");
    assertThat(McpCodec.write(new McpResult.Empty()).write()).isEqualTo("{}");
  }

  @Test
  void callToolParams_areReadOrRefused() {
    assertThat(McpCodec.readCallTool((JsonObject) Json.parse("{\"name\":\"t\"}")))
        .isEqualTo(new McpRequest.CallTool("t", JsonObject.EMPTY));
    assertThat(
            McpCodec.readCallTool(
                (JsonObject) Json.parse("{\"name\":\"t\",\"arguments\":{\"a\":[1,\"b\"]}}")))
        .isEqualTo(new McpRequest.CallTool("t", PARAMS));
    assertThatThrownBy(() -> McpCodec.readCallTool((JsonObject) Json.parse("{}")))
        .isInstanceOf(McpRequest.InvalidParams.class)
        .hasMessage("Invalid params: name must be a string");
  }

  @Test
  void invalidShapes_areClassifiedWithTheirCodes() {
    assertThat(McpCodec.read("[1]"))
        .isEqualTo(
            new Incoming.Invalid(
                JsonNull.INSTANCE,
                JsonRpc.INVALID_REQUEST,
                "Invalid Request: batches are not supported"));
    assertThat(McpCodec.read("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"m\"}"))
        .isEqualTo(
            new Incoming.Invalid(
                JsonNull.INSTANCE,
                JsonRpc.INVALID_REQUEST,
                "Invalid Request: id must be a string or an integer"));
    assertThat(McpCodec.read("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"m\",\"params\":[]}"))
        .isEqualTo(
            new Incoming.Invalid(
                Json.of(2), JsonRpc.INVALID_PARAMS, "Invalid params: params must be an object"));
    assertThat(McpCodec.readCancelled((JsonObject) Json.parse("{\"requestId\":\"x\"}")).requestId())
        .contains(Json.of("x"));
  }
}

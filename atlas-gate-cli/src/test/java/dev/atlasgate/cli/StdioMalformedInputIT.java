package dev.atlasgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input on stdio gets a clear JSON-RPC error, and the process keeps serving. */
class StdioMalformedInputIT {
  @TempDir Path temp;
  private Process process;
  private OutputStream in;
  private BufferedReader out;

  @BeforeEach
  void start() throws Exception {
    process =
        new GatewayProcesses(temp.resolve("home"))
            .start("stdio", "--role", "WINDSURF", "--max-body-bytes", "65536");
    in = process.getOutputStream();
    out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() throws Exception {
    in.close();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits at end of input").isTrue();
    assertThat(process.exitValue()).isZero();
  }

  @Test
  void malformedLines_getJsonRpcErrors_andTheServerGoesOn() throws Exception {
    JsonObject early = error(exchange("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));
    assertThat(code(early)).isEqualTo(-32600);
    assertThat(early.string("message"))
        .hasValueSatisfying(m -> assertThat(m).contains("initialize"));
    assertThat(code(error(exchange("this is not json")))).isEqualTo(-32700);
    assertThat(code(error(exchange("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":42}"))))
        .isEqualTo(-32600);
    assertThat(code(error(exchange("[{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}]"))))
        .isEqualTo(-32600);
    assertThat(
            code(
                error(
                    exchange("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\",\"params\":[1]}"))))
        .isEqualTo(-32602);
    JsonObject tooLong =
        error(
            exchange("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"x\"" + "x".repeat(100_000) + "}"));
    assertThat(tooLong.string("message"))
        .hasValueSatisfying(m -> assertThat(m).contains("exceeds the limit of 65536"));
    assertThat(code(error(exchange("[".repeat(10_000))))).isEqualTo(-32700);

    JsonObject init =
        exchange(
            "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
    assertThat(init.object("result").orElseThrow().string("protocolVersion"))
        .contains("2025-06-18");
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    assertThat(code(error(exchange("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"no/such\"}"))))
        .isEqualTo(-32601);
    assertThat(
            code(
                error(
                    exchange(
                        "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"nope\",\"arguments\":{}}}"))))
        .isEqualTo(-32602);
    JsonObject wrongType =
        exchange(
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"begin_session\",\"arguments\":{\"workspace_root\":42}}}");
    JsonObject result = wrongType.object("result").orElseThrow();
    assertThat(result.get("isError")).contains(Json.of(true));
    assertThat(result.has("structuredContent")).isFalse();
    assertThat(
            ((JsonObject) ((JsonArray) result.get("content").orElseThrow()).get(0)).string("text"))
        .hasValueSatisfying(
            t ->
                assertThat(t)
                    .startsWith("[INVALID_ARGUMENT] ")
                    .contains("arguments.workspace_root must be a string"));

    JsonObject pong = exchange("{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"ping\"}");
    assertThat(pong.get("id")).contains(Json.of(10L));
    assertThat(pong.object("result")).contains(JsonObject.EMPTY);
  }

  private JsonObject exchange(String line) throws Exception {
    send(line);
    String response = out.readLine();
    assertThat(response)
        .as("a response to %s", line.length() > 80 ? line.substring(0, 80) : line)
        .isNotNull();
    return (JsonObject) Json.parse(response);
  }

  private void send(String line) throws Exception {
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  private static long code(JsonObject error) {
    return ((dev.atlasgate.json.JsonNumber) error.get("code").orElseThrow()).value().longValue();
  }

  private static JsonObject error(JsonObject response) {
    assertThat(response.has("error")).as("%s", response.write()).isTrue();
    return response.object("error").orElseThrow();
  }
}

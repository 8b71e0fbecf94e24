package dev.atlasgate.bench;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonBool;
import dev.atlasgate.json.JsonException;
import dev.atlasgate.json.JsonNumber;
import dev.atlasgate.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads an answer of MCP Streamable HTTP: one JSON body, or an SSE stream whose events carry
 * JSON-RPC messages (notifications first, the response last), or an HTTP error.
 */
final class Responses {
  private Responses() {}

  /** The outcome of the request with JSON-RPC id {@code id} (absent for a notification). */
  static Outcome interpret(
      int status, String contentType, String body, Optional<Long> id, Optional<String> instance) {
    if (status == 202 && id.isEmpty()) {
      return new Outcome.Ok(JsonObject.EMPTY, instance);
    }
    if (status != 200) {
      return new Outcome.Failed(httpKind(status, body), abbreviate(body), instance);
    }
    List<String> messages =
        contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")
            ? events(body)
            : List.of(body);
    for (String text : messages) {
      Optional<JsonObject> message = object(text);
      if (message.isPresent() && id.isPresent() && sameId(message.get(), id.get())) {
        return answer(message.get(), instance);
      }
    }
    return new Outcome.Failed("no_response", abbreviate(body), instance);
  }

  /** The data of each event of an SSE stream, multi-line data joined with newlines. */
  static List<String> events(String stream) {
    List<String> events = new ArrayList<>();
    StringBuilder data = new StringBuilder();
    boolean any = false;
    for (String line : stream.split("\r\n|\r|\n", -1)) {
      if (line.isEmpty()) {
        if (any) {
          events.add(data.toString());
        }
        data.setLength(0);
        any = false;
      } else if (line.startsWith("data:")) {
        String value = line.substring(5);
        data.append(any ? "\n" : "").append(value.startsWith(" ") ? value.substring(1) : value);
        any = true;
      }
    }
    if (any) {
      events.add(data.toString());
    }
    return events;
  }

  private static Outcome answer(JsonObject message, Optional<String> instance) {
    Optional<JsonObject> error = message.object("error");
    if (error.isPresent()) {
      String code = error.get().get("code").map(Json::write).orElse("unknown");
      return new Outcome.Failed("rpc_" + code, message.write(), instance);
    }
    JsonObject result = message.object("result").orElse(JsonObject.EMPTY);
    if (result.get("isError").orElse(JsonBool.FALSE) == JsonBool.TRUE) {
      return new Outcome.Failed(
          "tool_" + refusalCode(result).orElse("error"), abbreviate(result.write()), instance);
    }
    return new Outcome.Ok(result, instance);
  }

  private static boolean sameId(JsonObject message, long id) {
    return message.get("id").orElse(null) instanceof JsonNumber n
        && n.isIntegral()
        && n.value().longValue() == id
        && (message.has("result") || message.has("error"));
  }

  /**
   * The code of a refused call: the last line of its text block is {@code {"error": {"code", …}}}.
   */
  private static Optional<String> refusalCode(JsonObject result) {
    if (!(result.get("content").orElse(null) instanceof JsonArray content)
        || content.elements().isEmpty()
        || !(content.elements().get(0) instanceof JsonObject block)) {
      return Optional.empty();
    }
    String text = block.string("text").orElse("");
    return object(text.substring(text.lastIndexOf('\n') + 1))
        .flatMap(o -> o.object("error"))
        .flatMap(e -> e.string("code"));
  }

  /**
   * {@code http_STATUS}, with the gateway's error code when the body names one: {@code
   * error.data.code} of a JSON-RPC error ({@code /mcp}), or {@code error.code} of a plain one.
   */
  static String httpKind(int status, String body) {
    return object(body)
        .flatMap(o -> o.object("error"))
        .flatMap(e -> e.object("data").flatMap(d -> d.string("code")).or(() -> e.string("code")))
        .filter(code -> code.matches("[A-Z][A-Z_]*"))
        .map(code -> "http_" + status + "_" + code)
        .orElse("http_" + status);
  }

  private static Optional<JsonObject> object(String text) {
    try {
      return Json.parse(text) instanceof JsonObject o ? Optional.of(o) : Optional.empty();
    } catch (JsonException e) {
      return Optional.empty();
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }
}

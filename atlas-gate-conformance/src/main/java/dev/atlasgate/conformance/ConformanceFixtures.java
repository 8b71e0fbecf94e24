package dev.atlasgate.conformance;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonArray;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.mcp.Incoming;
import dev.atlasgate.mcp.JsonRpc;
import dev.atlasgate.mcp.JsonRpcMessage;
import dev.atlasgate.mcp.Outbound;
import dev.atlasgate.mcp.ProtocolExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The fixed tools, prompts and resources that the official MCP conformance suite calls ({@code
 * test_simple_text}, {@code test://static-text}, …), with logging, completion and resource
 * subscriptions.
 *
 * <p>Test-only, and not part of the product's jar: this module's jar is put on the class path only
 * by the conformance run ({@code conformance/run.sh}) and the tests, and the gateway loads it
 * (through {@link java.util.ServiceLoader}) only when {@code ATLAS_CONFORMANCE_FIXTURES=true}, on a
 * loopback address. Its calls do not pass through the governed gateway and are not audited, so it
 * must never be on in production.
 */
public final class ConformanceFixtures implements ProtocolExtension {

  /** The fixtures; {@link java.util.ServiceLoader} makes them. */
  public ConformanceFixtures() {}

  static final String PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";
  static final String WAV =
      "UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQgAAACAgICAgICAgA==";

  private static final List<JsonObject> TOOLS =
      List.of(
          tool("test_simple_text", "Returns simple text.", "{}", List.of()),
          tool("test_image_content", "Returns an image.", "{}", List.of()),
          tool("test_audio_content", "Returns audio.", "{}", List.of()),
          tool("test_embedded_resource", "Returns an embedded resource.", "{}", List.of()),
          tool("test_multiple_content_types", "Returns text, image and resource.", "{}", List.of()),
          tool("test_tool_with_logging", "Logs three messages while it runs.", "{}", List.of()),
          tool("test_tool_with_progress", "Reports progress while it runs.", "{}", List.of()),
          tool("test_error_handling", "Always fails.", "{}", List.of()),
          tool(
              "test_sampling",
              "Asks the client's model.",
              "{\"prompt\": {\"type\": \"string\"}}",
              List.of("prompt")),
          tool(
              "test_elicitation",
              "Asks the user.",
              "{\"message\": {\"type\": \"string\"}}",
              List.of("message")),
          tool(
              "test_elicitation_sep1034_defaults",
              "Asks the user, with defaults.",
              "{}",
              List.of()),
          tool("test_elicitation_sep1330_enums", "Asks the user, with enums.", "{}", List.of()),
          fromFile("json-schema-2020-12-tool.json"));

  private static final List<JsonObject> PROMPTS =
      List.of(
          prompt("test_simple_prompt", "A simple prompt.", "[]"),
          prompt(
              "test_prompt_with_arguments",
              "A prompt with arguments.",
              "[{\"name\": \"arg1\", \"description\": \"First argument\", \"required\": true},"
                  + " {\"name\": \"arg2\", \"description\": \"Second argument\", \"required\":"
                  + " true}]"),
          prompt(
              "test_prompt_with_embedded_resource",
              "A prompt with an embedded resource.",
              "[{\"name\": \"resourceUri\", \"description\": \"URI to embed\", \"required\":"
                  + " true}]"),
          prompt("test_prompt_with_image", "A prompt with an image.", "[]"));

  @Override
  public JsonObject capabilities() {
    return object(
        "{\"logging\": {}, \"completions\": {},"
            + " \"resources\": {\"subscribe\": true, \"listChanged\": false}}");
  }

  @Override
  public List<JsonObject> tools() {
    return TOOLS;
  }

  @Override
  public List<JsonObject> prompts() {
    return PROMPTS;
  }

  @Override
  public Optional<JsonObject> handle(Incoming.Request request, Outbound client) {
    Json id = request.id();
    JsonObject params = request.params();
    return switch (request.method()) {
      case "tools/call" ->
          params
              .string("name")
              .filter(ConformanceFixtures::isTool)
              .map(n -> call(id, n, params, client));
      case "prompts/get" ->
          params
              .string("name")
              .filter(ConformanceFixtures::isPrompt)
              .map(n -> prompt(id, n, params));
      case "resources/list" ->
          Optional.of(
              JsonRpc.result(
                  id,
                  object(
                      "{\"resources\": ["
                          + resource("test://static-text", "Static text", "text/plain")
                          + ", "
                          + resource("test://static-binary", "Static binary", "image/png")
                          + ", "
                          + resource("test://watched-resource", "Watched", "text/plain")
                          + "]}")));
      case "resources/templates/list" ->
          Optional.of(
              JsonRpc.result(
                  id,
                  object(
                      "{\"resourceTemplates\": [{\"uriTemplate\": \"test://template/{id}/data\","
                          + " \"name\": \"Template data\", \"description\": \"Data by id\","
                          + " \"mimeType\": \"application/json\"}]}")));
      case "resources/read" -> Optional.of(read(id, params.string("uri").orElse("")));
      case "resources/subscribe", "resources/unsubscribe", "logging/setLevel" ->
          Optional.of(JsonRpc.result(id, JsonObject.EMPTY));
      case "completion/complete" ->
          Optional.of(
              JsonRpc.result(
                  id,
                  object("{\"completion\": {\"values\": [], \"total\": 0, \"hasMore\": false}}")));
      default -> Optional.empty();
    };
  }

  private static boolean isTool(String name) {
    return TOOLS.stream().anyMatch(t -> t.string("name").orElseThrow().equals(name));
  }

  private static boolean isPrompt(String name) {
    return PROMPTS.stream().anyMatch(p -> p.string("name").orElseThrow().equals(name));
  }

  private static JsonObject call(Json id, String name, JsonObject params, Outbound client) {
    JsonObject args = params.object("arguments").orElse(JsonObject.EMPTY);
    return switch (name) {
      case "test_simple_text" -> content(id, text("This is a simple text response for testing."));
      case "test_image_content" -> content(id, image());
      case "test_audio_content" ->
          content(
              id, "{\"type\": \"audio\", \"data\": \"" + WAV + "\", \"mimeType\": \"audio/wav\"}");
      case "test_embedded_resource" ->
          content(
              id,
              embedded(
                  "test://embedded-resource",
                  "text/plain",
                  "This is an embedded resource content."));
      case "test_multiple_content_types" ->
          content(
              id,
              text("Multiple content types test:"),
              image(),
              embedded(
                  "test://mixed-content-resource",
                  "application/json",
                  "{\\\"test\\\":\\\"data\\\",\\\"value\\\":123}"));
      case "test_tool_with_logging" -> {
        for (String message :
            List.of("Tool execution started", "Tool processing data", "Tool execution completed")) {
          client.send(
              new JsonRpcMessage.Notification(
                  "notifications/message",
                  JsonObject.builder()
                      .put("level", "info")
                      .put("logger", "conformance")
                      .put("data", message)
                      .build()));
          pause();
        }
        yield content(id, text("Tool with logging executed successfully"));
      }
      case "test_tool_with_progress" -> {
        Optional<Json> token = params.object("_meta").flatMap(m -> m.get("progressToken"));
        for (long progress : new long[] {0, 50, 100}) {
          token.ifPresent(
              t ->
                  client.send(
                      new JsonRpcMessage.Notification(
                          "notifications/progress",
                          JsonObject.builder()
                              .put("progressToken", t)
                              .put("progress", progress)
                              .put("total", 100)
                              .build())));
          pause();
        }
        yield content(id, text("Tool with progress executed successfully"));
      }
      case "json_schema_2020_12_tool" -> content(id, textOf("Received: " + args.write()));
      case "test_error_handling" ->
          JsonRpc.result(
              id,
              object(
                  "{\"isError\": true, \"content\": ["
                      + text("This tool intentionally returns an error for testing")
                      + "]}"));
      case "test_sampling" -> {
        JsonObject answer =
            client.request(
                "sampling/createMessage",
                JsonObject.builder()
                    .put(
                        "messages",
                        JsonArray.of(
                            JsonObject.builder()
                                .put("role", "user")
                                .put(
                                    "content",
                                    JsonObject.builder()
                                        .put("type", "text")
                                        .put("text", args.string("prompt").orElse(""))
                                        .build())
                                .build()))
                    .put("maxTokens", 100)
                    .build());
        String reply =
            answer
                .object("result")
                .flatMap(r -> r.object("content"))
                .flatMap(c -> c.string("text"))
                .orElse(answer.write());
        yield content(id, textOf("LLM response: " + reply));
      }
      case "test_elicitation" ->
          elicit(
              id,
              client,
              args.string("message").orElse(""),
              "{\"type\": \"object\", \"properties\": {"
                  + "\"username\": {\"type\": \"string\", \"description\": \"User's response\"},"
                  + " \"email\": {\"type\": \"string\", \"description\": \"User's email address\"}},"
                  + " \"required\": [\"username\", \"email\"]}",
              "User response: ");
      case "test_elicitation_sep1034_defaults" ->
          elicit(
              id,
              client,
              "Please review and update the form fields with defaults",
              "{\"type\": \"object\", \"properties\": {"
                  + "\"name\": {\"type\": \"string\", \"description\": \"User name\", \"default\":"
                  + " \"John Doe\"},"
                  + " \"age\": {\"type\": \"integer\", \"description\": \"User age\", \"default\":"
                  + " 30},"
                  + " \"score\": {\"type\": \"number\", \"description\": \"User score\","
                  + " \"default\": 95.5},"
                  + " \"status\": {\"type\": \"string\", \"description\": \"User status\","
                  + " \"enum\": [\"active\", \"inactive\", \"pending\"], \"default\": \"active\"},"
                  + " \"verified\": {\"type\": \"boolean\", \"description\": \"Verified\","
                  + " \"default\": true}}}",
              "Elicitation completed: ");
      case "test_elicitation_sep1330_enums" ->
          elicit(
              id,
              client,
              "Please select options from the enum fields",
              "{\"type\": \"object\", \"properties\": {"
                  + "\"untitledSingle\": {\"type\": \"string\", \"description\": \"Pick one\","
                  + " \"enum\": [\"option1\", \"option2\", \"option3\"]},"
                  + " \"titledSingle\": {\"type\": \"string\", \"description\": \"Pick one\","
                  + " \"oneOf\": [{\"const\": \"value1\", \"title\": \"First Option\"},"
                  + " {\"const\": \"value2\", \"title\": \"Second Option\"},"
                  + " {\"const\": \"value3\", \"title\": \"Third Option\"}]},"
                  + " \"legacyEnum\": {\"type\": \"string\", \"description\": \"Pick one\","
                  + " \"enum\": [\"opt1\", \"opt2\", \"opt3\"],"
                  + " \"enumNames\": [\"Option One\", \"Option Two\", \"Option Three\"]},"
                  + " \"untitledMulti\": {\"type\": \"array\", \"description\": \"Pick some\","
                  + " \"items\": {\"type\": \"string\", \"enum\": [\"option1\", \"option2\","
                  + " \"option3\"]}},"
                  + " \"titledMulti\": {\"type\": \"array\", \"description\": \"Pick some\","
                  + " \"items\": {\"anyOf\": [{\"const\": \"value1\", \"title\": \"First Choice\"},"
                  + " {\"const\": \"value2\", \"title\": \"Second Choice\"},"
                  + " {\"const\": \"value3\", \"title\": \"Third Choice\"}]}}}}",
              "Elicitation completed: ");
      default -> throw new IllegalStateException("not a fixture tool: " + name);
    };
  }

  private static JsonObject elicit(
      Json id, Outbound client, String message, String schema, String prefix) {
    JsonObject answer =
        client.request(
            "elicitation/create",
            JsonObject.builder()
                .put("message", message)
                .put("requestedSchema", object(schema))
                .build());
    JsonObject result = answer.object("result").orElse(JsonObject.EMPTY);
    String action = result.string("action").orElse("error");
    String content = result.get("content").map(Json::write).orElse("{}");
    return content(id, textOf(prefix + "action=" + action + ", content=" + content));
  }

  private static JsonObject prompt(Json id, String name, JsonObject params) {
    JsonObject args = params.object("arguments").orElse(JsonObject.EMPTY);
    String messages =
        switch (name) {
          case "test_simple_prompt" -> user(text("This is a simple prompt for testing."));
          case "test_prompt_with_arguments" ->
              user(
                  textOf(
                      "Prompt with arguments: arg1='"
                          + args.string("arg1").orElse("")
                          + "', arg2='"
                          + args.string("arg2").orElse("")
                          + "'"));
          case "test_prompt_with_embedded_resource" ->
              user(
                      embeddedOf(
                          args.string("resourceUri").orElse("test://example-resource"),
                          "text/plain",
                          "Embedded resource content for testing."))
                  + ", "
                  + user(text("Please process the embedded resource above."));
          case "test_prompt_with_image" ->
              user(image()) + ", " + user(text("Please analyze the image above."));
          default -> throw new IllegalStateException("not a fixture prompt: " + name);
        };
    return JsonRpc.result(id, object("{\"messages\": [" + messages + "]}"));
  }

  private static JsonObject read(Json id, String uri) {
    String contents;
    if (uri.equals("test://static-text") || uri.equals("test://watched-resource")) {
      contents =
          JsonObject.builder()
              .put("uri", uri)
              .put("mimeType", "text/plain")
              .put("text", "This is the content of the static text resource.")
              .build()
              .write();
    } else if (uri.equals("test://static-binary")) {
      contents =
          "{\"uri\": \"test://static-binary\", \"mimeType\": \"image/png\", \"blob\": \""
              + PNG
              + "\"}";
    } else if (uri.matches("test://template/[^/]+/data")) {
      String itemId = uri.substring("test://template/".length(), uri.length() - "/data".length());
      JsonObject data =
          JsonObject.builder()
              .put("id", itemId)
              .put("templateTest", true)
              .put("data", "Data for ID: " + itemId)
              .build();
      contents =
          JsonObject.builder()
              .put("uri", uri)
              .put("mimeType", "application/json")
              .put("text", data.write())
              .build()
              .write();
    } else {
      return JsonRpc.error(id, -32002, "Resource not found: " + uri);
    }
    return JsonRpc.result(id, object("{\"contents\": [" + contents + "]}"));
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static JsonObject tool(
      String name, String description, String properties, List<String> required) {
    JsonArray names = new JsonArray(required.stream().map(r -> (Json) Json.of(r)).toList());
    return JsonObject.builder()
        .put("name", name)
        .put("description", description)
        .put(
            "inputSchema",
            JsonObject.builder()
                .put("type", "object")
                .put("properties", object(properties))
                .put("required", names)
                .build())
        .build();
  }

  /** A fixture kept as a JSON file beside this class (the long ones). */
  private static JsonObject fromFile(String name) {
    try (InputStream in = ConformanceFixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("fixture " + name + " is missing from the jar");
      }
      return object(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("reading fixture " + name, e);
    }
  }

  private static JsonObject prompt(String name, String description, String arguments) {
    return object(
        "{\"name\": \""
            + name
            + "\", \"description\": \""
            + description
            + "\", \"arguments\": "
            + arguments
            + "}");
  }

  private static String resource(String uri, String name, String mimeType) {
    return "{\"uri\": \""
        + uri
        + "\", \"name\": \""
        + name
        + "\", \"description\": \"Conformance fixture "
        + name
        + "\", \"mimeType\": \""
        + mimeType
        + "\"}";
  }

  private static JsonObject content(Json id, String... blocks) {
    return JsonRpc.result(id, object("{\"content\": [" + String.join(", ", blocks) + "]}"));
  }

  private static String text(String literal) {
    return "{\"type\": \"text\", \"text\": \"" + literal + "\"}";
  }

  private static String textOf(String value) {
    return JsonObject.builder().put("type", "text").put("text", value).build().write();
  }

  private static String image() {
    return "{\"type\": \"image\", \"data\": \"" + PNG + "\", \"mimeType\": \"image/png\"}";
  }

  private static String embedded(String uri, String mimeType, String literal) {
    return "{\"type\": \"resource\", \"resource\": {\"uri\": \""
        + uri
        + "\", \"mimeType\": \""
        + mimeType
        + "\", \"text\": \""
        + literal
        + "\"}}";
  }

  private static String embeddedOf(String uri, String mimeType, String text) {
    return JsonObject.builder()
        .put("type", "resource")
        .put(
            "resource",
            JsonObject.builder()
                .put("uri", uri)
                .put("mimeType", mimeType)
                .put("text", text)
                .build())
        .build()
        .write();
  }

  private static String user(String content) {
    return "{\"role\": \"user\", \"content\": " + content + "}";
  }

  private static JsonObject object(String json) {
    return (JsonObject) Json.parse(json);
  }
}

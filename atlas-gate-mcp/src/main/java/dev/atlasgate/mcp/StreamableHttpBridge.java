package dev.atlasgate.mcp;

import static java.util.Objects.requireNonNull;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonException;
import dev.atlasgate.json.JsonNull;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.json.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries MCP between stdio and a remote gateway's Streamable HTTP endpoint, so that a client that
 * speaks only stdio can use a remote gateway.
 *
 * <p>Each line read is POSTed as one message. A JSON answer is written back as one line; an SSE
 * answer is written event by event; a 202 writes nothing. The first {@code initialize} is sent
 * alone and its {@code Mcp-Session-Id} and negotiated version go with every later message; later
 * messages are sent concurrently, so a cancellation can overtake the call it cancels. When the
 * gateway refuses at the HTTP level (401, 403, 404, 429, 503…), the client gets a JSON-RPC error
 * naming the status and the gateway's code. At the end of input the transport session is ended with
 * DELETE; the governance session lives on until end_session or idle expiry.
 */
public final class StreamableHttpBridge {
  private static final Logger LOG = LoggerFactory.getLogger(StreamableHttpBridge.class);

  /** The JSON-RPC error code for a refusal at the HTTP level. */
  public static final int HTTP_ERROR = -32000;

  private static final int MAX_LINE_BYTES = 64 * 1024 * 1024;

  private final URI endpoint;
  private final Optional<String> token;
  private final HttpClient http;
  private volatile Optional<String> sessionId = Optional.empty();
  private volatile Optional<String> protocolVersion = Optional.empty();
  private PrintStream out;

  // out is set at the start of run(), before anything is read or written.
  @SuppressWarnings("NullAway.Init")
  public StreamableHttpBridge(URI endpoint, Optional<String> token) {
    this.endpoint = requireNonNull(endpoint, "endpoint is null");
    this.token = requireNonNull(token, "token is null").filter(t -> !t.isBlank());
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /** Bridges until {@code in} ends; then ends the remote session. */
  public void run(InputStream in, OutputStream stdout) throws IOException {
    this.out = new PrintStream(stdout, false, StandardCharsets.UTF_8);
    LineReader lines = new LineReader(in, MAX_LINE_BYTES);
    try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
      Optional<LineReader.Line> next;
      while ((next = lines.next()).isPresent()) {
        switch (next.get()) {
          case LineReader.Line.TooLong tooLong ->
              write(
                  JsonRpcMessage.Failure.of(
                      JsonNull.INSTANCE,
                      JsonRpc.INVALID_REQUEST,
                      "message of " + tooLong.bytes() + " bytes is longer than the bridge allows"));
          case LineReader.Line.Malformed malformed -> write(malformed.answer());
          case LineReader.Line.Text text when text.text().isBlank() -> {}
          case LineReader.Line.Text text -> {
            Incoming message = McpCodec.read(text.text());
            if (sessionId.isEmpty() && isInitialize(message)) {
              forward(text.text(), message);
            } else {
              calls.execute(() -> forward(text.text(), message));
            }
          }
        }
      }
    } finally {
      endSession();
      out.flush();
    }
  }

  private static boolean isInitialize(Incoming message) {
    return message instanceof Incoming.Request request
        && request.method().equals(McpRequest.INITIALIZE);
  }

  private void forward(String body, Incoming message) {
    @Nullable Json id = message instanceof Incoming.Request request ? request.id() : null;
    try {
      HttpRequest.Builder request =
          base()
              .header("Content-Type", "application/json")
              .header("Accept", "application/json, text/event-stream")
              .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      HttpResponse<InputStream> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream answer = response.body()) {
        relay(response, answer, message, id);
      }
    } catch (IOException e) {
      refuse(id, "the gateway at " + endpoint + " cannot be reached: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void relay(
      HttpResponse<InputStream> response, InputStream answer, Incoming sent, @Nullable Json id)
      throws IOException {
    int status = response.statusCode();
    String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    if (status == 202 || (status == 200 && id == null && !type.startsWith("text/event-stream"))) {
      return;
    }
    if (status == 200 && type.startsWith("text/event-stream")) {
      events(answer);
      return;
    }
    String text = new String(answer.readAllBytes(), StandardCharsets.UTF_8);
    Optional<JsonObject> json = parse(text);
    if (status == 200 && json.isPresent()) {
      if (isInitialize(sent)) {
        sessionId = response.headers().firstValue("Mcp-Session-Id");
        if (McpCodec.read(json.get()) instanceof Incoming.Response answered
            && McpCodec.readResponse(answered.message()) instanceof JsonRpcMessage.Success ok) {
          protocolVersion = McpCodec.readProtocolVersion(ok.result()).or(() -> protocolVersion);
        }
      }
      write(json.get());
      return;
    }
    Optional<JsonObject> error = json.flatMap(j -> j.object("error"));
    Optional<String> code = error.flatMap(McpCodec::readGatewayCode);
    if (json.isPresent() && json.get().has("jsonrpc") && code.isEmpty()) {
      write(json.get());
      return;
    }
    String reason =
        error
            .map(e -> code.orElse("") + ": " + e.string("message").orElse(""))
            .orElse(text.strip());
    String retry =
        response
            .headers()
            .firstValue("Retry-After")
            .map(s -> "; retry after " + s + " s")
            .orElse("");
    refuse(id, "the gateway answered HTTP " + status + " (" + reason + ")" + retry);
  }

  /** Writes each SSE event's data as one line. */
  private void events(InputStream stream) throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    StringBuilder data = new StringBuilder();
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isEmpty()) {
        emit(data);
      } else if (line.startsWith("data:")) {
        if (!data.isEmpty()) {
          data.append('\n');
        }
        data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
      }
    }
    emit(data);
  }

  private void emit(StringBuilder data) {
    if (data.isEmpty()) {
      return;
    }
    parse(data.toString()).ifPresent(this::write);
    data.setLength(0);
  }

  private void refuse(@Nullable Json id, String message) {
    LOG.warn("{}", message);
    if (id != null) {
      write(JsonRpcMessage.Failure.of(id, HTTP_ERROR, message));
    }
  }

  private HttpRequest.Builder base() {
    HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint);
    token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
    sessionId.ifPresent(s -> builder.header("Mcp-Session-Id", s));
    protocolVersion.ifPresent(v -> builder.header("MCP-Protocol-Version", v));
    return builder;
  }

  private void endSession() {
    if (sessionId.isEmpty()) {
      return;
    }
    try {
      http.send(
          base().timeout(Duration.ofSeconds(10)).DELETE().build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      LOG.warn("ending the remote session failed: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Optional<JsonObject> parse(String text) {
    try {
      return JsonParser.parse(text, Incoming.MAX_DEPTH) instanceof JsonObject object
          ? Optional.of(object)
          : Optional.empty();
    } catch (JsonException e) {
      return Optional.empty();
    }
  }

  private void write(JsonRpcMessage message) {
    write(McpCodec.write(message));
  }

  /** Writes a message of the gateway as it came, or one of the bridge's own. */
  private synchronized void write(JsonObject message) {
    out.print(message.write());
    out.print('\n');
    out.flush();
  }
}

package dev.atlasgate.cluster;

import dev.atlasgate.bootstrap.Wiring;
import dev.atlasgate.bootstrap.config.SettingsLoader;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.server.HttpGateway;
import dev.atlasgate.server.Metrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** One gateway instance in this JVM, on the shared backends, and an HTTP client for it. */
final class Instance implements AutoCloseable {
  static final String TOKEN = "cluster-test-token";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final Wiring wiring;
  final Metrics metrics;
  final HttpGateway gateway;
  final URI base;

  private Instance(Wiring wiring, Metrics metrics, HttpGateway gateway) {
    this.wiring = wiring;
    this.metrics = metrics;
    this.gateway = gateway;
    this.base = URI.create("http://127.0.0.1:" + gateway.port());
  }

  /** An instance named {@code id}, with Redis sessions and PostgreSQL audit and plans. */
  static Instance start(String id, Backends backends, Path home, Path workspaces) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("ATLAS_HOME", home.toString());
    env.put("ATLAS_INSTANCE_ID", id);
    env.put("MCP_PORT", "0");
    env.put("SESSION_BACKEND", "redis");
    env.put("AUDIT_BACKEND", "postgres");
    env.put("DATABASE_URL", backends.databaseUrl());
    env.put("REDIS_URL", backends.redisUrl());
    env.put("ATLAS_WORKSPACES", workspaces.toString());
    env.put("REQUIRE_AUTH", "true");
    env.put("VALID_TOKENS", TOKEN);
    env.put("RATE_LIMIT_RPS", "100000");
    env.put("RATE_LIMIT_BURST", "100000");
    Metrics metrics = new Metrics();
    Wiring wiring = Wiring.open(SettingsLoader.load(env, Map.of(), home), metrics);
    wiring.gateway();
    return new Instance(wiring, metrics, HttpGateway.start(wiring, metrics, "cluster-test"));
  }

  /** A compact-form call; answers the status and the parsed body. */
  Answer compact(String body) throws Exception {
    HttpResponse<String> response = send(post(body));
    return new Answer(response.statusCode(), (JsonObject) Json.parse(response.body()), response);
  }

  /** Begins a governance session in the compact form; answers its id. */
  String begin(Path workspace, String role) throws Exception {
    Answer begun =
        compact(
            "{\"tool\":\"begin_session\",\"workspace_root\":\""
                + workspace
                + "\",\"role\":\""
                + role
                + "\"}");
    if (!begun.success()) {
      throw new AssertionError("begin_session failed: " + begun.body());
    }
    return begun.result().string("session_id").orElseThrow();
  }

  HttpRequest.Builder post(String body) {
    return HttpRequest.newBuilder(base.resolve("/mcp"))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", "Bearer " + TOKEN)
            .timeout(Duration.ofSeconds(30))
            .GET());
  }

  @Override
  public void close() {
    gateway.close();
  }

  /** A compact-form answer. */
  record Answer(int status, JsonObject body, HttpResponse<String> response) {
    boolean success() {
      return body.get("success").map(Json.of(true)::equals).orElse(false);
    }

    JsonObject result() {
      return body.object("result").orElseThrow(() -> new AssertionError("no result: " + body));
    }

    Optional<String> errorCode() {
      return body.object("error").flatMap(e -> e.string("code"));
    }
  }
}

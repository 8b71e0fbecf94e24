package dev.atlasgate.server;

import dev.atlasgate.bootstrap.Wiring;
import dev.atlasgate.bootstrap.config.SettingsLoader;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A real gateway on a free loopback port, and a plain HTTP client to talk to it. */
final class RunningGateway implements AutoCloseable {
  final HttpGateway gateway;
  final Wiring wiring;
  final URI base;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private RunningGateway(Wiring wiring, HttpGateway gateway) {
    this.wiring = wiring;
    this.gateway = gateway;
    this.base = URI.create("http://127.0.0.1:" + gateway.port());
  }

  static RunningGateway start(Path home, Map<String, String> environment) throws Exception {
    return start(home, environment, Clock.systemUTC());
  }

  /** A gateway whose notion of now is {@code clock}. */
  static RunningGateway start(Path home, Map<String, String> environment, Clock clock)
      throws Exception {
    Map<String, String> env = new HashMap<>(environment);
    env.putIfAbsent("ATLAS_HOME", home.toString());
    env.putIfAbsent("MCP_PORT", "0");
    env.putIfAbsent("ATLAS_INSTANCE_ID", "test-gw");
    env.putIfAbsent("ATLAS_WORKSPACES", home.getParent().toString());
    env.putIfAbsent("RATE_LIMIT_RPS", "1000");
    env.putIfAbsent("RATE_LIMIT_BURST", "1000");
    Metrics metrics = new Metrics();
    Wiring wiring = Wiring.open(SettingsLoader.load(env, Map.of(), home), metrics, clock);
    return new RunningGateway(wiring, HttpGateway.start(wiring, metrics, "test"));
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest.Builder post(String path, String body) {
    return HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  /** A compact-form call; answers the parsed JSON body. */
  JsonObject compact(String body, String... headers) throws Exception {
    HttpRequest.Builder request = post("/mcp", body);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return (JsonObject) Json.parse(send(request).body());
  }

  @Override
  public void close() {
    gateway.close();
  }
}

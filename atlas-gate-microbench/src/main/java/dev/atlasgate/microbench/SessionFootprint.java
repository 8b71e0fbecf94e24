package dev.atlasgate.microbench;

import dev.atlasgate.bootstrap.Wiring;
import dev.atlasgate.bootstrap.config.SettingsLoader;
import dev.atlasgate.server.HttpGateway;
import dev.atlasgate.server.Metrics;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * The heap of a running gateway holding N live MCP sessions (each initialized and bound to a
 * governance session with begin_session), measured after a full GC, against the heap before them.
 *
 * <pre>java -Xmx256m -cp microbench.jar dev.atlasgate.microbench.SessionFootprint [N] [KEY=VALUE…]
 * </pre>
 *
 * Extra KEY=VALUE arguments are gateway variables (e.g. SESSION_BACKEND=redis REDIS_URL=…). Prints
 * one JSON line.
 */
public final class SessionFootprint {
  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"footprint\",\"version\":\"1\"}}}";

  private SessionFootprint() {}

  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Path home = Files.createTempDirectory("atlas-footprint");
    Path workspace = Files.createDirectories(home.resolve("ws"));
    Map<String, String> env = new HashMap<>();
    env.put("ATLAS_HOME", home.toString());
    env.put("MCP_PORT", "0");
    env.put("RATE_LIMIT_RPS", "1000000");
    env.put("RATE_LIMIT_BURST", "1000000");
    env.put("MAX_SESSIONS_PER_PRINCIPAL", "1000000");
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      env.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    Metrics metrics = new Metrics();
    Wiring wiring = Wiring.open(SettingsLoader.load(env, Map.of(), home), metrics);
    try (HttpGateway gateway = HttpGateway.start(wiring, metrics, "footprint")) {
      URI mcp = URI.create("http://127.0.0.1:" + gateway.port() + "/mcp");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      open(http, mcp, workspace, 20); // warm up the code paths before the baseline
      long before = heapAfterGc();
      long start = System.nanoTime();
      open(http, mcp, workspace, sessions);
      double seconds = (System.nanoTime() - start) / 1e9;
      long after = heapAfterGc();
      System.out.printf(
          "{\"sessions\":%d,\"session_backend\":\"%s\",\"heap_before_bytes\":%d,"
              + "\"heap_after_bytes\":%d,\"bytes_per_session\":%d,\"heap_max_bytes\":%d,"
              + "\"seconds_to_open\":%.1f}%n",
          sessions,
          wiring.sessionBackend(),
          before,
          after,
          (after - before) / sessions,
          Runtime.getRuntime().maxMemory(),
          seconds);
    }
  }

  /** Opens {@code n} sessions, 32 at a time; each stays live (the TTL is an hour). */
  private static void open(HttpClient http, URI mcp, Path workspace, int n) throws Exception {
    Semaphore inFlight = new Semaphore(32);
    List<Future<?>> opened = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        inFlight.acquire();
        opened.add(
            pool.submit(
                () -> {
                  try {
                    HttpResponse<String> init =
                        http.send(post(mcp, INIT, null), HttpResponse.BodyHandlers.ofString());
                    String id = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
                    HttpResponse<String> begun =
                        http.send(
                            post(
                                mcp,
                                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{"
                                    + "\"name\":\"begin_session\",\"arguments\":{\"workspace_root\":\""
                                    + workspace
                                    + "\",\"role\":\"WINDSURF\"}}}",
                                id),
                            HttpResponse.BodyHandlers.ofString());
                    if (!begun.body().contains("session_id")) {
                      throw new IllegalStateException("begin_session failed: " + begun.body());
                    }
                    return null;
                  } finally {
                    inFlight.release();
                  }
                }));
      }
      for (Future<?> f : opened) {
        f.get();
      }
    }
  }

  private static HttpRequest post(URI mcp, String body, @Nullable String session) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(mcp)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
    }
    return request.build();
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}

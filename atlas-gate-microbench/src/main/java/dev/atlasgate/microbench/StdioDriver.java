package dev.atlasgate.microbench;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One MCP client over stdio against a server it starts itself (newline-delimited JSON-RPC): how
 * long the server takes from its start until it answers {@code initialize} (the median of STARTS
 * fresh starts), then, on one more start, WARMUP and CALLS sequential calls of one tool, each sent
 * once the previous one is answered.
 *
 * <pre>
 * java -cp microbench.jar dev.atlasgate.microbench.StdioDriver NAME STARTS WARMUP CALLS \
 *     [SETUP_TOOL SETUP_ARGS_JSON] TOOL ARGS_JSON -- COMMAND...
 * </pre>
 *
 * Prints one line: {@code stdio NAME: initialize S s (median of N starts), TOOL C calls/s, p50 P
 * ms}. Any error answer, or a result with {@code isError}, stops the run with exit status 1.
 */
public final class StdioDriver {
  private static final String PROTOCOL_VERSION = "2025-11-25";

  private final Process process;
  private final OutputStream in;
  private final BufferedReader out;
  private long nextId = 1;

  private StdioDriver(List<String> command) throws IOException {
    process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    in = process.getOutputStream();
    out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  public static void main(String[] args) throws Exception {
    int separator = Arrays.asList(args).indexOf("--");
    if (separator < 6 || (separator != 6 && separator != 8)) {
      System.err.println(
          "usage: StdioDriver NAME STARTS WARMUP CALLS [SETUP_TOOL SETUP_ARGS] TOOL ARGS --"
              + " COMMAND...");
      System.exit(2);
    }
    String name = args[0];
    int starts = Integer.parseInt(args[1]);
    int warmup = Integer.parseInt(args[2]);
    int calls = Integer.parseInt(args[3]);
    String tool = args[separator - 2];
    JsonObject arguments = (JsonObject) Json.parse(args[separator - 1]);
    List<String> command = List.of(args).subList(separator + 1, args.length);

    double[] initialize = new double[starts];
    for (int s = 0; s < starts; s++) {
      long start = System.nanoTime();
      StdioDriver driver = new StdioDriver(command);
      driver.initialize();
      initialize[s] = (System.nanoTime() - start) / 1e9;
      driver.close();
    }
    Arrays.sort(initialize);

    StdioDriver driver = new StdioDriver(command);
    driver.initialize();
    if (separator == 8) {
      driver.call(args[4], (JsonObject) Json.parse(args[5]));
    }
    for (int i = 0; i < warmup; i++) {
      driver.call(tool, arguments);
    }
    long[] latencies = new long[calls];
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      long before = System.nanoTime();
      driver.call(tool, arguments);
      latencies[i] = System.nanoTime() - before;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    driver.close();
    Arrays.sort(latencies);
    System.out.printf(
        "stdio %s: initialize %.3f s (median of %d starts), %s %.1f calls/s, p50 %.3f ms%n",
        name,
        starts > 0 ? initialize[starts / 2] : Double.NaN,
        starts,
        tool,
        calls / elapsed,
        calls > 0 ? latencies[calls / 2] / 1e6 : Double.NaN);
  }

  private void initialize() throws IOException {
    request(
        "initialize",
        JsonObject.builder()
            .put("protocolVersion", PROTOCOL_VERSION)
            .put("capabilities", JsonObject.EMPTY)
            .put(
                "clientInfo",
                JsonObject.builder()
                    .put("name", "atlas-gate-stdio-driver")
                    .put("version", "1")
                    .build())
            .build());
    send(
        JsonObject.builder()
            .put("jsonrpc", "2.0")
            .put("method", "notifications/initialized")
            .build());
  }

  private void call(String tool, JsonObject arguments) throws IOException {
    JsonObject result =
        request(
            "tools/call",
            JsonObject.builder().put("name", tool).put("arguments", arguments).build());
    if (result.get("isError").filter(Json.of(true)::equals).isPresent()) {
      throw new IOException(tool + " answered an error: " + result.write());
    }
  }

  /** Sends a request and reads lines until its answer, skipping notifications. */
  private JsonObject request(String method, JsonObject params) throws IOException {
    long id = nextId++;
    send(
        JsonObject.builder()
            .put("jsonrpc", "2.0")
            .put("id", id)
            .put("method", method)
            .put("params", params)
            .build());
    while (true) {
      String line = out.readLine();
      if (line == null) {
        throw new IOException("the server ended before answering " + method);
      }
      if (line.isBlank() || !line.startsWith("{")) {
        continue;
      }
      JsonObject message = (JsonObject) Json.parse(line);
      if (message.get("id").filter(Json.of(id)::equals).isEmpty()) {
        continue;
      }
      if (message.has("error")) {
        throw new IOException(method + " answered " + message.write());
      }
      return message.object("result").orElse(JsonObject.EMPTY);
    }
  }

  private void send(JsonObject message) throws IOException {
    in.write((message.write() + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  private void close() throws InterruptedException {
    try {
      in.close();
    } catch (IOException e) {
      // Already gone.
    }
    process.destroy();
    process.waitFor();
  }
}

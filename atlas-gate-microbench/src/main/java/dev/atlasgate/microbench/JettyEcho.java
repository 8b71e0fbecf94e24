package dev.atlasgate.microbench;

import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The ceiling of the HTTP benchmarks on a machine: Jetty with the gateway's threading (a virtual
 * thread per request), parsing each JSON-RPC message and answering it, with nothing else — no
 * session store, no policy, no audit. It answers {@code initialize} with an {@code Mcp-Session-Id},
 * notifications with 202 and every request with a one-text result, so that the MCP load generator
 * can drive it like a gateway.
 *
 * <pre>java -cp microbench.jar dev.atlasgate.microbench.JettyEcho [port]</pre>
 */
public final class JettyEcho {
  private JettyEcho() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 3300;
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Echo());
    server.start();
    System.out.println("listening on http://127.0.0.1:" + connector.getLocalPort() + "/mcp");
    server.join();
  }

  private static final class Echo extends Handler.Abstract {
    private static final JsonObject RESULT =
        (JsonObject)
            Json.parse(
                "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},"
                    + "\"serverInfo\":{\"name\":\"echo\",\"version\":\"1\"},"
                    + "\"content\":[{\"type\":\"text\",\"text\":\"echo\"}],"
                    + "\"structuredContent\":{\"session_id\":\"echo\"},\"isError\":false}");

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String body = Content.Source.asString(request, StandardCharsets.UTF_8);
      JsonObject message = (JsonObject) Json.parse(body);
      if (message.get("id").isEmpty()) {
        response.setStatus(202);
        response.write(true, ByteBuffer.allocate(0), callback);
        return true;
      }
      if (message.string("method").filter("initialize"::equals).isPresent()) {
        response.getHeaders().put("Mcp-Session-Id", UUID.randomUUID().toString());
      }
      String answer =
          JsonObject.builder()
              .put("jsonrpc", "2.0")
              .put("id", message.get("id").orElseThrow())
              .put("result", RESULT)
              .build()
              .write();
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(true, ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)), callback);
      return true;
    }
  }
}

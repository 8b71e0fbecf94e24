package dev.atlasgate.sdkecho;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The peer a Java user would otherwise pick: the official MCP Java SDK's server with one {@code
 * echo} tool, over its Streamable HTTP transport (a servlet) on Jetty with the gateway's threading
 * (a virtual thread per request). No governance, no audit: it bounds what the protocol costs on the
 * SDK. Answers as JSON or SSE, as the SDK chooses.
 *
 * <pre>java -jar atlas-gate-sdk-echo/target/sdk-echo.jar [port]</pre>
 */
public final class SdkEcho {
  private SdkEcho() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 3400;
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build();
    Tool echo =
        Tool.builder(
                "echo",
                Map.of(
                    "type",
                    "object",
                    "properties",
                    Map.of("text", Map.of("type", "string")),
                    "required",
                    List.of("text")))
            .description("Echoes its text.")
            .build();
    McpSyncServer mcp =
        McpServer.sync(transport)
            .serverInfo("sdk-echo", "1")
            .capabilities(ServerCapabilities.builder().tools(true).build())
            .tools(
                SyncToolSpecification.builder()
                    .tool(echo)
                    .callHandler(
                        (exchange, request) ->
                            CallToolResult.builder()
                                .addTextContent(String.valueOf(request.arguments().get("text")))
                                .isError(false)
                                .build())
                    .build())
            .build();

    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(transport), "/mcp");
    server.setHandler(context);
    server.start();
    System.out.println("listening on http://127.0.0.1:" + connector.getLocalPort() + "/mcp");
    try {
      server.join();
    } finally {
      mcp.close();
    }
  }
}

package dev.atlasgate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator's HTTP/1.1 connection against the JDK's HTTP server on loopback. */
class HttpConnectionTest {
  private HttpServer server;
  private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/length", e -> answer(e, 200, "fixed length body", false, false));
    server.createContext("/chunked", e -> answer(e, 200, "x".repeat(20_000), true, false));
    server.createContext("/close", e -> answer(e, 201, "last one", false, true));
    server.createContext(
        "/slow",
        e -> {
          try {
            Thread.sleep(2_000);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
          }
          answer(e, 200, "late", false, false);
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(
      HttpExchange exchange, int status, String body, boolean chunked, boolean close)
      throws IOException {
    clientPorts.add(exchange.getRemoteAddress().getPort());
    byte[] request = exchange.getRequestBody().readAllBytes();
    requests.add(
        exchange.getRequestMethod()
            + " "
            + exchange.getRequestURI()
            + " "
            + exchange.getRequestHeaders().getFirst("X-Test")
            + " "
            + new String(request, StandardCharsets.UTF_8));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("X-Answer", "yes");
    if (close) {
      exchange.getResponseHeaders().add("Connection", "close");
    }
    exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private HttpConnection connection(String path, Duration timeout) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    return new HttpConnection(uri, SSLContext.getDefault(), Duration.ofSeconds(5), timeout);
  }

  @Test
  void contentLengthAnswers_reuseOneConnection_andCarryHeadersAndBodies() throws Exception {
    try (HttpConnection http = connection("/length?a=1", Duration.ofSeconds(10))) {
      HttpConnection.Reply first =
          http.exchange(
              "POST", new String[] {"X-Test", "one"}, "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
      HttpConnection.Reply second = http.exchange("POST", new String[] {"X-Test", "two"}, null);

      assertThat(first.status()).isEqualTo(200);
      assertThat(first.body()).isEqualTo("fixed length body");
      assertThat(first.header("x-ANSWER")).contains("yes");
      assertThat(second.body()).isEqualTo("fixed length body");
      assertThat(requests)
          .containsExactly("POST /length?a=1 one {\"n\":1}", "POST /length?a=1 two ");
      assertThat(clientPorts).hasSize(2);
      assertThat(clientPorts.get(1)).isEqualTo(clientPorts.get(0));
    }
  }

  @Test
  void chunkedAnswers_areReadWhole() throws Exception {
    try (HttpConnection http = connection("/chunked", Duration.ofSeconds(10))) {
      for (int i = 0; i < 3; i++) {
        HttpConnection.Reply reply =
            http.exchange("POST", new String[0], "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(reply.body()).hasSize(20_000).matches("x+");
      }
      assertThat(clientPorts).hasSize(3).containsOnly(clientPorts.get(0));
    }
  }

  @Test
  void connectionClose_isHonoured_andTheNextRequestOpensANewConnection() throws Exception {
    try (HttpConnection http = connection("/close", Duration.ofSeconds(10))) {
      assertThat(http.exchange("POST", new String[0], null).status()).isEqualTo(201);
      assertThat(http.exchange("POST", new String[0], null).body()).isEqualTo("last one");
      assertThat(clientPorts).hasSize(2);
      assertThat(clientPorts.get(1)).isNotEqualTo(clientPorts.get(0));
    }
  }

  @Test
  void aSlowAnswer_timesOut_andIsNamedTimeout() throws Exception {
    try (HttpConnection http = connection("/slow", Duration.ofMillis(300))) {
      assertThatThrownBy(() -> http.exchange("POST", new String[0], null))
          .isInstanceOf(SocketTimeoutException.class)
          .satisfies(e -> assertThat(McpSession.ioKind((IOException) e)).isEqualTo("timeout"));
    }
  }

  @Test
  void noServer_isConnectRefused() throws Exception {
    HttpConnection http = connection("/length", Duration.ofSeconds(1));
    server.stop(0);
    assertThatThrownBy(() -> http.exchange("POST", new String[0], null))
        .isInstanceOf(IOException.class)
        .satisfies(
            e -> assertThat(McpSession.ioKind((IOException) e)).isEqualTo("connect_refused"));
  }
}

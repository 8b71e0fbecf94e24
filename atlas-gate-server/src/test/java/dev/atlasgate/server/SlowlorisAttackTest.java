package dev.atlasgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that trickles a request, a byte at a time and each before the idle timeout, is cut off
 * once its headers (HEADER_TIMEOUT_SECONDS) or its body (BODY_TIMEOUT_SECONDS) have taken too long
 * in all; the idle timeout alone would keep it forever.
 */
class SlowlorisAttackTest {
  /** Bytes trickled at most: far more time than the deadlines, far less than the idle timeout. */
  private static final int MAX_TRICKLE = 200;

  @TempDir Path home;

  private static RunningGateway start(Path home) throws Exception {
    return RunningGateway.start(
        home,
        Map.of(
            "IDLE_TIMEOUT_SECONDS", "60",
            "HEADER_TIMEOUT_SECONDS", "1",
            "BODY_TIMEOUT_SECONDS", "1"));
  }

  @Test
  void headersTrickled_connectionIsClosed() throws Exception {
    try (RunningGateway gw = start(home)) {
      assertThat(trickle(gw, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n", "X-Slow: a\r\n"))
          .as("closed by the server before the trickle ran out")
          .isTrue();
      assertThat(gw.get("/health/live").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void bodyTrickled_connectionIsClosed() throws Exception {
    try (RunningGateway gw = start(home)) {
      String head =
          "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              + "Content-Length: 100000\r\n\r\n{\"tool\":\"";
      assertThat(trickle(gw, head, "a"))
          .as("closed by the server before the trickle ran out")
          .isTrue();
      assertThat(gw.get("/health/live").statusCode()).isEqualTo(200);
    }
  }

  /**
   * Sends {@code head}, then {@code drip} each time 100 ms pass without an answer; true when the
   * server closes the connection before {@link #MAX_TRICKLE} drips.
   */
  private static boolean trickle(RunningGateway gw, String head, String drip) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gw.base.getPort())) {
      socket.setSoTimeout(100);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      for (int i = 0; i < MAX_TRICKLE; i++) {
        try {
          if (in.read(new byte[4096]) < 0) {
            return true;
          }
          // An answer (such as 408) is as good as a close: the request is over.
          return true;
        } catch (SocketTimeoutException quiet) {
          try {
            out.write(drip.getBytes(StandardCharsets.US_ASCII));
            out.flush();
          } catch (IOException closed) {
            return true;
          }
        }
      }
      return false;
    }
  }
}

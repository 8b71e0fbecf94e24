package dev.atlasgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without auth, the rate limit counts client addresses: a client cannot dodge it by writing its own
 * {@code X-Forwarded-For}; only a proxy in {@code TRUSTED_PROXIES} names the client.
 */
class ForwardedForAttackTest {
  @TempDir Path home;

  private static RunningGateway start(Path home, String trustedProxies) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("RATE_LIMIT_RPS", "0.001");
    env.put("RATE_LIMIT_BURST", "2");
    if (!trustedProxies.isEmpty()) {
      env.put("TRUSTED_PROXIES", trustedProxies);
    }
    return RunningGateway.start(home, env);
  }

  private static List<Integer> statuses(RunningGateway gw, String... forwardedFor)
      throws Exception {
    List<Integer> statuses = new java.util.ArrayList<>();
    for (String forwarded : forwardedFor) {
      statuses.add(
          gw.send(
                  HttpRequest.newBuilder(gw.base.resolve("/mcp"))
                      .header("X-Forwarded-For", forwarded)
                      .GET())
              .statusCode());
    }
    return statuses;
  }

  @Test
  void forgedForwardedFor_fromAnUntrustedPeer_isIgnored() throws Exception {
    try (RunningGateway gw = start(home, "")) {
      assertThat(statuses(gw, "198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"))
          .containsExactly(405, 405, 429, 429);
    }
  }

  @Test
  void trustedProxy_namesTheClient_andOnlyItsOwnEntryCounts() throws Exception {
    try (RunningGateway gw = start(home, "127.0.0.1,::1")) {
      assertThat(statuses(gw, "198.51.100.1", "198.51.100.2", "198.51.100.3"))
          .as("each forwarded client has its own bucket")
          .containsExactly(405, 405, 405);
      assertThat(
              statuses(
                  gw,
                  "1.1.1.1, 203.0.113.9",
                  "2.2.2.2, 203.0.113.9",
                  "3.3.3.3, 203.0.113.9",
                  "4.4.4.4, 203.0.113.9"))
          .as("entries left of the proxy's own are the client's words")
          .containsExactly(405, 405, 429, 429);
    }
  }
}

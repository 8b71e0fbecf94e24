package dev.atlasgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client guessing tokens is rate limited by its address: past the burst it gets 429 with {@code
 * Retry-After} instead of 401, while every failure is still counted in {@code
 * mcp_auth_failures_total}; a good token of another client is not held up.
 */
class AuthFailureFloodAttackTest {
  private static final String GOOD = "a-good-token-0123456789abcdef";

  @TempDir Path home;

  @Test
  void badTokens_pastTheBurst_are429WithRetryAfter() throws Exception {
    try (RunningGateway gw =
        RunningGateway.start(
            home,
            Map.of(
                "REQUIRE_AUTH", "true",
                "VALID_TOKENS", GOOD,
                "RATE_LIMIT_RPS", "0.001",
                "RATE_LIMIT_BURST", "3"))) {
      List<HttpResponse<String>> answers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        answers.add(gw.send(get(gw, "guess-" + i)));
      }

      assertThat(answers.stream().map(HttpResponse::statusCode))
          .containsExactly(401, 401, 401, 429, 429, 429);
      assertThat(answers.getLast().headers().firstValue("Retry-After")).isPresent();
      assertThat(answers.getLast().body()).contains("RATE_LIMITED");
      assertThat(gw.get("/metrics").body()).contains("mcp_auth_failures_total 6.0");
      assertThat(gw.send(get(gw, GOOD)).statusCode())
          .as("the good token's own bucket")
          .isEqualTo(405);
    }
  }

  private static HttpRequest.Builder get(RunningGateway gw, String token) {
    return HttpRequest.newBuilder(gw.base.resolve("/mcp"))
        .header("Authorization", "Bearer " + token)
        .GET();
  }
}

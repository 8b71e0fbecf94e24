package dev.atlasgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller that invents tool names cannot grow {@code /metrics}: labels come from the tools the
 * gateway knows, every other name counts as {@code unknown}.
 */
class MetricsLabelAttackTest {
  @TempDir Path home;

  @Test
  void madeUpToolNames_addNoSeries() throws Exception {
    try (RunningGateway gw = RunningGateway.start(home, Map.of())) {
      gw.compact("{\"tool\":\"made_up_0\"}");
      long before = series(gw);

      for (int i = 1; i <= 50; i++) {
        gw.compact("{\"tool\":\"made_up_" + i + "\"}");
      }

      String scrape = gw.get("/metrics").body();
      assertThat(series(gw)).isEqualTo(before);
      assertThat(scrape).doesNotContain("made_up_");
      assertThat(scrape)
          .contains("mcp_requests_total{result=\"INVALID_ARGUMENT\",tool=\"unknown\"} 51");
    }
  }

  /** The number of request series, without the JVM's, whose count may change on its own. */
  private static long series(RunningGateway gw) throws Exception {
    return gw.get("/metrics").body().lines().filter(l -> l.startsWith("mcp_request")).count();
  }
}

package dev.atlasgate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WorkloadTest {
  @Test
  void content_hasExactlyTheBytesAsked_andNamesTheCall() {
    for (int bytes : new int[] {1, 5, 16, 256, 4096}) {
      String text = Workload.content(12, 345, bytes);
      assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
    }
    assertThat(Workload.content(12, 345, 256)).startsWith("client 12 call 345 ").endsWith("\n");
  }

  @Test
  void write_carriesThePlanAndPhase() {
    var args = Workload.write(new PlanSetup.PlanRef("f".repeat(64), "LOAD"), "a/b.txt", "x");
    assertThat(args.string("plan_hash")).contains("f".repeat(64));
    assertThat(args.string("phase_id")).contains("LOAD");
    assertThat(args.string("path")).contains("a/b.txt");
    assertThat(args.members()).containsKeys("content", "intent");
  }
}

package dev.atlasgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atlasgate.audit.AuditEvent;
import dev.atlasgate.json.Json;
import dev.atlasgate.json.JsonObject;
import dev.atlasgate.store.file.FileAuditLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atlas-gate audit tail}: readable lines by default, raw JSON on demand, and --follow. */
class AuditTailTest {
  private static final String PLAN = "3f2a1b2c" + "0".repeat(56);

  @TempDir Path home;

  private void append(int n, boolean refused) {
    try (FileAuditLog log = FileAuditLog.open(home.resolve("audit.jsonl"))) {
      for (int i = 0; i < n; i++) {
        log.append(
            new AuditEvent(
                Instant.parse("2026-06-06T06:06:06Z"),
                "cli",
                Optional.of("s1"),
                Optional.of("alice"),
                Optional.of("WINDSURF"),
                "write_file",
                Optional.of("/w"),
                Optional.of(PLAN),
                Optional.of("EDIT"),
                JsonObject.builder().put("path", "src/a.txt").build(),
                !refused,
                refused ? Optional.of("PATH_NOT_IN_PLAN_SCOPE") : Optional.empty(),
                1));
      }
    }
  }

  @Test
  void tail_printsOneReadableLinePerEntry_orTheRawJson() {
    append(2, false);
    append(1, true);

    CliRun tail = CliRun.of("audit", "tail", "--atlas-home", home.toString());
    assertThat(tail.exit()).as(tail.err()).isZero();
    assertThat(tail.out().lines()).hasSize(3);
    assertThat(tail.out().lines().toList().get(0))
        .matches(
            " +1  2026-06-06T06:06:06.000Z +alice/WINDSURF +write_file +src/a.txt \\(plan 3f2a1b2c0000\\)"
                + "  ok");
    assertThat(tail.out().lines().toList().get(2))
        .startsWith("     3  ")
        .endsWith("error PATH_NOT_IN_PLAN_SCOPE");
    assertThat(tail.out()).doesNotContain("{");

    CliRun json = CliRun.of("audit", "tail", "-n", "1", "--json", "--atlas-home", home.toString());
    JsonObject raw = (JsonObject) Json.parse(json.out().strip());
    assertThat(raw.get("seq")).contains(Json.of(3L));
    assertThat(raw.string("error_code")).contains("PATH_NOT_IN_PLAN_SCOPE");
  }

  @Test
  void follow_printsNewEntriesAsTheyAreAppended_untilStopped() throws Exception {
    append(2, false);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    AtomicInteger exit = new AtomicInteger(-1);
    String[] args = {
      "audit", "tail", "-n", "1", "--follow", "--poll-ms", "20", "--atlas-home", home.toString()
    };
    Thread follower =
        Thread.ofVirtual()
            .start(
                () ->
                    exit.set(
                        AtlasGate.run(
                            args,
                            new PrintWriter(out, true),
                            new PrintWriter(err, true),
                            Terminal.none())));
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().lines().count() == 1);
      append(2, true);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> out.toString().contains("PATH_NOT_IN_PLAN_SCOPE"));
      await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().lines().count() == 3);
    } finally {
      follower.interrupt();
      follower.join(Duration.ofSeconds(30));
    }
    assertThat(follower.isAlive()).isFalse();
    assertThat(exit.get()).as(err.toString()).isZero();
    assertThat(out.toString().lines().map(l -> l.strip().split(" ")[0]).toList())
        .containsExactly("2", "3", "4");
  }
}

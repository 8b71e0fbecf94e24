package dev.atlasgate.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.atlasgate.audit.checkpoint.Checkpointer;
import dev.atlasgate.audit.checkpoint.NoteSigner;
import dev.atlasgate.bootstrap.config.ConfigException;
import dev.atlasgate.bootstrap.config.SettingsLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpointer as the composition root wires it: hooked on the append path, keyed by file. */
class CheckpointWiringTest {
  @TempDir Path temp;

  @Test
  void everyNAppends_wakeTheCheckpointer_throughTheHookOnTheAppendPath() throws Exception {
    Path key = Files.writeString(temp.resolve("k"), NoteSigner.generate("t").encodedPrivateKey());
    Map<String, String> env =
        Map.of(
            "ATLAS_HOME",
            temp.toString(),
            "ATLAS_CHECKPOINT_KEY",
            key.toString(),
            "ATLAS_CHECKPOINT_EVERY",
            "5",
            "ATLAS_CHECKPOINT_SECONDS",
            "86400");
    try (Wiring wiring = Wiring.open(SettingsLoader.load(env, Map.of(), temp))) {
      Checkpointer checkpointer = wiring.checkpointer().orElseThrow();
      // Each round of 10 appends must be covered to within every - 1 = 4 entries. The interval is a
      // day, so after the first pass only the hook on the append path can make the second round's
      // checkpoint.
      for (int round = 1; round <= 2; round++) {
        for (int i = 0; i < 10; i++) {
          TestCalls.refused(wiring);
        }
        long covered = 10L * round - 4;
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> checkpointer.latest().map(c -> c.checkpoint().size()).orElse(0L) >= covered);
      }
      String stored = Files.readString(Path.of(wiring.settings().auditFile() + ".checkpoint"));
      assertThat(stored).startsWith("atlas-gate\n");
      assertThat(Long.parseLong(stored.split("\n")[1])).isBetween(16L, 20L);
    }
  }

  @Test
  void anUnusableKeyFile_stopsStartUp_namingTheVariable_butNotTheKey() throws Exception {
    Path key = Files.writeString(temp.resolve("k"), "PRIVATE+KEY+t+00000000+c2VjcmV0LWJ5dGVz");
    Map<String, String> env =
        Map.of("ATLAS_HOME", temp.toString(), "ATLAS_CHECKPOINT_KEY", key.toString());
    try (Wiring wiring = Wiring.open(SettingsLoader.load(env, Map.of(), temp))) {
      assertThatThrownBy(wiring::checkpointer)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("ATLAS_CHECKPOINT_KEY")
          .hasMessageContaining("atlas-gate keygen")
          .hasMessageNotContaining("c2VjcmV0LWJ5dGVz");
    }
  }
}

package dev.atlasgate.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ATLAS_CHECKPOINT_* variables: defaults, and bad values that stop start-up. */
class CheckpointSettingsTest {
  @TempDir Path temp;

  @Test
  void defaults_makeNoCheckpoints_andSayWhenTheyWould() {
    Settings.Checkpoints checkpoints = SettingsLoader.load(Map.of(), Map.of(), temp).checkpoints();
    assertThat(checkpoints.key()).isEmpty();
    assertThat(checkpoints.origin()).isEqualTo("atlas-gate");
    assertThat(checkpoints.every()).isEqualTo(1000);
    assertThat(checkpoints.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(checkpoints.retention()).isEqualTo(Duration.ZERO);
  }

  @Test
  void aReadableKeyFile_isAccepted() throws Exception {
    Path key = Files.writeString(temp.resolve("checkpoint.key"), "PRIVATE+KEY+x");
    Settings settings =
        SettingsLoader.load(Map.of("ATLAS_CHECKPOINT_KEY", key.toString()), Map.of(), temp);
    assertThat(settings.checkpoints().key()).contains(key);
  }

  @ParameterizedTest
  @CsvSource({
    "ATLAS_CHECKPOINT_KEY, /no/such/checkpoint.key",
    "ATLAS_CHECKPOINT_EVERY, 0",
    "ATLAS_CHECKPOINT_EVERY, many",
    "ATLAS_CHECKPOINT_SECONDS, 0",
    "ATLAS_CHECKPOINT_SECONDS, 86401",
    "ATLAS_CHECKPOINT_ANCHOR, https://bucket",
    "ATLAS_CHECKPOINT_RETENTION_DAYS, -1"
  })
  void badValues_stopStartUp_namingTheVariable(String name, String value) {
    assertThatThrownBy(() -> SettingsLoader.load(Map.of(name, value), Map.of(), temp))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(name)
        .hasMessageContaining(value);
  }
}
